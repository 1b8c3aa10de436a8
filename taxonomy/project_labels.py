"""Labels the occlink project made itself (translations), with machine-readable provenance.

Same pattern as the national English labels: the plain ``skos:prefLabel`` for
ordinary consumers, plus a SKOS-XL label resource typed ``occ:ProjectTranslation``
that says what it translates and who made it.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import DCTERMS, PROV, RDF, SKOS, SKOSXL, Namespaces


def add_project_translation(g: Graph, ns: Namespaces, subject: URIRef, text: str, lang: str,
                            original: Literal, *, source: Node | None = None,
                            derived_from: Node | None = None) -> URIRef:
    """Add ``text``@``lang`` as the prefLabel of ``subject``, marked as a project translation."""
    label = URIRef(f"{subject}/label/{lang}")
    g.add((subject, SKOS.prefLabel, Literal(text, lang=lang)))
    g.add((subject, SKOSXL.prefLabel, label))
    g.add((label, RDF.type, SKOSXL.Label))
    g.add((label, RDF.type, ns.vocab.ProjectTranslation))
    g.add((label, SKOSXL.literalForm, Literal(text, lang=lang)))
    g.add((label, ns.vocab.translationOf, original))
    g.add((label, DCTERMS.creator, ns.project))
    g.add((label, PROV.wasAttributedTo, ns.project))
    if source is not None:
        g.add((label, DCTERMS.source, source))
    if derived_from is not None:
        g.add((label, PROV.wasDerivedFrom, derived_from))
    return label
