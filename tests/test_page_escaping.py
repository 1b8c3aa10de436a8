"""Text from the data is escaped wherever a page shows it (the templates' autoescape)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.exports.site.pages import Linker, SiteLinker, resource_page, search_page
from occlink.exports.site.search import search, search_entries
from occlink.exports.web.describe import ResourceIndex
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()
HOSTILE = '<script>alert("x")</script> & Co\'s'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&#x27;s"


def hostile_index() -> tuple[ResourceIndex, str]:
    """A national concept and its parent group, every text of them hostile."""
    g = Graph()
    concept, group = URIRef(f"{NS.csco}9-99-99-99"), URIRef(f"{NS.csco}9-99")
    for s, code in ((concept, "9-99-99-99"), (group, "9-99")):
        g.add((s, RDF.type, SKOS.Concept))
        g.add((s, SKOS.inScheme, NS.csco_scheme))
        g.add((s, SKOS.notation, Literal(code)))
        g.add((s, SKOS.prefLabel, Literal(HOSTILE, lang="zh")))
        g.add((s, SKOS.prefLabel, Literal(HOSTILE, lang="en")))
    g.add((concept, SKOS.broader, group))
    g.add((group, SKOS.narrower, concept))
    g.add((concept, SKOS.altLabel, Literal(HOSTILE + " alt", lang="en")))
    g.add((concept, SKOS.definition, Literal(HOSTILE + " definition", lang="zh")))
    return ResourceIndex(g, NS), str(concept)[len(NS.base):]


def assert_escaped(html: str, copies: int) -> None:
    assert "<script>alert" not in html and 'alert("x")' not in html and "Co's" not in html
    assert html.count(ESCAPED) >= copies


def test_resource_page_escapes_labels_and_texts():
    index, path = hostile_index()
    for linker in (Linker(NS, path), SiteLinker(NS, path, lambda p: bool(index.subjects_of(p)))):
        html = resource_page(index, path, linker)
        # title, heading, breadcrumb, broader link, alternative label, definition, statements, citation
        assert_escaped(html, 8)
        assert f"<title>9-99-99-99 · {ESCAPED} · {ESCAPED} · occlink</title>" in html
        assert f'<p class="label-en" lang="en">{ESCAPED}</p>' in html


def test_search_page_escapes_query_and_hits():
    index, _ = hostile_index()
    hits, total = search(search_entries(index.graph, NS, titles={}), "alert")
    assert total >= 1
    html = search_page(HOSTILE, hits, total, Linker(NS, "search"))
    assert_escaped(html, 3)
    assert f'value="{ESCAPED}"' in html  # the query, kept in the search field
