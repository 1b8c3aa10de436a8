"""The streamed dumps (sorted runs merged) are the bytes the in-memory writers give for the same triples."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from occlink.exports.dumps.serialize import FORMATS, serialize
from occlink.exports.dumps.stream import write_streamed
from occlink.graph.dataset import dataset_graph
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()


def _streamed(chunks, tmp_path) -> dict[str, str]:
    outputs = {fmt: tmp_path / f"out.{ext}" for fmt, (ext, _) in FORMATS.items()}
    write_streamed(chunks, NS, outputs, work_dir=tmp_path)
    return {fmt: path.read_text(encoding="utf-8") for fmt, path in outputs.items()}


def _awkward() -> list[tuple]:
    s = URIRef(f"{NS.csco}2-02-38-01")
    other = URIRef(f"{NS.csco}2-02-38")
    return [
        (s, RDF.type, SKOS.Concept),
        (s, SKOS.prefLabel, Literal("人工智能", lang="zh")),
        (s, SKOS.prefLabel, Literal("AI engineer", lang="en")),
        (s, SKOS.note, Literal('quote " backslash \\ tab \t newline \n end')),
        (s, SKOS.note, Literal("next\x85line")),  # N-Triples lines split where str.splitlines() splits
        (s, NS.vocab.sourceLevel, Literal(4, datatype=XSD.integer)),
        (s, NS.vocab.green, Literal(True)),
        (s, SKOS.broader, other),
        (other, RDF.type, SKOS.Concept),
        (other, SKOS.notation, Literal("2-02-38")),
        (URIRef(f"{NS.csco}2-02-38-01/label/en"), SKOS.related, s),  # full IRI in Turtle
        (URIRef("https://example.org/x"), URIRef("https://example.org/p"), Literal("1.5", datatype=XSD.decimal)),
    ]


def test_streamed_chunks_are_the_in_memory_bytes(tmp_path):
    triples = _awkward()
    # chunks overlap (a triple in two of them) and split subjects: the union is what is written
    chunks = [triples[:5], triples[3:9], triples[8:], triples[:2]]
    streamed = _streamed(chunks, tmp_path)
    for fmt in FORMATS:
        assert streamed[fmt] == serialize(set(triples), fmt, NS), fmt
    header = [line.split()[1] for line in streamed["turtle"].splitlines() if line.startswith("@prefix")]
    assert header == ["csco:", "occ:", "skos:", "xsd:"]  # the used prefixes only (rdf:type is written "a")
    assert streamed["jsonld"].startswith('{\n "@context": {')


def test_streamed_dataset_is_the_in_memory_dataset(tmp_path):
    graph = dataset_graph(NS)
    triples = sorted(graph)
    chunks = [triples[i::3] for i in range(3)]  # every subject split over the chunks
    streamed = _streamed(chunks, tmp_path)
    for fmt in FORMATS:
        assert streamed[fmt] == serialize(graph, fmt, NS), fmt


def test_empty_stream(tmp_path):
    streamed = _streamed([], tmp_path)
    for fmt in FORMATS:
        assert streamed[fmt] == serialize([], fmt, NS), fmt


def test_blank_nodes_are_refused(tmp_path):
    with pytest.raises(ValueError, match="blank nodes"):
        _streamed([[(BNode("b"), SKOS.prefLabel, Literal("x"))]], tmp_path)
