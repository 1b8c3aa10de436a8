"""Read the files ``occlink validate --data`` is given into one Oxigraph store.

RDF is parsed by Oxigraph (fast, and its syntax errors carry line and column:
``file.ttl:12:5: …``). SSSOM/TSV files are converted to RDF first
(:mod:`occlink.shapes.sssom_rdf`) so the same shapes check them. A file that
cannot be read raises InputError (exit 2); nothing is validated in that case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from occlink.errors import InputError
from occlink.taxonomy.namespaces import Namespaces

from .engine import graph_quads, store_from_graph

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
SSSOM_SUFFIX = ".sssom.tsv"
_POSITION = re.compile(r"^Parser error (?:at|between) line (\d+) column (\d+)(?: and line \d+ column \d+)?: (.*)$")


def file_kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(SSSOM_SUFFIX):
        return "sssom"
    if path.suffix.lower() in RDF_FORMATS:
        return "rdf"
    raise InputError(f"unknown file type (expected {', '.join(sorted(RDF_FORMATS))} or {SSSOM_SUFFIX})",
                     source=str(path))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None


def parse_rdf(path: Path, data: bytes) -> list[ox.Quad]:
    """All triples of one RDF file, or InputError naming line and column."""
    fmt = RDF_FORMATS[path.suffix.lower()]
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        match = _POSITION.match(first)
        if match:
            line, column, reason = match.groups()
            reason = re.sub(r"\s*\(line \d+\)$", "", reason)
            raise InputError(f"{column}: {reason}", source=str(path), line=int(line)) from None
        line = getattr(exc, "lineno", None)
        raise InputError(first, source=str(path), line=line) from None
    except (ValueError, OSError) as exc:  # e.g. JSON-LD documents Oxigraph refuses
        raise InputError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                         source=str(path)) from None
    if not quads:
        raise InputError("no RDF statements (empty file)", source=str(path))
    return quads


def load_files(paths: list[Path], ns: Namespaces) -> ox.Store:
    """One store holding every file's statements (default graph)."""
    store = ox.Store()
    cache: dict = {}
    for path in paths:
        kind = file_kind(path)
        data = read_bytes(path)
        if kind == "rdf":
            quads = parse_rdf(path, data)
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        else:
            from .sssom_rdf import sssom_file_graph
            graph = sssom_file_graph(path, data, ns)
            store.bulk_extend(graph_quads(graph, cache))
    return store


__all__ = ["load_files", "file_kind", "parse_rdf", "store_from_graph", "SSSOM_SUFFIX"]
