"""ISCO-08 in the DCAT catalog and VoID, with the attribution to ESCO and the ILO."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF

from occlink.graph.dataset import cached_dataset
from occlink.graph.licences import esco_rights
from occlink.taxonomy.namespaces import DCAT, DCTERMS, DEFAULT_BASE_IRI, PROV, RDFS, VOID, Namespaces

NS = Namespaces(DEFAULT_BASE_IRI)


def test_isco08_is_a_dataset_with_the_esco_ilo_rights_statement():
    g = cached_dataset(DEFAULT_BASE_IRI)
    ds = NS.dataset["isco08"]
    assert (NS.dataset["catalog"], DCAT.dataset, ds) in g
    assert (ds, RDF.type, VOID.Dataset) in g
    assert (ds, DCTERMS.rights, esco_rights(NS)) in g
    statement = str(g.value(esco_rights(NS), RDFS.label))
    assert "International Labour Organization" in statement and "European Commission" in statement
    assert (ds, VOID.rootResource, URIRef("http://data.europa.eu/esco/concept-scheme/isco")) in g
    source = g.value(ds, PROV.wasDerivedFrom)
    assert source == URIRef("https://esco.ec.europa.eu/")
    assert "2011/833/EU" in str(g.value(source, RDFS.comment))


def test_void_counts_the_isco_linksets():
    g = cached_dataset(DEFAULT_BASE_IRI)
    linkset = NS.dataset["linkset/csco2022--isco08/skos-broadMatch"]
    assert (linkset, RDF.type, VOID.Linkset) in g
    assert int(g.value(linkset, VOID.triples)) > 1000
    assert (NS.dataset["linkset/qianhai2020--isco08/skos-broadMatch"], RDF.type, VOID.Linkset) in g
    assert (NS.dataset["linkset/beijing2023--isco08/skos-broadMatch"], RDF.type, VOID.Linkset) in g
