"""Small CLI refusals: output that would overwrite an input, numbers that are not numbers (one line, exit 2)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from occlink.cli.main import cli

CSV = "id,label\n1,软件工程师\n"


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "titles.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


@pytest.mark.parametrize("option", ["--source", "--target"])
def test_match_out_onto_an_input_is_refused(source, tmp_path, monkeypatch, option):
    monkeypatch.chdir(tmp_path)
    args = {"--source": str(source), "--target": "csco2022"}
    if option == "--target":
        args = {"--source": "csco2022", "--target": str(source)}
    # the same file under another spelling: relative, with ./ and ..
    out = f"./../{tmp_path.name}/{source.name}"
    result = CliRunner().invoke(cli, ["match", *sum(args.items(), ()), "--out", out])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and option in line and "--out" in line
    assert source.read_text(encoding="utf-8") == CSV


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1.5", "-0.1", "abc"])
def test_match_threshold_must_be_a_number_from_0_to_1(source, value):
    result = CliRunner().invoke(cli, ["match", "--source", str(source), "--target", "csco2022",
                                      "--threshold", value])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: --threshold") and value in line
    assert result.stdout == ""


def test_match_threshold_in_range_still_works(source):
    result = CliRunner().invoke(cli, ["match", "--source", str(source), "--target", "csco2022",
                                      "--threshold", "0.5", "--format", "json"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["nan", "inf", "0"])
def test_publish_timeout_must_be_a_finite_positive_number(tmp_path, value):
    dump = tmp_path / "d.nt"
    dump.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", "--store", "http://127.0.0.1:9/s", "--input", str(dump),
                                      "--timeout", value])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: --timeout") and value in line


@pytest.mark.parametrize("args", [
    ["review", "accept", "qh:d01", "csco:1-00-00-00", "--confidence", "nan"],
    ["review", "list", "--min-score", "inf"],
    ["serve", "--timeout", "nan"],
    ["serve", "--queue-wait", "inf"],
    ["query", "--timeout", "nan", "ASK {}"],
])
def test_nan_and_inf_are_refused_in_one_line(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "finite number" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
