"""A direct, deterministic Turtle writer for graphs without blank nodes.

rdflib's Turtle serializer spends most of a build looking up prefixed names
(docs/performance.md). occlink's graphs have no blank nodes, so Turtle is a
simple function of the sorted triples: one block per subject (sorted by IRI),
``a`` first, then predicates sorted by IRI, objects sorted. IRIs are written
as CURIEs where the local part is a safe Turtle local name, in full otherwise.
The output parses back to the same graph (tests/test_turtle.py). The blocks
are written from the plain form of the triples (exports.dumps.records).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.term import Node

from occlink.exports.dumps.records import (
    Groups,
    TermTexts,
    TurtleTerms,
    TurtleWriterError,
    check_turtle,
    group_by_subject,
    plain_triples,
    sorted_subjects,
    turtle_block,
)
from occlink.taxonomy.namespaces import Namespaces

__all__ = ["TurtleWriterError", "group_by_subject", "write_turtle"]


def write_turtle(graph: Iterable[tuple[Node, Node, Node]], ns: Namespaces, *,
                 texts: TermTexts | None = None, groups: Groups | None = None) -> str:
    """``graph`` as Turtle; TurtleWriterError for a blank node or an IRI Turtle cannot hold.

    ``texts`` shares term texts between dumps; ``groups`` is ``graph`` already grouped by subject."""
    if groups is None:
        groups = group_by_subject(plain_triples(graph))
    check_turtle(groups)
    text = TurtleTerms(texts or TermTexts(ns))
    blocks = [turtle_block(s, groups[s], text) for s in sorted_subjects(groups)]
    text.note_used(groups)
    return text.header(ns) + "\n" + "\n".join(blocks)
