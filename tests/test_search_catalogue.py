"""Search hits name their list: a national concept and its Beijing entry share a code."""

from __future__ import annotations

from occlink.exports.site.pages import Linker, search_page
from occlink.exports.site.search import search, search_entries
from occlink.graph.dataset import dataset_graph
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()


def test_hits_for_one_code_are_told_apart_by_catalogue():
    graph = dataset_graph(NS, ["csco2022", "beijing2023"], with_mappings=False, with_metadata=False)
    hits, total = search(search_entries(graph, NS), "2-02-38-01")
    assert total == 2
    html = search_page("2-02-38-01", hits, total, Linker(NS))
    assert "(National 2022 国家职业分类)" in html and "(Beijing 2023 北京)" in html
