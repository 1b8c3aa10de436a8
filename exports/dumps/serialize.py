"""Byte-stable serializations of a graph: Turtle, N-Triples, JSON-LD."""

from __future__ import annotations

import io

from rdflib import Graph, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer

from occlink.exports.dumps.jsonld import to_jsonld
from occlink.exports.dumps.turtle import TurtleWriterError, write_turtle
from occlink.taxonomy.namespaces import Namespaces

FORMATS = {
    "turtle": ("ttl", "text/turtle"),
    "ntriples": ("nt", "application/n-triples"),
    "jsonld": ("jsonld", "application/ld+json"),
}


def to_ntriples(graph: Graph) -> str:
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(sorted(f"{line}\n" for line in lines if line.strip()))


class _MemoTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle writer with prefixed names memoized (same output, less work).

    rdflib recomputes the prefixed name of a node at every occurrence, and an IRI
    with no bound prefix (e.g. ``csco:…/label/en``) is never cached by rdflib, so
    it is split and looked up again each time (bench/: docs/performance.md). The
    memo is per serialization (cleared by ``reset``), and failures are forgotten
    whenever a lookup binds a new prefix, so results never go stale.
    """

    def reset(self) -> None:
        super().reset()
        self._pnames: dict = {}

    def get_pname(self, uri, gen_prefix: bool = True):
        key = (uri, gen_prefix)
        try:
            return self._pnames[key]
        except KeyError:
            pass
        except TypeError:  # unhashable: not an IRI anyway
            return super().get_pname(uri, gen_prefix)
        if not (gen_prefix and isinstance(uri, URIRef)):
            pname = super().get_pname(uri, gen_prefix)
        else:
            bound = sum(1 for _ in self.store.namespaces())
            pname = super().get_pname(uri, gen_prefix)
            if sum(1 for _ in self.store.namespaces()) != bound:
                # this lookup bound a prefix: a remembered failure could now succeed
                self._pnames = {k: v for k, v in self._pnames.items() if v is not None}
        self._pnames[key] = pname
        return pname


def to_turtle(graph: Graph, ns: Namespaces) -> str:
    """Turtle: occlink's own writer (fast, byte-stable); rdflib's for graphs with blank nodes."""
    try:
        return write_turtle(graph, ns)
    except TurtleWriterError:
        pass
    # rdflib orders subjects and predicates itself; a fresh graph with only our
    # prefixes keeps the header stable.
    out = Graph()
    ns.bind(out)
    for triple in graph:
        out.add(triple)
    stream = io.BytesIO()
    _MemoTurtleSerializer(out).serialize(stream, base=None, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


def serialize(graph: Graph, fmt: str, ns: Namespaces) -> str:
    if fmt == "turtle":
        return to_turtle(graph, ns)
    if fmt == "ntriples":
        return to_ntriples(graph)
    if fmt == "jsonld":
        return to_jsonld(graph, ns)
    raise ValueError(f"unknown format {fmt!r}")
