"""SPARQL 1.1 Protocol as clients expect it (issue #13): the real SPARQLWrapper 2.x and rdflib's SPARQLStore
against a running server on loopback; service description, CORS, OPTIONS, Allow, FROM / FROM NAMED."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from occlink.exports.sparql.query import dataset_graph_iri
from occlink.taxonomy.namespaces import Namespaces
from test_server_support import fetch, start_server

NS = Namespaces()
AI = URIRef(f"{NS.base}csco/2022/2-02-38-01")
SELECT = f'SELECT ?code WHERE {{ <{AI}> <{SKOS.notation}> ?code }}'
ASK = f"ASK {{ <{AI}> a <{SKOS.Concept}> }}"
CONSTRUCT = f"CONSTRUCT {{ <{AI}> <{SKOS.notation}> ?n }} WHERE {{ <{AI}> <{SKOS.notation}> ?n }}"
DESCRIBE = f"DESCRIBE <{AI}>"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def server():
    running = start_server(NS)
    yield running
    running.stop()


def wrapper(server, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_and_ask_in_every_results_format(server, fmt):
    result = wrapper(server, SELECT, fmt).query()
    body = result.convert()
    if fmt == JSON:
        assert [b["code"]["value"] for b in body["results"]["bindings"]] == ["2-02-38-01"]
    elif fmt == XML:
        assert [n.firstChild.data for n in body.getElementsByTagName("literal")] == ["2-02-38-01"]
    elif fmt == CSV:
        assert list(csv.reader(io.StringIO(body.decode()))) == [["code"], ["2-02-38-01"]]
    else:
        assert body.decode().splitlines() == ["?code", '"2-02-38-01"']
    answer = wrapper(server, ASK, fmt).query().convert()
    if fmt == JSON:
        assert answer["boolean"] is True
    elif fmt == XML:
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert answer.decode().splitlines()[1] == "true"


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
@pytest.mark.parametrize("fmt", [XML, RDFXML, TURTLE, N3, JSONLD, None], ids=str)
def test_sparqlwrapper_construct_and_describe_in_every_rdf_format(server, query, fmt):
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(query)
    if fmt is not None:  # None: the client's default
        client.setReturnFormat(fmt)
    body = client.query().convert()
    graph = body if isinstance(body, Graph) else Graph().parse(data=body.decode(), format="turtle")
    assert (AI, SKOS.notation, Literal("2-02-38-01")) in graph


def test_rdflib_sparqlstore_select_and_construct(server):
    store = SPARQLStore(f"{server.url}/sparql")
    graph = Graph(store=store)
    rows = list(graph.query(SELECT))
    assert [str(r[0]) for r in rows] == ["2-02-38-01"]
    constructed = graph.query(CONSTRUCT).graph
    assert set(constructed) == {(AI, SKOS.notation, Literal("2-02-38-01"))}
    assert graph.query(ASK).askAnswer is True


def test_rdf_xml_and_n_quads_by_accept(server):
    for accept, parse_as in (("application/rdf+xml", "xml"), ("application/n-quads", "nquads")):
        status, headers, body = fetch(f"{server.url}/sparql?{urlencode({'query': CONSTRUCT})}", accept=accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        graph = Graph().parse(data=body.decode(), format=parse_as)
        assert (AI, SKOS.notation, Literal("2-02-38-01")) in graph


@pytest.mark.parametrize("param", ["format", "output", "results"])
def test_format_parameters_map_known_names_and_ignore_others(server, param):
    def get(query, value, accept):
        return fetch(f"{server.url}/sparql?{urlencode({'query': query, param: value})}", accept=accept)
    assert get(SELECT, "xml", "text/csv")[1]["Content-Type"].startswith("application/sparql-results+xml")
    assert get(SELECT, "csv", None)[1]["Content-Type"].startswith("text/csv")
    assert get(CONSTRUCT, "xml", None)[1]["Content-Type"].startswith("application/rdf+xml")
    assert get(CONSTRUCT, "json-ld", None)[1]["Content-Type"].startswith("application/ld+json")
    assert get(CONSTRUCT, "rdf+xml", None)[1]["Content-Type"].startswith("application/rdf+xml")
    assert get(CONSTRUCT, "n3", None)[1]["Content-Type"].startswith("text/turtle")
    status, headers, _ = get(SELECT, "nonsense", "text/tab-separated-values")  # unknown → Accept decides
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    status, headers, _ = get(CONSTRUCT, "csv", "application/n-triples")  # no CSV for graphs → Accept
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        ("application/rdf+xml", "xml")])
def test_service_description_for_rdf_clients(server, accept, fmt):
    status, headers, body = fetch(f"{server.url}/sparql", accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert headers["Vary"] == "Accept"
    graph = Graph().parse(data=body.decode(), format=fmt)
    service = URIRef(f"{server.url}/sparql")
    assert (service, URIRef(SD + "endpoint"), service) in graph
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in graph
    assert (None, URIRef(SD + "name"), URIRef(dataset_graph_iri(NS))) in graph
    formats = set(graph.objects(service, URIRef(SD + "resultFormat")))
    assert URIRef("http://www.w3.org/ns/formats/RDF_XML") in formats


def test_browsers_get_the_form(server):
    status, headers, body = fetch(f"{server.url}/sparql", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"<textarea" in body
    assert headers["Vary"] == "Accept"


def test_cors_on_errors_options_preflight_and_allow_on_405(server):
    for url, kwargs in ((f"{server.url}/sparql?query=SELECT", {}), (f"{server.url}/nope", {}),
                        (f"{server.url}/sparql", {"data": b"x", "content_type": "text/plain"})):
        status, headers, _ = fetch(url, **kwargs)
        assert status >= 400 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = fetch(f"{server.url}/sparql", method="OPTIONS")
    assert status == 204
    assert "POST" in headers["Access-Control-Allow-Methods"] and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Allow"]
    status, headers, _ = fetch(f"{server.url}/sparql", method="DELETE")
    assert status == 405 and "GET" in headers["Allow"] and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = fetch(f"{server.url}/csco/2022/2-02-38-01", method="PUT", data=b"x")
    assert status == 405 and headers["Allow"] == "GET, HEAD, OPTIONS"


def rows(server, query, **extra):
    status, _, body = fetch(f"{server.url}/sparql?{urlencode({'query': query, **extra}, doseq=True)}",
                            accept="application/sparql-results+json")
    return status, (json.loads(body)["results"]["bindings"] if status == 200 else body.decode())


def test_from_and_from_named_are_honoured_for_the_dataset_graph_or_refused(server):
    own = dataset_graph_iri(NS)
    where = f'WHERE {{ ?c <{SKOS.notation}> "2-02-38-01" }}'
    status, plain = rows(server, f"SELECT ?c {where}")
    assert status == 200 and plain
    status, with_from = rows(server, f"SELECT ?c FROM <{own}> {where}")
    assert status == 200 and with_from == plain
    status, named = rows(server, f'SELECT ?g ?c FROM NAMED <{own}> WHERE {{ GRAPH ?g {{ ?c <{SKOS.notation}> '
                                 f'"2-02-38-01" }} }}')
    assert status == 200 and {b["g"]["value"] for b in named} == {own}
    status, body = rows(server, f"SELECT ?c FROM <http://example.org/other> {where}")
    assert status == 400 and "not a graph of this dataset" in body
    status, body = rows(server, f"SELECT ?c FROM NAMED <http://example.org/other> {where}")
    assert status == 400
    status, by_param = rows(server, f"SELECT ?c {where}", **{"default-graph-uri": own})
    assert status == 200 and by_param == plain
    status, body = rows(server, f"SELECT ?c {where}", **{"default-graph-uri": "http://example.org/other"})
    assert status == 400 and "default-graph-uri" in body
