"""Dataset metadata: DCAT catalog and datasets, VoID counts and linksets, PROV, licences.

Two entry points:

* :func:`provenance_graph` — merged into the dataset by ``dataset_graph``;
  depends only on the graph, never on files or the clock, so dumps stay
  byte-identical (no byte sizes here: a dump cannot describe its own size);
* :func:`write_catalog_metadata` — called by ``occlink build`` after the dumps
  exist: DCAT distributions with media type, byte size and sha256 of the files
  actually written, plus the metadata part of the dump, into
  ``OUT/catalog.ttl`` and ``OUT/catalog.jsonld``.

Every resource has an IRI under ``{base}dataset/`` (no blank nodes).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS
from rdflib.term import Node

from occlink import __version__
from occlink.graph.citation import citation_text, release_date
from occlink.graph.licences import CC_BY_4, catalog_terms, licence_graph, mixed_rights
from occlink.graph.provenance import catalog_dataset_iri, provenance_sources, translations_iri
from occlink.graph.void_stats import (
    PartStats,
    catalog_of,
    catalog_prefixes,
    describe_counts,
    describe_linksets,
    graph_stats,
)
from occlink.taxonomy.catalogs import CATALOGS, available_catalogs, scheme_for
from occlink.taxonomy.namespaces import DCAT, DCTERMS, FOAF, PAV, PROV, RDFS, SPDX, SSSOM, VCARD, VOID, XSD, Namespaces
from occlink.triples import Triple, TripleIndex, TripleList, TripleSink, graph_of

MAX_FIXPOINT_ROUNDS = 10
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; not in rdflib's DCAT namespace


# --- DCAT-AP 3 vocabulary (docs/publishing.md) -----------------------------------------------
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_THEMES = URIRef(f"{EU_AUTHORITY}data-theme")
THEMES = (URIRef(f"{EU_AUTHORITY}data-theme/ECON"), URIRef(f"{EU_AUTHORITY}data-theme/SOCI"))
CHINA = URIRef(f"{EU_AUTHORITY}country/CHN")
LANGUAGES = (URIRef(f"{EU_AUTHORITY}language/ZHO"), URIRef(f"{EU_AUTHORITY}language/ENG"))
SKOS_STANDARD = URIRef("http://www.w3.org/2004/02/skos/core")
SSSOM_STANDARD = URIRef("https://w3id.org/sssom/")
KEYWORDS = {"en": ("occupations", "occupational classification", "labour market", "green jobs", "digital jobs"),
            "zh": ("职业", "职业分类", "劳动力市场", "绿色职业", "数字职业")}
CATALOG_DESCRIPTION = {
    "en": "Chinese occupation lists published by the occlink project as linked data: the national classification, "
          "the Qianhai 2020 and Beijing 2023 lists, their reviewed crosswalks, and flat CSV tables.",
    "zh": "occlink 项目以关联数据形式发布的中国职业目录：国家职业分类大典、前海2020与北京2023清单、经审核的映射及 CSV 表格。",
}
MAPPING_KIND_ZH = {"positive": "接受的映射", "negative": "拒绝的候选映射", "unsure": "未决的候选映射"}


def publication_base(ns: Namespaces) -> str:
    """Where the files of ``occlink build`` are published: ``{base}data/{version}/`` (docs/publishing.md).
    Versioned, so that a citation's checksum always names the file at its URL."""
    return f"{ns.base}data/{__version__}/"


def download_url(ns: Namespaces, relative: str) -> URIRef:
    return URIRef(publication_base(ns) + relative)


def sparql_endpoint(ns: Namespaces) -> URIRef:
    """``occlink serve`` answers SPARQL at /sparql of the host the base IRI resolves to."""
    return URIRef(f"{ns.base}sparql")


