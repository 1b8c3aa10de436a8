"""Small SKOS building blocks shared by the catalog graphs."""

from __future__ import annotations

from rdflib import Literal, URIRef

from occlink.taxonomy.namespaces import RDF, SKOS
from occlink.triples import TripleSink


def add_top_concept(g: TripleSink, concept: URIRef, scheme: URIRef, notation: str) -> None:
    """A concept at the top of a flat list: typed, in the scheme both ways, with its notation."""
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.inScheme, scheme))
    g.add((concept, SKOS.topConceptOf, scheme))
    g.add((scheme, SKOS.hasTopConcept, concept))
    g.add((concept, SKOS.notation, Literal(notation)))
