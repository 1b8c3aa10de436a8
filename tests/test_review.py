"""occlink review: decisions on disk, undo, conflicts, interactive keys, kill safety."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.errors import InputError
from occlink.mappings.conflicts import find_conflicts
from occlink.mappings.decisions import Crosswalk, DecisionStore, new_decision, reviewer_curie
from occlink.mappings.sssom import read_sssom

POSITIVE = "qianhai2020-csco2022.positive.sssom.tsv"
NEGATIVE = "qianhai2020-csco2022.negative.sssom.tsv"
UNSURE = "qianhai2020-csco2022.unsure.sssom.tsv"


def run(args, folder: Path, reviewer: str | None = "alice", **kw):
    env = {"OCCLINK_MAPPINGS_DIR": str(folder)}
    if reviewer is not None:
        env["OCCLINK_REVIEWER"] = reviewer
    else:
        env["OCCLINK_REVIEWER"] = ""
    return CliRunner().invoke(cli, ["review", *args], env=env, catch_exceptions=False, **kw)


def rows(path: Path):
    return read_sssom(path).rows


def test_accept_writes_row_with_author_date_justification(tmp_path):
    result = run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact", "--confidence", "0.8",
                  "--comment", "same occupation"], tmp_path)
    assert result.exit_code == 0, result.output
    (row,) = rows(tmp_path / POSITIVE)
    assert row["subject_id"] == "qh:d06" and row["object_id"] == "csco:2-02-38-01"
    assert row["predicate_id"] == "skos:exactMatch"
    assert row["author_id"] == "occrev:alice"
    assert row["mapping_justification"] == "semapv:ManualMappingCuration"
    assert len(row["mapping_date"]) == 10 and row["mapping_date"][4] == "-"
    assert row["confidence"] == "0.8000"
    assert row["comment"] == "same occupation"
    assert row["object_label"] == "人工智能工程技术人员" and row["subject_label"] == "AI engineer"
    assert read_sssom(tmp_path / POSITIVE).metadata["curie_map"]["occrev"].endswith("/reviewer/")


def test_reject_and_unsure_go_to_their_files(tmp_path):
    assert run(["reject", "qh:d06", "csco:2-04-01-02", "--comment", "lexical accident"], tmp_path).exit_code == 0
    assert run(["unsure", "qh:d09", "csco:2-02-38-08"], tmp_path).exit_code == 0
    (neg,) = rows(tmp_path / NEGATIVE)
    assert neg["predicate_modifier"] == "Not" and neg["object_id"] == "csco:2-04-01-02"
    (uns,) = rows(tmp_path / UNSURE)
    assert uns["subject_id"] == "qh:d09" and "predicate_modifier" not in uns
    assert not (tmp_path / POSITIVE).exists()


def test_changing_your_mind_replaces_your_own_decision(tmp_path):
    run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "close"], tmp_path)
    run(["reject", "qh:d06", "csco:2-02-38-01"], tmp_path)
    assert rows(tmp_path / POSITIVE) == []
    assert len(rows(tmp_path / NEGATIVE)) == 1


def test_orcid_reviewer_and_missing_reviewer(tmp_path):
    assert reviewer_curie("https://orcid.org/0000-0002-1825-0097") == "orcid:0000-0002-1825-0097"
    assert reviewer_curie("jdoe") == "occrev:jdoe"
    with pytest.raises(InputError):
        reviewer_curie("not a handle!")
    result = run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact"], tmp_path, reviewer=None)
    assert result.exit_code == 2 and "reviewer is required" in result.output
    assert not (tmp_path / POSITIVE).exists()
    result = run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact",
                  "--reviewer", "0000-0002-1825-0097"], tmp_path, reviewer=None)
    assert result.exit_code == 0
    assert rows(tmp_path / POSITIVE)[0]["author_id"] == "orcid:0000-0002-1825-0097"


@pytest.mark.parametrize("args, message", [
    (["accept", "qh:nope", "csco:2-02-38-01", "--predicate", "exact"], "qh:nope"),
    (["accept", "csco:2-02-38-01", "qh:d06", "--predicate", "exact"], "subject csco:2-02-38-01"),
    (["accept", "qh:d06", "csco:2-02-38-01"], "--predicate"),
    (["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact", "--comment", "a\tb"], "one line"),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, args, message):
    result = run(args, tmp_path)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_corrupt_decision_file_is_reported_with_line(tmp_path):
    (tmp_path / POSITIVE).write_text("#curie_map:\n#  qh: https://w3id.org/occlink/qianhai/2020/\n"
                                     "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
                                     "qh:d06\tskos:sameAs\tqh:d07\tsemapv:ManualMappingCuration\n", encoding="utf-8")
    before = (tmp_path / POSITIVE).read_bytes()
    result = run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact"], tmp_path)
    assert result.exit_code == 2
    assert f"{POSITIVE}:4:" in result.output
    assert (tmp_path / POSITIVE).read_bytes() == before


def test_conflicts_detected_and_warned(tmp_path):
    run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact"], tmp_path)
    result = run(["accept", "qh:d06", "csco:2-02-38-07", "--predicate", "exact"], tmp_path)
    assert "Warning: conflict (multiple-exact)" in result.output
    result = run(["reject", "qh:d06", "csco:2-02-38-01"], tmp_path, reviewer="bob")
    result = run(["conflicts", "--format", "json"], tmp_path)
    assert result.exit_code == 1
    kinds = sorted(c["kind"] for c in json.loads(result.stdout))
    assert kinds == ["multiple-exact", "positive-and-negative"]
    run(["accept", "qh:d07", "csco:4-04-05-05", "--predicate", "exact"], tmp_path)
    run(["accept", "qh:d07", "csco:4-04-05-05", "--predicate", "close"], tmp_path, reviewer="bob")
    kinds = sorted(c.kind for c in find_conflicts(DecisionStore(tmp_path, Crosswalk("qianhai2020", "csco2022"))
                                                  .decisions()))
    assert "reviewer-disagreement" in kinds


def test_no_conflicts_exit_zero_on_shipped_sets():
    result = CliRunner().invoke(cli, ["review", "conflicts"], env={"OCCLINK_MAPPINGS_DIR": ""})
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["review", "conflicts", "--target", "beijing2023"],
                                env={"OCCLINK_MAPPINGS_DIR": ""})
    assert result.exit_code == 0, result.output


def test_store_undo_restores_previous_state(tmp_path):
    store = DecisionStore(tmp_path, Crosswalk("qianhai2020", "csco2022"))
    first = store.record(new_decision("qh:d06", "csco:2-02-38-01", "close", "positive", "alice"))
    before = (tmp_path / POSITIVE).read_bytes()
    change = store.record(new_decision("qh:d06", "csco:2-02-38-01", "close", "negative", "alice"))
    assert rows(tmp_path / POSITIVE) == []
    store.undo(change)
    assert (tmp_path / POSITIVE).read_bytes() == before
    assert rows(tmp_path / NEGATIVE) == []
    store.undo(first)
    assert rows(tmp_path / POSITIVE) == []


def test_list_and_show(tmp_path):
    run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact"], tmp_path)
    result = run(["list", "--format", "json", "--top-k", "1"], tmp_path)
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    decided = [r for r in listed if r["status"] == "positive"]
    pending = [r for r in listed if r["status"] == "pending"]
    assert len(decided) == 1
    assert pending and all(r["subject_id"].startswith("qh:") for r in pending)
    assert ("qh:d06", "csco:2-02-38-01") not in {(r["subject_id"], r["object_id"]) for r in pending}
    assert not any(r["subject_id"].startswith("qh:degree/") for r in pending)  # only the occupation list
    shown = json.loads(run(["show", "qh:d06", "csco:2-02-38-01", "--format", "json"], tmp_path).stdout)
    assert shown["object"]["markers"] == ["digital"]
    assert shown["object"]["parent"]["id"] == "csco:2-02-38-00"
    assert shown["decisions"][0]["author_id"] == "occrev:alice"


def _queue(folder: Path, *args: str) -> list[tuple[str, str]]:
    listed = json.loads(run(["list", "--status", "pending", "--format", "json", *args], folder).stdout)
    return [(r["subject_id"], r["object_id"]) for r in listed]


def test_interactive_keys_with_clirunner(tmp_path):
    queue = _queue(tmp_path, "--top-k", "1")
    # accept (close), skip, undo the skip, reject, undo the reject, unsure, quit
    result = run(["--top-k", "1"], tmp_path, input="cszxzuq")
    assert result.exit_code == 0, result.output
    assert f"[1/{len(queue)}]" in result.output and f"[2/{len(queue)}]" in result.output
    assert "→" in result.output and "evidence" in result.output
    pos = rows(tmp_path / POSITIVE)
    assert [((r["subject_id"], r["object_id"]), r["predicate_id"]) for r in pos] == [(queue[0], "skos:closeMatch")]
    assert rows(tmp_path / NEGATIVE) == []
    (uns,) = rows(tmp_path / UNSURE)
    assert (uns["subject_id"], uns["object_id"]) == queue[1]
    assert "2 decided, 0 skipped" in result.output


def test_interactive_help_and_comment(tmp_path):
    result = run(["--top-k", "1"], tmp_path, input="?mhard call\neq")
    assert "accept as exactMatch" in result.output
    (row,) = rows(tmp_path / POSITIVE)
    assert row["comment"] == "hard call" and row["predicate_id"] == "skos:exactMatch"


# ------------------------------------------------------------------ real terminal
pexpect = pytest.importorskip("pexpect")


def _spawn(tmp_path: Path, *args: str):
    exe = shutil.which("occlink")
    cmd, argv = (exe, []) if exe else (sys.executable, ["-m", "occlink.cli.main"])
    env = dict(os.environ, OCCLINK_MAPPINGS_DIR=str(tmp_path), OCCLINK_REVIEWER="pty-tester",
               PYTHONUNBUFFERED="1")
    return pexpect.spawn(cmd, argv + ["review", "--top-k", "1", *args], env=env, encoding="utf-8", timeout=120)


def test_pty_single_keys(tmp_path):
    queue = _queue(tmp_path, "--top-k", "1")
    child = _spawn(tmp_path)
    child.expect(r"\[1/50\]")
    child.expect(r"Decide")
    child.send("e")  # a single key, no Enter
    child.expect("recorded: positive skos:exactMatch")
    child.expect(r"\[2/50\]")
    child.expect("Decide")
    child.send("x")
    child.expect("recorded: negative")
    child.expect(r"\[3/50\]")
    child.expect("Decide")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [(r["subject_id"], r["object_id"]) for r in rows(tmp_path / POSITIVE)] == [queue[0]]
    assert [(r["subject_id"], r["object_id"]) for r in rows(tmp_path / NEGATIVE)] == [queue[1]]


def test_kill_loses_no_decision(tmp_path):
    queue = _queue(tmp_path, "--top-k", "1")
    child = _spawn(tmp_path)
    made = []
    for number, key in enumerate("cbrunx", start=1):
        child.expect(rf"\[{number}/50\]")
        child.expect("Decide")
        child.send(key)
        child.expect("recorded:")
        made.append(key)
    child.expect(r"\[7/50\]")
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    decided = []
    for name in (POSITIVE, NEGATIVE, UNSURE):
        path = tmp_path / name
        if path.exists():
            decided += [r["subject_id"] for r in read_sssom(path).rows]  # parses: not torn
    assert sorted(decided) == sorted(s for s, _ in queue[:6])
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_subprocess_accept(tmp_path):
    env = dict(os.environ, OCCLINK_MAPPINGS_DIR=str(tmp_path), OCCLINK_REVIEWER="proc")
    exe = shutil.which("occlink")
    cmd = [exe] if exe else [sys.executable, "-m", "occlink.cli.main"]
    done = subprocess.run(cmd + ["review", "accept", "qh:s02", "csco:2-06-10-01", "--predicate", "exact"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert rows(tmp_path / POSITIVE)[0]["author_id"] == "occrev:proc"
    done = subprocess.run(cmd + ["review", "accept", "qh:s02", "csco:9-99-99-99", "--predicate", "exact"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
