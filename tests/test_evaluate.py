"""``occlink evaluate``: metrics computed by hand on tiny files."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.mappings.evaluate import evaluate
from occlink.mappings.sssom import parse_sssom

HEAD = "#curie_map:\n#  src: \"urn:x:\"\n#  csco: https://w3id.org/occlink/csco/2022/\n"
GOLD = HEAD + (
    "subject_id\tpredicate_id\tpredicate_modifier\tobject_id\tmapping_justification\n"
    "src:a\tskos:exactMatch\t\tcsco:1\tsemapv:ManualMappingCuration\n"
    "src:b\tskos:closeMatch\t\tcsco:2\tsemapv:ManualMappingCuration\n"
    "src:b\tskos:closeMatch\t\tcsco:3\tsemapv:ManualMappingCuration\n"
    "src:c\tskos:exactMatch\t\tcsco:4\tsemapv:ManualMappingCuration\n"
    "src:c\tskos:exactMatch\tNot\tcsco:5\tsemapv:ManualMappingCuration\n"
)
PRED = HEAD + (
    "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\n"
    "src:a\tskos:closeMatch\tcsco:1\tsemapv:LexicalMatching\t0.9\n"      # a: right at rank 1
    "src:a\tskos:closeMatch\tcsco:9\tsemapv:LexicalMatching\t0.2\n"
    "src:b\tskos:closeMatch\tcsco:7\tsemapv:LexicalMatching\t0.8\n"      # b: wrong first, csco:3 second
    "src:b\tskos:closeMatch\tcsco:3\tsemapv:LexicalMatching\t0.7\n"
    "src:c\tskos:closeMatch\tcsco:5\tsemapv:LexicalMatching\t0.6\n"      # c: the gold negative
    "src:z\tskos:closeMatch\tcsco:4\tsemapv:LexicalMatching\t0.6\n"      # z: not in gold → ignored
)


def test_metrics_by_hand():
    m = evaluate(parse_sssom(GOLD), parse_sssom(PRED), k=1)
    # G = {a-1, b-2, b-3, c-4}; P (gold subjects only) = {a-1, a-9, b-7, b-3, c-5}; TP = {a-1, b-3}
    assert (m.gold_pairs, m.gold_subjects, m.predicted_pairs, m.ignored_predictions, m.true_positives) == (4, 3, 5, 1, 2)
    assert m.precision == 0.4 and m.recall == 0.5
    assert m.f1 == round(2 * 0.4 * 0.5 / 0.9, 4)
    assert m.top1_accuracy == round(1 / 3, 4)       # only a is right at rank 1
    assert m.recall_at_k == 0.25                    # k=1: only a-1
    m2 = evaluate(parse_sssom(GOLD), parse_sssom(PRED), k=2)
    assert m2.recall_at_k == 0.5                    # k=2: a-1 and b-3


def test_empty_predictions_are_zero_not_errors():
    m = evaluate(parse_sssom(GOLD), parse_sssom(HEAD + "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"))
    assert (m.precision, m.recall, m.f1, m.top1_accuracy, m.recall_at_k) == (0.0, 0.0, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        evaluate(parse_sssom(GOLD), parse_sssom(PRED), k=0)


def test_cli_text_json_and_bad_input(tmp_path):
    gold, pred = tmp_path / "gold.sssom.tsv", tmp_path / "pred.sssom.tsv"
    gold.write_text(GOLD, encoding="utf-8")
    pred.write_text(PRED, encoding="utf-8")
    text = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), "--predictions", str(pred), "--k", "2"])
    assert text.exit_code == 0 and re.search(r"^precision +0.4000$", text.output, re.M) and "recall@2" in text.output
    as_json = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), "--predictions", str(pred), "--format", "json"])
    data = json.loads(as_json.output)
    assert data["recall"] == 0.5 and data["k"] == 5 and data["recall_at_k"] == 0.5
    broken = tmp_path / "broken.sssom.tsv"
    broken.write_text(PRED.replace("0.9", "9"), encoding="utf-8")
    bad = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), "--predictions", str(broken)])
    assert bad.exit_code == 2 and f"{broken}:5: confidence 9 is outside [0, 1]" in bad.output
    missing = CliRunner().invoke(cli, ["evaluate", "--gold", str(tmp_path / "none"), "--predictions", str(pred)])
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_cli_subprocess(tmp_path):
    gold, pred = tmp_path / "gold.sssom.tsv", tmp_path / "pred.sssom.tsv"
    gold.write_text(GOLD, encoding="utf-8")
    pred.write_text(PRED, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "occlink", "evaluate", "--gold", str(gold), "--predictions",
                           str(pred), "--format", "json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["top1_accuracy"] == 0.3333
