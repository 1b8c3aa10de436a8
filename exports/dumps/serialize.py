"""Byte-stable serializations of a graph: Turtle, N-Triples, JSON-LD."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from occlink.exports.dumps.jsonld import to_jsonld
from occlink.exports.dumps.turtle import TurtleWriterError, write_turtle
from occlink.taxonomy.namespaces import Namespaces

FORMATS = {
    "turtle": ("ttl", "text/turtle"),
    "ntriples": ("nt", "application/n-triples"),
    "jsonld": ("jsonld", "application/ld+json"),
}


_INVALID_IRI_CHARS = re.compile(r'[<>" {}|\\^`]')
# characters str.splitlines() breaks at besides "\n": a literal holding one is split as rdflib's
# output always was (to_ntriples kept that behaviour; see _nt_text)
_OTHER_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _nt_literal(value: Literal) -> str:
    """rdflib's N-Triples form of a literal (plugins/serializers/nt.py, byte for byte)."""
    encoded = '"%s"' % value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if value.language:
        return f"{encoded}@{value.language}"
    if value.datatype:
        return f"{encoded}^^<{value.datatype}>"
    return encoded


class NTriplesTerms:
    """Each term's N-Triples text, computed once per distinct term (a build writes five dumps)."""

    def __init__(self) -> None:
        self._iris: dict[str, str] = {}

    def term(self, term: Node) -> str:
        kind = type(term)  # rdflib's term classes are ABCs: isinstance costs more than the rest
        if kind is not URIRef:
            if kind is Literal or isinstance(term, Literal):
                return _nt_literal(term)  # type: ignore[arg-type]  # checked just above
            if kind is BNode or isinstance(term, BNode):
                return f"_:{term}"
        text = str(term)
        found = self._iris.get(text)
        if found is None:
            if _INVALID_IRI_CHARS.search(text):
                raise ValueError(f'"{text}" does not look like a valid URI, it cannot be written as N-Triples')
            found = self._iris[text] = f"<{text}>"
        return found

    def row(self, triple: tuple[Node, Node, Node]) -> str:
        s, p, o = triple
        return f"{self.term(s)} {self.term(p)} {self.term(o)} .\n"


def nt_lines(triples: Iterable[tuple[Node, Node, Node]], terms: NTriplesTerms | None = None) -> list[str]:
    """The sorted N-Triples lines of ``triples`` (each ends with a newline)."""
    terms = terms or NTriplesTerms()
    return sorted(map(terms.row, triples))


def _nt_text(lines: list[str]) -> str:
    text = "".join(lines)
    if _OTHER_LINE_BREAKS.search(text):
        # a literal holds a character str.splitlines() breaks at: keep the lines as they were
        # always written (split there, then sorted)
        return "".join(sorted(f"{line}\n" for line in text.splitlines() if line.strip()))
    return text


def to_ntriples(graph: Iterable[tuple[Node, Node, Node]]) -> str:
    """Sorted N-Triples (rdflib's term forms; one line per triple)."""
    return _nt_text(nt_lines(graph))


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


def to_turtle(graph: Iterable[tuple[Node, Node, Node]], ns: Namespaces) -> str:
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


def serialize(graph: Iterable[tuple[Node, Node, Node]], fmt: str, ns: Namespaces) -> str:
    """``graph`` in ``fmt``; any iterable of triples will do (a build passes plain sets)."""
    if fmt == "turtle":
        return to_turtle(graph, ns)
    if fmt == "ntriples":
        return to_ntriples(graph)
    if fmt == "jsonld":
        return to_jsonld(graph, ns)
    raise ValueError(f"unknown format {fmt!r}")
