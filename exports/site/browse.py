"""Ways to browse without typing: the landing page, the classification tree, the lists, an A–Z
index of English names, a pinyin index and an index by first character of the Chinese names,
the crosswalks — for the server and the static site.

The tree is nested ``<details>``/``<summary>``: it opens and closes without JavaScript.

Pinyin: the sources give no readings, so they are derived by pypinyin (its phrase dictionary
picks the reading of polyphonic characters in context, e.g. 会计 kuài jì); the page says they
are machine-derived. The first-character index orders characters by Unicode (for the common
CJK block radical-then-stroke, the order of a character dictionary).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pypinyin import Style, lazy_pinyin
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from occlink.exports.site.pages import (
    MARKERS,
    Linker,
    bi,
    catalogue_of,
    en,
    esc,
    label_pair,
    mapping_row,
    mapping_table,
    names_html,
    notation,
    scroll,
    search_form,
    shell,
    zh,
)
from occlink.exports.web.describe import ResourceIndex

SCHEMA_OCCUPATION = URIRef("https://schema.org/Occupation")
BROWSE_PAGES = ("browse/a-z", "browse/pinyin", "browse/zh", "browse/crosswalks")


def _a(href: str, inner: str) -> str:
    """A link, or just the text where the export writes no page (partial static exports)."""
    return f'<a href="{esc(href)}">{inner}</a>' if href else inner


def _by_code(g, items):
    return sorted(items, key=lambda x: (notation(g, x), str(x)))


# --- the pages special resources get ------------------------------------------------------------

def special_section(index: ResourceIndex, s, linker: Linker) -> str:
    """The browsing part of a scheme, collection or mapping-set page ('' for other resources)."""
    g, ns = index.graph, index.ns
    if s == ns.csco_scheme:
        return tree(index, linker)
    if s in (ns.qh_scheme, ns.bj_scheme):
        return member_table(index, s, linker, _by_code(g, g.subjects(SKOS.inScheme, s)),
                            bi("Entries", "条目"))
    if (s, RDF.type, SKOS.Collection) in g and str(s).startswith(f"{ns.csco}collection/"):
        return member_table(index, s, linker, _by_code(g, g.objects(s, SKOS.member)), bi("Occupations", "职业"))
    if str(s).startswith(str(ns.mapping)) and any(True for _ in g.subjects(DCTERMS.isPartOf, s)):
        return mapping_set_section(index, s, linker)
    if (s, OWL.annotatedSource, None) in g:  # one review decision, as a row people can read
        return (f'<section class="mapping-record"><h2>{bi("This decision", "本项审核决定")}</h2>'
                + mapping_table(g, [mapping_row(g, s, ns)], linker, ns, label="This decision") + "</section>")
    return ""


def tree(index: ResourceIndex, linker: Linker) -> str:
    """The national classification: 8 major groups down to every occupation, as nested details."""
    g, ns = index.graph, index.ns
    children: dict = defaultdict(list)
    scheme_members = set(g.subjects(SKOS.inScheme, ns.csco_scheme))
    for c in scheme_members:
        for parent in g.objects(c, SKOS.broader):
            children[parent].append(c)
    tops = _by_code(g, g.objects(ns.csco_scheme, SKOS.hasTopConcept))
    counts: dict = {}

    def occupations(node) -> int:
        if node not in counts:
            counts[node] = ((node, RDF.type, SCHEMA_OCCUPATION) in g) + sum(occupations(k) for k in children[node])
        return counts[node]

    def render(node) -> str:
        zh_, en_ = label_pair(g, node)
        names = names_html(notation(g, node), zh_, en_)
        href = linker.href(node)
        kids = _by_code(g, children[node])
        marks = "".join(f' <span class="marker small {m}" title="{esc(MARKERS[m][1])}">{m[0].upper()}</span>'
                        for m in MARKERS if (node, ns.vocab[m], Literal(True)) in g)
        if not kids:
            return f"<li>{_a(href, names)}{marks}</li>"
        return (f'<li><details><summary><span class="node">{names}</span> '
                f'<span class="count">({occupations(node)})</span></summary>'
                + (f'<p class="node-page"><a href="{esc(href)}">{bi("Open this group", "打开此类")}</a></p>' if href else "") +
                f'<ul>{"".join(render(k) for k in kids)}</ul></details></li>')

    return (f'<section class="tree" aria-labelledby="tree-h"><h2 id="tree-h">{bi("Browse the classification", "分类浏览")}'
            f'</h2><p class="muted">{bi("Open a group to see what it contains; the number counts its occupations.", "展开类别查看其下级；数字为所含职业数。")}'
            f'</p><ul class="tree">{"".join(render(t) for t in tops)}</ul></section>')


def member_table(index: ResourceIndex, s, linker: Linker, members: list, heading: str) -> str:
    g, ns = index.graph, index.ns
    rows = []
    for m in members:
        zh_, en_ = label_pair(g, m)
        href = linker.href(m)
        marks = "".join(f'<span class="marker small {k}">{esc(v[1])}</span> '
                        for k, v in MARKERS.items() if (m, ns.vocab[k], Literal(True)) in g)
        rows.append(f'<tr><td class="code">{_a(href, esc(notation(g, m)))}</td><td>{zh(zh_)}</td>'
                    f"<td>{en(en_)}</td><td>{marks}</td></tr>")
    table = (f"<table class=\"members\"><thead><tr><th scope=\"col\">{bi('Code', '代码')}</th>"
             f"<th scope=\"col\">{bi('Chinese', '中文')}</th><th scope=\"col\">{bi('English', '英文')}</th>"
             f"<th scope=\"col\">{bi('Markers', '标识')}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return f'<section class="members"><h2>{heading} ({len(members)})</h2>{scroll(table, "Members")}</section>'


def mapping_set_name(s) -> str:
    return str(s).rstrip("/").rsplit("/", 1)[-1]


def mapping_set_section(index: ResourceIndex, s, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    rows = sorted((mapping_row(g, a, ns) for a in g.subjects(DCTERMS.isPartOf, s)),
                  key=lambda r: (notation(g, r.subject) if r.subject else "", str(r.axiom)))
    sssom = linker.root(f"dumps/mappings/{mapping_set_name(s)}.sssom.tsv")
    return (f'<section class="mapping-set"><h2>{bi("Mappings in this set", "本集合中的映射")} ({len(rows)})</h2>'
            f'<p><a class="download" href="{esc(sssom)}">{bi("Download as SSSOM (TSV)", "下载 SSSOM (TSV)")}</a></p>'
            + mapping_table(g, rows, linker, ns, label="Mappings in this set") + "</section>")


# --- landing and index pages --------------------------------------------------------------------

def landing_page(index: ResourceIndex, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    rows = []
    for scheme in sorted(set(g.subjects(RDF.type, SKOS.ConceptScheme))):
        if scheme not in (ns.csco_scheme, ns.qh_scheme, ns.bj_scheme):
            continue
        members = {c for c in g.subjects(SKOS.inScheme, scheme) if (c, RDF.type, SKOS.Concept) in g}
        zh_, en_ = label_pair(g, scheme)
        rows.append(f'<tr><td><a href="{esc(linker.href(scheme))}">{zh(zh_)}<br>{en(en_)}</a></td>'
                    f"<td>{len(members)}</td><td>{sum(1 for c in members if (c, RDF.type, SCHEMA_OCCUPATION) in g)}"
                    "</td></tr>")
    browse = [
        (linker.href(ns.csco_scheme), bi("National classification, group by group", "国家职业分类（分层浏览）")),
        (linker.href(f"{ns.csco}collection/green"), bi("Green occupations (L)", "绿色职业")),
        (linker.href(f"{ns.csco}collection/digital"), bi("Digital occupations (S)", "数字职业")),
        (linker.href(ns.qh_scheme), bi("Qianhai 2020 list", "前海紧缺职业清单")),
        (linker.href(ns.bj_scheme), bi("Beijing 2023 urgent-need list", "北京急需紧缺职业")),
        (linker.page("browse/a-z"), bi("A–Z index of English names", "英文名称索引")),
        (linker.page("browse/pinyin"), bi("Pinyin index of Chinese names", "中文名称拼音索引")),
        (linker.page("browse/zh"), bi("Index by first Chinese character", "中文首字索引")),
        (linker.page("browse/crosswalks"), bi("Crosswalks between the lists", "清单对照")),
    ]
    links = [f'<li><a href="{esc(linker.href(ns.base + "vocab"))}">{bi("Vocabulary", "词汇表")} (occ:)</a></li>',
             f'<li><a href="{esc(linker.root("context.jsonld"))}">JSON-LD context</a></li>']
    if not linker.site:
        links.append(f'<li><a href="{esc(linker.root("sparql"))}">{bi("SPARQL endpoint", "查询端点")}</a></li>')
    from urllib.parse import quote
    search = linker.page("search")
    tries = " · ".join(f'<a href="{esc(search)}?q={quote(q)}">{esc(q)}</a>'
                       for q in ("程序员", "accountant", "data scientist", "绿色", "2-02-38-01"))
    body = (
        f"<h1>occlink</h1><p>{bi('Chinese occupation lists as linked data (SKOS).', '中国职业清单的关联数据发布。')}</p>"
        + search_form(linker) + f'<p class="tries">{bi("Try", "示例")}: {tries}</p>'
        + f"<h2>{bi('Browse', '浏览')}</h2><ul class=\"browse\">"
        + "".join(f'<li><a href="{esc(h)}">{t}</a></li>' for h, t in browse if h) + "</ul>"
        + f"<h2>{bi('Catalogues', '目录')}</h2>"
        + scroll(f"<table class=\"catalogues\"><thead><tr><th scope=\"col\">{bi('Scheme', '体系')}</th>"
                 f"<th scope=\"col\">{bi('Concepts', '概念')}</th><th scope=\"col\">{bi('Occupations', '职业')}</th>"
                 "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>", "Catalogues")
        + f"<h2>{bi('More', '更多')}</h2><ul>" + "".join(links) + "</ul>")
    scripts = f'<script src="{esc(linker.root("static/search.js"))}" defer></script>'
    return shell("Catalogues", body, linker, scripts=scripts)


def _entries_for_index(index: ResourceIndex):
    """National concepts and Qianhai occupations (Beijing entries repeat national names)."""
    g, ns = index.graph, index.ns
    for scheme in (ns.csco_scheme, ns.qh_scheme):
        for c in g.subjects(SKOS.inScheme, scheme):
            if (c, RDF.type, SKOS.Concept) in g:
                yield c


def _lettered(groups: dict, anchor: str, *, key: Callable[[Any], Any], item: Callable[[Any], str]) -> tuple[str, str]:
    """The letter navigation and one section per letter (``#{anchor}-{letter}``) of an index page."""
    letters = sorted(groups)
    nav = " ".join(f'<a href="#{anchor}-{esc(x)}">{esc(x)}</a>' for x in letters)
    sections = "".join(f'<section id="{anchor}-{esc(letter)}"><h2>{esc(letter)}</h2><ul class="index">'
                       + "".join(item(x) for x in sorted(groups[letter], key=key)) + "</ul></section>"
                       for letter in letters)
    return nav, sections


def a_z_page(index: ResourceIndex, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    groups: dict = defaultdict(list)
    for c in _entries_for_index(index):
        zh_, en_ = label_pair(g, c)
        if en_:
            first = en_[0].upper()
            groups[first if "A" <= first <= "Z" else "#"].append((en_.casefold(), en_, zh_, c))
    nav, sections = _lettered(
        groups, "letter", key=lambda x: (x[0], str(x[3])),
        item=lambda x: (f'<li>{_a(linker.href(x[3]), en(x[1]))} · {zh(x[2])} '
                        f'<span class="code">{esc(catalogue_code(g, x[3], ns))}</span></li>'))
    body = (f"<h1>{bi('A–Z index', '英文名称索引')}</h1>"
            f"<p>{bi('National classification and Qianhai 2020, by English name (the national English names are project translations).', '国家职业分类与前海清单，按英文名称排列。')}</p>"
            f'<nav class="letters" aria-label="Letters">{nav}</nav>' + sections)
    return shell("A–Z index", body, linker)


def pinyin_reading(name: str) -> tuple[str, str]:
    """(reading with tone marks for people, tone-numbered reading to sort by) of a Chinese name;
    non-Chinese characters pass through unchanged."""
    marked = " ".join(lazy_pinyin(name, style=Style.TONE))
    numbered = " ".join(lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True))
    return marked, numbered


def pinyin_page(index: ResourceIndex, linker: Linker) -> str:
    """Chinese names A–Z by their (machine-derived) pinyin reading."""
    g, ns = index.graph, index.ns
    groups: dict[str, list[tuple[str, str, str, str, URIRef]]] = defaultdict(list)
    for c in _entries_for_index(index):
        zh_, en_ = label_pair(g, c)
        if zh_:
            marked, numbered = pinyin_reading(zh_)
            first = numbered[:1].upper()
            groups[first if "A" <= first <= "Z" else "#"].append((numbered, zh_, marked, en_, c))
    nav, sections = _lettered(
        groups, "pinyin", key=lambda x: (x[0], x[1], str(x[4])),
        item=lambda x: (f'<li>{_a(linker.href(x[4]), zh(x[1]))} <span class="reading" lang="zh-Latn-pinyin">'
                        f'{esc(x[2])}</span> · {en(x[3])} <span class="code">{esc(catalogue_code(g, x[4], ns))}</span></li>'))
    body = (f"<h1>{bi('Pinyin index', '拼音索引')}</h1>"
            f"<p>{bi('National classification and Qianhai 2020, Chinese names in pinyin order.', '国家职业分类与前海清单，中文名称按拼音排列。')}</p>"
            f'<p class="machine-readings">{bi("The pinyin readings are machine-derived (pypinyin), not from the sources; a polyphonic character may be read wrongly.", "拼音由程序（pypinyin）自动生成，并非来源数据；多音字可能有误。")}</p>'
            f'<nav class="letters" aria-label="Letters">{nav}</nav>' + sections)
    return shell("拼音索引 Pinyin index", body, linker, lang="zh-Hans")


def zh_index_page(index: ResourceIndex, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    groups: dict = defaultdict(list)
    for c in _entries_for_index(index):
        zh_, en_ = label_pair(g, c)
        if zh_:
            groups[zh_[0]].append((zh_, en_, c))
    chars = sorted(groups)
    nav = " ".join(f'<a href="#char-{ord(x):x}" lang="zh-Hans">{esc(x)}</a>' for x in chars)
    sections = []
    for ch in chars:
        items = "".join(f'<li>{_a(linker.href(c), zh(z))} · {en(e)} '
                        f'<span class="code">{esc(catalogue_code(g, c, ns))}</span></li>'
                        for z, e, c in sorted(groups[ch], key=lambda x: (x[0], str(x[2]))))
        sections.append(f'<section id="char-{ord(ch):x}"><h2 lang="zh-Hans">{esc(ch)}</h2><ul class="index">{items}'
                        "</ul></section>")
    body = (f"<h1>{bi('Index by first Chinese character', '中文首字索引')}</h1>"
            f"<p>{bi('Characters in dictionary (radical–stroke, Unicode) order; no pinyin is generated.', '按部首笔画（Unicode）顺序排列。')}</p>"
            f'<nav class="letters" aria-label="Characters">{nav}</nav>' + "".join(sections))
    return shell("中文首字索引 Index by first character", body, linker, lang="zh-Hans")


def catalogue_code(g, c, ns) -> str:
    code = notation(g, c)
    return f"qh:{code}" if catalogue_of(g, c, ns) == "qianhai" else code


def crosswalks_page(index: ResourceIndex, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    sets = sorted({s for s in g.objects(None, DCTERMS.isPartOf) if str(s).startswith(str(ns.mapping))})
    rows = []
    for s in sets:
        count = sum(1 for _ in g.subjects(DCTERMS.isPartOf, s))
        title = next(iter(sorted(g.objects(s, DCTERMS.title))), mapping_set_name(s))
        sssom = linker.root(f"dumps/mappings/{mapping_set_name(s)}.sssom.tsv")
        rows.append(f'<tr><td><a href="{esc(linker.href(s))}">{en(str(title))}</a></td><td>{count}</td>'
                    f'<td><a href="{esc(sssom)}">SSSOM</a></td></tr>')
    table = (f"<table><thead><tr><th scope=\"col\">{bi('Mapping set', '映射集')}</th>"
             f"<th scope=\"col\">{bi('Mappings', '映射数')}</th><th scope=\"col\">{bi('Download', '下载')}</th>"
             f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    body = (f"<h1>{bi('Crosswalks', '清单对照')}</h1>"
            f"<p>{bi('Mappings between the Qianhai list and the national classification and Beijing list, reviewed by the project: accepted, rejected and undecided sets.', '经本项目审核的映射：已接受、已拒绝与待定。')}</p>"
            + scroll(table, "Mapping sets"))
    return shell("Crosswalks", body, linker)


def not_found_page(linker: Linker) -> str:
    body = (f"<h1>{bi('Page not found', '找不到页面')}</h1>"
            f"<p>{bi('Nothing is published at this address. Try the search or the indexes.', '此地址没有内容，请使用搜索或索引。')}</p>"
            + search_form(linker)
            + f'<p><a href="{esc(linker.home())}">{bi("Home", "首页")}</a> · '
              f'<a href="{esc(linker.page("browse/a-z"))}">A–Z</a></p>')
    return shell("Not found", body, linker, scripts=f'<script src="{esc(linker.root("static/search.js"))}" defer></script>')


def browse_page(index: ResourceIndex, path: str, linker: Linker) -> str | None:
    return {"browse/a-z": a_z_page, "browse/pinyin": pinyin_page, "browse/zh": zh_index_page,
            "browse/crosswalks": crosswalks_page}.get(path, lambda *_: None)(index, linker)
