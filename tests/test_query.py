"""`occlink query`: examples, parameters, formats, refusals."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.cli.main import cli
from occlink.exports.sparql.examples import list_examples
from occlink.graph.dataset import cached_dataset
from occlink.taxonomy.namespaces import SCHEMA, Namespaces

NS = Namespaces()


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result


def json_rows(output: str) -> list[dict[str, str]]:
    doc = json.loads(output)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def test_list_has_at_least_eight_documented_examples():
    result = run("query", "--list")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) >= 8
    for line in lines:
        name, title, description = line.split("\t")
        assert name and title and description
    for example in list_examples():
        first_two = example.text.splitlines()[:2]
        assert first_two[0].startswith("# title: ") and first_two[1].startswith("# description: ")


@pytest.mark.parametrize("name", [e.name for e in list_examples()])
def test_every_example_runs_and_returns_rows(name):
    result = run("query", "--example", name, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json_rows(result.output)
    if name == "national-occupation":  # unbound ?code: every national concept
        assert len({r["code"] for r in rows}) > 2000
    assert rows, f"{name} returned no rows"


def test_national_by_level_matches_the_graph():
    graph = cached_dataset(NS.base)
    expected = Counter()
    for c in graph.subjects(SKOS.inScheme, NS.csco_scheme):
        for level in graph.objects(c, NS.vocab.level):
            expected[str(level).rsplit("#", 1)[1]] += 1
    rows = json_rows(run("query", "--example", "national-by-level", "--format", "json").output)
    assert {r["level"]: int(r["concepts"]) for r in rows} == dict(expected)
    assert [r["level"] for r in rows] == ["major", "medium", "small", "fine"]
    fine = next(r for r in rows if r["level"] == "fine")
    occupations = {s for s in graph.subjects(RDF.type, SCHEMA.Occupation)
                   if (s, SKOS.inScheme, NS.csco_scheme) in graph and (s, NS.vocab.level, NS.vocab.fine) in graph}
    assert int(fine["occupations"]) == len(occupations)


def test_digital_by_major_group_sums_to_the_digital_fine_occupations():
    graph = cached_dataset(NS.base)
    digital = {s for s in graph.subjects(NS.vocab.digital, Literal(True))
               if (s, SKOS.inScheme, NS.csco_scheme) in graph}
    rows = json_rows(run("query", "--example", "digital-by-major-group", "--format", "json").output)
    assert sum(int(r["digital"]) for r in rows) == len(digital)
    assert all(r["major"].endswith("-00-00-00") for r in rows)


def test_beijing_entries_by_major_group_count_every_entry():
    graph = cached_dataset(NS.base)
    entries = {s for s in graph.subjects(SKOS.inScheme, NS.bj_scheme) if (s, RDF.type, SCHEMA.Occupation) in graph}
    rows = json_rows(run("query", "--example", "beijing-by-major-group", "--format", "json").output)
    assert sum(int(r["entries"]) for r in rows) == len(entries) > 0


def test_qianhai_doctorate_lists_required_and_preferred():
    rows = json_rows(run("query", "--example", "qianhai-doctorate", "--format", "json").output)
    graph = cached_dataset(NS.base)
    doctor = NS.qh["degree/doctor"]
    required = {str(graph.value(o, SKOS.notation)) for o in graph.subjects(NS.vocab.minimumDegree, doctor)}
    assert required and {r["id"] for r in rows if r["doctorate"] == "required"} == required
    assert {"d06", "d14"} <= {r["id"] for r in rows if r["doctorate"] == "preferred"}


def test_extremely_short_by_industry_adds_up_to_the_severity_count():
    rows = json_rows(run("query", "--example", "qianhai-extremely-short-by-industry", "--format", "json").output)
    graph = cached_dataset(NS.base)
    extreme = set(graph.subjects(NS.vocab.supplySeverity, NS.qh["severity/extremely-short"]))
    assert sum(int(r["extremely_short"]) for r in rows) == len(extreme) > 0
    assert sum(int(r["occupations"]) for r in rows) == 50


def test_inferred_markers_carry_their_mapping_and_national_concept():
    rows = json_rows(run("query", "--example", "inferred-markers", "--format", "json").output)
    graph = cached_dataset(NS.base)
    inferred = set(graph.subjects(RDF.type, NS.vocab.InferredMarker))
    assert rows and len({(r["concept"], r["marker"]) for r in rows}) == len(inferred)
    for r in rows:
        assert r["mapping"].startswith(str(NS.mapping)) and r["national_code"]


def test_qianhai_without_beijing_and_in_both_lists_partition_the_qianhai_list():
    without = {r["id"] for r in json_rows(run("query", "--example", "qianhai-without-beijing",
                                              "--format", "json").output)}
    both = {r["qianhai"] for r in json_rows(run("query", "--example", "green-digital-in-both-lists",
                                                "--format", "json").output)}
    assert without and both and not (without & both)
    assert "d06" in both  # AI engineer ↔ 人工智能工程技术人员, a digital occupation


def test_param_binds_a_value_as_a_term():
    result = run("query", "--example", "national-occupation", "--param", "code=2-02-38-01", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json_rows(result.output)
    assert rows and {r["label_zh"] for r in rows} == {"人工智能工程技术人员"}
    assert any(r.get("link") == "nationalOccupation" for r in rows)


def test_param_values_are_never_spliced_into_the_query():
    hostile = '2-02-38-01" } } SELECT * WHERE { ?s ?p ?o } #'
    result = run("query", "--example", "national-occupation", "--param", f"code={hostile}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json_rows(result.output) == []


def test_param_iri_and_curie_forms():
    text = "SELECT ?label WHERE { ?c skos:prefLabel ?label . FILTER(LANG(?label) = 'zh') }"
    for value in ("csco:2-02-38-01", f"<{NS.csco}2-02-38-01>"):
        result = run("query", text, "--param", f"c={value}", "--format", "csv")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["label", "人工智能工程技术人员"]


def test_unknown_param_is_refused():
    result = run("query", "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", "--param", "nope=1")
    assert result.exit_code == 2
    assert "no variable ?nope" in result.output


def test_update_is_refused_with_one_line():
    result = run("query", "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    assert result.exit_code == 2
    assert result.output.strip() == "Error: SPARQL updates are not allowed"
    result = run("query", "PREFIX x: <http://e/>\nDELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 2 and "SPARQL updates are not allowed" in result.output


def test_syntax_error_names_line_and_column():
    result = run("query", "SELECT ?x\nWHERE { ?x ?p }")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: SPARQL syntax error at line 2, column")
    assert "Traceback" not in result.output


def test_csv_and_tsv_neutralize_formula_strings_but_never_numbers_and_json_neither():
    text = ('SELECT ?a ?b ?c ?d ?e ?f ?g WHERE { BIND("=1+1" AS ?a) BIND("+x" AS ?b) BIND(-3 AS ?c) BIND("@cmd" AS ?d) '
            'BIND("ok" AS ?e) BIND("-3" AS ?f) BIND(-2.5e0 AS ?g) }')
    out = run("query", text, "--format", "csv").output
    assert list(csv.reader(io.StringIO(out))) == [["a", "b", "c", "d", "e", "f", "g"],
                                                  ["'=1+1", "'+x", "-3", "'@cmd", "ok", "'-3", "-2.5"]]
    out = run("query", text, "--format", "tsv").output
    assert out.splitlines()[1].split("\t") == ["'=1+1", "'+x", "-3", "'@cmd", "ok", "'-3", "-2.5"]
    rows = json_rows(run("query", text, "--format", "json").output)
    assert rows == [{"a": "=1+1", "b": "+x", "c": "-3", "d": "@cmd", "e": "ok", "f": "-3", "g": "-2.5"}]


def test_json_is_sparql_results_format():
    out = run("query", 'SELECT ?c ?l WHERE { ?c skos:notation "2-02-38-01" ; skos:inScheme ?s ; '
                       'skos:prefLabel ?l . FILTER(STRENDS(STR(?s), "csco/2022") && LANG(?l) = "zh") }',
              "--format", "json").output
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["c", "l"]
    binding = doc["results"]["bindings"][0]
    assert binding["c"] == {"type": "uri", "value": f"{NS.csco}2-02-38-01"}
    assert binding["l"] == {"type": "literal", "value": "人工智能工程技术人员", "xml:lang": "zh"}


NS_BASE = "https://w3id.org/occlink/"


def test_ask_and_construct():
    assert json.loads(run("query", "ASK { csco:2-02-38-01 a skos:Concept }", "--format", "json").output) == \
        {"head": {}, "boolean": True}
    out = run("query", "CONSTRUCT { csco:2-02-38-01 skos:notation ?n } WHERE { csco:2-02-38-01 skos:notation ?n }").output
    triples = set(Graph().parse(data=out, format="turtle"))
    assert triples == {(URIRef(f"{NS_BASE}csco/2022/2-02-38-01"), SKOS.notation, Literal("2-02-38-01"))}


def test_query_file_and_its_errors(tmp_path):
    good = tmp_path / "q.rq"
    good.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?c skos:notation \"2-02-38-01\" }\n", encoding="utf-8")
    result = run("query", "--file", str(good), "--format", "csv")
    assert result.exit_code == 0 and result.output.splitlines()[0] == "n"
    bad = tmp_path / "gbk.rq"
    bad.write_bytes("SELECT * WHERE { ?s ?p \"人工\" }".encode("gbk"))
    result = run("query", "--file", str(bad))
    assert result.exit_code == 2 and "gbk.rq" in result.output and "UTF-8" in result.output
    result = run("query", "--file", str(tmp_path / "missing.rq"))
    assert result.exit_code == 2 and "missing.rq" in result.output
    empty = tmp_path / "empty.rq"
    empty.write_text("  \n", encoding="utf-8")
    result = run("query", "--file", str(empty))
    assert result.exit_code == 2 and "empty query" in result.output


def test_unknown_example_and_usage_errors():
    result = run("query", "--example", "no-such-question")
    assert result.exit_code == 2 and "unknown example 'no-such-question'" in result.output
    assert run("query").exit_code == 2
    assert run("query", "ASK {}", "--example", "national-by-level").exit_code == 2


def test_examples_follow_a_custom_base_iri():
    base = "https://data.example.org/occ/"
    result = run("--base-iri", base, "query", "--example", "national-by-level", "--format", "json")
    assert result.exit_code == 0, result.output
    default = json_rows(run("query", "--example", "national-by-level", "--format", "json").output)
    assert json_rows(result.output) == default
    iri = run("--base-iri", base, "query", 'SELECT ?c WHERE { ?c skos:notation "2-02-38-01" ; a schema:Occupation ; '
                                         'occ:level occ:fine }', "--format", "csv").output
    assert f"{base}csco/2022/2-02-38-01" in iri


def test_real_subprocess_run():
    proc = subprocess.run([sys.executable, "-m", "occlink", "query", "--example", "national-by-level",
                           "--format", "csv"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [r["level"] for r in rows] == ["major", "medium", "small", "fine"]
    proc = subprocess.run([sys.executable, "-m", "occlink", "query", "DROP ALL"], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "Error: SPARQL updates are not allowed"
