"""`occlink export --format site`: static pages + per-resource RDF, deterministic, never half-written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from occlink.cli.main import cli
from occlink.exports.site import MARKER, export_site
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()
AI = "csco/2022/2-02-38-01"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "www"
    result = CliRunner().invoke(cli, ["export", "--format", "site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_layout(site):
    for name in ("index.html", "search-index.json", "context.jsonld", "static/style.css", "static/search.js",
                 "dumps/occlink.ttl", "dumps/occlink.nt", "dumps/occlink.jsonld", "dumps/index.html", MARKER,
                 f"{AI}/index.html", f"{AI}/index.ttl", f"{AI}/index.jsonld",
                 "csco/2022/index.html", "qianhai/2020/d06/index.html", "beijing/2023/urgent/2-02-38-01/index.ttl",
                 "vocab/index.html"):
        assert (site / name).is_file(), name
    assert not list(site.parent.glob(".www.*")), "staging folder left behind"


def test_concept_files(site):
    page = (site / AI / "index.html").read_text(encoding="utf-8")
    assert "人工智能工程技术人员" in page and "Artificial intelligence engineer" in page
    assert 'data-marker="digital"' in page
    iri = URIRef(f"{NS.base}{AI}")
    turtle = Graph().parse(site / AI / "index.ttl", format="turtle")
    assert (iri, SKOS.notation, Literal("2-02-38-01")) in turtle
    jsonld = Graph().parse(site / AI / "index.jsonld", format="json-ld")
    assert (iri, SKOS.prefLabel, Literal("人工智能工程技术人员", lang="zh")) in jsonld
    assert len(jsonld) == len(turtle)


def test_relative_links_point_at_existing_files(site):
    for page in (site / "index.html", site / AI / "index.html", site / "qianhai/2020/d06/index.html"):
        hrefs = re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8"))
        assert hrefs
        for href in hrefs:
            assert not href.startswith("/"), f"{page}: root-relative link {href} breaks under a sub-path"
            assert (page.parent / href).resolve().exists(), f"{page}: broken link {href}"


def test_search_index(site):
    entries = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    ai = next(e for e in entries if e["iri"] == f"{NS.base}{AI}")
    assert ai["code"] == "2-02-38-01" and ai["zh"] == "人工智能工程技术人员"
    assert (site / ai["href"]).is_file()


def test_deterministic_partial_exports(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    export_site(NS, one, only="csco/2022/2-02-38")
    export_site(NS, two, only="csco/2022/2-02-38")
    files_one = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert files_one == files_two and len(files_one) > 20
    for rel in files_one:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_re_export_replaces_a_previous_site(tmp_path):
    out = tmp_path / "www"
    export_site(NS, out, only="csco/2022/2-02-38-01")
    (out / "stale.html").write_text("old", encoding="utf-8")
    export_site(NS, out, only="csco/2022/2-02-38-01")
    assert not (out / "stale.html").exists() and (out / AI / "index.html").is_file()


def test_refuses_a_foreign_non_empty_folder_and_a_file(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "--format", "site", "--out", str(foreign)])
    assert result.exit_code == 2
    assert str(foreign) in result.output and "not empty" in result.output
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "--format", "site", "--out", str(afile)])
    assert result.exit_code == 2 and "not a folder" in result.output
    assert afile.read_text(encoding="utf-8") == "x"
