"""Search finds what people type (issue #20, finding 1): every label kind incl. the project's
search titles, whole words with plurals, Chinese by characters, codes; ranked; filtered."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.exports.site.search import Terms, search, search_entries, suggest
from occlink.exports.web.describe import resource_index
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()


@pytest.fixture(scope="module")
def entries():
    return search_entries(resource_index(NS.base).graph, NS)


def top(entries, query, n=3, **filters):
    hits, _ = search(entries, query, **filters)
    return [h.entry.iri for h in hits[:n]]


@pytest.mark.parametrize("query, code", [
    ("程序员", "2-02-10-03"),            # a search title (project work), not in the published graph
    ("accountant", "2-06-03-00"),        # a search title
    ("AI", "2-02-38-01"),                # a whole word, not the letters of "Aircraft"
    ("software engineers", "2-02-10-03"),  # plural of a search title
    ("2-02-38-01", "2-02-38-01"),
])
def test_examples_people_type_find_the_national_concept_in_the_top_three(entries, query, code):
    assert f"{NS.base}csco/2022/{code}" in top(entries, query)


def test_a_code_ranks_the_national_concept_above_its_beijing_entry(entries):
    hits, total = search(entries, "2-02-38-01")
    assert total >= 2
    assert hits[0].entry.iri == f"{NS.base}csco/2022/2-02-38-01"
    assert hits[1].entry.iri == f"{NS.base}beijing/2023/urgent/2-02-38-01"


def test_whole_words_only(entries):
    hits, total = search(entries, "AI")
    assert 0 < total < 50
    for hit in hits:
        assert "ai" in Terms.of(hit.label).words, hit.label  # never "Aircraft pilot"


def test_data_scientist_finds_something(entries):
    assert search(entries, "data scientist")[1] > 0


def test_green_finds_the_green_list(entries):
    assert f"{NS.base}csco/2022/collection/green" in top(entries, "绿色")


def test_search_titles_are_marked_as_search_only(entries):
    hits, _ = search(entries, "程序员")
    hit = next(h for h in hits if h.entry.code == "2-02-10-03")
    assert hit.kind == "title" and hit.label == "程序员"
    national = next(e for e in entries if e.code == "2-02-10-03" and e.catalogue == "csco")
    assert "程序员" not in (national.label_zh, national.label_en)


def test_chinese_by_characters(entries):
    # the characters of a label in another order still find it, below exact substrings
    hits, total = search(entries, "技术人员工程人工智能")
    assert total > 0
    assert f"{NS.base}csco/2022/2-02-38-01" in [h.entry.iri for h in hits[:10]]


def test_filters_by_catalogue_and_marker(entries):
    hits, total = search(entries, "工程技术人员", catalogue="beijing")
    assert total > 0 and all(h.entry.catalogue == "beijing" for h in hits)
    hits, total = search(entries, "工程技术人员", marker="green")
    assert total > 0 and all("green" in h.entry.markers for h in hits)
    hits, total = search(entries, "AI engineer", catalogue="qianhai")
    assert hits[0].entry.iri == f"{NS.base}qianhai/2020/d06"


def test_suggest_completes_the_last_word(entries):
    labels = [h.label for h in suggest(entries, "softw")]
    assert labels and all("softw" in x.casefold() for x in labels)
    assert suggest(entries, "程序")


def _tiny() -> list:
    """Three concepts that isolate the ranking rules."""
    g = Graph()
    scheme = NS.csco_scheme
    def concept(iri, code, zh, en, alts=(), in_scheme=scheme):
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, SKOS.notation, Literal(code)))
        g.add((iri, SKOS.prefLabel, Literal(zh, lang="zh")))
        g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((iri, SKOS.inScheme, in_scheme))
        for a in alts:
            g.add((iri, SKOS.altLabel, Literal(a, lang="en")))
    concept(NS.csco["9-01-00-01"], "9-01-00-01", "甲", "Baker", alts=("pastry cook",))
    concept(NS.csco["9-01-00-02"], "9-01-00-02", "乙", "Pastry cook")
    concept(NS.csco["9-01-00-03"], "9-01-00-03", "丙", "Head pastry cook")
    concept(URIRef(f"{NS.bj}9-01-00-02"), "9-01-00-02", "乙", "Pastry cook", in_scheme=NS.bj_scheme)
    return search_entries(g, NS, titles={})


def test_ranking_rules_on_a_tiny_graph():
    entries = _tiny()
    order = [h.entry.iri for h in search(entries, "pastry cooks")[0]]
    assert order == [f"{NS.csco}9-01-00-02",   # exact, national, preferred label
                     f"{NS.csco}9-01-00-01",   # exact, national, alias
                     f"{NS.bj}9-01-00-02",     # exact, the Beijing entry of the first
                     f"{NS.csco}9-01-00-03"]   # partial (an extra word)