VOCABULARY_IRIS = {  # prefix → the vocabulary's own IRI (void:vocabulary)
    "skos": "http://www.w3.org/2004/02/skos/core", "skosxl": "http://www.w3.org/2008/05/skos-xl",
    "dct": "http://purl.org/dc/terms/", "dcat": "http://www.w3.org/ns/dcat", "void": "http://rdfs.org/ns/void",
    "prov": "http://www.w3.org/ns/prov", "schema": "https://schema.org/", "sssom": "https://w3id.org/sssom/",
    "owl": "http://www.w3.org/2002/07/owl", "rdfs": "http://www.w3.org/2000/01/rdf-schema",
    "spdx": "http://spdx.org/rdf/terms", "pav": "http://purl.org/pav/", "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns", "semapv": "https://w3id.org/semapv/vocab/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns",
}


def vocabularies(ns: Namespaces, terms: set) -> list[URIRef]:
    """Every vocabulary whose properties or classes the data uses (rdf included), plus the metadata's own.

    ``terms``: the data's predicates and classes (graph_stats counts them)."""
    known = {**{p: i for p, i in ns.curie_map().items() if p in VOCABULARY_IRIS},
             "rdf": str(RDF), "occ": str(ns.vocab)}
    used = {"dct", "dcat", "void", "prov", "foaf", "vcard", "spdx", "rdf"}  # what this metadata itself uses
    for term in terms:
        text = str(term)
        for prefix, namespace in known.items():
            if text.startswith(namespace):
                used.add(prefix)
    iris = {VOCABULARY_IRIS.get(p) or f"{ns.base}vocab" for p in used if p in VOCABULARY_IRIS or p == "occ"}
    return sorted(URIRef(i) for i in iris)


def catalog_iri(ns: Namespaces) -> URIRef:
    return ns.dataset["catalog"]


def whole_dataset_iri(ns: Namespaces) -> URIRef:
    return ns.dataset["occlink"]


def catalogs_in(graph: Any, ns: Namespaces) -> list[str]:
    return [cid for cid in available_catalogs() if (scheme_for(cid, ns), RDF.type, SKOS.ConceptScheme) in graph]


def provenance_graph(ns: Namespaces, graph: Graph) -> Graph:
    """All metadata about ``graph`` (which it does not modify), as an rdflib Graph."""
    meta = Graph()
    ns.bind(meta)
    return graph_of(provenance_triples(ns, graph), meta)


def provenance_triples(ns: Namespaces, graph: Any) -> list[Triple]:
    """``provenance_graph``'s triples, each once. ``graph``: an rdflib Graph or an
    occlink.triples.TripleIndex (only iteration, ``in``, ``value``, ``objects`` and ``subjects``)."""
    ids = catalogs_in(graph, ns)
    # counted over the data *and* the metadata (which also says things about catalog resources, e.g.
    # the Beijing source document), so a subset's void:triples is what the dumps hold under its uriSpace
    whole_stats, part_stats, links = graph_stats(graph, ns, ids)
    used_terms = whole_stats.properties | set(whole_stats.members)  # the data's predicates and classes
    meta = TripleIndex()
    for part in (licence_graph(ns), provenance_sources(ns, ids, graph), _dcat(ns, graph, ids, used_terms)):
        meta.extend(part)
    prefixes = [p for p in catalog_prefixes(ns) if p[2] in ids]
    for triple in meta:
        home = catalog_of(triple[0], prefixes)
        if home is not None and triple not in graph:
            part_stats[home].add(*triple)
    for cid in ids:
        describe_counts(meta, ns, catalog_dataset_iri(ns, cid), part_stats[cid])
    describe_linksets(meta, ns, whole_dataset_iri(ns), links)
    meta.extend(_self_counts(ns, graph, meta, whole_stats))
    return list(meta)


