"""Pages written for people (issue #20, findings 2, 3 and 5), on a real server over loopback."""

from __future__ import annotations

import json
import re
from importlib import resources
from urllib.parse import urlencode

import pytest

from occlink.exports.site.pages import task_items
from occlink.taxonomy.namespaces import Namespaces
from test_server_support import fetch, start_server

NS = Namespaces()
AI = "csco/2022/2-02-38-01"


@pytest.fixture(scope="module")
def server():
    running = start_server()
    yield running.url
    running.stop()


def page(server, path) -> str:
    status, headers, body = fetch(f"{server}/{path}", accept="text/html")
    assert status == 200, path
    return body.decode("utf-8")


def section(html: str, css_class: str) -> str:
    match = re.search(rf'<(section|aside|details|nav)[^>]*class="{css_class}[^"]*"[^>]*>(.*?)</\1>', html, re.S)
    assert match, css_class
    return match.group(2)


def test_search_page_has_a_heading_filters_and_marks_search_titles(server):
    html = page(server, "search?" + urlencode({"q": "程序员"}))
    assert "<h1>" in html and '<label for="q">' in html and '<label for="cat">' in html
    first = re.search(r'<a class="hit" href="([^"]+)"', html).group(1)
    assert first == "/csco/2022/2-02-10-03"
    assert "search title, written by the project, not official" in html
    html = page(server, "search?" + urlencode({"q": "工程技术人员", "cat": "beijing", "marker": "green"}))
    hrefs = re.findall(r'<a class="hit" href="([^"]+)"', html)
    assert hrefs and all(h.startswith("/beijing/2023/urgent/") for h in hrefs)
    assert '<option value="beijing" selected>' in html


def test_suggest_endpoint(server):
    status, headers, body = fetch(f"{server}/suggest?" + urlencode({"q": "account"}))
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert data["suggestions"] and all("account" in s["label"].casefold() for s in data["suggestions"])
    assert all(s["href"].startswith("/") for s in data["suggestions"])


def test_breadcrumb_to_the_major_group(server):
    crumbs = section(page(server, AI), "breadcrumb")
    hrefs = re.findall(r'href="([^"]+)"', crumbs)
    assert hrefs == ["/csco/2022", "/csco/2022/2-00-00-00", "/csco/2022/2-02-00-00", "/csco/2022/2-02-38-00"]
    assert 'aria-current="page"' in crumbs


def test_scheme_page_has_the_whole_tree_as_details(server):
    html = page(server, "csco/2022")
    tree = html[html.index('<ul class="tree">'):]
    from rdflib.namespace import SKOS

    from occlink.exports.web.describe import resource_index
    graph = resource_index(NS.base).graph
    groups = {p for c in graph.subjects(SKOS.inScheme, NS.csco_scheme) for p in graph.objects(c, SKOS.broader)}
    assert tree.count("<details>") == len(groups) > 300  # every group with children, closed by default
    assert len(re.findall(r'href="/csco/2022/\d-\d\d-\d\d-\d\d"', tree)) >= 2047 - 1


def test_qianhai_attributes_inline(server):
    html = page(server, "qianhai/2020/d06")
    attributes = section(html, "attributes")
    assert "Professional knowledge of artificial intelligence-related algorithms" in attributes
    assert "Ability of pioneering and innovation" in attributes
    assert "硕士学位" in attributes and "More than 5 years of related experience" in attributes
    assert '<ol class="competencies">' in attributes


def test_national_page_for_people(server):
    html = page(server, AI)
    tasks = re.search(r'<ol class="tasks" lang="zh-Hans">(.*?)</ol>', html, re.S).group(1)
    assert tasks.count("<li>") == 7 and "提供人工智能相关技术咨询和技术服务" in tasks
    appears = section(html, "appears-in")
    assert "/beijing/2023/urgent/2-02-38-01" in appears and "/qianhai/2020/d06" in appears
    assert "accepted" in appears and "exact match" in appears
    assert '<details class="statements">' in html and '<details class="incoming">' in html
    cite = section(html, "cite")
    assert f'value="{NS.base}{AI}"' in cite and "version 0.1.0" in cite and 'label for="cite-field"' in cite
    assert f'<link rel="canonical" href="{NS.base}{AI}">' in html
    assert '<html lang="zh-Hans">' in html and 'lang="zh"' not in html
    badges = re.search(r'<dd class="markers">(.*?)</dd>', html, re.S).group(1)
    assert 'href="/csco/2022/collection/digital"' in badges  # the badge leads to the list


