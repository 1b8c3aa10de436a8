"""Matcher proposals against the reviewed crosswalks (expert judgment shipped in mappings/)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.mappings.sssom import packaged_mapping_files, read_sssom


def _gold(name: str):
    return next(p for p in packaged_mapping_files() if p.name == name)


def _evaluate(tmp_path, source: str, target: str, gold: str) -> dict:
    runner = CliRunner()
    predictions = tmp_path / f"{source}-{target}.sssom.tsv"
    made = runner.invoke(cli, ["match", "--source", source, "--target", target, "--out", str(predictions)])
    assert made.exit_code == 0, made.output
    scored = runner.invoke(cli, ["evaluate", "--gold", str(_gold(gold)), "--predictions", str(predictions),
                                 "--format", "json"])
    assert scored.exit_code == 0, scored.output
    return {"metrics": json.loads(scored.output), "predictions": read_sssom(predictions)}


def test_qianhai_to_beijing_proposals_meet_the_targets(tmp_path):
    result = _evaluate(tmp_path, "qianhai2020", "beijing2023", "qianhai2020-beijing2023.positive.sssom.tsv")
    metrics = result["metrics"]
    assert metrics["precision"] >= 0.9, metrics
    assert metrics["recall"] >= 0.8, metrics


def test_proposals_only_map_list_entries(tmp_path):
    """Controlled values (industries, severities, urgency levels) are not occupations to map."""
    result = _evaluate(tmp_path, "qianhai2020", "beijing2023", "qianhai2020-beijing2023.positive.sssom.tsv")
    rows = result["predictions"].rows
    assert rows
    for row in rows:
        local = row["subject_id"].split(":", 1)[1]
        assert row["subject_id"].startswith("qh:") and local[0] in "ds" and local[1:].isdigit(), row
        assert row["object_id"].startswith("bj:"), row