def _self_counts(ns: Namespaces, graph: Any, meta: TripleIndex, base: PartStats) -> list[Triple]:
    """Counts of the whole dataset *including* the metadata and these counts themselves.

    Adding count triples changes the counts only through the number of triples and
    subjects (the partitions), never through the literal values, so a few rounds
    reach the fixed point.
    """
    counts: list[Triple] = []
    for _ in range(MAX_FIXPOINT_ROUNDS):
        stats = PartStats(base.triples, set(base.subjects), set(base.properties),
                          defaultdict(set, {k: set(v) for k, v in base.members.items()}))
        added = set(meta) | set(counts)
        for triple in added:
            if triple not in graph:
                stats.add(*triple)
        nxt = TripleList()
        describe_counts(nxt, ns, whole_dataset_iri(ns), stats)
        if set(nxt) == set(counts):
            return counts
        counts = nxt
    raise RuntimeError("VoID self-counts did not converge")


def _dcat(ns: Namespaces, graph: Any, ids: list[str], used_terms: set) -> TripleList:
    g = TripleList()
    catalog, whole, project = catalog_iri(ns), whole_dataset_iri(ns), ns.project
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("occlink catalog of Chinese occupation lists", lang="en")))
    g.add((catalog, DCTERMS.title, Literal("occlink 中国职业目录数据目录", lang="zh")))
    for lang, text in CATALOG_DESCRIPTION.items():
        g.add((catalog, DCTERMS.description, Literal(text, lang=lang)))
    g.add((catalog, DCTERMS.publisher, project))
    g.add((catalog, DCTERMS.issued, Literal(release_date(), datatype=XSD.date)))
    g.add((catalog, DCTERMS.modified, Literal(release_date(), datatype=XSD.date)))
    g.add((catalog, DCAT.themeTaxonomy, EU_THEMES))
    g.add((catalog, DCTERMS.license, CC_BY_4))  # the catalog's own metadata is project work
    g.add((catalog, DCTERMS.spatial, CHINA))
    for language in LANGUAGES:
        g.add((catalog, DCTERMS.language, language))
    g.add((catalog, FOAF.homepage, URIRef(ns.base)))
    g.add((project, RDF.type, FOAF.Agent))  # DCAT-AP: publishers are agents
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((project, FOAF.name, Literal("occlink project", lang="en")))
    contact = contact_point(ns)
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal("occlink maintainers", lang="en")))
    g.add((contact, VCARD.hasURL, URIRef(ns.base)))
    g.add((catalog, DCTERMS.rights, mixed_rights(ns)))
    g.add((catalog, DCAT.dataset, whole))

    g.add((whole, RDF.type, DCAT.Dataset))
    g.add((whole, RDF.type, VOID.Dataset))
    g.add((whole, DCTERMS.title, Literal("occlink: Chinese occupation lists as linked data", lang="en")))
    g.add((whole, DCTERMS.description, Literal(
        "The national Occupational Classification of the PRC (2022), the Qianhai 2020 list and the Beijing "
        "\"Two Zones\" 2023 catalog as SKOS, with reviewed crosswalks and provenance.", lang="en")))
    g.add((whole, DCTERMS.description, Literal(
        "中华人民共和国职业分类大典（2022年版）、前海2020年境外人才紧缺职业清单与北京“两区”2023年人力资源开发目录的"
        "SKOS 版本，附经审核的映射与来源说明。", lang="zh")))
    g.add((whole, DCTERMS.publisher, project))
    g.add((whole, DCTERMS.creator, project))
    g.add((whole, DCTERMS.modified, Literal(release_date(), datatype=XSD.date)))
    g.add((whole, VOID.sparqlEndpoint, sparql_endpoint(ns)))
    for name in ("occlink.nt", "occlink.ttl", "occlink.jsonld"):
        g.add((whole, VOID.dataDump, download_url(ns, name)))
    for vocabulary in vocabularies(ns, used_terms):
        g.add((whole, VOID.vocabulary, vocabulary))
    _dataset_common(g, ns, whole, SKOS_STANDARD)
    g.add((whole, DCTERMS.rights, mixed_rights(ns)))
    g.add((whole, OWL.versionInfo, Literal(__version__)))
    g.add((whole, DCAT_VERSION, Literal(__version__)))
    # the sources' own date (latest reviewed decision), never the clock: see graph/citation.py
    g.add((whole, DCTERMS.issued, Literal(release_date(), datatype=XSD.date)))
    g.add((whole, DCTERMS.bibliographicCitation, Literal(citation_text(ns))))
    g.add((whole, VOID.uriSpace, Literal(ns.base)))
    g.add((whole, DCTERMS.hasPart, translations_iri(ns)))
    g.add((whole, PROV.wasAttributedTo, project))

    for cid in ids:
        ds = catalog_dataset_iri(ns, cid)
        g.add((catalog, DCAT.dataset, ds))
        g.add((whole, VOID.subset, ds))
        g.add((ds, DCTERMS.isPartOf, whole))
        g.add((ds, RDF.type, DCAT.Dataset))
        g.add((ds, RDF.type, VOID.Dataset))
        g.add((ds, DCTERMS.title, Literal(CATALOGS[cid].title_en, lang="en")))
        g.add((ds, DCTERMS.title, Literal(CATALOGS[cid].title_zh, lang="zh")))
        for lang, text in CATALOGS[cid].description.items():
            g.add((ds, DCTERMS.description, Literal(text, lang=lang)))
        g.add((ds, DCTERMS.identifier, Literal(cid)))
        g.add((ds, VOID.rootResource, scheme_for(cid, ns)))
        g.add((ds, VOID.uriSpace, Literal(str(scheme_for(cid, ns)))))  # the scheme and everything under it/
        g.add((ds, VOID.sparqlEndpoint, sparql_endpoint(ns)))
        for fmt in ("nt", "ttl", "jsonld"):
            g.add((ds, VOID.dataDump, download_url(ns, f"{cid}.{fmt}")))
        # the edition year the source names (never the clock)
        edition = CATALOGS[cid].edition
        g.add((ds, DCTERMS.issued, Literal(edition, datatype=XSD.gYear)))
        g.add((ds, DCTERMS.modified, Literal(release_date(), datatype=XSD.date)))
        g.add((ds, DCAT_VERSION, Literal(edition)))
        _temporal(g, ns, graph, cid, ds)
        _dataset_common(g, ns, ds, SKOS_STANDARD)
        g.add((ds, *catalog_terms(CATALOGS[cid], ns)))  # licence as declared, else the rights statement

    for mapping_set in sorted(set(graph.subjects(RDF.type, SSSOM.MappingSet)), key=str):
        _mapping_set(g, ns, graph, mapping_set)
    return g


