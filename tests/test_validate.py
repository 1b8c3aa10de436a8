"""occlink validate: the shipped dataset, edited exports, SSSOM files, output formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from occlink.cli.main import cli
from occlink.exports.dumps.serialize import serialize
from occlink.taxonomy.namespaces import Namespaces

sys.path.insert(0, str(Path(__file__).parent))
from shapes_fixtures import NS, corrupted_sample, national_sample  # noqa: E402

DEFECT_CODES = ("2-03-01-00", "4-12-04-02", "5-03-00-00", "6-20-05-03",
                "1-06-01-00", "2-01-04-00", "2-02-32-00", "5-02-03-00")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def shipped():
    """The shipped dataset validated once (text and json) for this module."""
    text = run("validate")
    as_json = run("validate", "--format", "json")
    return text, as_json


def test_shipped_dataset_conforms_with_defect_warnings(shipped):
    text, as_json = shipped
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Conforms: 0 violation(s)")
    report = json.loads(as_json.stdout)
    assert report["conforms"] is True and report["violations"] == 0
    warnings = [r for r in report["results"] if r["severity"] == "Warning"]
    named = " ".join(f"{r['focus']} {r['value']}" for r in warnings)
    for code in DEFECT_CODES:
        assert code in named, code
    assert "95 digital" in named and "97" in named
    assert all(r["shape"] == "SourceDefectShape" for r in warnings)


def test_text_report_is_deterministic(shipped):
    again = run("validate")
    assert again.stdout == shipped[0].stdout


def _write(tmp_path: Path, graph: Graph, name: str = "edited.ttl", fmt: str = "turtle") -> Path:
    path = tmp_path / name
    path.write_text(serialize(graph, fmt, NS), encoding="utf-8")
    return path


def test_label_removed_and_code_corrupted_reported_by_iri(tmp_path):
    path = _write(tmp_path, corrupted_sample())
    result = run("validate", "--data", str(path), "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    hits = {(r["focus"], r["source"]) for r in report["results"]}
    assert ("csco:2-02-38-01", "NationalEnLabel") in hits
    assert ("csco:2-02-38-01", "NationalNotation") in hits
    notation = next(r for r in report["results"] if r["source"] == "NationalNotation")
    assert notation["value"] == "2-02-38-1X" and notation["path"] == "skos:notation"


@pytest.mark.parametrize("source, focus", [
    ("NoBroaderCycle", "csco:2-02-38-02"),
    ("NoBroaderCycle", "csco:2-02-38-03"),
    ("LevelMatchesCode", "csco:2-02-38-02"),
    ("MarkersMatchCollections", "csco:2-02-38-00"),
    ("NationalZhLabel", "csco:2-02-38-00"),
])
def test_each_national_rule_fires(tmp_path, source, focus):
    path = _write(tmp_path, corrupted_sample(), "sample.nt", "ntriples")
    report = json.loads(run("validate", "--data", str(path), "--format", "json").stdout)
    assert (focus, source) in {(r["focus"], r["source"]) for r in report["results"]}


def test_clean_sample_conforms(tmp_path):
    path = _write(tmp_path, national_sample())
    result = run("validate", "--data", str(path))
    assert result.exit_code == 0, result.output


def test_jsonld_input(tmp_path):
    path = _write(tmp_path, corrupted_sample(), "sample.jsonld", "jsonld")
    result = run("validate", "--data", str(path), "--format", "json")
    assert result.exit_code == 1, result.output
    assert "csco:2-02-38-01" in result.stdout


def test_member_of_marker_collection_must_be_national(tmp_path):
    g = national_sample()
    g.add((NS.csco["collection/digital"], SKOS.member, NS.qh["d06"]))
    result = run("validate", "--data", str(_write(tmp_path, g)))
    assert result.exit_code == 1
    assert "MembersAreNational" in result.stdout or "qh:d06" in result.stdout


def test_broader_in_other_scheme(tmp_path):
    g = national_sample()
    g.set((NS.csco["2-02-38-01"], SKOS.broader, NS.qh["d06"]))
    result = run("validate", "--data", str(_write(tmp_path, g)), "--format", "json")
    sources = {r["source"] for r in json.loads(result.stdout)["results"] if r["focus"] == "csco:2-02-38-01"}
    assert "BroaderInSameScheme" in sources


def test_unreadable_turtle_exits_2_with_line_and_column(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\n'
                    '<http://x/a> skos:prefLabel "ok" .\n<http://x/b> skos:prefLabel "unterminated .\n',
                    encoding="utf-8")
    result = run("validate", "--data", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}:4:")
    assert "Traceback" not in result.stderr


SSSOM_HEADER = """#curie_map:
#  qh: https://w3id.org/occlink/qianhai/2020/
#  csco: https://w3id.org/occlink/csco/2022/
#  occrev: https://w3id.org/occlink/reviewer/
#mapping_set_id: https://w3id.org/occlink/mappings/test
#license: https://creativecommons.org/licenses/by/4.0/
#object_source: https://w3id.org/occlink/csco/2022
subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tauthor_id\tmapping_date\tcomment
"""


def _sssom(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "check.sssom.tsv"
    path.write_text(SSSOM_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_sssom_confidence_and_predicate_both_named(tmp_path):
    path = _sssom(tmp_path, [
        "qh:d06\tskos:exactMatch\tcsco:2-02-38-01\tsemapv:ManualMappingCuration\t1.7\toccrev:a\t2024-01-01\t",
        "qh:d07\tskos:sameAsMatch\tcsco:4-04-05-05\tsemapv:ManualMappingCuration\t0.9\toccrev:a\t2024-01-01\t",
    ])
    result = run("validate", "--data", str(path))
    assert result.exit_code == 1, result.output
    assert "#row=9" in result.stdout and "1.7" in result.stdout and "confidence must be within [0, 1]" in result.stdout
    assert "#row=10" in result.stdout and "predicate_id must be one of" in result.stdout


@pytest.mark.parametrize("row, message", [
    ("qh:d06\tskos:exactMatch\tzz:1\tsemapv:ManualMappingCuration\t0.9\toccrev:a\t2024-01-01\t",
     "object_id is required and must be a CURIE"),
    ("qh:d06\tskos:exactMatch\tcsco:2-02-38-01\tsemapv:Guessing\t0.9\toccrev:a\t2024-01-01\t",
     "mapping_justification must be a semapv justification"),
    ("qh:d06\tskos:exactMatch\tcsco:2-02-38-01\tsemapv:ManualMappingCuration\thigh\toccrev:a\t2024-01-01\t",
     "confidence must be a number"),
    ("qh:d06\tskos:exactMatch\tcsco:2-02-38-01\tsemapv:ManualMappingCuration\t0.9\t\t\t",
     "needs a reviewer"),
    ("qh:d06\tskos:exactMatch\tcsco:2-02-38-01\tsemapv:ManualMappingCuration\t0.9\toccrev:a\t21/11/2024\t",
     "mapping_date must be a date"),
])
def test_sssom_value_rules(tmp_path, row, message):
    result = run("validate", "--data", str(_sssom(tmp_path, [row])))
    assert result.exit_code == 1, result.output
    assert message in result.stdout


def test_two_exact_matches_into_one_scheme_need_a_comment(tmp_path):
    base = "qh:d06\tskos:exactMatch\tcsco:{}\tsemapv:ManualMappingCuration\t0.9\toccrev:a\t2024-01-01\t{}"
    bare = run("validate", "--data", str(_sssom(tmp_path, [base.format("2-02-38-01", ""),
                                                           base.format("2-02-38-02", "")])))
    assert bare.exit_code == 1 and "another exact match" in bare.stdout
    explained = run("validate", "--data", str(_sssom(tmp_path, [base.format("2-02-38-01", "both apply"),
                                                                base.format("2-02-38-02", "both apply")])))
    assert explained.exit_code == 0, explained.output


def test_shipped_sssom_files_conform():
    from occlink.mappings.sssom import packaged_mapping_files
    files = [str(p) for p in packaged_mapping_files()]
    assert files
    args = [a for f in files for a in ("--data", f)]
    result = run("validate", *args)
    assert result.exit_code == 0, result.output


def test_turtle_report_parses(tmp_path):
    path = _write(tmp_path, corrupted_sample())
    result = run("validate", "--data", str(path), "--format", "turtle")
    assert result.exit_code == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    assert (None, None, Literal(False)) in report
    assert len(list(report.subjects(predicate=None, object=None))) > 5
    assert not any(str(s).startswith("_:") or s.__class__.__name__ == "BNode" for s in report.subjects())
    assert f"{sh}ValidationReport" in result.stdout or "sh:ValidationReport" in result.stdout


def test_rebased_shapes_follow_base_iri(tmp_path):
    ns = Namespaces("https://example.org/occ/")
    path = tmp_path / "rebased.ttl"
    path.write_text(serialize(corrupted_sample(ns), "turtle", ns), encoding="utf-8")
    result = run("--base-iri", "https://example.org/occ/", "validate", "--data", str(path))
    assert result.exit_code == 1
    assert "csco:2-02-38-01" in result.stdout


def test_subprocess_real_run(tmp_path):
    path = _write(tmp_path, corrupted_sample())
    proc = subprocess.run([sys.executable, "-m", "occlink", "validate", "--data", str(path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "csco:2-02-38-01" in proc.stdout
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "turtle"])
def test_reports_are_byte_identical_across_runs(tmp_path, fmt):
    path = _write(tmp_path, corrupted_sample())
    first = run("validate", "--data", str(path), "--format", fmt)
    second = run("validate", "--data", str(path), "--format", fmt)
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout


def test_several_files_are_checked_together(tmp_path):
    """A Beijing-style link resolves when the national file is given alongside it."""
    link = tmp_path / "link.ttl"
    link.write_text("@prefix occ: <https://w3id.org/occlink/vocab#> .\n"
                    "<https://example.org/x> occ:nationalOccupation <https://w3id.org/occlink/csco/2022/2-02-38-01> .\n",
                    encoding="utf-8")
    alone = run("validate", "--data", str(link))
    assert alone.exit_code == 1 and "NationalLinkShape" in alone.stdout
    together = run("validate", "--data", str(link), "--data", str(_write(tmp_path, national_sample())))
    assert together.exit_code == 0, together.output


def test_real_export_edited_by_hand(tmp_path):
    """The 'done when' case: export the national catalog, delete an English label and corrupt a code."""
    out = tmp_path / "csco.ttl"
    exported = run("export", "--format", "turtle", "--catalog", "csco2022", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    text = out.read_text(encoding="utf-8")
    label = ('skos:prefLabel "Artificial intelligence engineer"@en,\n'
             '        "人工智能工程技术人员"@zh ;')
    assert label in text and 'skos:notation "2-02-38-01" ;' in text
    text = text.replace(label, 'skos:prefLabel "人工智能工程技术人员"@zh ;')
    text = text.replace('skos:notation "2-02-38-01" ;', 'skos:notation "2-02-38-O1" ;')
    out.write_text(text, encoding="utf-8")
    result = run("validate", "--data", str(out), "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    violations = {(r["focus"], r["source"]) for r in report["results"] if r["severity"] == "Violation"}
    assert violations == {("csco:2-02-38-01", "NationalEnLabel"), ("csco:2-02-38-01", "NationalNotation")}
    assert report["warnings"] == 19  # the source defects are still reported, as warnings


def test_every_documented_source_oddity_is_a_reported_defect(shipped):
    """Guard: each code that docs/translations.md lists under its source defects is named by a
    SourceDefect warning of `occlink validate` (documented oddities live in the data too)."""
    import re
    docs = (Path(__file__).resolve().parent.parent / "docs" / "translations.md").read_text(encoding="utf-8")
    section = docs.split("## Source defects", 1)[1].split("\n## ", 1)[0]
    codes = set(re.findall(r"\b[1-8]-\d{2}-\d{2}-\d{2}\b", section))
    assert len(codes) >= 20
    report = json.loads(shipped[1].stdout)
    named = " ".join(f"{r['focus']} {r['value']}" for r in report["results"] if r["shape"] == "SourceDefectShape")
    assert not [code for code in sorted(codes) if code not in named]
    catalogs = (Path(__file__).resolve().parent.parent / "docs" / "catalogs.md").read_text(encoding="utf-8")
    for iri in re.findall(r"`qh:defect/([\w/-]+)`", catalogs):
        assert f"qh:defect/{iri}" in named or f"qianhai/2020/defect/{iri}" in named, iri
