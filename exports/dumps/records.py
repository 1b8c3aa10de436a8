"""The triples in the writers' plain form, and each term's text in the three dump formats.

The Turtle, N-Triples and JSON-LD writers work on plain Python values instead of
rdflib terms: an IRI is its ``str``, a blank node is ``"_:" + id``, a literal is
``(lexical form, language or "", datatype IRI or "")``. Plain values hash and
compare in C (an rdflib term compares in Python), they pickle fast (the streamed
writer spills them to sorted runs, exports.dumps.stream), and one term's text
can be shared by every dump that holds it (``TermTexts``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Union

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from occlink.taxonomy.namespaces import Namespaces

PlainLiteral = tuple[str, str, str]
Plain = Union[str, PlainLiteral]
PlainTriple = tuple[str, str, Plain]
# subject → predicate → objects, in the order the triples come
Groups = dict[str, dict[str, list[Plain]]]

RDF_TYPE = str(RDF.type)
XSD_STRING = str(XSD.string)
XSD_BOOLEAN = str(XSD.boolean)
XSD_INTEGER = str(XSD.integer)

_INVALID_NT_IRI = re.compile(r'[<>" {}|\\^`]')
# A conservative subset of Turtle's PN_LOCAL: no escapes, no ':' or '%', not ending with '.'.
_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_TURTLE_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')


class TurtleWriterError(ValueError):
    """The graph holds something the Turtle writer does not handle (e.g. a blank node)."""


def _plain_term(term: Node) -> Plain:
    kind = type(term)  # rdflib's term classes are ABCs: isinstance is the slow check
    if kind is URIRef or (kind is not Literal and isinstance(term, URIRef)):
        text = str(term)
        if text.startswith("_:"):
            raise ValueError(f'"{text}" is no IRI (it reads as a blank node), it cannot be written')
        return text
    if kind is Literal or isinstance(term, Literal):
        datatype = term.datatype  # type: ignore[attr-defined]  # a Literal: checked just above
        return (str(term), term.language or "", "" if datatype is None else str(datatype))  # type: ignore[attr-defined]
    if isinstance(term, BNode):
        return f"_:{term}"
    raise ValueError(f"{term!r} is no RDF term the dumps can hold")


def plain_triples(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[PlainTriple]:
    """``triples`` in plain form (module docstring); IRIs and literals are converted inline, the common case."""
    for s, p, o in triples:
        ps = str(s) if type(s) is URIRef else _plain_term(s)
        pp = str(p) if type(p) is URIRef else _plain_term(p)
        kind = type(o)
        if kind is URIRef:
            po: Plain = str(o)
            if po[:2] == "_:":
                _plain_term(o)  # raises: an IRI that reads as a blank node
        elif kind is Literal:
            datatype = o._datatype  # type: ignore[attr-defined]  # the slot: the property costs a call
            po = (str(o), o._language or "", "" if datatype is None else str(datatype))  # type: ignore[attr-defined]
        else:
            po = _plain_term(o)
        if ps[:2] == "_:" and type(s) is URIRef:
            _plain_term(s)  # raises: an IRI that reads as a blank node
        yield ps, pp, po  # type: ignore[misc]  # s and p are never literals in RDF


def group_by_subject(triples: Iterable[tuple]) -> dict:
    """subject → predicate → objects, in the order the triples come (any hashable terms)."""
    subjects: dict = {}
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


class TermTexts:
    """Each plain term's text in N-Triples, Turtle and JSON-LD, computed once per distinct term.

    One instance may serve every dump of a build (a catalog's terms are the dataset's), or
    one streamed dump (``clear`` bounds it there)."""

    def __init__(self, ns: Namespaces | None):
        """``ns`` may be None for N-Triples alone (no prefixes)."""
        self.ns = ns
        self.nt: dict[Plain, str] = {}
        self.ttl: dict[Plain, str] = {}
        self.ttl_prefix: dict[Plain, str] = {}  # term → the prefix its Turtle text uses
        self.compacted: dict[str, str] = {}
        # longest namespace first, so csco/2022/collection/… never binds to a shorter prefix by accident
        self.prefixes = sorted(ns.curie_map().items(), key=lambda kv: (-len(kv[1]), kv[0])) if ns else []

    def size(self) -> int:
        return len(self.nt) + len(self.ttl) + len(self.compacted)

    def clear(self) -> None:
        self.nt.clear()
        self.ttl.clear()
        self.ttl_prefix.clear()
        self.compacted.clear()

    # --- N-Triples ---------------------------------------------------------------------------
    def nt_text(self, term: Plain) -> str:
        found = self.nt.get(term)
        if found is None:
            found = self.nt[term] = _nt_term(term)
        return found

    def nt_lines(self, triples: Iterable[PlainTriple]) -> list[str]:
        """The N-Triples lines of ``triples``, unsorted."""
        get, text = self.nt.get, self.nt_text
        return [f"{get(s) or text(s)} {get(p) or text(p)} {get(o) or text(o)} .\n" for s, p, o in triples]

    # --- Turtle ------------------------------------------------------------------------------
    def ttl_text(self, term: Plain) -> str:
        found = self.ttl.get(term)
        if found is None:
            if isinstance(term, str):
                found = self._ttl_iri(term)
            else:
                value, language, datatype = term
                text = _turtle_string(value)
                if language:
                    found = f"{text}@{language}"
                elif datatype and datatype != XSD_STRING:
                    found = f"{text}^^{self.ttl_text(datatype)}"
                    prefix = self.ttl_prefix.get(datatype)
                    if prefix is not None:
                        self.ttl_prefix[term] = prefix
                else:
                    found = text
            self.ttl[term] = found
        return found

    def _ttl_iri(self, text: str) -> str:
        if text[:2] == "_:":
            raise TurtleWriterError(f"blank nodes are not supported: {text}")
        for prefix, namespace in self.prefixes:
            if text.startswith(namespace):
                local = text[len(namespace):]
                if local == "" or _SAFE_LOCAL.match(local):
                    self.ttl_prefix[text] = prefix
                    return f"{prefix}:{local}"
        if _TURTLE_FORBIDDEN.search(text):
            raise TurtleWriterError(f"IRI cannot be written in Turtle: {text!r}")
        return f"<{text}>"

    # --- JSON-LD -----------------------------------------------------------------------------
    def compact(self, iri: str) -> str:
        """``Namespaces.compact`` (the longest matching namespace's CURIE, or the IRI itself)."""
        found = self.compacted.get(iri)
        if found is None:
            if self.ns is None:
                raise ValueError("JSON-LD needs the namespaces")
            found = self.compacted[iri] = self.ns.compact(iri)  # memoized there too, across builds
        return found


def _nt_term(term: Plain) -> str:
    if isinstance(term, str):
        if term[:2] == "_:":
            return term
        if _INVALID_NT_IRI.search(term):
            raise ValueError(f'"{term}" does not look like a valid URI, it cannot be written as N-Triples')
        return f"<{term}>"
    value, language, datatype = term
    # rdflib's N-Triples form of a literal (plugins/serializers/nt.py, byte for byte)
    encoded = '"%s"' % value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if language:
        return f"{encoded}@{language}"
    if datatype:
        return f"{encoded}^^<{datatype}>"
    return encoded


def _turtle_string(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], value)
    return f'"{value}"'


