"""DCAT distributions of the files ``occlink build`` wrote: media type, byte size, sha256.

The catalog document also repeats the metadata part of the full dump (DCAT,
VoID, PROV, licences) so that ``catalog.ttl`` can be harvested on its own.
It is cut out of ``occlink.nt`` line by line — the published N-Triples are
one sorted triple per line — which is cheaper than rebuilding the dataset and
consistent with the dump by construction; ``occlink build``, which still holds the
triples it wrote the dump from, cuts the same part out of them (``metadata_triples``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from occlink.errors import InputError
from occlink.graph.metadata import download_url
from occlink.graph.provenance import catalog_dataset_iri
from occlink.taxonomy.namespaces import DCAT, DCTERMS, FOAF, PROV, RDF, SKOS, SPDX, VOID, XSD, Namespaces
from occlink.triples import Triple

IANA = "http://www.iana.org/assignments/media-types/"
MEDIA_TYPES = {  # by file-name ending, longest first
    ".sssom.tsv": "text/tab-separated-values",
    ".jsonld": "application/ld+json",
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".tsv": "text/tab-separated-values",
    ".json": "application/json",
    ".csv": "text/csv",
    ".html": "text/html",
}
# prov:Entity is not listed: per-concept entities (inferred markers) are data, not catalog metadata;
# the source documents come in as what the metadata's activities prov:used.
METADATA_CLASSES = (DCAT.Catalog, DCAT.Dataset, VOID.Dataset, VOID.Linkset, PROV.Activity,
                    DCTERMS.RightsStatement, DCTERMS.LicenseDocument, SPDX.Checksum, FOAF.Agent)
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
DCATAP_AVAILABILITY = URIRef("http://data.europa.eu/r5r/availability")
STABLE = URIRef("http://publications.europa.eu/resource/authority/planned-availability/STABLE")
ADMS_ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
FILE_TYPES = {  # media type → EU file-type authority (dct:format, as DCAT-AP recommends)
    "text/turtle": "RDF_TURTLE", "application/ld+json": "JSON_LD", "application/n-triples": "RDF_N_TRIPLES",
    "text/csv": "CSV", "text/tab-separated-values": "TSV", "application/json": "JSON", "text/html": "HTML",
}
DESCRIPTIONS = {  # file kind → (en, zh)
    ".sssom.tsv": ("Reviewed mapping decisions, SSSOM/TSV.", "经审核的映射决定，SSSOM/TSV 格式。"),
    ".csv": ("Flat table, UTF-8 CSV with a header row (columns in docs/publishing.md).",
             "扁平表格，UTF-8 CSV，含表头（列说明见 docs/publishing.md）。"),
    ".ttl": ("RDF dump, Turtle.", "RDF 数据转储，Turtle 格式。"),
    ".nt": ("RDF dump, N-Triples (one sorted triple per line).", "RDF 数据转储，N-Triples 格式（每行一个三元组，已排序）。"),
    "context.jsonld": ("The JSON-LD @context of the compact JSON-LD files.", "紧凑 JSON-LD 文件使用的 @context。"),
    ".jsonld": ("RDF dump, compact JSON-LD.", "RDF 数据转储，紧凑 JSON-LD 格式。"),
}
FULL_DUMP = "occlink.nt"


def media_type(name: str) -> str:
    for ending, mime in MEDIA_TYPES.items():
        if name.endswith(ending):
            return mime
    return "application/octet-stream"


def dataset_for(ns: Namespaces, relative: str) -> URIRef:
    """Which dataset a written file is a distribution of (by its name)."""
    if relative.startswith("tables/"):  # exports/dumps/tables.py: tables/{catalog}.csv, tables/mappings/{set}.csv
        relative = relative[len("tables/"):]
        if relative.startswith("mappings/"):
            return ns.dataset[relative[:-len(".csv")]]
    if relative.startswith("mappings/") and relative.endswith(".sssom.tsv"):
        return ns.dataset[relative[:-len(".sssom.tsv")]]  # metadata.mapping_set_dataset_iri
    stem = relative.split(".", 1)[0]
    from occlink.taxonomy.catalogs import CATALOGS
    if stem in CATALOGS:
        return catalog_dataset_iri(ns, stem)
    return ns.dataset["occlink"]  # the full dumps and the JSON-LD context


def file_facts(path: Path) -> tuple[int, str]:
    """(byte size, sha256) of a written file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    except OSError as exc:
        raise InputError(f"cannot read written file: {exc.strerror or exc}", source=str(path)) from None
    return size, digest.hexdigest()


def distributions_graph(ns: Namespaces, out_dir: Path, written: list[Path]) -> Graph:
    g = Graph()
    rows = []
    for path in written:
        try:
            relative = path.resolve().relative_to(out_dir.resolve()).as_posix()
        except ValueError:
            raise InputError(f"written file is outside the output folder {out_dir}", source=str(path)) from None
        rows.append((relative, path))
    for relative, path in sorted(rows):
        size, sha256 = file_facts(path)
        dist = ns.dataset[f"distribution/{relative}"]
        checksum = URIRef(f"{dist}/sha256")
        g.add((dataset_for(ns, relative), DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(relative)))
        g.add((dist, DCTERMS.identifier, Literal(relative)))
        mime = media_type(relative)
        g.add((dist, DCAT.mediaType, URIRef(IANA + mime)))
        if mime in FILE_TYPES:
            g.add((dist, DCTERMS["format"], URIRef(EU_FILE_TYPE + FILE_TYPES[mime])))
        g.add((dist, DCATAP_AVAILABILITY, STABLE))
        url = download_url(ns, relative)
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))  # directly downloadable: the same URL (DCAT-AP usage note)
        for ending, (en, zh) in DESCRIPTIONS.items():
            if relative.endswith(ending):
                g.add((dist, DCTERMS.description, Literal(en, lang="en")))
                g.add((dist, DCTERMS.description, Literal(zh, lang="zh")))
                break
        g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))
    return g


