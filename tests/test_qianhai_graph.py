"""Qianhai 2020 as linked data: every occupation complete, labels, provenance, the report's figures."""

from __future__ import annotations

import csv
import importlib.util
import io
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from occlink.cli.main import cli
from occlink.exports.dataset import dataset_graph
from occlink.exports.serialize import serialize
from occlink.taxonomy.errors import InputError
from occlink.taxonomy.namespaces import SCHEMA, SKOSXL, Namespaces
from occlink.taxonomy.qianhai_graph import qianhai_graph
from occlink.taxonomy.qianhai_table import COLUMNS, load_occupations, packaged_path

NS = Namespaces()
OCC = NS.vocab
SUMMARY = {
    ("orientation", "demand-oriented"): 29, ("orientation", "strategy-oriented"): 21,
    ("industry", "financial"): 8, ("industry", "science-and-technology-service"): 15,
    ("industry", "information-service"): 5, ("industry", "modern-logistics"): 2,
    ("industry", "professional-service"): 20,
    ("duration", "long-term"): 34, ("duration", "short-term"): 13, ("duration", "near-future"): 3,
    ("severity", "moderately-short"): 14, ("severity", "relatively-short"): 21, ("severity", "extremely-short"): 15,
}


@pytest.fixture(scope="module")
def g():
    return qianhai_graph(NS)


def occupations(g):
    return sorted(s for s in g.subjects(SKOS.inScheme, NS.qh_scheme) if (s, RDF.type, SCHEMA.Occupation) in g)


def test_fifty_occupations_with_stable_ids(g):
    occs = occupations(g)
    assert len(occs) == 50
    assert NS.qh["d06"] in occs and NS.qh["s21"] in occs and NS.qh["d30"] not in occs
    assert NS.compact(str(NS.qh["d06"])) == "qh:d06"
    assert all((s, RDF.type, SKOS.Concept) in g for s in occs)


@pytest.mark.parametrize("prop", ["orientation", "industry", "demandDuration", "supplySeverity", "minimumDegree"])
def test_every_occupation_has_each_controlled_value(g, prop):
    for s in occupations(g):
        values = list(g.objects(s, OCC[prop]))
        assert len(values) == 1, (s, prop)
        assert (values[0], RDF.type, SKOS.Concept) in g


def test_every_occupation_has_every_attribute(g):
    for s in occupations(g):
        assert g.value(s, OCC.sourceTable) in (Literal(1, datatype=XSD.integer), Literal(2, datatype=XSD.integer))
        assert g.value(s, OCC.listNumber) is not None
        assert g.value(s, SKOS.notation) is not None
        comps = sorted(g.objects(s, OCC.competencyRequirement))
        assert [int(g.value(c, SCHEMA.position)) for c in comps] == [1, 2, 3]
        assert all(str(g.value(c, SCHEMA.description)) for c in comps)
        edu = g.value(s, SCHEMA.educationRequirements)
        assert (edu, RDF.type, SCHEMA.EducationalOccupationalCredential) in g
        assert list(g.objects(edu, OCC.specialty)) and g.value(edu, SCHEMA.educationalLevel) is not None
        assert g.value(edu, SCHEMA.description) is not None
        exp = g.value(s, SCHEMA.experienceRequirements)
        assert (exp, RDF.type, SCHEMA.OccupationalExperienceRequirements) in g
        years = int(g.value(exp, OCC.minimumYearsOfExperience))
        assert int(g.value(exp, SCHEMA.monthsOfExperience)) == 12 * years
        assert str(g.value(exp, SCHEMA.description)) == f"More than {years} years of related experience"