def mapping_set_dataset_iri(ns: Namespaces, mapping_set: Node) -> URIRef:
    """The DCAT dataset describing a reviewed SSSOM mapping set. A separate resource, because the
    SSSOM set itself must stay typed ``sssom:MappingSet`` only for SSSOM readers (sssom-py)."""
    return ns.dataset[f"mappings/{str(mapping_set).rsplit('/', 1)[-1]}"]


def _dataset_common(g: TripleSink, ns: Namespaces, ds: URIRef, standard: URIRef) -> None:
    """What DCAT-AP recommends for every dataset: publisher, contact, themes, keywords, place, standard."""
    g.add((ds, DCTERMS.publisher, ns.project))
    g.add((ds, DCAT.contactPoint, contact_point(ns)))
    for theme in THEMES:
        g.add((ds, DCAT.theme, theme))
    for lang, words in KEYWORDS.items():
        for word in words:
            g.add((ds, DCAT.keyword, Literal(word, lang=lang)))
    g.add((ds, DCTERMS.spatial, CHINA))
    g.add((ds, DCTERMS.conformsTo, standard))
    for language in LANGUAGES:
        g.add((ds, DCTERMS.language, language))


def _temporal(g: TripleSink, ns: Namespaces, graph: Any, cid: str, ds: URIRef) -> None:
    """dct:temporal only where the source states a period: Qianhai's research period."""
    if cid != "qianhai2020":
        return
    start = graph.value(ns.qh_scheme, ns.vocab.researchStart)
    end = graph.value(ns.qh_scheme, ns.vocab.researchEnd)
    if start is None or end is None:
        return
    period = ns.dataset[f"{cid}/period"]
    g.add((ds, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, start))
    g.add((period, DCAT.endDate, end))


