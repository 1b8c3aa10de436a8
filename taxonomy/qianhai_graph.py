"""The Qianhai 2020 list as SKOS + schema.org (one concept per listed occupation).

No links to national codes here: those come from the reviewed crosswalk.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from . import qianhai_report as report
from .namespaces import DCTERMS, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, Namespaces
from .project_labels import add_project_translation, add_value_scheme
from .skos_terms import add_top_concept
from .qianhai_table import QianhaiList, QianhaiOccupation, default_list
from .qianhai_values import DEGREE, VALUE_SCHEMES, ValueScheme


def occupation_iri(ns: Namespaces, occupation_id: str) -> URIRef:
    return ns.qh[occupation_id]


def value_iri(ns: Namespaces, scheme: ValueScheme, key: str) -> URIRef:
    return ns.qh[f"{scheme.key}/{key}"]


def qianhai_graph(ns: Namespaces, data: QianhaiList | None = None) -> Graph:
    data = data or default_list()
    g = Graph()
    _scheme_metadata(g, ns)
    for scheme in VALUE_SCHEMES:
        _value_scheme(g, ns, scheme)
    for occupation in data.occupations.values():
        _occupation(g, ns, occupation)
    _specialty_categories(g, ns, data)
    return g


def _agent(g: Graph, ns: Namespaces, key: str, name_en: str, name_zh: str) -> URIRef:
    agent = ns.qh[f"agent/{key}"]
    g.add((agent, RDF.type, SCHEMA.Organization))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(name_en, lang="en")))
    g.add((agent, SKOS.prefLabel, Literal(name_en, lang="en")))
    add_project_translation(g, ns, agent, name_zh, "zh", Literal(name_en, lang="en"))
    return agent


def _scheme_metadata(g: Graph, ns: Namespaces) -> None:
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
    g.add((scheme, occ.enterprisesSurveyed, Literal(report.ENTERPRISES_SURVEYED, datatype=XSD.integer)))
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
    g.add((scheme, RDFS.comment, Literal(
        "Transcribed from Tables 1-3 of the report (English edition). Occupation names, requirements and "
        "classes are the report's; Chinese labels are occlink project translations (see skosxl:prefLabel "
        "provenance).", lang="en")))


def _value_scheme(g: Graph, ns: Namespaces, scheme: ValueScheme) -> None:
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
        if value.reported is not None:
            g.add((c, occ.reportedCount, Literal(value.reported, datatype=XSD.integer)))


def _occupation(g: Graph, ns: Namespaces, o: QianhaiOccupation) -> None:
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
    g.add((edu, SCHEMA.credentialCategory, Literal(DEGREE.get(o.degree_min).label_en, lang="en")))
    for specialty in o.specialties:
        g.add((edu, occ.specialty, Literal(specialty, lang="en")))
    g.add((edu, occ.specialtiesOpen, Literal(o.specialties_open)))
    for preferred in o.degree_preferred:
        g.add((edu, occ.preferredDegree, value_iri(ns, DEGREE, preferred)))
    if o.preference_phrase:
        g.add((edu, occ.preference, Literal(o.preference_phrase, lang="en")))

    exp = ns.qh[f"{o.id}/experience"]
    g.add((s, SCHEMA.experienceRequirements, exp))
    g.add((exp, RDF.type, SCHEMA.OccupationalExperienceRequirements))
    g.add((exp, SCHEMA.description, Literal(o.experience_phrase, lang="en")))
    g.add((exp, occ.minimumYearsOfExperience, Literal(o.experience_years, datatype=XSD.integer)))
    g.add((exp, SCHEMA.monthsOfExperience, Literal(12 * o.experience_years, datatype=XSD.integer)))


def _specialty_categories(g: Graph, ns: Namespaces, data: QianhaiList) -> None:
    occ = ns.vocab
    for category in data.categories:
        c = ns.qh[f"specialty-category/{category.number}"]
        en = Literal(category.label_en, lang="en")
        g.add((c, RDF.type, SKOS.Collection))
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
