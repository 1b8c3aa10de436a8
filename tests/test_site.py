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
from occlink.exports.site.static_site import MARKER, export_site
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
    for page in (site / "index.html", site / AI / "index.html", site / "qianhai/2020/d06/index.html",
                 site / "search/index.html", site / "browse/crosswalks/index.html", site / "404.html",
                 site / "csco/2022/collection/green/index.html",
                 site / "mappings/qianhai2020-csco2022.positive/index.html"):
        hrefs = re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8"))
        assert hrefs
        for href in hrefs:
            assert not href.startswith("/"), f"{page}: root-relative link {href} breaks under a sub-path"
            assert (page.parent / href.split("?")[0]).resolve().exists(), f"{page}: broken link {href}"


def test_search_index(site):
    entries = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    ai = next(e for e in entries if e["i"] == f"{NS.base}{AI}")
    assert ai["c"] == "2-02-38-01" and ai["zh"] == "人工智能工程技术人员" and ai["k"] == "csco"
    assert "digital" in ai["m"]
    assert (site / ai["h"]).is_file()
    # the project's search titles are in the index, marked as search-only ("t")
    programmer = next(e for e in entries if e["i"] == f"{NS.base}csco/2022/2-02-10-03")
    assert ["程序员", "t"] in programmer["l"]
    assert any(e["k"] == "list" and e["zh"].startswith("绿色职业") for e in entries)


def test_pages_for_browsing_and_errors(site):
    for name in ("search/index.html", "browse/a-z/index.html", "browse/zh/index.html", "browse/pinyin/index.html",
                 "browse/crosswalks/index.html", "404.html", "static/page.js"):
        assert (site / name).is_file(), name
    search = (site / "search/index.html").read_text(encoding="utf-8")
    assert "<h1>" in search and 'data-static' in search and 'data-index="../search-index.json"' in search
    a_z = (site / "browse/a-z/index.html").read_text(encoding="utf-8")
    assert 'href="../../csco/2022/2-02-38-01/index.html"' in a_z
    pinyin = (site / "browse/pinyin/index.html").read_text(encoding="utf-8")
    assert 'href="../../csco/2022/2-02-38-01/index.html"' in pinyin and 'id="pinyin-R"' in pinyin
    crosswalks = (site / "browse/crosswalks/index.html").read_text(encoding="utf-8")
    assert 'href="../../dumps/mappings/qianhai2020-csco2022.positive.sssom.tsv"' in crosswalks
    assert (site / "dumps/mappings/qianhai2020-csco2022.positive.sssom.tsv").is_file()
    assert "Page not found" in (site / "404.html").read_text(encoding="utf-8")


def test_no_inline_script_or_style(site):
    """A strict Content-Security-Policy (no inline script or style) must not break any page."""
    for page in (site / "index.html", site / AI / "index.html", site / "qianhai/2020/d06/index.html",
                 site / "csco/2022/index.html", site / "search/index.html", site / "404.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), page
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=", text), page


def test_canonical_and_language(site):
    page = (site / AI / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{NS.base}{AI}">' in page
    assert '<html lang="zh-Hans">' in page and 'lang="zh"' not in page
    qianhai = (site / "qianhai/2020/d06/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in qianhai


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
