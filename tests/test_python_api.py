"""The documented Python API: its docstring examples run (doctest) and its rows suit pandas."""

from __future__ import annotations

import doctest

import pytest

import occlink
import occlink.api
from occlink.errors import InputError


def test_docstring_examples_run():
    pytest.importorskip("pandas")
    result = doctest.testmod(occlink.api, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10 and result.failed == 0


def test_query_binds_parameters_and_keeps_types():
    rows = occlink.query("SELECT ?c ?level WHERE { ?c skos:notation ?code ; occ:sourceLevel ?level }",
                         code="2-02-38-01")
    assert rows == [{"c": "https://w3id.org/occlink/csco/2022/2-02-38-01", "level": 4}]
    assert occlink.query("ASK { ?c skos:notation ?code }", code="no such code") == [{"ask": False}]
    with pytest.raises(InputError):
        occlink.query("SELECT ?c WHERE { ?c skos:notation ?code }", cdoe="2-02-38-01")


def test_match_keeps_every_title():
    rows = occlink.match(["会计", "", "qzxv"], alternatives=2)
    assert [r["title"] for r in rows] == ["会计", "", "qzxv"]
    assert rows[0]["code"] and len(rows[0]["alternatives"]) == 2 and 0 <= rows[0]["confidence"] <= 1
    assert rows[1]["code"] is None and rows[1]["reason"] == "empty title"
    assert rows[2]["code"] is None and rows[2]["reason"].startswith("no candidate")


def test_match_records_the_dataset_it_was_made_against():
    rows = occlink.match(["会计"])
    assert isinstance(rows, list)
    record = rows.provenance
    ds = occlink.dataset()
    assert record["dataset"] == {"iri": ds.iri, "version": ds.version, "sha256": ds.checksum,
                                 "checksum_of": "occlink.nt"}
    assert record["tool_version"] == occlink.__version__ and record["target"] == "csco2022"
    assert record["counts"] == {"titles": 1, "coded": 1}


def test_one_public_matching_function():
    """occlink.match is the researchers' function; mappings.api keeps the implementation it wraps and the
    Dask partition function, which give the same rows."""
    from occlink.mappings.api import code_partition, match_titles
    titles = ["Java开发工程师", "registered nurse", ""]
    assert occlink.match(titles, alternatives=1) == match_titles(titles, alternatives=1)
    assert callable(code_partition)
    assert "occlink.match" in (occlink.api.match.__doc__ or "") + (match_titles.__doc__ or "")


def test_cite_and_citation_file_agree(tmp_path):
    from click.testing import CliRunner

    from occlink.cli.main import cli
    from occlink.graph.citation import release_date
    yaml = pytest.importorskip("yaml")
    result = CliRunner().invoke(cli, ["cite"])
    assert result.exit_code == 0, result.output
    ds = occlink.dataset()
    assert ds.checksum in result.output and ds.iri in result.output and "@misc{" in result.output
    from pathlib import Path
    cff = yaml.safe_load((Path(__file__).parents[1] / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == occlink.__version__ and str(cff["date-released"]) == release_date()
    assert cff["url"] == ds.iri
