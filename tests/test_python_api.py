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
    rows = occlink.match(["会计", "", "qzxv"], top_k=2)
    titles = [r["title"] for r in rows]
    assert titles[0] == "会计" and "" in titles and "qzxv" in titles
    assert all(r["confidence"] is None or 0 <= r["confidence"] <= 1 for r in rows)


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
