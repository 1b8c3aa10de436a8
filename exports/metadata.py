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

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from occlink import __version__
from occlink.taxonomy.catalogs import CATALOGS, available_catalogs
from occlink.taxonomy.namespaces import DCAT, DCTERMS, PROV, RDFS, SSSOM, VOID, Namespaces

from .licences import CC_BY_4, MIT, esco_rights, licence_graph, mixed_rights, publisher_rights
from .provenance import catalog_dataset_iri, provenance_sources, translations_iri
from .stats import scheme_for
from .void_stats import PartStats, describe_counts, describe_linksets, graph_stats

CATALOG_LICENCES = {"csco2022": MIT}  # the others: rights reserved by the publisher (no licence)
CATALOG_RIGHTS = {"isco08": esco_rights}  # ESCO/ILO: reuse with acknowledgement, no licence document
MAX_FIXPOINT_ROUNDS = 10


def catalog_iri(ns: Namespaces) -> URIRef:
    return ns.dataset["catalog"]


def whole_dataset_iri(ns: Namespaces) -> URIRef:
    return ns.dataset["occlink"]


def catalogs_in(graph: Graph, ns: Namespaces) -> list[str]:
    return [cid for cid in available_catalogs() if (scheme_for(cid, ns), RDF.type, SKOS.ConceptScheme) in graph]


def provenance_graph(ns: Namespaces, graph: Graph) -> Graph:
    """All metadata about ``graph`` (which it does not modify)."""
    ids = catalogs_in(graph, ns)
    whole_stats, part_stats, links = graph_stats(graph, ns, ids)
    meta = Graph()
    ns.bind(meta)
    for part in (licence_graph(ns), provenance_sources(ns, ids, graph), _dcat(ns, graph, ids)):
        for triple in part:
            meta.add(triple)
    for cid in ids:
        describe_counts(meta, ns, catalog_dataset_iri(ns, cid), part_stats[cid])
    describe_linksets(meta, ns, whole_dataset_iri(ns), links)
    for triple in _self_counts(ns, graph, meta, whole_stats):
        meta.add(triple)
    return meta


def _self_counts(ns: Namespaces, graph: Graph, meta: Graph, base: PartStats) -> Graph:
    """Counts of the whole dataset *including* the metadata and these counts themselves.

    Adding count triples changes the counts only through the number of triples and
    subjects (the partitions), never through the literal values, so a few rounds
    reach the fixed point.
    """
    counts = Graph()
    for _ in range(MAX_FIXPOINT_ROUNDS):
        stats = PartStats(base.triples, set(base.subjects), set(base.properties),
                          type(base.members)(set, {k: set(v) for k, v in base.members.items()}))
        added = set(meta) | set(counts)
        for triple in added:
            if triple not in graph:
                stats.add(*triple)
        nxt = Graph()
        describe_counts(nxt, ns, whole_dataset_iri(ns), stats)
        if set(nxt) == set(counts):
            return counts
        counts = nxt
    raise RuntimeError("VoID self-counts did not converge")