def contact_point(ns: Namespaces) -> URIRef:
    return ns.dataset["contact"]


def _mapping_set(g: TripleSink, ns: Namespaces, graph: Any, mapping_set: Node) -> None:
    """A reviewed mapping set: a dataset of the catalog, generated by a review activity."""
    scheme_to_catalog: dict[Node, str] = {scheme_for(cid, ns): cid for cid in CATALOGS}
    catalog, whole = catalog_iri(ns), whole_dataset_iri(ns)
    name = str(mapping_set).rsplit("/", 1)[-1]
    review = ns.dataset[f"activity/review/{name}"]
    dataset = mapping_set_dataset_iri(ns, mapping_set)
    g.add((catalog, DCAT.dataset, dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.isPartOf, whole))
    g.add((dataset, DCTERMS.relation, mapping_set))  # the SSSOM mapping set it publishes
    g.add((dataset, PROV.wasGeneratedBy, review))
    g.add((dataset, PROV.wasAttributedTo, ns.project))
    g.add((dataset, DCTERMS.identifier, Literal(name)))
    for prop in (DCTERMS.title, DCTERMS.description):
        for value in graph.objects(mapping_set, prop):
            g.add((dataset, prop, value))
    crosswalk, _, kind = name.partition(".")
    source, _, target = crosswalk.partition("-")
    g.add((dataset, DCTERMS.title, Literal(f"{MAPPING_KIND_ZH.get(kind, kind)}：{source} → {target}", lang="zh")))
    g.add((dataset, DCTERMS.description, Literal(
        f"{source} 与 {target} 之间经人工审核的映射决定（{MAPPING_KIND_ZH.get(kind, kind)}），SSSOM 格式。", lang="zh")))
    dates = sorted({str(d) for m in graph.objects(mapping_set, SSSOM.mappings) for d in graph.objects(m, DCTERMS.created)})
    if dates:  # the decisions' own dates
        g.add((dataset, DCTERMS.issued, Literal(dates[0], datatype=XSD.date)))
        g.add((dataset, DCTERMS.modified, Literal(dates[-1], datatype=XSD.date)))
    _dataset_common(g, ns, dataset, SSSOM_STANDARD)
    licences = list(graph.objects(mapping_set, DCTERMS.license)) or [CC_BY_4]  # project policy
    for licence in licences:
        g.add((dataset, DCTERMS.license, licence))
    g.add((review, RDF.type, PROV.Activity))
    g.add((review, RDFS.label, Literal(f"Review of mapping set {name}", lang="en")))
    g.add((review, RDFS.comment, Literal(
        "Candidate mappings reviewed (curated) by occlink reviewers; decisions recorded in the SSSOM file.",
        lang="en")))
    g.add((review, PROV.wasAssociatedWith, ns.project))
    for prop in (SSSOM.subject_source, SSSOM.object_source):
        for scheme in graph.objects(mapping_set, prop):
            if scheme in scheme_to_catalog:
                g.add((review, PROV.used, catalog_dataset_iri(ns, scheme_to_catalog[scheme])))
    reviewers = {a for m in graph.objects(mapping_set, SSSOM.mappings) for a in graph.objects(m, PAV.authoredBy)}
    for reviewer in sorted(reviewers, key=str):
        g.add((review, PROV.wasAssociatedWith, reviewer))
