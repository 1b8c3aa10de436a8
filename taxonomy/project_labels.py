"""Labels the occlink project made itself (translations), with machine-readable provenance.

Same pattern as the national English labels: the plain ``skos:prefLabel`` for
ordinary consumers, plus a SKOS-XL label resource typed ``occ:ProjectTranslation``
that says what it translates and who made it.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from occlink.taxonomy.namespaces import DCTERMS, PROV, RDF, SKOS, SKOSXL, XSD, Namespaces
from occlink.taxonomy.skos_terms import add_top_concept
from occlink.triples import TripleSink


def add_project_translation(g: TripleSink, ns: Namespaces, subject: URIRef, text: str, lang: str,
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


def add_value_scheme(g: TripleSink, ns: Namespaces, scheme: URIRef, title_en: str, title_zh: str, source: URIRef,
                     values: list[tuple[URIRef, str, str, str]]) -> None:
    """A small, ordered SKOS scheme of controlled values (industries, severities, urgency levels…).

    ``values``: (concept IRI, notation, English label, Chinese label) in rank order. English comes
    from the source; the Chinese title and labels are project translations and are marked so.
    """
    title = Literal(title_en, lang="en")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, title))
    add_project_translation(g, ns, scheme, title_zh, "zh", title)
    g.add((scheme, DCTERMS.source, source))
    for rank, (concept, notation, label_en, label_zh) in enumerate(values, start=1):
        label = Literal(label_en, lang="en")
        add_top_concept(g, concept, scheme, notation)
        g.add((concept, ns.vocab.rank, Literal(rank, datatype=XSD.integer)))
        g.add((concept, SKOS.prefLabel, label))
        add_project_translation(g, ns, concept, label_zh, "zh", label)