def _dcat(ns: Namespaces, graph: Graph, ids: list[str]) -> Graph:
    g = Graph()
    catalog, whole, project = catalog_iri(ns), whole_dataset_iri(ns), ns.project
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("occlink catalog of Chinese occupation lists", lang="en")))
    g.add((catalog, DCTERMS.publisher, project))
    g.add((catalog, DCTERMS.rights, mixed_rights(ns)))
    g.add((catalog, DCAT.dataset, whole))

    g.add((whole, RDF.type, DCAT.Dataset))
    g.add((whole, RDF.type, VOID.Dataset))
    g.add((whole, DCTERMS.title, Literal("occlink: Chinese occupation lists as linked data", lang="en")))
    g.add((whole, DCTERMS.description, Literal(
        "The national Occupational Classification of the PRC (2022), the Qianhai 2020 list and the Beijing "
        "\"Two Zones\" 2023 catalog as SKOS, with reviewed crosswalks and provenance.", lang="en")))
    g.add((whole, DCTERMS.publisher, project))
    g.add((whole, DCTERMS.creator, project))
    g.add((whole, DCTERMS.rights, mixed_rights(ns)))
    g.add((whole, OWL.versionInfo, Literal(__version__)))
    g.add((whole, VOID.uriSpace, Literal(ns.base)))
    g.add((whole, VOID.vocabulary, URIRef(f"{ns.base}vocab")))
    g.add((whole, VOID.vocabulary, URIRef(str(SKOS)[:-1])))
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
        g.add((ds, DCTERMS.identifier, Literal(cid)))
        g.add((ds, VOID.rootResource, scheme_for(cid, ns)))
        if cid in CATALOG_LICENCES:
            g.add((ds, DCTERMS.license, CATALOG_LICENCES[cid]))
        elif cid in CATALOG_RIGHTS:
            g.add((ds, DCTERMS.rights, CATALOG_RIGHTS[cid](ns)))
        else:
            g.add((ds, DCTERMS.rights, publisher_rights(ns)))

    for mapping_set in sorted(set(graph.subjects(RDF.type, SSSOM.MappingSet)), key=str):
        _mapping_set(g, ns, graph, mapping_set)
    return g


def _mapping_set(g: Graph, ns: Namespaces, graph: Graph, mapping_set: URIRef) -> None:
    """A reviewed mapping set: a dataset of the catalog, generated by a review activity."""
    scheme_to_catalog = {scheme_for(cid, ns): cid for cid in CATALOGS}
    catalog, whole = catalog_iri(ns), whole_dataset_iri(ns)
    name = str(mapping_set).rsplit("/", 1)[-1]
    review = ns.dataset[f"activity/review/{name}"]
    g.add((catalog, DCAT.dataset, mapping_set))
    g.add((mapping_set, RDF.type, DCAT.Dataset))
    g.add((mapping_set, DCTERMS.isPartOf, whole))
    g.add((mapping_set, PROV.wasGeneratedBy, review))
    g.add((mapping_set, PROV.wasAttributedTo, ns.project))
    if (mapping_set, DCTERMS.license, None) not in graph:
        g.add((mapping_set, DCTERMS.license, CC_BY_4))  # project policy for reviewed mappings
    g.add((review, RDF.type, PROV.Activity))
    g.add((review, RDFS.label, Literal(f"Review of mapping set {name}", lang="en")))
    g.add((review, RDFS.comment, Literal(
        "Candidate mappings reviewed (curated) by occlink reviewers; decisions recorded in the SSSOM file.",
        lang="en")))
    g.add((review, PROV.wasAssociatedWith, ns.project))
    for prop in (SSSOM.subject_source, SSSOM.object_source):
        for source in graph.objects(mapping_set, prop):
            if source in scheme_to_catalog:
                g.add((review, PROV.used, catalog_dataset_iri(ns, scheme_to_catalog[source])))
    reviewers = {a for m in graph.objects(mapping_set, SSSOM.mappings) for a in graph.objects(m, SSSOM.author_id)}
    for reviewer in sorted(reviewers, key=str):
        g.add((review, PROV.wasAssociatedWith, reviewer))


def write_catalog_metadata(ns: Namespaces, out_dir: Path, written_paths: list[Path]) -> list[Path]:
    """Write OUT/catalog.ttl and OUT/catalog.jsonld describing the files in ``written_paths``."""
    from .distributions import catalog_document
    from .jsonld import to_jsonld
    from .serialize import to_turtle, write_atomic

    graph = catalog_document(ns, Path(out_dir), [Path(p) for p in written_paths])
    outputs = {Path(out_dir) / "catalog.ttl": to_turtle(graph, ns),
               Path(out_dir) / "catalog.jsonld": to_jsonld(graph, ns)}
    for path, text in outputs.items():
        write_atomic(path, text)
    return list(outputs)
