"""The Qianhai 2020 list as SKOS + schema.org (one concept per listed occupation).

No links to national codes here: those come from the reviewed crosswalk.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from occlink.taxonomy import qianhai_report as report
from occlink.taxonomy.namespaces import DCTERMS, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, Namespaces
from occlink.taxonomy.project_labels import add_project_translation, add_value_scheme
from occlink.taxonomy.qianhai_table import QianhaiList, QianhaiOccupation, default_list
from occlink.taxonomy.qianhai_values import (
    DEGREE,
    INDUSTRY,
    ORIENTATION,
    PREFERENCE,
    REPORTED_BY_ORIENTATION_AND_INDUSTRY,
    VALUE_SCHEMES,
    ValueScheme,
)
from occlink.taxonomy.skos_terms import add_top_concept
from occlink.triples import TripleList, TripleSink, graph_of


def occupation_iri(ns: Namespaces, occupation_id: str) -> URIRef:
    return ns.qh[occupation_id]


def value_iri(ns: Namespaces, scheme: ValueScheme, key: str) -> URIRef:
    return ns.qh[f"{scheme.key}/{key}"]


def qianhai_graph(ns: Namespaces, data: QianhaiList | None = None) -> Graph:
    return graph_of(qianhai_triples(ns, data))


def qianhai_triples(ns: Namespaces, data: QianhaiList | None = None) -> TripleList:
    data = data or default_list()
    g = TripleList()
    _scheme_metadata(g, ns)
    for scheme in VALUE_SCHEMES:
        _value_scheme(g, ns, scheme)
    for occupation in data.occupations.values():
        _occupation(g, ns, occupation)
    _specialty_categories(g, ns, data)
    _source_defects(g, ns)
    return g


def _source_defects(g: TripleSink, ns: Namespaces) -> None:
    occ = ns.vocab
    for kind, key, affected, message in report.SOURCE_DEFECTS:
        d = ns.qh[f"defect/{kind}/{key}"]
        g.add((d, RDF.type, occ.SourceDefect))
        g.add((d, occ.defectKind, Literal(kind)))
        g.add((d, RDFS.comment, Literal(message, lang="en")))
        g.add((d, DCTERMS.source, ns.qh_scheme))
        for local in affected:
            g.add((ns.qh[local], occ.hasSourceDefect, d))


def _agent(g: TripleSink, ns: Namespaces, key: str, name_en: str, name_zh: str) -> URIRef:
    agent = ns.qh[f"agent/{key}"]
    g.add((agent, RDF.type, SCHEMA.Organization))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(name_en, lang="en")))
    g.add((agent, SKOS.prefLabel, Literal(name_en, lang="en")))
    add_project_translation(g, ns, agent, name_zh, "zh", Literal(name_en, lang="en"))
    return agent


def _scheme_metadata(g: TripleSink, ns: Namespaces) -> None:
    occ, scheme = ns.vocab, ns.qh_scheme
    title_en = Literal(f"{report.TITLE_EN} ({report.EDITION})", lang="en")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, title_en))
    g.add((scheme, SKOS.prefLabel, title_en))
    add_project_translation(g, ns, scheme, f"{report.TITLE_ZH}（{report.EDITION}）", "zh", title_en)
    g.add((scheme, OWL.versionInfo, Literal(report.EDITION)))
    g.add((scheme, SCHEMA.version, Literal(report.EDITION)))
    g.add((scheme, occ.commissionedBy, _agent(g, ns, "qianhai-administration-bureau",
                                               report.COMMISSIONED_BY_EN, report.COMMISSIONED_BY_ZH)))
    g.add((scheme, DCTERMS.creator, _agent(g, ns, "chinese-academy-of-personnel-science",
                                           report.PREPARED_BY_EN, report.PREPARED_BY_ZH)))
    g.add((scheme, occ.researchStart, Literal(report.RESEARCH_START, datatype=XSD.gYearMonth)))
    g.add((scheme, occ.researchEnd, Literal(report.RESEARCH_END, datatype=XSD.gYearMonth)))
    for method in report.METHODS_EN:
        g.add((scheme, occ.researchMethod, Literal(method, lang="en")))
    # "more than 1,500 enterprises": the figure is a lower bound (exclusive), with the phrase verbatim
    g.add((scheme, occ.enterprisesSurveyedMoreThan,
           Literal(report.ENTERPRISES_SURVEYED_MORE_THAN, datatype=XSD.integer)))
    g.add((scheme, occ.enterprisesSurveyedPhrase, Literal(report.ENTERPRISES_SURVEYED_PHRASE, lang="en")))
    g.add((scheme, occ.reportedOccupationCount, Literal(report.REPORTED_OCCUPATIONS, datatype=XSD.integer)))

    basis = ns.qh["basis/classification-2015"]
    g.add((scheme, occ.basis, basis))
    g.add((basis, RDF.type, DCTERMS.BibliographicResource))
    g.add((basis, RDFS.label, Literal(report.BASIS_2015_EN, lang="en")))
    g.add((basis, DCTERMS.publisher, Literal(report.BASIS_2015_PUBLISHERS_EN, lang="en")))
    new = ns.qh["basis/new-occupations-2019-2020"]
    g.add((scheme, occ.basis, new))
    g.add((new, RDF.type, DCTERMS.BibliographicResource))
    g.add((new, RDFS.label, Literal(f"{report.NEW_OCCUPATIONS} \"new occupations\"", lang="en")))
    g.add((new, RDFS.comment, Literal(report.NEW_OCCUPATIONS_NOTE_EN, lang="en")))
    g.add((new, occ.newOccupationCount, Literal(report.NEW_OCCUPATIONS, datatype=XSD.integer)))
    _report_facts(g, ns)
    g.add((scheme, RDFS.comment, Literal(
        "Transcribed from Tables 1-3 of the report (English edition). Occupation names, requirements and "
        "classes are the report's; Chinese labels are occlink project translations (see skosxl:prefLabel "
        "provenance).", lang="en")))


def _report_facts(g: TripleSink, ns: Namespaces) -> None:
    """What the report states about itself and its findings, quoted, with the structured values."""
    occ, scheme = ns.vocab, ns.qh_scheme
    g.add((scheme, occ.legalEffect, Literal(report.LEGAL_EFFECT_EN, lang="en")))
    g.add((scheme, occ.updatePolicy, Literal(report.UPDATE_POLICY_EN, lang="en")))

    # Provenance: the research (appendix) used the data sources of section 1.2 and encompassed the
    # population of section 1.3.
    research = ns.qh["research"]
    g.add((scheme, PROV.wasGeneratedBy, research))
    g.add((research, RDF.type, PROV.Activity))
    g.add((research, RDFS.label, Literal("Research for the Qianhai 2020 list (October 2019 – August 2020)", lang="en")))
    g.add((research, PROV.wasAssociatedWith, ns.qh["agent/chinese-academy-of-personnel-science"]))
    g.add((research, RDFS.comment, Literal(report.DATA_SOURCES_PHRASE, lang="en")))
    for key, label in report.DATA_SOURCES_EN:
        source = ns.qh[f"data-source/{key}"]
        g.add((research, PROV.used, source))
        g.add((source, RDF.type, PROV.Entity))
        g.add((source, RDFS.label, Literal(label, lang="en")))
    for population in report.RESEARCH_POPULATION_EN:
        g.add((research, occ.researchPopulation, Literal(population, lang="en")))

    term = ns.qh["definition/high-demand-occupation"]
    g.add((scheme, occ.termDefinition, term))
    g.add((term, RDF.type, occ.ReportDefinition))
    g.add((term, RDFS.label, Literal("high-demand occupation", lang="en")))
    g.add((term, SKOS.definition, Literal(report.HIGH_DEMAND_DEFINITION_EN, lang="en")))
    for n, text in enumerate(report.HIGH_DEMAND_INDICATORS_EN, start=1):
        indicator = ns.qh[f"definition/high-demand-occupation/indicator/{n}"]
        g.add((term, occ.indicator, indicator))
        g.add((indicator, RDF.type, occ.Indicator))
        g.add((indicator, SCHEMA.position, Literal(n, datatype=XSD.integer)))
        g.add((indicator, SCHEMA.description, Literal(text, lang="en")))

    def finding(section: str, heading: str, quote: str) -> URIRef:
        f = ns.qh[f"finding/{section}"]
        g.add((scheme, occ.finding, f))
        g.add((f, RDF.type, occ.ReportFinding))
        g.add((f, SKOS.notation, Literal(section)))
        g.add((f, RDFS.label, Literal(heading, lang="en")))
        g.add((f, SKOS.note, Literal(quote, lang="en")))
        return f

    survey = finding("2.2", report.SECTION_2_2_EN, report.SURVEY_PHRASE_EN)
    g.add((survey, occ.reportedPercentage, Literal(report.SURVEY_SHARE_PERCENT, datatype=XSD.decimal)))
    g.add((survey, occ.reason, Literal(report.SURVEY_REASON_EN, lang="en")))
    for reason in report.SURVEY_OTHER_REASONS_EN:
        g.add((survey, occ.otherReason, Literal(reason, lang="en")))
    certifications = finding("3.3", report.SECTION_3_3_EN, report.CERTIFICATIONS_PHRASE_EN)
    for name in report.CERTIFICATIONS:
        g.add((certifications, occ.namedCertification, Literal(name)))
    experience = finding("3.5", report.SECTION_3_5_EN, report.EXPERIENCE_COUNTING_RULE_EN)
    g.add((experience, occ.countingRule, Literal(report.EXPERIENCE_COUNTING_RULE_EN, lang="en")))
    g.add((experience, occ.footnote, Literal(3, datatype=XSD.integer)))

    # Sections 3.1/3.2: industries per orientation, as reported figures the summary query checks.
    for (orientation, industry), count in REPORTED_BY_ORIENTATION_AND_INDUSTRY.items():
        figure = ns.qh[f"figure/{orientation}/{industry}"]
        g.add((figure, RDF.type, occ.ReportedFigure))
        # occ:aboutValue, not occ:orientation/occ:industry: a figure is no occupation to be counted
        g.add((figure, occ.aboutValue, value_iri(ns, ORIENTATION, orientation)))
        g.add((figure, occ.aboutValue, value_iri(ns, INDUSTRY, industry)))
        g.add((figure, occ.reportedCount, Literal(count, datatype=XSD.integer)))
        g.add((figure, SKOS.notation, Literal(f"{orientation}/{industry}")))
        g.add((figure, DCTERMS.source, scheme))
        g.add((figure, SKOS.scopeNote, Literal(
            f"Section {'3.1' if orientation == 'demand-oriented' else '3.2'}: occupations of this orientation "
            "in this industry, as the report states.", lang="en")))


def _value_scheme(g: TripleSink, ns: Namespaces, scheme: ValueScheme) -> None:
    occ = ns.vocab
    add_value_scheme(g, ns, ns.qh[scheme.key], f"Qianhai 2020: {scheme.label_en}", f"前海2020：{scheme.label_zh}",
                     ns.qh_scheme,
                     [(value_iri(ns, scheme, v.key), v.key, v.label_en, v.label_zh) for v in scheme.values])
    for value in scheme.values:
        c = value_iri(ns, scheme, value.key)
        g.add((c, occ.sourcePhrase, Literal(value.source_phrase, lang="en")))
        for alt in value.alt_en:
            g.add((c, SKOS.altLabel, Literal(alt, lang="en")))
        if value.note_en:
            g.add((c, SKOS.scopeNote, Literal(value.note_en, lang="en")))
        if value.definition_en:
            g.add((c, SKOS.definition, Literal(value.definition_en, lang="en")))
        if value.reported is not None:
            g.add((c, occ.reportedCount, Literal(value.reported, datatype=XSD.integer)))


def _occupation(g: TripleSink, ns: Namespaces, o: QianhaiOccupation) -> None:
    occ = ns.vocab
    s = occupation_iri(ns, o.id)
    by_key = {v.key: v for v in VALUE_SCHEMES}
    en = Literal(o.name_en, lang="en")
    add_top_concept(g, s, ns.qh_scheme, o.id)
    g.add((s, RDF.type, SCHEMA.Occupation))
    g.add((s, SKOS.prefLabel, en))
    g.add((s, SCHEMA.name, en))
    label = add_project_translation(g, ns, s, o.name_zh, "zh", en)
    # Where a national occupation clearly corresponds, the translation reuses its official term.
    g.add((label, occ.usesNationalTerm, Literal(o.name_zh_national_term)))
    g.add((s, occ.sourceTable, Literal(o.table, datatype=XSD.integer)))
    g.add((s, occ.listNumber, Literal(o.list_no, datatype=XSD.integer)))
    for key, value in (("orientation", o.orientation), ("industry", o.industry), ("duration", o.duration),
                       ("severity", o.severity), ("degree", o.degree_min)):
        scheme = by_key[key]
        g.add((s, occ[scheme.property], value_iri(ns, scheme, value)))

    for n, text in enumerate(o.competencies, start=1):
        c = ns.qh[f"{o.id}/competency/{n}"]
        g.add((s, occ.competencyRequirement, c))
        g.add((c, RDF.type, occ.CompetencyRequirement))
        g.add((c, SCHEMA.position, Literal(n, datatype=XSD.integer)))
        g.add((c, SCHEMA.description, Literal(text, lang="en")))

    edu = ns.qh[f"{o.id}/education"]
    g.add((s, SCHEMA.educationRequirements, edu))
    g.add((edu, RDF.type, SCHEMA.EducationalOccupationalCredential))
    g.add((edu, SCHEMA.description, Literal(o.education_phrase, lang="en")))
    g.add((edu, SCHEMA.educationalLevel, value_iri(ns, DEGREE, o.degree_min)))
    g.add((edu, SCHEMA.credentialCategory, Literal(DEGREE[o.degree_min].label_en, lang="en")))
    for specialty in o.specialties:
        g.add((edu, occ.specialty, Literal(specialty, lang="en")))
    # The printed order of the specialties, as an RDF list with IRI nodes (no blank nodes).
    _ordered_list(g, ns.qh[f"{o.id}/education/specialties"], [Literal(x, lang="en") for x in o.specialties])
    g.add((edu, occ.specialtyList, ns.qh[f"{o.id}/education/specialties"]))
    g.add((edu, occ.specialtiesOpen, Literal(o.specialties_open)))
    for preferred in o.degree_preferred:
        g.add((edu, occ.preferredDegree, value_iri(ns, DEGREE, preferred)))
    for preferred in o.qualification_preferred:
        g.add((edu, occ.preferredQualification, value_iri(ns, PREFERENCE, preferred)))
    if o.preference_phrase:
        g.add((edu, occ.preference, Literal(o.preference_phrase, lang="en")))

    exp = ns.qh[f"{o.id}/experience"]
    g.add((s, SCHEMA.experienceRequirements, exp))
    g.add((exp, RDF.type, SCHEMA.OccupationalExperienceRequirements))
    g.add((exp, SCHEMA.description, Literal(o.experience_phrase, lang="en")))
    g.add((exp, occ.minimumYearsOfExperience, Literal(o.experience_years, datatype=XSD.integer)))
    g.add((exp, SCHEMA.monthsOfExperience, Literal(12 * o.experience_years, datatype=XSD.integer)))


def _specialty_categories(g: TripleSink, ns: Namespaces, data: QianhaiList) -> None:
    occ = ns.vocab
    for category in data.categories:
        c = ns.qh[f"specialty-category/{category.number}"]
        en = Literal(category.label_en, lang="en")
        g.add((c, RDF.type, SKOS.Collection))
        g.add((c, RDF.type, SKOS.OrderedCollection))
        g.add((c, RDF.type, occ.SpecialtyCategory))
        g.add((c, SKOS.prefLabel, en))
        add_project_translation(g, ns, c, category.label_zh, "zh", en)
        g.add((c, SKOS.notation, Literal(str(category.number))))
        g.add((c, DCTERMS.source, ns.qh_scheme))
        g.add((c, occ.sourceTable, Literal(3, datatype=XSD.integer)))
        g.add((c, SKOS.scopeNote, Literal(report.TABLE3_TITLE_EN, lang="en")))
        # Each list in Table 3 ends with "....." : the report names examples, not all members.
        g.add((c, occ.listIsExhaustive, Literal(False)))
        g.add((c, SKOS.editorialNote, Literal("The source list ends with \".....\" (not exhaustive).", lang="en")))
        for member in category.members:
            m = occupation_iri(ns, member)
            g.add((c, SKOS.member, m))
            g.add((m, occ.specialtyCategory, c))
        # Table 3's printed order: skos:memberList (members kept too, for set queries).
        _ordered_list(g, URIRef(f"{c}/members"), [occupation_iri(ns, m) for m in category.members])
        g.add((c, SKOS.memberList, URIRef(f"{c}/members")))


def _ordered_list(g: TripleSink, head: URIRef, items: list) -> None:
    """An rdf:List whose cells are IRIs ``head``, ``head/2``, … so exports stay free of blank nodes."""
    cells = [head] + [URIRef(f"{head}/{n}") for n in range(2, len(items) + 1)]
    for n, (cell, item) in enumerate(zip(cells, items)):
        g.add((cell, RDF.first, item))
        g.add((cell, RDF.rest, cells[n + 1] if n + 1 < len(cells) else RDF.nil))
