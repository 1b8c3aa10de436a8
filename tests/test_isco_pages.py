"""Concept pages show the ISCO-08 group (title, link to ESCO) and ESCO occupations."""

from __future__ import annotations

from occlink.exports.site.pages import Linker, resource_page
from occlink.exports.web.describe import ResourceIndex
from occlink.graph.dataset import cached_dataset
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, Namespaces


def page(path: str) -> str:
    ns = Namespaces(DEFAULT_BASE_IRI)
    index = ResourceIndex(cached_dataset(DEFAULT_BASE_IRI), ns)
    return resource_page(index, path, Linker(ns, path))


def test_national_page_shows_its_isco_group_linked_to_esco():
    html = page("csco/2022/2-02-10-03")
    assert 'href="http://data.europa.eu/esco/isco/C2512"' in html
    assert "Software developers" in html and "not an official one" in html


def test_qianhai_page_shows_isco_and_esco_occupation():
    html = page("qianhai/2020/d03")
    assert 'href="http://data.europa.eu/esco/isco/C2412"' in html
    assert "http://data.europa.eu/esco/occupation/" in html and "financial planner" in html
