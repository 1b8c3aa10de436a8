"""JSON-LD: readable short terms, the published context, round trips for the dataset and each catalog."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from occlink.exports.dumps.jsonld import TERMS, context, context_document, to_jsonld
from occlink.graph.dataset import cached_dataset, dataset_graph
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, Namespaces

NS = Namespaces(DEFAULT_BASE_IRI)


def parse(text: str) -> Graph:
    return Graph().parse(data=text, format="json-ld")


def reparsed(graph: Graph) -> Graph:
    """rdflib normalizes literals when parsing (canonical doubles such as 9.9E-1 read back as 0.99)."""
    return Graph().parse(data=graph.serialize(format="nt"), format="nt")


def test_terms_are_unique_and_expand():
    prefixes = set(NS.curie_map())
    assert not prefixes & set(TERMS)
    curies = [curie for curie, _ in TERMS.values()]
    assert len(curies) == len(set(curies))
    for curie in curies:
        NS.expand(curie)  # raises KeyError for an unknown prefix


def test_context_document_is_the_context():
    assert json.loads(context_document(NS)) == {"@context": context(NS)}
    assert context_document(NS) == context_document(NS)


@pytest.mark.parametrize("catalog", [None, "csco2022", "qianhai2020", "beijing2023"])
def test_round_trip(catalog):
    graph = cached_dataset(NS.base) if catalog is None else dataset_graph(NS, [catalog])
    text = to_jsonld(graph, NS)
    assert text == to_jsonld(graph, NS)
    assert isomorphic(parse(text), reparsed(graph))


def test_published_context_file_is_enough(tmp_path):
    """A document that points to context.jsonld instead of embedding it means the same graph."""
    graph = dataset_graph(NS, ["qianhai2020"])
    doc = json.loads(to_jsonld(graph, NS, context_url="https://example.org/context.jsonld"))
    assert doc["@context"] == "https://example.org/context.jsonld"
    doc["@context"] = json.loads(context_document(NS))["@context"]  # what a client fetches
    assert isomorphic(parse(json.dumps(doc)), graph)


def test_short_terms_are_used():
    doc = json.loads(to_jsonld(cached_dataset(NS.base), NS))
    nodes = {node["@id"]: node for node in doc["@graph"]}
    concept = nodes["csco:2-02-38-01"]
    assert "prefLabel" in concept and "zh" in concept["prefLabel"] and concept["broader"] == "csco:2-02-38-00"
    whole = nodes["https://w3id.org/occlink/dataset/occlink"]
    assert isinstance(whole["triples"], int) and "classPartition" in whole
    qianhai = [n for key, n in nodes.items() if key.startswith("qh:d") and "/" not in key]
    assert qianhai and all("prefLabel" in n for n in qianhai)