def test_examples_from_the_report(g):
    d06 = NS.qh["d06"]
    assert Literal("AI engineer", lang="en") in set(g.objects(d06, SKOS.prefLabel))
    edu = g.value(d06, SCHEMA.educationRequirements)
    assert g.value(edu, SCHEMA.educationalLevel) == NS.qh["degree/master"]
    assert set(g.objects(edu, OCC.preferredDegree)) == {NS.qh["degree/doctor"], NS.qh["degree/postdoctoral"]}
    assert int(g.value(g.value(NS.qh["d14"], SCHEMA.experienceRequirements), OCC.minimumYearsOfExperience)) == 10
    s14 = g.value(NS.qh["s14"], SCHEMA.educationRequirements)
    assert str(g.value(s14, OCC.preference)) == "science and engineering background preferred"
    d12 = g.value(NS.qh["d12"], SCHEMA.educationRequirements)
    assert g.value(d12, OCC.specialtiesOpen) == Literal(False)
    assert Literal("other professional service industries", lang="en") in set(
        g.objects(NS.qh["industry/professional-service"], SKOS.altLabel))


def test_no_links_to_national_codes(g):
    assert not any(str(o).startswith(str(NS.csco)) for o in g.objects())


def test_en_and_zh_label_on_every_concept_and_collection(g):
    nodes = set(g.subjects(RDF.type, SKOS.Concept)) | set(g.subjects(RDF.type, SKOS.Collection)) | \
        set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(nodes) >= 50 + 18 + 3
    for s in nodes:
        langs = [o.language for o in g.objects(s, SKOS.prefLabel)]
        assert sorted(langs) == ["en", "zh"], s


def test_zh_labels_are_marked_project_translations(g):
    for s, _, text in g.triples((None, SKOS.prefLabel, None)):
        if text.language != "zh":
            continue
        label = g.value(s, SKOSXL.prefLabel)
        assert label is not None, s
        assert (label, RDF.type, OCC.ProjectTranslation) in g
        assert g.value(label, SKOSXL.literalForm) == text
        assert g.value(label, OCC.translationOf).language == "en"
        assert g.value(label, DCTERMS.creator) == NS.project
        assert g.value(label, PROV.wasAttributedTo) == NS.project


def test_translations_reuse_national_terms(g):
    def zh(i):
        return next(str(o) for o in g.objects(NS.qh[i], SKOS.prefLabel) if o.language == "zh")
    assert (zh("s02"), zh("s03"), zh("s06"), zh("d06")) == ("精算师", "资产评估师", "区块链工程技术人员", "人工智能工程技术人员")
    assert g.value(NS.qh["s06/label/zh"], OCC.usesNationalTerm) == Literal(True)


def test_reported_counts_equal_computed_counts(g):
    for (dimension, value), count in SUMMARY.items():
        concept = NS.qh[f"{dimension}/{value}"]
        assert int(g.value(concept, OCC.reportedCount)) == count
        prop = {"orientation": OCC.orientation, "industry": OCC.industry, "duration": OCC.demandDuration,
                "severity": OCC.supplySeverity}[dimension]
        assert len(set(g.subjects(prop, concept))) == count


def test_table3_collections_not_exhaustive(g):
    cols = sorted(g.subjects(RDF.type, OCC.SpecialtyCategory))
    assert len(cols) == 3
    for c in cols:
        assert len(set(g.objects(c, SKOS.member))) == 7
        assert g.value(c, OCC.listIsExhaustive) == Literal(False)


def test_report_metadata(g):
    s = NS.qh_scheme
    assert str(g.value(g.value(s, OCC.commissionedBy), SKOS.prefLabel)) == "Qianhai Administration Bureau"
    assert str(g.value(g.value(s, DCTERMS.creator), SKOS.prefLabel)) == "Chinese Academy of Personnel Science"
    assert str(g.value(s, OCC.researchStart)) == "2019-10" and str(g.value(s, OCC.researchEnd)) == "2020-08"
    assert int(g.value(s, OCC.enterprisesSurveyed)) == 1500
    assert int(g.value(s, OCC.reportedOccupationCount)) == 50
    assert len(list(g.objects(s, OCC.researchMethod))) == 5
    assert {int(g.value(b, OCC.newOccupationCount) or 0) for b in g.objects(s, OCC.basis)} == {0, 38}


def test_no_blank_nodes_and_deterministic(g):
    assert not any(isinstance(t, type(None)) for t in g)
    from rdflib import BNode
    assert not any(isinstance(x, BNode) for triple in g for x in triple)
    assert serialize(g, "ntriples", NS) == serialize(qianhai_graph(NS), "ntriples", NS)


