"""Plain triples for the build: builders append tuples of rdflib terms, the dataset keeps them
deduplicated in one dict and answers the few lookups the metadata and tables need from indexes
built in one pass.

Why not an rdflib Graph on the build's path: ``Graph.add`` goes through the store's three indexes
and context bookkeeping (several µs a triple) and every lookup through generic pattern matching;
a build only appends, deduplicates and asks a handful of (subject, predicate) and
(predicate, object) questions (docs/performance.md). rdflib graphs stay where they earn their
place (``graph_of``: parsing, pyshacl, tests, callers that want a Graph).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from rdflib import Graph, Literal
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSink(Protocol):
    """Where a builder puts its triples: an rdflib Graph or a TripleList."""

    def add(self, triple: Triple, /) -> Any: ...


class TripleList(list):
    """A builder's triples in the order made (duplicates kept; ``TripleIndex`` drops them).

    ``add`` is list.append itself: a C call, where Graph.add costs several µs."""

    add = list.append


def graph_of(triples: Iterable[Triple], graph: Graph | None = None) -> Graph:
    """The triples as an rdflib Graph (on rdflib's context-free store unless ``graph`` is given)."""
    if graph is None:
        from rdflib.plugins.stores.memory import SimpleMemory
        graph = Graph(store=SimpleMemory())
    for triple in triples:
        graph.add(triple)
    return graph


class TripleIndex:
    """Deduplicated triples in first-added order, with the lookups of rdflib's Graph that the
    metadata and table builders use (``objects``, ``value``, ``subjects``, ``in``), answered
    from (subject, predicate) and (predicate, object) indexes built on first use."""

    __slots__ = ("_triples", "_sp", "_po", "_subjects")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: dict[Triple, None] = dict.fromkeys(triples)
        self._sp: dict[tuple[Node, Node], list[Node]] | None = None
        self._po: dict[tuple[Node, Node], list[Node]] | None = None
        self._subjects: set[Node] | None = None

    # --- building ------------------------------------------------------------------------------

    def extend(self, triples: Iterable[Triple]) -> None:
        """Add triples (a triple already present keeps its place).

        A dict of triples (``catalog_triples``) is merged with the hashes it already holds: a
        triple's hash calls rdflib's Literal.__hash__, in Python. Built indexes are kept current
        for a few triples and dropped for many (rebuilt on the next lookup: cheaper than a
        Python call per triple)."""
        if not isinstance(triples, dict):
            triples = dict.fromkeys(triples)
        if len(triples) > len(self._triples) // 4:  # rebuilding costs in proportion to the whole
            self._sp = self._po = self._subjects = None
        if self._sp is None and self._po is None and self._subjects is None:
            self._triples.update(triples)
            return
        known = self._triples
        for triple in triples:
            if triple not in known:
                known[triple] = None
                self._index(triple)

    def add(self, triple: Triple) -> None:
        self.extend((triple,))

    def _index(self, triple: Triple) -> None:
        s, p, o = triple
        if self._sp is not None:
            self._sp.setdefault((s, p), []).append(o)
        if self._po is not None and type(o) is not Literal:
            self._po.setdefault((p, o), []).append(s)
        if self._subjects is not None:
            self._subjects.add(s)

    def _by_sp(self) -> dict[tuple[Node, Node], list[Node]]:
        if self._sp is None:
            index: dict[tuple[Node, Node], list[Node]] = {}
            for s, p, o in self._triples:
                found = index.get((s, p))
                if found is None:
                    index[(s, p)] = [o]
                else:
                    found.append(o)
            self._sp = index
        return self._sp

    def _by_po(self) -> dict[tuple[Node, Node], list[Node]]:
        """(predicate, object) → subjects, for IRI and blank-node objects only: the lookups asked
        are by class and scheme, and a key holding a Literal costs its Python __hash__."""
        if self._po is None:
            index: dict[tuple[Node, Node], list[Node]] = {}
            for s, p, o in self._triples:
                if type(o) is Literal or isinstance(o, Literal):
                    continue
                found = index.get((p, o))
                if found is None:
                    index[(p, o)] = [s]
                else:
                    found.append(s)
            self._po = index
        return self._po

    # --- reading -------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, pattern: object) -> bool:
        """A triple, or a pattern with None for "any" as rdflib's Graph reads it: ``(s, p, None)``,
        ``(s, None, None)``, ``(None, p, o)``."""
        if not isinstance(pattern, tuple) or len(pattern) != 3:
            return False
        s, p, o = pattern
        if s is not None and p is not None and o is not None:
            return pattern in self._triples
        if s is not None and p is not None:
            return (s, p) in self._by_sp()
        if s is not None and p is None and o is None:
            if self._subjects is None:
                self._subjects = {t[0] for t in self._triples}
            return s in self._subjects
        if s is None and p is not None and o is not None:
            return bool(self.subjects(p, o))
        raise ValueError(f"TripleIndex does not answer the pattern {pattern!r}")

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return self._by_sp().get((subject, predicate), [])

    def value(self, subject: Node, predicate: Node) -> Node | None:
        found = self._by_sp().get((subject, predicate))
        return found[0] if found else None

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        if isinstance(obj, Literal):  # not indexed: a scan, in first-added order as indexed lookups
            return [s for s, p, o in self._triples if o == obj and p == predicate]
        return self._by_po().get((predicate, obj), [])

    def predicates(self) -> set[Node]:
        return {p for _, p, _ in self._triples}


__all__ = ["Triple", "TripleSink", "TripleList", "TripleIndex", "graph_of"]
