"""build / export / stats through the CLI: round trips, determinism, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from occlink.cli.main import cli


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    runner = CliRunner()
    for fmt, ext in (("turtle", "ttl"), ("jsonld", "jsonld"), ("ntriples", "nt")):
        for run in (1, 2):
            result = runner.invoke(cli, ["export", "--format", fmt, "--catalog", "csco2022",
                                         "--out", str(out / f"csco{run}.{ext}")])
            assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("ext", ["ttl", "jsonld", "nt"])
def test_two_exports_byte_identical(exports, ext):
    assert (exports / f"csco1.{ext}").read_bytes() == (exports / f"csco2.{ext}").read_bytes()


def test_jsonld_parses_to_the_turtle_triples(exports):
    turtle = Graph().parse(exports / "csco1.ttl", format="turtle")
    jsonld = Graph().parse(exports / "csco1.jsonld", format="json-ld")
    ntriples = Graph().parse(exports / "csco1.nt", format="nt")
    assert len(turtle) > 25000
    assert isomorphic(turtle, jsonld)
    assert isomorphic(turtle, ntriples)


def test_jsonld_is_compact_and_readable(exports):
    doc = json.loads((exports / "csco1.jsonld").read_text(encoding="utf-8"))
    ai = next(n for n in doc["@graph"] if n["@id"] == "csco:2-02-38-01")
    assert ai["prefLabel"] == {"en": "Artificial intelligence engineer", "zh": "人工智能工程技术人员"}
    assert ai["notation"] == "2-02-38-01" and ai["digital"] is True and ai["broader"] == "csco:2-02-38-00"


def test_stats_json():
    result = CliRunner().invoke(cli, ["stats", "--format", "json", "--catalog", "csco2022"])
    assert result.exit_code == 0, result.output
    (csco,) = json.loads(result.output)["catalogs"]
    assert csco["id"] == "csco2022"
    assert (csco["concepts"], csco["green"], csco["digital"], csco["both"]) == (2047, 134, 95, 23)
    assert csco["occupations"] == 1631
    assert csco["en_labels"] == csco["zh_labels"] == 2047


def test_stats_table():
    result = CliRunner().invoke(cli, ["stats", "--catalog", "csco2022"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split()[:3] == ["id", "concepts", "occupations"]
    assert "csco2022" in result.output and "2047" in result.output


def test_build_default_folder_is_the_build_modules():
    from occlink.cli.build import DEFAULT_OUT
    from occlink.exports.dumps.build import DEFAULT_OUT as BUILD_DEFAULT
    assert DEFAULT_OUT == BUILD_DEFAULT


def test_stats_does_not_import_the_build_modules(tmp_path):
    """`occlink stats` reads the compiled counts: rdflib and the dump writers stay unimported."""
    code = ("import sys; from occlink.cli.main import cli\n"
            "try:\n    cli(['stats', '--catalog', 'qianhai2020'], standalone_mode=False)\n"
            "finally:\n    print(sorted(m for m in ('occlink.exports.dumps.build', 'occlink.graph.dataset') "
            "if m in sys.modules), file=sys.stderr)")
    first = subprocess.run([sys.executable, "-m", "occlink", "stats"], capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr  # the compiled folder is fresh now (a build imports them)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_export_to_stdout():
    result = CliRunner().invoke(cli, ["export", "--format", "ntriples", "--catalog", "csco2022", "--out", "-"])
    assert result.exit_code == 0
    assert "<https://w3id.org/occlink/csco/2022/2-02-38-01>" in result.output


def test_base_iri_option(tmp_path):
    out = tmp_path / "x.nt"
    result = CliRunner().invoke(cli, ["--base-iri", "https://example.org/o/", "export", "--format", "ntriples",
                                      "--catalog", "csco2022", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "<https://example.org/o/csco/2022/2-02-38-01>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args,fragment", [
    (["--base-iri", "ftp://x/", "stats"], "must be an absolute http(s) IRI"),
    (["export", "--format", "rdfxml", "--out", "x"], "Invalid value for '--format'"),
    (["export", "--format", "turtle", "--catalog", "nowhere", "--out", "x"], "Invalid value for '--catalog'"),
    (["export", "--format", "turtle"], "Missing option '--out'"),
])
def test_usage_errors_exit_2_without_traceback(args, fragment, tmp_path):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output


def test_every_command_has_help():
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0
    commands = cli.list_commands(None)
    assert {"build", "export", "stats"} <= set(commands)
    for name in commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage:" in result.output


def test_build_subprocess(tmp_path):
    """A real process, as a user runs it: the console script's module entry point."""
    out = tmp_path / "data"
    proc = subprocess.run([sys.executable, "-m", "occlink", "build", "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    for name in ("occlink.ttl", "occlink.jsonld", "occlink.nt", "csco2022.ttl", "context.jsonld"):
        assert (out / name).stat().st_size > 0, name
    assert Graph().parse(out / "csco2022.nt", format="nt")


def test_unwritable_output_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["export", "--format", "turtle", "--catalog", "csco2022",
                                      "--out", str(blocker / "sub" / "x.ttl")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert not (blocker / "sub").exists()