def metadata_from_dump(ns: Namespaces, dump: Path) -> Graph:
    """The metadata triples of the full N-Triples dump.

    Kept subjects: IRIs under {base}dataset/, resources typed with a METADATA_CLASSES
    class, and the sources a metadata activity prov:used.
    """
    try:
        lines = dump.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read dump: {exc.strerror or exc}", source=str(dump)) from None
    rdf_type = f"<{RDF.type}>"
    wanted_types = {f"<{c}>" for c in METADATA_CLASSES}
    prefix = f"<{ns.dataset}"
    used = f"<{PROV.used}>"
    subjects = set()
    for line in lines:
        parts = line.split(" ", 3)
        if len(parts) < 3:
            continue
        if parts[1] == rdf_type and parts[2] in wanted_types:
            subjects.add(parts[0])
        elif parts[1] == used and parts[0].startswith(prefix) and parts[2].startswith("<"):
            subjects.add(parts[2])
    kept = [line for line in lines if line.startswith(prefix) or line.split(" ", 1)[0] in subjects]
    g = Graph()
    if kept:
        g.parse(data="\n".join(kept) + "\n", format="nt")
    return g


def referenced_terms(graph: Graph) -> Graph:
    """The classes DCAT-AP expects of the external terms the catalog points to (media types, file
    types, themes, places, languages, standards, the checksum algorithm). Only in catalog.ttl: the
    dump describes occlink's data, not the EU's or IANA's vocabularies."""
    from occlink.graph.metadata import CHINA, EU_THEMES, LANGUAGES, SKOS_STANDARD, SSSOM_STANDARD, THEMES
    g = Graph()
    for media in set(graph.objects(None, DCAT.mediaType)):
        g.add((media, RDF.type, DCTERMS.MediaType))
    for fmt in set(graph.objects(None, DCTERMS["format"])):
        g.add((fmt, RDF.type, DCTERMS.MediaTypeOrExtent))
    for theme, label in zip(THEMES, ("Economy and finance", "Population and society")):  # the EU's own labels
        g.add((theme, RDF.type, SKOS.Concept))
        g.add((theme, SKOS.inScheme, EU_THEMES))
        g.add((theme, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((EU_THEMES, RDF.type, SKOS.ConceptScheme))
    g.add((EU_THEMES, DCTERMS.title, Literal("Data theme", lang="en")))
    for homepage in set(graph.objects(None, FOAF.homepage)):
        g.add((homepage, RDF.type, FOAF.Document))
    g.add((CHINA, RDF.type, DCTERMS.Location))
    for language in LANGUAGES:
        g.add((language, RDF.type, DCTERMS.LinguisticSystem))
    for standard in (SKOS_STANDARD, SSSOM_STANDARD):
        g.add((standard, RDF.type, DCTERMS.Standard))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    for concept, label, scheme, title in (
            (STABLE, "stable", STABLE.rsplit("/", 1)[0], "Planned availability"),
            (ADMS_ATTRIBUTION, "Attribution", "http://purl.org/adms/licencetype/1.1", "ADMS licence type")):
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((concept, SKOS.inScheme, URIRef(scheme)))
        g.add((URIRef(scheme), RDF.type, SKOS.ConceptScheme))
        g.add((URIRef(scheme), DCTERMS.title, Literal(title, lang="en")))
    for licence in set(graph.subjects(RDF.type, DCTERMS.LicenseDocument)):  # CC BY 4.0 and MIT both require attribution
        g.add((licence, DCTERMS.type, ADMS_ATTRIBUTION))
    return g


def metadata_triples(ns: Namespaces, triples: Iterable[Triple]) -> list[Triple]:
    """``metadata_from_dump``'s selection, made on the triples the full dump was written from."""
    triples = triples if isinstance(triples, list) else list(triples)
    # set lookups: by hash and identity, no rdflib __eq__ call a triple
    rdf_type, used, wanted = {RDF.type}, {PROV.used}, set(METADATA_CLASSES)
    prefix = str(ns.dataset)
    subjects = set()
    for s, p, o in triples:
        if p in rdf_type:
            if o in wanted:
                subjects.add(s)
        elif p in used and type(s) is URIRef and s.startswith(prefix) and type(o) is URIRef:
            subjects.add(o)
    return [t for t in triples if (type(t[0]) is URIRef and t[0].startswith(prefix)) or t[0] in subjects]


def catalog_document(ns: Namespaces, out_dir: Path, written: list[Path],
                     metadata: Iterable[Triple] | None = None) -> Graph:
    """The DCAT catalog of the ``written`` files. ``metadata``: the metadata part of the full
    dump when the caller has it (``metadata_triples``), else it is read from the dump."""
    graph = Graph()
    ns.bind(graph)
    dump = out_dir / FULL_DUMP
    if any(p.name == FULL_DUMP and p.parent.resolve() == out_dir.resolve() for p in written):
        for triple in metadata if metadata is not None else metadata_from_dump(ns, dump):
            graph.add(triple)
    for triple in distributions_graph(ns, out_dir, written):
        graph.add(triple)
    for triple in referenced_terms(graph):
        graph.add(triple)
    # each file carries the terms of the dataset it distributes (DCAT-AP: licence on the distribution)
    for dataset, _, dist in list(graph.triples((None, DCAT.distribution, None))):
        for prop in (DCTERMS.license, DCTERMS.rights):
            for terms in list(graph.objects(dataset, prop)):
                graph.add((dist, prop, terms))
    return graph
