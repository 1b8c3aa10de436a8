"""Byte-stable serializations of a graph: Turtle, N-Triples, JSON-LD."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from occlink.taxonomy.namespaces import Namespaces

from .jsonld import to_jsonld

FORMATS = {
    "turtle": ("ttl", "text/turtle"),
    "ntriples": ("nt", "application/n-triples"),
    "jsonld": ("jsonld", "application/ld+json"),
}


def to_ntriples(graph: Graph) -> str:
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(sorted(f"{line}\n" for line in lines if line.strip()))


def to_turtle(graph: Graph, ns: Namespaces) -> str:
    # rdflib orders subjects and predicates itself; a fresh graph with only our
    # prefixes keeps the header stable.
    out = Graph()
    ns.bind(out)
    for triple in graph:
        out.add(triple)
    return out.serialize(format="turtle")


def serialize(graph: Graph, fmt: str, ns: Namespaces) -> str:
    if fmt == "turtle":
        return to_turtle(graph, ns)
    if fmt == "ntriples":
        return to_ntriples(graph)
    if fmt == "jsonld":
        return to_jsonld(graph, ns)
    raise ValueError(f"unknown format {fmt!r}")


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename: never a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp creates 0600; published files get the usual umask-derived mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
