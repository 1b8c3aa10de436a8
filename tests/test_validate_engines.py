"""`occlink validate --engine pyshacl` (the reference engine) reports what the native engine reports."""

from __future__ import annotations

import json

from click.testing import CliRunner

from occlink.cli.main import cli
from shapes_fixtures import corrupted_sample  # tests/ is on sys.path (pytest prepend mode)


def _violations(output: str) -> set[tuple[str, str]]:
    return {(r["focus"], r["path"] or "") for r in json.loads(output)["results"] if r["severity"] == "Violation"}


def test_both_engines_report_the_same_violations(tmp_path):
    data = tmp_path / "corrupted.ttl"
    corrupted_sample().serialize(data, format="turtle")
    runner = CliRunner()
    native = runner.invoke(cli, ["validate", "--data", str(data), "--format", "json"])
    reference = runner.invoke(cli, ["validate", "--data", str(data), "--format", "json", "--engine", "pyshacl"])
    assert native.exit_code == reference.exit_code == 1, (native.output, reference.output)
    found = _violations(native.output)
    assert found, "the corrupted sample must violate something"
    assert _violations(reference.output) == found


def test_reference_engine_accepts_a_clean_file(tmp_path):
    data = tmp_path / "qianhai.ttl"
    runner = CliRunner()
    assert runner.invoke(cli, ["export", "--format", "turtle", "--catalog", "qianhai2020",
                               "--out", str(data)]).exit_code == 0
    result = runner.invoke(cli, ["validate", "--data", str(data), "--engine", "pyshacl"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Conforms")
