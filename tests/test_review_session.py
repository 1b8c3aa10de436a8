"""A review session a maintainer trusts (issue #19): queue, card, rows, scripted curation,
terminal hygiene and evaluate traps. Interactive findings run in a pseudo-terminal at 80
and 160 columns."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.mappings.sssom import read_sssom
from occlink.mappings.text import width

POSITIVE = "qianhai2020-csco2022.positive.sssom.tsv"
NEGATIVE = "qianhai2020-csco2022.negative.sssom.tsv"
UNSURE = "qianhai2020-csco2022.unsure.sssom.tsv"
BJ = ["--target", "beijing2023"]


def run(args, folder: Path, reviewer: str = "alice", **kw):
    env = {"OCCLINK_MAPPINGS_DIR": str(folder), "OCCLINK_REVIEWER": reviewer, "COLUMNS": "100"}
    return CliRunner().invoke(cli, ["review", *args], env=env, catch_exceptions=False, **kw)


def rows(path: Path) -> list[dict[str, str]]:
    return read_sssom(path).rows if path.exists() else []


def listed(folder: Path, *args: str) -> list[dict]:
    result = run(["list", "--format", "json", *args], folder)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _occlink() -> list[str]:
    exe = shutil.which("occlink")
    return [exe] if exe else [sys.executable, "-m", "occlink.cli.main"]


# ------------------------------------------------------------------ 1. a comment belongs to its card
def test_a_comment_stays_with_the_card_it_was_typed_on(tmp_path):
    queue = [(r["subject_id"], r["object_id"]) for r in listed(tmp_path, "--status", "pending")]
    result = run([], tmp_path, input="mfor the first card\nsr" + "q")
    assert "comment pending" in result.output  # visible while pending
    (row,) = rows(tmp_path / POSITIVE)
    assert (row["subject_id"], row["object_id"]) == queue[1]
    assert "comment" not in row
    # going back to the first card, its comment is still there and goes with its decision
    result = run([], tmp_path, input="mkept\nx" + "q")
    (neg,) = rows(tmp_path / NEGATIVE)
    assert (neg["subject_id"], neg["object_id"]) == queue[0] and neg["comment"] == "kept"


# ------------------------------------------------------------------ 2. a queue worth reviewing
def test_the_queue_holds_the_matchers_proposals_above_the_floors(tmp_path):
    pending = listed(tmp_path, "--status", "pending", *BJ)
    assert 0 < len(pending) < 60  # not the 122 top-3-without-floor rows
    by_subject: dict[str, list[float]] = {}
    for r in pending:
        by_subject.setdefault(r["subject_id"], []).append(r["matcher_score"])
    for scores in by_subject.values():
        scores.sort(reverse=True)
        assert scores[0] >= 0.25 and all(s >= 0.7 for s in scores[1:]) and len(scores) <= 3
    assert max(Counter(r["object_id"] for r in pending).values()) <= 3
    scores = [max(v) for v in by_subject.values()]
    assert [max(by_subject[r["subject_id"]]) for r in pending] == sorted(
        [max(by_subject[r["subject_id"]]) for r in pending], reverse=True)  # best evidence first
    assert scores


def test_queue_filters(tmp_path):
    everything = listed(tmp_path, "--status", "pending", "--top-k", "3")
    high = listed(tmp_path, "--status", "pending", "--top-k", "3", "--min-score", "0.9")
    assert high and all(r["matcher_score"] >= 0.9 for r in high) and len(high) < len(everything)
    subject = everything[0]["subject_id"]
    only = listed(tmp_path, "--status", "pending", "--top-k", "3", "--subject", subject)
    assert only and {r["subject_id"] for r in only} == {subject}
    obj = everything[0]["object_id"]
    assert {r["object_id"] for r in listed(tmp_path, "--status", "pending", "--top-k", "3", "--object", obj)} == {obj}
    related = listed(tmp_path, "--status", "pending", "--top-k", "3", "--predicate", "related")
    assert related and {r["predicate_id"] for r in related} == {"skos:relatedMatch"}


# ------------------------------------------------------------------ 3. a card with what decides
def test_the_card_shows_what_decides(tmp_path):
    assert run(["accept", "qh:d05", "bj:2-06-14-00", "--predicate", "exact", *BJ], tmp_path).exit_code == 0
    other = next(r for r in listed(tmp_path, "--status", "pending", "--top-k", "3", "--subject", "qh:d05", *BJ)
                 if r["object_id"] != "bj:2-06-14-00")
    result = run(["show", "qh:d05", other["object_id"], *BJ], tmp_path)
    assert result.exit_code == 0, result.output
    card = result.output
    for what in ("competency 1", "competency 3", "industry", "specialties", "degree", "path", "definition",
                 "rule", "[occlink project translation]", "matcher score", "evidence", "matched", "page",
                 "https://w3id.org/occlink/qianhai/2020/d05"):
        assert what in card, what
    assert "decided      bj:2-06-14-00: accepted exact by occrev:alice" in card
    assert "definition —" not in card and "parent —" not in card
    shown = json.loads(run(["show", "qh:d06", "csco:2-02-38-01", "--format", "json"], tmp_path).stdout)
    assert shown["object"]["path"][-1]["id"] == "csco:2-02-38-00"
    assert "qianhai" not in shown["object"]["project_translations"] and shown["subject"]["project_translations"] == ["zh"]
    assert shown["matcher_score"] is not None and shown["evidence"]


# ------------------------------------------------------------------ 4. confidence means one thing
def test_reviewer_confidence_per_kind_and_number_keys(tmp_path):
    queue = [(r["subject_id"], r["object_id"]) for r in listed(tmp_path, "--status", "pending")]
    # card 1 unsure (default 0.5); card 2 confidence 7 then exact; card 3 reject (0.9);
    # card 4: 9 then u is refused (an unsure row never claims high confidence), then 3 u.
    run([], tmp_path, input="u7ex9u3uq")
    (u1, u4) = sorted(rows(tmp_path / UNSURE), key=lambda r: queue.index((r["subject_id"], r["object_id"])))
    assert u1["confidence"] == "0.5000" and u4["confidence"] == "0.3000"
    (pos,) = rows(tmp_path / POSITIVE)
    assert pos["confidence"] == "0.7000"
    assert float(pos["similarity_score"]) > 0 and pos["similarity_measure"] == "occ:matcherConfidence"
    assert pos["match_string"] and pos["object_match_field"].startswith("skos:")
    (neg,) = rows(tmp_path / NEGATIVE)
    assert neg["confidence"] == "0.9000"
    result = run(["unsure", "qh:d09", "csco:2-02-38-08", "--confidence", "0.9"], tmp_path)
    assert result.exit_code == 2 and "unsure decision cannot claim" in result.output


def test_review_list_has_a_header_and_one_meaning_per_column(tmp_path):
    run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact", "--confidence", "0.8"], tmp_path)
    table = run(["list"], tmp_path).stdout.splitlines()
    assert table[0].split() == ["status", "subject_id", "predicate_id", "object_id", "matcher_score",
                                "reviewer_confidence", "author_id", "mapping_date", "justification",
                                "subject_label", "object_label", "comment"]
    tsv = run(["list", "--format", "tsv"], tmp_path).stdout.splitlines()
    header = tsv[0].split("\t")
    decided = dict(zip(header, tsv[1].split("\t")))
    assert decided["reviewer_confidence"] == "0.8000" and decided["matcher_score"] == ""
    pending = dict(zip(header, next(line for line in tsv if line.startswith("pending")).split("\t")))
    assert pending["reviewer_confidence"] == "" and float(pending["matcher_score"]) > 0


# ------------------------------------------------------------------ 5. revisiting
def test_unsure_pairs_come_back(tmp_path):
    run(["unsure", "qh:d09", "csco:2-02-38-08"], tmp_path, reviewer="bob")
    result = run(["--status", "unsure"], tmp_path, input="c")
    assert "[1/1] qh:d09 → csco:2-02-38-08" in result.output
    assert "this pair: unsure close by occrev:bob" in result.output  # a second look sees the first
    assert [r["author_id"] for r in rows(tmp_path / POSITIVE)] == ["occrev:alice"]


def test_second_review_is_blind_and_records_agreement(tmp_path):
    run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact"], tmp_path, reviewer="alice")
    run(["accept", "qh:d07", "csco:4-04-05-05", "--predicate", "exact"], tmp_path, reviewer="alice")
    result = run(["--second-review"], tmp_path, reviewer="bob", input="ex")
    assert "[1/2]" in result.output and "their decision is hidden" in result.output
    assert "by occrev:alice" not in result.output
    second = {r["subject_id"]: r for r in rows(tmp_path / POSITIVE) + rows(tmp_path / NEGATIVE)
              if r["author_id"] == "occrev:bob"}
    assert {r["mapping_justification"] for r in second.values()} == {"semapv:MappingReview"}
    agree = [r["other"] for r in second.values() if r.get("predicate_modifier") != "Not"]
    disagree = [r["other"] for r in second.values() if r.get("predicate_modifier") == "Not"]
    assert agree == ["second_review_of=occrev:alice:agree"] and disagree == ["second_review_of=occrev:alice:disagree"]
    assert run(["--second-review"], tmp_path, reviewer="bob").output.startswith("Nothing to review")


def test_withdraw_and_apply(tmp_path):
    run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact"], tmp_path)
    result = run(["withdraw", "qh:d06", "csco:2-02-38-01"], tmp_path)
    assert result.exit_code == 0 and rows(tmp_path / POSITIVE) == []
    result = run(["withdraw", "qh:d06", "csco:2-02-38-01"], tmp_path)
    assert result.exit_code == 2 and "no decision" in result.output
    batch = tmp_path / "batch.tsv"
    batch.write_text("subject_id\tobject_id\tdecision\tpredicate\tconfidence\tcomment\n"
                     "qh:d06\tcsco:2-02-38-01\taccept\texact\t0.95\tsame\n"
                     "qh:d07\tcsco:4-04-05-05\treject\t\t\t\n"
                     "qh:d08\tcsco:9-99-99-99\tunsure\t\t\t\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(["apply", str(batch)], tmp_path)
    assert result.exit_code == 2 and f"{batch}:4:" in result.output and "csco:9-99-99-99" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # all or nothing
    batch.write_text(batch.read_text(encoding="utf-8").replace("csco:9-99-99-99", "csco:2-02-38-06"),
                     encoding="utf-8")
    result = run(["apply", str(batch)], tmp_path)
    assert result.exit_code == 0, result.output
    assert [(r["subject_id"], r["confidence"], r["comment"]) for r in rows(tmp_path / POSITIVE)] == [
        ("qh:d06", "0.9500", "same")]
    assert len(rows(tmp_path / NEGATIVE)) == 1 and rows(tmp_path / UNSURE)[0]["confidence"] == "0.5000"


def test_reject_rest_search_goto_back_and_undo(tmp_path):
    queue = [(r["subject_id"], r["object_id"]) for r in listed(tmp_path, "--status", "pending", "--top-k", "3")]
    first = queue[0][0]
    rest = [q for q in queue if q[0] == first]
    assert len(rest) == 3
    run(["--top-k", "3"], tmp_path, input="Xq")
    assert sorted((r["subject_id"], r["object_id"]) for r in rows(tmp_path / NEGATIVE)) == sorted(rest)
    run(["--top-k", "3"], tmp_path, input="Xzq")  # nothing left for that subject → next subject; undo
    assert len(rows(tmp_path / NEGATIVE)) == 3
    target = next(q for q in queue if q[0] == "qh:d05")
    result = run(["--top-k", "3"], tmp_path, input="/d05\nx" + "q")
    assert (target[0], target[1]) in {(r["subject_id"], r["object_id"]) for r in rows(tmp_path / NEGATIVE)}
    result = run(["--top-k", "3"], tmp_path, input="g3\nkq")
    assert "[3/" in result.output and result.output.rindex("[2/") > result.output.index("[3/")


def test_scripted_decisions_do_not_build_the_catalog_graphs(tmp_path, monkeypatch):
    import occlink.graph.dataset as dataset
    import occlink.taxonomy.catalogs as catalogs

    def refuse(*args, **kwargs):
        raise AssertionError("a scripted decision built a catalog graph")

    monkeypatch.setattr(catalogs, "catalog_graph", refuse)
    monkeypatch.setattr(catalogs, "_built_catalog", refuse)
    monkeypatch.setattr(dataset, "dataset_graph", refuse)
    result = run(["accept", "qh:s02", "csco:2-06-10-01", "--predicate", "exact"], tmp_path)
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / POSITIVE)[0]["object_label"]
    assert run(["reject", "qh:s02", "csco:9-99-99-99"], tmp_path).exit_code == 2


# ------------------------------------------------------------------ 6. counts and terminals
def test_skipping_every_card_counts_right(tmp_path):
    n = len(listed(tmp_path, "--status", "pending", *BJ))
    result = run(BJ, tmp_path, input="s" * n)
    assert f"0 decided, {n} skipped, {n} still pending" in result.output


def test_no_terminal_is_one_line_with_the_summary(tmp_path):
    env = dict(os.environ, OCCLINK_MAPPINGS_DIR=str(tmp_path), OCCLINK_REVIEWER="t")
    done = subprocess.run(_occlink() + ["review", *BJ], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=300, start_new_session=True)  # no controlling terminal
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "needs a terminal" in done.stderr
    assert "0 decided, 0 skipped" in done.stderr and "Traceback" not in done.stderr


def test_closed_pipe_is_one_line(tmp_path):
    env = dict(os.environ, OCCLINK_MAPPINGS_DIR=str(tmp_path))
    # more output than a pipe buffer holds, so the writer really meets the closed pipe
    cmd = " ".join(_occlink()) + " review list --top-k 20 --format tsv | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("status")
    assert done.stderr.count("\n") == 1 and "output closed" in done.stderr and "Error" not in done.stderr


pexpect = pytest.importorskip("pexpect")


def _spawn(tmp_path: Path, columns: int, *args: str):
    exe = _occlink()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(OCCLINK_MAPPINGS_DIR=str(tmp_path), OCCLINK_REVIEWER="pty", PYTHONUNBUFFERED="1")
    return pexpect.spawn(exe[0], exe[1:] + ["review", *args], env=env, encoding="utf-8", timeout=120,
                         dimensions=(50, columns))


@pytest.mark.parametrize("columns", [80, 160])
def test_the_card_fits_the_terminal(tmp_path, columns):
    first = listed(tmp_path, "--status", "pending", *BJ)[0]
    child = _spawn(tmp_path, columns, *BJ)
    child.expect("Decide")
    card = child.before.replace("\r\n", "\n")
    child.send("q")
    child.expect(pexpect.EOF)
    lines = [line for line in card.split("\n") if line.strip()]
    assert max(width(line) for line in lines) <= columns
    assert any(line.startswith("── subject") for line in lines)
    if columns == 160:  # wide enough: full titles on one line each
        assert any(first["subject_label"] in line for line in lines)
        assert any(first["object_label"] in line for line in lines)


@pytest.mark.parametrize("key, said, status", [("\x04", "End of input.", 0), ("\x03", "Interrupted.", 130)])
def test_ctrl_d_and_ctrl_c_end_with_the_summary(tmp_path, key, said, status):
    child = _spawn(tmp_path, 100, *BJ)
    child.expect("Decide")
    child.send("x")
    child.expect("recorded")
    child.expect("Decide")
    child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    tail = child.before
    assert said in tail and "1 decided, 0 skipped" in tail
    assert "Aborted" not in tail and "Error" not in tail
    assert child.exitstatus == status


# ------------------------------------------------------------------ 7. evaluate traps
HEAD = "#curie_map:\n#  src: \"urn:x:\"\n#  csco: https://w3id.org/occlink/csco/2022/\n"
COLS = "subject_id\tpredicate_id\tpredicate_modifier\tobject_id\tmapping_justification\n"


def _evaluate(tmp_path: Path, golds: dict[str, str], *extra: str):
    paths = []
    for name, body in golds.items():
        (tmp_path / name).write_text(HEAD + COLS + body, encoding="utf-8")
        paths += ["--gold", str(tmp_path / name)]
    (tmp_path / "pred.tsv").write_text(HEAD + COLS + "src:a\tskos:closeMatch\t\tcsco:1\tsemapv:LexicalMatching\n"
                                       "src:b\tskos:closeMatch\t\tcsco:2\tsemapv:LexicalMatching\n",
                                       encoding="utf-8")
    return CliRunner().invoke(cli, ["evaluate", *paths, "--predictions", str(tmp_path / "pred.tsv"),
                                    "--format", "json", *extra])


def test_evaluate_takes_several_gold_files(tmp_path):
    result = _evaluate(tmp_path, {"pos.tsv": "src:a\tskos:exactMatch\t\tcsco:1\tsemapv:ManualMappingCuration\n",
                                  "neg.tsv": "src:b\tskos:closeMatch\tNot\tcsco:2\tsemapv:ManualMappingCuration\n"})
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["gold_pairs"] == 1 and metrics["true_positives"] == 1


def test_evaluate_related_match_is_not_a_positive_by_default(tmp_path):
    gold = {"pos.tsv": "src:a\tskos:exactMatch\t\tcsco:1\tsemapv:ManualMappingCuration\n"
                       "src:b\tskos:relatedMatch\t\tcsco:2\tsemapv:ManualMappingCuration\n"}
    metrics = json.loads(_evaluate(tmp_path, gold).stdout)
    assert metrics["gold_pairs"] == 1
    metrics = json.loads(_evaluate(tmp_path, gold, "--gold-predicate", "exact", "--gold-predicate", "related").stdout)
    assert metrics["gold_pairs"] == 2


def test_evaluate_warns_on_empty_gold_and_conflicts(tmp_path):
    result = _evaluate(tmp_path, {"neg.tsv": "src:b\tskos:closeMatch\tNot\tcsco:2\tsemapv:ManualMappingCuration\n"})
    assert "Warning: the gold set has no positive pairs" in result.stderr
    result = _evaluate(tmp_path, {"pos.tsv": "src:a\tskos:exactMatch\t\tcsco:1\tsemapv:ManualMappingCuration\n",
                                  "neg.tsv": "src:a\tskos:exactMatch\tNot\tcsco:1\tsemapv:ManualMappingCuration\n"})
    assert "both accepted and rejected (src:a → csco:1)" in result.stderr


def test_scripted_undo_takes_back_your_last_step(tmp_path):
    assert run(["undo"], tmp_path).exit_code == 2  # nothing yet: one line
    run(["accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact"], tmp_path)
    run(["accept", "qh:d07", "csco:4-04-05-05", "--predicate", "exact"], tmp_path, reviewer="bob")
    run(["reject", "qh:d06", "csco:2-02-38-01"], tmp_path)  # changes alice's accept into a reject
    result = run(["undo"], tmp_path)
    assert result.exit_code == 0 and "restored: positive qh:d06" in result.output
    assert {(r["subject_id"], r["author_id"]) for r in rows(tmp_path / POSITIVE)} == {
        ("qh:d06", "occrev:alice"), ("qh:d07", "occrev:bob")}
    assert rows(tmp_path / NEGATIVE) == []
    run(["undo"], tmp_path)
    assert [r["author_id"] for r in rows(tmp_path / POSITIVE)] == ["occrev:bob"]  # bob's step is his
    result = run(["undo"], tmp_path)
    assert result.exit_code == 2 and "nothing to undo" in result.output
    batch = tmp_path / "batch.tsv"
    batch.write_text("subject_id\tobject_id\tdecision\n"
                     "qh:d01\tcsco:2-02-38-01\treject\nqh:d02\tcsco:2-02-38-01\tunsure\n", encoding="utf-8")
    run(["apply", str(batch)], tmp_path)
    assert run(["undo"], tmp_path).exit_code == 0  # the whole batch is one step
    assert rows(tmp_path / NEGATIVE) == [] and rows(tmp_path / UNSURE) == []
    run([], tmp_path, input="ez" + "q")  # an interactive undo also leaves nothing for review undo
    assert run(["undo"], tmp_path).exit_code == 2
