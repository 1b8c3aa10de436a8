"""The catalogue of named research questions: packaged ``exports/sparql/queries/*.rq`` files.

Each file starts with comment lines ``# title: …`` and ``# description: …``
(and optionally ``# param: NAME — what it binds``); the file name without
``.rq`` is the example's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from occlink.errors import InputError
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, Namespaces

_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)")


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    params: tuple[str, ...]
    text: str


def queries_dir() -> Path:
    return Path(str(resources.files("occlink.exports.sparql") / "queries"))


def parse_example(name: str, text: str) -> Example:
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": []}
    for line in text.splitlines():
        if not line.startswith("#"):
            break  # the header is the leading comment block
        match = _HEADER.match(line)
        if match:
            fields[match.group(1)].append(match.group(2).strip())
    return Example(name, " ".join(fields["title"]), " ".join(fields["description"]), tuple(fields["param"]), text)


def list_examples(ns: Namespaces | None = None) -> list[Example]:
    """Every packaged example; with ``ns`` its text is rebased onto that base IRI
    (the files are written against the default base, like the packaged Turtle)."""
    folder = queries_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        out.append(parse_example(path.stem, _rebased(text, ns) if ns else text))
    return out


def _rebased(text: str, ns: Namespaces) -> str:
    if ns.base == DEFAULT_BASE_IRI:
        return text  # nothing to move: the vocabulary module (it imports rdflib, ~0.1 s) is not needed
    from occlink.taxonomy.vocabulary import rebase_text
    return rebase_text(text, ns)


def load_example(name: str, ns: Namespaces | None = None) -> Example:
    for example in list_examples(ns):
        if example.name == name:
            return example
    known = ", ".join(e.name for e in list_examples())
    raise InputError(f"unknown example {name!r} (see `occlink query --list`; known: {known})")
