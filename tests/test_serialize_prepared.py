"""A dump prepared once for its three formats (as a build does) is written as a fresh call writes it."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.exports.dumps.serialize import FORMATS, Prepared, TermTexts, serialize
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()
S = URIRef(f"{NS.csco}2-02-38-01")


def _triples() -> list[tuple]:
    return [(S, RDF.type, SKOS.Concept), (S, SKOS.prefLabel, Literal("人工智能", lang="zh")),
            (S, SKOS.prefLabel, Literal("AI engineer", lang="en")), (S, SKOS.notation, Literal("2-02-38-01"))]


def test_a_list_changed_in_place_is_written_as_it_is_now():
    triples = _triples()
    before = {fmt: serialize(triples, fmt, NS) for fmt in FORMATS}
    triples[1] = (S, SKOS.prefLabel, Literal("changed", lang="zh"))  # same length, same list object
    for fmt in FORMATS:
        after = serialize(triples, fmt, NS)
        assert "changed" in after and "人工智能" not in after, fmt
        assert after != before[fmt]


def test_prepared_output_is_a_fresh_call_s():
    triples = _triples()
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    prepared = Prepared(triples, TermTexts(NS))
    for fmt in FORMATS:
        fresh = serialize(graph, fmt, NS)  # a graph is never reused
        assert serialize(triples, fmt, NS) == fresh
        assert serialize(prepared, fmt, NS) == fresh
        assert serialize(prepared, fmt, NS) == fresh  # a second format or call on the same preparation
