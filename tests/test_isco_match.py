"""``occlink match --target isco08``: ISCO-08 is a match target like the catalogs."""

from __future__ import annotations

import json

from click.testing import CliRunner

from occlink.cli.main import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_match_a_csv_onto_isco08(tmp_path):
    source = tmp_path / "jobs.csv"
    source.write_text("id,label\nw1,welder\ns1,software developer\nb1,bricklayer\n", encoding="utf-8")
    result = run("match", "--source", str(source), "--target", "isco08", "--top-k", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    best = {c["subject_id"]: c["object_id"] for c in json.loads(result.stdout)}
    # ESCO's occupation labels are the evidence for their unit groups
    assert best == {"src:w1": "isco:C7212", "src:s1": "isco:C2512", "src:b1": "isco:C7112"}


def test_match_onto_isco08_writes_sssom(tmp_path):
    source = tmp_path / "jobs.csv"
    source.write_text("id,label\nw1,welder\n", encoding="utf-8")
    out = tmp_path / "out.sssom.tsv"
    result = run("match", "--source", str(source), "--target", "isco08", "--top-k", "2", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "isco: http://data.europa.eu/esco/isco/" in text and "isco:C7212" in text
