"""occlink's Turtle writer: parses back to the same graph (two parsers), escapes, falls back on blank nodes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from occlink.exports.dumps.serialize import to_turtle
from occlink.exports.dumps.turtle import TurtleWriterError, write_turtle
from occlink.graph.dataset import dataset_graph
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()


@pytest.fixture(scope="module")
def dataset():
    return dataset_graph(NS)


def test_dataset_round_trips_through_rdflib_and_oxigraph(dataset, tmp_path):
    text = write_turtle(dataset, NS)
    # rdflib normalizes literals when parsing (the canonical double 9.9E-1 reads back as 0.99)
    expected = set(Graph().parse(data=dataset.serialize(format="nt"), format="nt"))
    assert set(Graph().parse(data=text, format="turtle")) == expected
    path = tmp_path / "d.ttl"
    path.write_text(text, encoding="utf-8")
    assert sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)) == len(dataset)


def test_awkward_terms_survive():
    g = Graph()
    s = URIRef(f"{NS.csco}2-02-38-01")
    g.add((s, SKOS.note, Literal('quote " backslash \\ tab \t newline \n end')))
    g.add((s, SKOS.prefLabel, Literal("人工智能", lang="zh")))
    g.add((s, NS.vocab.sourceLevel, Literal(4, datatype=XSD.integer)))
    g.add((s, RDF.type, SKOS.Concept))
    g.add((URIRef(f"{NS.csco}2-02-38-01/label/en"), SKOS.related, s))   # '/' in the local part: full IRI
    g.add((URIRef(f"{NS.qh}d06."), SKOS.related, s))                    # trailing '.': full IRI
    text = write_turtle(g, NS)
    assert set(Graph().parse(data=text, format="turtle")) == set(g)
    assert "<https://w3id.org/occlink/csco/2022/2-02-38-01/label/en>" in text
    assert text.index("    a skos:Concept") < text.index("skos:note")


def test_output_is_stable_and_sorted(dataset):
    assert write_turtle(dataset, NS) == write_turtle(dataset, NS)


def test_blank_nodes_fall_back_to_rdflib():
    g = Graph()
    g.add((BNode("x"), SKOS.prefLabel, Literal("x")))
    with pytest.raises(TurtleWriterError):
        write_turtle(g, NS)
    assert set(Graph().parse(data=to_turtle(g, NS), format="turtle")).__len__() == 1
