"""The tools people already use read occlink's files: sssom-py, sssom-pydantic, pyld.

Every shipped SSSOM set, the copies ``occlink build`` writes, and ``occlink match``
output (catalog → catalog and CSV → catalog) go through sssom-py's own CLI
(validate, convert to rdf/ttl/owl/json, merge) and sssom-pydantic; the mapping
sets in the dump go through ``sssom parse -I rdf``; every JSON-LD dump goes
through pyld's ``to_rdf`` and must give exactly the N-Triples dump. sssom-py's
CLI runs in-process through click's runner (the same code as the ``sssom``
command, without paying its start-up for every file).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from occlink.cli.main import cli
from occlink.exports.dumps.compiled import compiled_dir
from occlink.mappings.sssom import is_unsure, packaged_mapping_files, read_sssom
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, PAV, SSSOM, Namespaces

sssom_cli = pytest.importorskip("sssom.cli")
sssom_pydantic = pytest.importorskip("sssom_pydantic")
jsonld = pytest.importorskip("pyld.jsonld")

NS = Namespaces(DEFAULT_BASE_IRI)
SAMPLE = Path(__file__).parent / "data" / "match_sample.csv"


@pytest.fixture(scope="module")
def built() -> Path:
    return compiled_dir(NS)


@pytest.fixture(scope="module")
def produced(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("match")
    files = []
    for name, source in (("catalogs", "qianhai2020"), ("csv", str(SAMPLE))):
        path = out / f"{name}.sssom.tsv"
        result = CliRunner().invoke(cli, ["match", "--source", source, "--target", "csco2022", "--top-k", "2",
                                          "--out", str(path)])
        assert result.exit_code == 0, result.output
        files.append(path)
    return files


def sssom(*args: str):
    result = CliRunner().invoke(sssom_cli.main, list(args))
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result


def table_rows(path: Path) -> list[dict[str, str]]:
    """The body of an SSSOM/TSV file sssom-py wrote (its YAML header is richer than occlink's reader needs)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [{k: v for k, v in zip(header, ln.split("\t")) if v} for ln in lines[1:]]


def every_sssom_file(built: Path, produced: list[Path]) -> list[Path]:
    return packaged_mapping_files() + sorted((built / "mappings").glob("*.sssom.tsv")) + produced


def test_every_file_declares_the_same_occlink_prefixes_and_curie_sources(built, produced):
    files = every_sssom_file(built, produced)
    assert len(files) == 2 * len(packaged_mapping_files()) + 2  # shipped, built copies, match output
    own = None
    for path in files:
        ms = read_sssom(path)
        prefixes = {k: v for k, v in ms.curie_map.items() if not v.startswith("urn:occlink:csv:")}
        own = own or prefixes
        assert prefixes == own, path
        for key in ("subject_source", "object_source"):
            if key in ms.metadata:
                prefix = str(ms.metadata[key]).partition(":")[0]
                assert prefix in ms.curie_map, (path, key)


def test_sssom_py_validates_and_converts_every_file(built, produced, tmp_path):
    for path in every_sssom_file(built, produced):
        rows = len(read_sssom(path).rows)
        result = sssom("validate", str(path))
        assert "incorrect value" not in result.output, (path, result.output)
        for fmt in ("rdf", "ttl", "owl", "json"):
            out = tmp_path / f"{path.stem}.{fmt}"
            sssom("convert", str(path), "-O", fmt, "-o", str(out))
            assert out.stat().st_size > 0
            if fmt == "json":
                doc = json.loads(out.read_text(encoding="utf-8"))
                assert len(doc["mappings"]) == rows, path
                continue
            g = Graph().parse(out, format="turtle")
            assert len(set(g.subjects(OWL.annotatedSource, None))) == rows, (path, fmt)
            if fmt != "owl":  # the OWL form keeps axioms only
                sources = set(g.objects(None, SSSOM.object_source))
                assert sources <= {URIRef(f"{DEFAULT_BASE_IRI}csco/2022"), URIRef(f"{DEFAULT_BASE_IRI}beijing/2023"),
                                   URIRef("http://data.europa.eu/esco/concept-scheme/isco"),
                                   URIRef("http://data.europa.eu/esco/concept-scheme/occupations")}
                assert sources, (path, fmt)  # kept, as an IRI (a bare word used to be dropped)


def test_sssom_pydantic_reads_every_row(built, produced):
    for path in every_sssom_file(built, produced):
        mappings, _converter, _metadata = sssom_pydantic.read(str(path))
        rows = read_sssom(path).rows
        assert len(mappings) == len(rows), path
        assert sorted(m.subject.curie for m in mappings) == sorted(r["subject_id"] for r in rows)


def test_unsure_set_stays_recognisable_after_a_merge(tmp_path):
    files = [p for p in packaged_mapping_files() if p.name.startswith("qianhai2020-csco2022.")]
    merged = tmp_path / "merged.sssom.tsv"
    sssom("merge", *map(str, files), "-o", str(merged))
    unsure_file = next(p for p in files if ".unsure." in p.name)
    expected = {(r["subject_id"], r["object_id"]) for r in read_sssom(unsure_file).rows}
    mappings, _, _ = sssom_pydantic.read(str(merged))
    found = {(m.subject.curie, m.object.curie) for m in mappings if m.reviewer_agreement == 0.0}
    assert found == expected and len(expected) == 12
    # occlink's own reader says the same
    assert {(r["subject_id"], r["object_id"]) for r in table_rows(merged) if is_unsure(r)} == expected
    # and sssom-pydantic's own filter drops exactly them
    kept = list(sssom_pydantic.process.exclude_unsure(mappings))
    assert len(kept) == len(mappings) - len(expected)


def test_sssom_py_parses_the_mapping_sets_in_the_dump(built, tmp_path):
    dump = Graph().parse(built / "occlink.ttl", format="turtle")
    sets = sorted(dump.subjects(RDF.type, SSSOM.MappingSet))
    assert len(sets) == len(packaged_mapping_files())
    for mapping_set in sets:
        part = Graph()
        for prefix, iri in dump.namespaces():
            part.bind(prefix, iri)
        for triple in dump.triples((mapping_set, None, None)):
            part.add(triple)
        axioms = list(dump.objects(mapping_set, SSSOM.mappings))
        for axiom in axioms:
            for triple in dump.triples((axiom, None, None)):
                part.add(triple)
        name = str(mapping_set).rsplit("/", 1)[-1]
        source, out = tmp_path / f"{name}.ttl", tmp_path / f"{name}.sssom.tsv"
        part.serialize(source, format="turtle")
        sssom("parse", "-I", "rdf", str(source), "-o", str(out))
        rows = table_rows(out)
        assert len(rows) == len(axioms), name
        header = out.read_text(encoding="utf-8")
        for row in rows:  # author and date survive (SSSOM's slot URIs, not private ones)
            assert row["author_id"] == f"{DEFAULT_BASE_IRI}reviewer/maintainers", row
            # sssom-py moves a date shared by every row up into the set's metadata
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.get("mapping_date", "")) or re.search(
                r"# mapping_date: \d{4}-\d{2}-\d{2}", header), row
        if name.endswith(".unsure"):
            assert all(is_unsure(row) for row in rows)
        if name.endswith(".negative"):
            # a rejected candidate (predicate_modifier Not), or SSSOM's "no term found" (a decided absence)
            assert all(row.get("predicate_modifier") == "Not" or row.get("object_id", "").endswith("NoTermFound")
                       for row in rows), rows
        author = (axioms[0], PAV.authoredBy, URIRef(f"{DEFAULT_BASE_IRI}reviewer/maintainers"))
        assert author in dump


@pytest.mark.parametrize("name", ["occlink", "csco2022", "qianhai2020", "beijing2023", "catalog"])
def test_pyld_to_rdf_equals_the_ntriples_dump(built, name):
    doc = json.loads((built / f"{name}.jsonld").read_text(encoding="utf-8"))
    quads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    from_jsonld = {line for line in quads.splitlines() if line.strip()}
    if name == "catalog":  # no N-Triples twin: compare with the Turtle read by rdflib, unnormalized
        expected = Graph().parse(built / "catalog.ttl", format="turtle")
        assert len(from_jsonld) == len(expected)
        return
    dump = {line for line in (built / f"{name}.nt").read_text(encoding="utf-8").splitlines() if line.strip()}
    assert from_jsonld == dump


def test_confidence_is_written_in_canonical_form(built):
    text = (built / "occlink.nt").read_text(encoding="utf-8")
    assert '<https://w3id.org/sssom/confidence> "9.9E-1"^^<http://www.w3.org/2001/XMLSchema#double>' in text
    assert '"0.99"^^<http://www.w3.org/2001/XMLSchema#double>' not in text
    assert Literal("9.9E-1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#double")).toPython() == 0.99
