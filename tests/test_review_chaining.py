"""Chained candidates in ``occlink review`` (issue #15): marked as such on the queue, the card shows
both steps, and accepting one records ``semapv:MappingChaining`` with both source mappings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import PROV, SKOS

from occlink.cli.main import cli
from occlink.mappings.chaining import CHAIN_COLUMNS
from occlink.mappings.graph import mappings_graph
from occlink.mappings.sssom import packaged_mapping_files, read_sssom
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()
QH_BJ = ["--source", "qianhai2020", "--target", "beijing2023"]
POSITIVE = "qianhai2020-beijing2023.positive.sssom.tsv"
# qh:d18 is reviewed broadMatch csco:2-02-34-02 (shipped Qianhai → national set); Beijing keys bj:2-02-34-02
SUBJECT, OBJECT = "qh:d18", "bj:2-02-34-02"
STEP_1 = "https://w3id.org/occlink/mappings/qianhai2020-csco2022.positive/qh-d18/broadMatch/csco-2-02-34-02/occrev-maintainers"
STEP_2 = "https://w3id.org/occlink/beijing/2023/urgent/2-02-34-02"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The shipped decision sets without the Qianhai → Beijing decisions (so their pairs are pending)."""
    for path in packaged_mapping_files():
        if not path.name.startswith("qianhai2020-beijing2023"):
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


def run(args: list[str], folder: Path, **kw):
    env = {"OCCLINK_MAPPINGS_DIR": str(folder), "OCCLINK_REVIEWER": "alice", "COLUMNS": "100"}
    return CliRunner().invoke(cli, ["review", *args], env=env, catch_exceptions=False, **kw)


def test_the_queue_marks_chained_candidates(folder):
    result = run(["list", *QH_BJ, "--status", "pending", "--format", "json"], folder)
    assert result.exit_code == 0, result.output
    rows = {(r["subject_id"], r["object_id"]): r for r in json.loads(result.stdout)}
    assert rows[(SUBJECT, OBJECT)]["justification"] == "semapv:MappingChaining"
    assert rows[(SUBJECT, OBJECT)]["predicate_id"] == "skos:broadMatch"
    # an identical name stays a lexical proposal (better evidence wins), not marked as chained
    assert rows[("qh:d06", "bj:2-02-38-01")]["justification"] is None


def test_the_card_shows_both_steps(folder):
    result = run(["show", *QH_BJ, SUBJECT, OBJECT], folder)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # the card wraps at 100 columns
    assert "chained via csco:2-02-34-02 工业设计工程技术人员 (semapv:MappingChaining)" in text
    assert ("step 1 qh:d18 broad csco:2-02-34-02, confidence 0.70, reviewed mapping "
            "occmap:qianhai2020-csco2022.positive/qh-d18/broadMatch/csco-2-02-34-02/occrev-maintai") in text
    assert "step 2 bj:2-02-34-02 exact csco:2-02-34-02, confidence 1.00, keyed" in text
    assert "chained 0.700 · proposes broad" in text
    lexical = " ".join(run(["show", *QH_BJ, "qh:d06", "bj:2-02-38-01"], folder).output.split())
    assert "chained via" not in lexical and "matcher score" in lexical
    shown = json.loads(run(["show", *QH_BJ, SUBJECT, OBJECT, "--format", "json"], folder).stdout)
    assert shown["justification"] == "semapv:MappingChaining"
    assert shown["chain"]["see_also"] == f"{STEP_1}|{STEP_2}" and shown["chain"]["pivot_id"] == "csco:2-02-34-02"


def _assert_chained_decision(folder: Path, author: str) -> None:
    rows = [r for r in read_sssom(folder / POSITIVE).rows if (r["subject_id"], r["object_id"]) == (SUBJECT, OBJECT)]
    assert len(rows) == 1
    row = rows[0]
    assert row["mapping_justification"] == "semapv:MappingChaining" and row["author_id"] == author
    assert row["see_also"] == f"{STEP_1}|{STEP_2}"
    assert (row["pivot_id"], row["subject_pivot_predicate"], row["subject_pivot_basis"], row["subject_pivot_mapping"],
            row["object_pivot_predicate"], row["object_pivot_basis"], row["object_pivot_mapping"]) == (
        "csco:2-02-34-02", "skos:broadMatch", "reviewed", STEP_1, "skos:exactMatch", "keyed", STEP_2)
    assert "similarity_score" not in row and "match_string" not in row
    declared = [d["slot_name"] for d in read_sssom(folder / POSITIVE).metadata["extension_definitions"]]
    assert declared == [c for c, _p, _t in CHAIN_COLUMNS]
    # published once accepted, derived from both source mappings (the first is itself a published axiom)
    g = mappings_graph(NS, folder=folder)
    s, o = URIRef(NS.expand(SUBJECT)), URIRef(NS.expand(OBJECT))
    axiom = next(a for a in g.subjects(PROV.wasDerivedFrom, URIRef(STEP_1)))
    assert set(g.objects(axiom, PROV.wasDerivedFrom)) == {URIRef(STEP_1), URIRef(STEP_2)}
    assert URIRef(STEP_1) in set(g.subjects())
    from occlink.taxonomy.catalogs import catalog_graph
    dataset = catalog_graph("qianhai2020", NS) + catalog_graph("beijing2023", NS)
    assert (s, SKOS.broadMatch, o) in mappings_graph(NS, dataset, folder)


def test_scripted_accept_records_the_chain(folder):
    result = run(["accept", *QH_BJ, SUBJECT, OBJECT, "--predicate", "broad"], folder)
    assert result.exit_code == 0, result.output
    _assert_chained_decision(folder, "occrev:alice")
    # a pair no chain connects (two children of one category are siblings) stays a manual curation
    assert run(["accept", *QH_BJ, "qh:d06", "bj:2-02-38-02", "--predicate", "related"], folder).exit_code == 0
    plain = next(r for r in read_sssom(folder / POSITIVE).rows if r["subject_id"] == "qh:d06")
    assert plain["mapping_justification"] == "semapv:ManualMappingCuration" and "pivot_id" not in plain
    # withdrawing and undoing keep the chain columns (the decision round-trips through the undo log)
    assert run(["withdraw", *QH_BJ, SUBJECT, OBJECT], folder).exit_code == 0
    assert run(["undo", *QH_BJ], folder).exit_code == 0
    _assert_chained_decision(folder, "occrev:alice")


def test_interactive_accept_records_the_chain(folder):
    result = run([*QH_BJ, "--subject", SUBJECT], folder, input="bq")
    assert "chained via csco:2-02-34-02" in " ".join(result.output.split()), result.output
    _assert_chained_decision(folder, "occrev:alice")


def test_sssom_py_reads_a_positive_set_with_a_chained_decision(folder):
    from sssom import cli as sssom_cli
    assert run(["accept", *QH_BJ, SUBJECT, OBJECT, "--predicate", "broad"], folder).exit_code == 0
    check = CliRunner().invoke(sssom_cli.main, ["validate", str(folder / POSITIVE)])
    assert check.exit_code == 0 and "incorrect value" not in check.output, check.output
