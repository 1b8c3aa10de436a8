"""ISCO-08 as a referenced vocabulary: the 619 groups under ESCO's own IRIs (occlink mints none).

What is stated is what the source states (code, English title, hierarchy, the lead paragraph of
the ILO description), with the attribution that ESCO's reuse terms ask for on the scheme.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from occlink.taxonomy.isco_table import IscoGroup, default_isco
from occlink.taxonomy.namespaces import DCTERMS, ISCO_SCHEME, PROV, RDF, RDFS, SCHEMA, SKOS, SKOSXL, Namespaces
from occlink.triples import TripleList, graph_of

ESCO_SOURCE = URIRef("https://esco.ec.europa.eu/")  # ESCO v1.0, European Commission
EUROPEAN_COMMISSION = URIRef("http://publications.europa.eu/resource/authority/corporate-body/COM")
ILO = URIRef("https://www.ilo.org/")
ATTRIBUTION_EN = (
    "ISCO-08 (International Standard Classification of Occupations), © International Labour Organization; "
    "group codes, titles, descriptions and IRIs as published by ESCO v1.0 (European Skills, Competences, "
    "Qualifications and Occupations), © European Union, European Commission, reused under Commission "
    "Decision 2011/833/EU. Taken by occlink from the ESCO v1.0 English CSV export "
    "(taxonomy/regenerate_isco08.py); the links from Chinese occupations to these groups are the occlink "
    "project's own correspondence, not an official one.")
LEVEL_NAMES = {"major": "ISCO-08 major group", "sub-major": "ISCO-08 sub-major group",
               "minor": "ISCO-08 minor group", "unit": "ISCO-08 unit group"}


def isco_graph(ns: Namespaces, groups: dict[str, IscoGroup] | None = None) -> Graph:
    return graph_of(isco_triples(ns, groups))


def isco_triples(ns: Namespaces, groups: dict[str, IscoGroup] | None = None) -> TripleList:
    groups = groups or default_isco()
    g = TripleList()
    scheme = ISCO_SCHEME
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, Literal("International Standard Classification of Occupations (ISCO-08)",
                                          lang="en")))
    title_en = Literal("International Standard Classification of Occupations (ISCO-08)", lang="en")
    g.add((scheme, SKOS.prefLabel, title_en))
    # The Chinese name is the project's translation; its SKOS-XL label lives under the project's
    # base (occlink mints no IRI in ESCO's namespace).
    title_zh = Literal("国际标准职业分类（ISCO-08）", lang="zh")
    label = URIRef(f"{ns.base}isco08/label/zh")
    g.add((scheme, SKOS.prefLabel, title_zh))
    g.add((scheme, SKOSXL.prefLabel, label))
    g.add((label, RDF.type, SKOSXL.Label))
    g.add((label, RDF.type, ns.vocab.ProjectTranslation))
    g.add((label, SKOSXL.literalForm, title_zh))
    g.add((label, ns.vocab.translationOf, title_en))
    g.add((label, DCTERMS.creator, ns.project))
    g.add((label, PROV.wasAttributedTo, ns.project))
    g.add((scheme, DCTERMS.creator, ILO))
    g.add((scheme, DCTERMS.publisher, EUROPEAN_COMMISSION))
    g.add((scheme, DCTERMS.source, ESCO_SOURCE))
    g.add((scheme, DCTERMS.bibliographicCitation, Literal(ATTRIBUTION_EN, lang="en")))
    g.add((scheme, RDFS.comment, Literal(ATTRIBUTION_EN, lang="en")))
    g.add((ILO, RDF.type, SCHEMA.Organization))
    g.add((ILO, RDFS.label, Literal("International Labour Organization", lang="en")))
    g.add((EUROPEAN_COMMISSION, RDF.type, SCHEMA.GovernmentOrganization))
    g.add((EUROPEAN_COMMISSION, RDFS.label, Literal("European Commission", lang="en")))
    g.add((ESCO_SOURCE, RDFS.label, Literal("ESCO v1.0 (English CSV export)", lang="en")))
    children: dict[str, list[str]] = {}
    for code, group in groups.items():
        if group.parent:
            children.setdefault(group.parent, []).append(code)
    for code, group in groups.items():
        s = URIRef(group.iri)
        g.add((s, RDF.type, SKOS.Concept))
        g.add((s, SKOS.inScheme, scheme))
        g.add((s, SKOS.notation, Literal(code)))
        g.add((s, SKOS.prefLabel, Literal(group.title_en, lang="en")))
        g.add((s, RDFS.comment, Literal(LEVEL_NAMES[group.level], lang="en")))
        if group.description_en:
            g.add((s, SKOS.definition, Literal(group.description_en, lang="en")))
        if group.parent:
            g.add((s, SKOS.broader, URIRef(groups[group.parent].iri)))
        else:
            g.add((s, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, s))
        for child in children.get(code, ()):
            g.add((s, SKOS.narrower, URIRef(groups[child].iri)))
    return g
