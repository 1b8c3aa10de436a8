"""RDF terms between rdflib and Oxigraph, one conversion each way for every room of the package
(the SHACL engine loads rdflib graphs into a store; query results and benchmarks read Oxigraph
terms back as rdflib terms)."""

from __future__ import annotations

from typing import Any, overload

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node


def to_oxigraph(term: Node, cache: dict) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    hit = cache.get(term)
    if hit is not None:
        return hit
    out: ox.NamedNode | ox.BlankNode | ox.Literal
    if isinstance(term, URIRef):
        out = ox.NamedNode(str(term))
    elif isinstance(term, BNode):
        out = ox.BlankNode(str(term))
    elif not isinstance(term, Literal):
        raise TypeError(f"not an RDF term: {term!r}")
    elif term.language:
        out = ox.Literal(str(term), language=term.language)
    elif term.datatype is not None:
        out = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    else:
        out = ox.Literal(str(term))
    cache[term] = out
    return out


@overload
def to_rdflib(term: None) -> None: ...
@overload
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node: ...
def to_rdflib(term: Any) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


__all__ = ["to_oxigraph", "to_rdflib"]