class TurtleTerms:
    """One Turtle dump's view of ``TermTexts``: a term's text, and the prefixes the dump used (its header)."""

    def __init__(self, texts: TermTexts):
        self.texts = texts
        self.cache = texts.ttl
        self.used: set[str] = set()

    def __call__(self, term: Plain) -> str:
        found = self.cache.get(term)
        return self.texts.ttl_text(term) if found is None else found

    def note_used(self, groups: Groups) -> None:
        """Add the prefixes of the terms of ``groups`` (rendered already): once per distinct term, not
        per occurrence. ``rdf:type`` as a predicate is written ``a`` and uses no prefix."""
        terms = subject_and_object_terms(groups)
        terms.update(p for p in set(chain.from_iterable(groups.values())) if p != RDF_TYPE)
        prefix_of = self.texts.ttl_prefix
        self.used.update(prefix_of[t] for t in terms if t in prefix_of)

    def header(self, ns: Namespaces) -> str:
        return "".join(f"@prefix {prefix}: <{iri}> .\n"
                       for prefix, iri in sorted(ns.curie_map().items()) if prefix in self.used)


def _predicate_key(predicate: str) -> tuple[bool, str]:
    return (predicate != RDF_TYPE, predicate)


def _object_key(term: Plain) -> tuple:
    """IRIs first, then literals (by lexical form, language, datatype)."""
    if type(term) is str:
        return (0, term, "", "")
    return (1, *term)


def turtle_block(subject: str, props: dict[str, list[Plain]], text: TurtleTerms) -> str:
    """One subject's Turtle: ``a`` first, then predicates sorted by IRI, objects sorted."""
    cache = text.cache
    order = sorted(props, key=_predicate_key) if len(props) > 1 else props
    lines = []
    for predicate in order:
        verb = "a" if predicate == RDF_TYPE else cache.get(predicate) or text(predicate)
        objects = props[predicate]
        if len(objects) == 1:
            lines.append(f"    {verb} {cache.get(objects[0]) or text(objects[0])}")
        else:
            rendered = [cache.get(o) or text(o) for o in sorted(set(objects), key=_object_key)]
            if len(rendered) == 1:
                lines.append(f"    {verb} {rendered[0]}")
            else:
                lines.append(f"    {verb} " + ",\n        ".join(rendered))
    return (cache.get(subject) or text(subject)) + "\n" + " ;\n".join(lines) + " .\n"


def subject_and_object_terms(groups: Groups) -> set[Plain]:
    """The distinct subjects and objects of ``groups``."""
    terms: set[Plain] = set(groups)
    terms.update(chain.from_iterable(chain.from_iterable(map(dict.values, groups.values()))))
    return terms


def check_turtle(groups: Groups) -> None:
    """TurtleWriterError when a subject or object is a blank node (checked before any output)."""
    if any(type(t) is str and t[:2] == "_:" for t in subject_and_object_terms(groups)):
        raise TurtleWriterError("blank nodes are not supported")


def sorted_subjects(groups: Groups) -> list[str]:
    """IRIs by text, then blank nodes by id (the order of both the Turtle and the JSON-LD dumps)."""
    return sorted(groups, key=lambda s: (s[:2] == "_:", s))