def test_beijing_entry_is_visibly_distinct(server):
    html = page(server, "beijing/2023/urgent/2-02-38-01")
    national = page(server, AI)
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title != re.search(r"<title>(.*?)</title>", national).group(1) and "Beijing" in title
    assert 'class="kind beijing"' in html
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert heading != re.search(r"<h1[^>]*>(.*?)</h1>", national, re.S).group(1) and "北京急需紧缺职业" in heading
    rule = section(html, "beijing-rule")
    assert "II.(II).2" in rule or "Section II.(II).2" in rule
    assert "regarded as occupations" in rule  # the rule's own text


def test_mapping_set_is_a_readable_table_with_its_download(server):
    html = page(server, "mappings/qianhai2020-csco2022.positive")
    table = section(html, "mapping-set")
    assert table.count("<tr>") == 48 + 1
    assert "人工智能工程技术人员" in table and "AI engineer" in table and "exact match" in table
    assert 'href="/dumps/mappings/qianhai2020-csco2022.positive.sssom.tsv"' in table
    status, _, body = fetch(f"{server}/dumps/mappings/qianhai2020-csco2022.positive.sssom.tsv")
    assert status == 200 and b"subject_id" in body


def test_landing_links_the_lists_and_indexes(server):
    html = page(server, "")
    for href in ("/csco/2022/collection/green", "/csco/2022/collection/digital", "/browse/a-z", "/browse/zh",
                 "/browse/crosswalks"):
        assert f'href="{href}"' in html, href
    green = page(server, "csco/2022/collection/green")
    assert section(green, "members").count("<tr>") == 134 + 1
    a_z = page(server, "browse/a-z")
    assert 'href="/csco/2022/2-06-03-00"' in a_z and 'id="letter-A"' in a_z
    assert 'href="/qianhai/2020/d06"' in page(server, "browse/zh")


def test_sparql_form_is_labelled_english_and_keeps_the_query_on_error(server):
    html = page(server, "sparql")
    assert '<html lang="en">' in html and '<label for="query">' in html and 'id="query"' in html
    bad = "SELECT ?x WHERE { ?x ?y }"
    status, _, body = fetch(f"{server}/sparql?" + urlencode({"query": bad, "format": "html"}), accept="text/html")
    text = body.decode("utf-8")
    assert status == 400 and "syntax error" in text.lower()
    assert "SELECT ?x WHERE { ?x ?y }" in text.replace("&quot;", '"') and "<textarea" in text
    # a program still gets a one-line plain answer
    status, headers, body = fetch(f"{server}/sparql?" + urlencode({"query": bad}), accept="application/sparql-results+json")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")


def test_tasks_are_split_on_their_numbers():
    assert task_items("1.分析数据 2.编写报告。") == ["分析数据", "编写报告。"]
    assert task_items("只有一项任务。") == ["只有一项任务。"]


# --- contrast --------------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_contrast_is_wcag_aa():
    """Every text colour of the stylesheet against its own background (white when the rule sets none)."""
    css = (resources.files("occlink.exports.site") / "static" / "style.css").read_text(encoding="utf-8")
    assert round(contrast("#777", "#fff"), 2) == 4.48  # the grey tag of finding 5 fails AA
    checked = 0
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", body)
        if not fg:
            continue
        bg = re.search(r"background:\s*(#[0-9a-fA-F]{3,6})", body)
        background = bg.group(1) if bg else ("#234" if "header.site" in selector else "#fff")
        ratio = contrast(fg.group(1), background)
        assert ratio >= 4.5, f"{selector.strip()}: {fg.group(1)} on {background} is {ratio:.2f}:1"
        checked += 1
    assert checked > 10