def test_vocabulary_defines_every_occ_term_used(g):
    vocab = dataset_graph(NS, ["qianhai2020"], with_mappings=False, with_metadata=False)
    used = {p for p in g.predicates() if str(p).startswith(str(OCC))} | \
        {o for o in g.objects(None, RDF.type) if str(o).startswith(str(OCC))}
    for term in used:
        labels = {o.language for o in vocab.objects(term, __import__("rdflib").RDFS.label)}
        assert labels == {"en", "zh"}, term


def _summary_rows_from_text(text: str) -> dict:
    rows = list(csv.DictReader(io.StringIO(text)))
    return {(r["dimension"], r["value"]): int(r["count"]) for r in rows}


def test_summary_query_reproduces_the_report():
    from occlink.exports.examples import load_example
    graph = dataset_graph(NS, ["qianhai2020"], with_mappings=False, with_metadata=False)
    got = {(str(d), str(v)): int(c) for d, v, c in graph.query(load_example("qianhai-summary").text)}
    assert got == SUMMARY


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("occlink.cli.query") is None, reason="occlink query not built yet")
def test_summary_query_via_cli():
    result = CliRunner().invoke(cli, ["query", "--example", "qianhai-summary", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert _summary_rows_from_text(result.output) == SUMMARY
    assert result.output.splitlines()[0] == "dimension,value,count"


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("occlink.cli.query") is None, reason="occlink query not built yet")
def test_summary_query_real_process():
    proc = subprocess.run([sys.executable, "-m", "occlink.cli.main", "query", "--example", "qianhai-summary",
                           "--format", "csv"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert _summary_rows_from_text(proc.stdout) == SUMMARY


def test_stats_counts_fifty():
    result = CliRunner().invoke(cli, ["stats", "--format", "json", "--catalog", "qianhai2020"])
    assert result.exit_code == 0, result.output
    import json
    stats = json.loads(result.output)["catalogs"][0]
    assert (stats["occupations"], stats["en_labels"], stats["zh_labels"]) == (50, 50, 50)


def test_cli_exports_byte_identical(tmp_path):
    runner = CliRunner()
    outs = []
    for run in (1, 2):
        out = tmp_path / f"q{run}.ttl"
        result = runner.invoke(cli, ["export", "--format", "turtle", "--catalog", "qianhai2020",
                                     "--catalog", "beijing2023", "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and b"qh:d06" in outs[0]


# --- bad packaged data: one line naming the file and line --------------------------------------

def _write(tmp_path, mutate):
    rows = list(csv.DictReader(packaged_path("qianhai2020.tsv").open(encoding="utf-8"), delimiter="\t"))
    mutate(rows)
    path = tmp_path / "q.tsv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.mark.parametrize("mutate, message", [
    (lambda rows: rows[3].update(industry="mining"), "unknown industry 'mining'"),
    (lambda rows: rows[3].update(duration="forever"), "unknown duration"),
    (lambda rows: rows[3].update(severity=""), "unknown severity"),
    (lambda rows: rows[3].update(degree_min="phd"), "unknown degree_min"),
    (lambda rows: rows[3].update(id="x04"), "malformed id"),
    (lambda rows: rows[3].update(experience_years="3"), "does not match the phrase"),
    (lambda rows: rows[3].update(competency_2=""), "empty competency_2"),
    (lambda rows: rows[3].update(orientation="strategy-oriented"), "orientation must be"),
    (lambda rows: rows.append(dict(rows[0])), "duplicate id d01"),
])
def test_bad_rows_refused_with_line(tmp_path, mutate, message):
    path = _write(tmp_path, mutate)
    with pytest.raises(InputError) as err:
        load_occupations(path)
    text = str(err.value)
    assert message in text and str(path) in text
    assert "\n" not in text
    assert f"{path}:5:" in text or "duplicate" in message


def test_missing_column_refused(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text("id\ttable\nd01\t1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"q.tsv:1: missing column"):
        load_occupations(path)
