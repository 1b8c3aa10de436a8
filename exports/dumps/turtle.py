"""A direct, deterministic Turtle writer for graphs without blank nodes.

rdflib's Turtle serializer spends most of a build looking up prefixed names
(docs/performance.md). occlink's graphs have no blank nodes, so Turtle is a
simple function of the sorted triples: one block per subject (sorted by IRI),
``a`` first, then predicates sorted by IRI, objects sorted. IRIs are written
as CURIEs where the local part is a safe Turtle local name, in full otherwise.
The output parses back to the same graph (tests/test_turtle.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from occlink.taxonomy.namespaces import Namespaces

# A conservative subset of Turtle's PN_LOCAL: no escapes, no ':' or '%', not ending with '.'.
_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')


class TurtleWriterError(ValueError):
    """The graph holds something this writer does not handle (e.g. a blank node)."""


class _Names:
    def __init__(self, ns: Namespaces):
        # longest namespace first, so csco/2022/collection/… never binds to a shorter prefix by accident
        self.prefixes = sorted(ns.curie_map().items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.cache: dict[Node, str] = {}
        self.used: set[str] = set()

    def iri(self, term: Node) -> str:
        found = self.cache.get(term)
        if found is not None:
            return found
        text = str(term)
        rendered = None
        for prefix, namespace in self.prefixes:
            if text.startswith(namespace):
                local = text[len(namespace):]
                if local == "" or _SAFE_LOCAL.match(local):
                    rendered = f"{prefix}:{local}"
                    self.used.add(prefix)
                    break
        if rendered is None:
            if _IRI_FORBIDDEN.search(text):
                raise TurtleWriterError(f"IRI cannot be written in Turtle: {text!r}")
            rendered = f"<{text}>"
        self.cache[term] = rendered
        return rendered


def _string(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], value)
    return f'"{value}"'


def _term(term, names: _Names) -> str:
    kind = type(term)  # rdflib's term classes are ABCs: isinstance is the slow check
    if kind is URIRef:
        return names.iri(term)
    if kind is Literal or isinstance(term, Literal):
        text = _string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{names.iri(term.datatype)}"
        return text
    if isinstance(term, URIRef):
        return names.iri(term)
    raise TurtleWriterError(f"blank nodes are not supported: {term!r}")


def _object_key(term) -> tuple:
    if type(term) is not URIRef and isinstance(term, Literal):
        return (1, str(term), term.language or "", str(term.datatype or ""))
    return (0, str(term), "", "")


_RDF_TYPE = RDF.type


def _predicate_key(predicate: Node) -> tuple[bool, str]:
    return (predicate != _RDF_TYPE, str(predicate))


def group_by_subject(triples: Iterable[tuple[Node, Node, Node]]) -> dict[Node, dict[Node, list[Node]]]:
    """subject → predicate → objects, in the order the triples come (shared by the Turtle and JSON-LD writers)."""
    subjects: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in triples:
        props = subjects.get(s)
        if props is None:
            subjects[s] = {p: [o]}
            continue
        values = props.get(p)
        if values is None:
            props[p] = [o]
        else:
            values.append(o)
    return subjects


def write_turtle(graph: Iterable[tuple[Node, Node, Node]], ns: Namespaces) -> str:
    names = _Names(ns)
    by_subject = group_by_subject(graph)
    if any(type(s) is not URIRef and isinstance(s, BNode) for s in by_subject) or any(
            type(o) is not URIRef and type(o) is not Literal and isinstance(o, BNode)
            for predicates in by_subject.values() for objects in predicates.values() for o in objects):
        raise TurtleWriterError("blank nodes are not supported")
    blocks: list[str] = []
    for subject in sorted(by_subject, key=str):
        predicates = by_subject[subject]
        order = sorted(predicates, key=_predicate_key) if len(predicates) > 1 else predicates
        lines = []
        for predicate in order:
            verb = "a" if predicate == _RDF_TYPE else names.iri(predicate)
            objects = predicates[predicate]
            if len(objects) == 1:
                lines.append(f"    {verb} {_term(objects[0], names)}")
            else:
                rendered = [_term(o, names) for o in sorted(set(objects), key=_object_key)]
                if len(rendered) == 1:
                    lines.append(f"    {verb} {rendered[0]}")
                else:
                    lines.append(f"    {verb} " + ",\n        ".join(rendered))
        blocks.append(names.iri(subject) + "\n" + " ;\n".join(lines) + " .\n")
    header = "".join(f"@prefix {prefix}: <{iri}> .\n"
                     for prefix, iri in sorted(ns.curie_map().items()) if prefix in names.used)
    return header + "\n" + "\n".join(blocks)
