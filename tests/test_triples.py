"""occlink.triples: the build's plain triples answer the lookups it asks as rdflib's Graph does."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from occlink.taxonomy.catalogs import catalog_triples
from occlink.taxonomy.namespaces import Namespaces
from occlink.triples import TripleIndex, TripleList, graph_of

NS = Namespaces()
EX = "https://example.org/"


def test_duplicates_are_dropped_and_the_first_place_kept():
    a, p, b = URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "b")
    sink = TripleList()
    sink.add((a, p, Literal("x")))
    sink.add((b, p, Literal("y")))
    sink.add((a, p, Literal("x")))
    index = TripleIndex(sink)
    assert list(index) == [(a, p, Literal("x")), (b, p, Literal("y"))]
    index.objects(a, p)  # indexes built: later additions must keep them current
    index.extend([(a, p, Literal("z")), (b, p, Literal("y"))])
    assert len(index) == 3
    assert index.objects(a, p) == [Literal("x"), Literal("z")]
    assert index.subjects(p, Literal("y")) == [b]


def test_lookups_agree_with_rdflib_on_a_catalog():
    triples = catalog_triples("qianhai2020", NS)
    index, graph = TripleIndex(triples), graph_of(triples)
    assert set(index) == set(graph) and len(index) == len(graph)
    for s, p, o in list(graph)[::97]:
        assert index.objects(s, p) == list(graph.objects(s, p))
        assert index.value(s, p) == graph.value(s, p)
        assert sorted(index.subjects(p, o)) == sorted(graph.subjects(p, o))
        for pattern in ((s, p, o), (s, p, None), (s, None, None), (None, p, o)):
            assert (pattern in index) == (pattern in graph)
    absent = URIRef(EX + "absent")
    for pattern in ((absent, None, None), (absent, absent, None), (None, absent, absent)):
        assert pattern not in index and pattern not in graph
    assert index.predicates() == set(graph.predicates())


def test_an_unanswered_pattern_is_refused():
    with pytest.raises(ValueError, match="pattern"):
        (None, None, Literal("x")) in TripleIndex()  # noqa: B015  # the membership test is the call


def test_graph_of_fills_a_given_graph():
    graph = Graph()
    triple = (URIRef(EX + "a"), URIRef(EX + "p"), Literal("x"))
    assert graph_of([triple, triple], graph) is graph and len(graph) == 1


def test_the_build_cuts_the_same_metadata_out_of_its_triples_as_out_of_the_dump(tmp_path):
    from occlink.exports.dumps.build import build_dataset
    from occlink.graph.dataset import dataset_triples
    from occlink.graph.distributions import metadata_from_dump, metadata_triples
    build_dataset(NS, tmp_path)
    from_dump = set(metadata_from_dump(NS, tmp_path / "occlink.nt"))
    assert len(from_dump) > 1000  # the DCAT, VoID and PROV part, not a handful
    assert set(metadata_triples(NS, dataset_triples(NS))) == from_dump
