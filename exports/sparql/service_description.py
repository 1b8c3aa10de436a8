"""The SPARQL 1.1 Service Description of ``/sparql`` (what RDF clients get from ``GET /sparql``)."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from occlink.taxonomy.namespaces import Namespaces

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCT = Namespace("http://purl.org/dc/terms/")
SERVICE_DESCRIPTION_TYPES = {  # Accept offer → writer
    "text/turtle": "turtle", "application/ld+json": "jsonld", "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
}
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "JSON-LD", "N-Triples", "N-Quads", "RDF_XML")


def service_description_graph(ns: Namespaces, endpoint: str, *, timeout: float, max_rows: int) -> Graph:
    from occlink.exports.sparql.query import dataset_graph_iri
    service = URIRef(endpoint)
    dataset = URIRef(f"{endpoint}#dataset")
    default_graph = URIRef(f"{endpoint}#default-graph")
    named = URIRef(f"{endpoint}#named-graph")
    own = URIRef(dataset_graph_iri(ns))
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    g.bind("dct", DCT)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    g.add((service, DCT.description, Literal(
        f"Read-only SPARQL 1.1 Query endpoint of occlink. Updates and SERVICE are refused. A query may run "
        f"{timeout:g} s and returns at most {max_rows} rows or triples. FROM / FROM NAMED / default-graph-uri / "
        f"named-graph-uri may name only the dataset's graph <{own}>.", lang="en")))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add((default_graph, RDFS.comment, Literal("the union of the named graphs: the whole dataset", lang="en")))
    g.add((dataset, SD.namedGraph, named))
    g.add((named, RDF.type, SD.NamedGraph))
    g.add((named, SD.name, own))
    g.add((own, RDF.type, VOID.Dataset))
    g.add((own, VOID.sparqlEndpoint, service))
    return g


def service_description(ns: Namespaces, endpoint: str, fmt: str, *, timeout: float, max_rows: int) -> str:
    graph = service_description_graph(ns, endpoint, timeout=timeout, max_rows=max_rows)
    if fmt == "rdfxml":
        return graph.serialize(format="xml")
    if fmt == "ntriples":
        from occlink.exports.dumps.serialize import to_ntriples
        return to_ntriples(graph)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", indent=1, auto_compact=True)
    return graph.serialize(format="turtle")
