"""Byte-stable serializations of a graph: Turtle, N-Triples, JSON-LD."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from occlink.exports.dumps.jsonld import to_jsonld
from occlink.exports.dumps.records import Groups, TermTexts, group_by_subject, plain_triples
from occlink.exports.dumps.turtle import TurtleWriterError, write_turtle
from occlink.taxonomy.namespaces import Namespaces

__all__ = ["FORMATS", "Prepared", "TermTexts", "serialize", "to_ntriples", "to_turtle"]

FORMATS = {
    "turtle": ("ttl", "text/turtle"),
    "ntriples": ("nt", "application/n-triples"),
    "jsonld": ("jsonld", "application/ld+json"),
}


# characters str.splitlines() breaks at besides "\n": a literal holding one is split as rdflib's
# output always was (to_ntriples kept that behaviour; see _nt_text)
OTHER_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


class Prepared:
    """The triples of one dump, ready for all three formats: converted and grouped by subject once.

    ``serialize(Prepared(triples, texts), fmt, ns)`` gives the bytes ``serialize(triples, fmt, ns)``
    gives; ``texts`` (one ``TermTexts`` for a whole build) shares each term's text between dumps."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]], texts: TermTexts):
        self.triples = triples if isinstance(triples, (list, tuple, set, frozenset)) else list(triples)
        self.texts = texts
        self.plain = list(plain_triples(self.triples))
        self.groups: Groups = group_by_subject(self.plain)

    def __iter__(self):
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.plain)


def nt_lines(triples: Iterable[tuple[Node, Node, Node]], texts: TermTexts | None = None) -> list[str]:
    """The sorted N-Triples lines of ``triples`` (each ends with a newline)."""
    plain = triples.plain if isinstance(triples, Prepared) else plain_triples(triples)
    texts = texts or (triples.texts if isinstance(triples, Prepared) else None)
    lines = (texts or TermTexts(None)).nt_lines(plain)
    lines.sort()
    return lines


def _nt_text(lines: list[str]) -> str:
    text = "".join(lines)
    if OTHER_LINE_BREAKS.search(text):
        # a literal holds a character str.splitlines() breaks at: keep the lines as they were
        # always written (split there, then sorted)
        return "".join(sorted(f"{line}\n" for line in text.splitlines() if line.strip()))
    return text


def to_ntriples(graph: Iterable[tuple[Node, Node, Node]], texts: TermTexts | None = None) -> str:
    """Sorted N-Triples (rdflib's term forms; one line per triple)."""
    return _nt_text(nt_lines(graph, texts))


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


def to_turtle(graph: Iterable[tuple[Node, Node, Node]], ns: Namespaces, texts: TermTexts | None = None) -> str:
    """Turtle: occlink's own writer (fast, byte-stable); rdflib's for graphs with blank nodes."""
    try:
        if isinstance(graph, Prepared):
            return write_turtle(graph, ns, texts=texts or graph.texts, groups=graph.groups)
        return write_turtle(graph, ns, texts=texts)
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


def serialize(graph: Iterable[tuple[Node, Node, Node]], fmt: str, ns: Namespaces,
              texts: TermTexts | None = None) -> str:
    """``graph`` in ``fmt``; any iterable of triples will do, or a ``Prepared`` one (a build prepares
    each dump once for its three formats); ``texts`` shares term texts between dumps."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "turtle":
        return to_turtle(graph, ns, texts)
    if fmt == "ntriples":
        return to_ntriples(graph, texts)
    if isinstance(graph, Prepared):
        return to_jsonld(graph, ns, texts=texts or graph.texts, groups=graph.groups)
    return to_jsonld(graph, ns, texts=texts)
