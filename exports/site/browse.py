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

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from occlink.exports.site.pages import (
    MARKERS,
    Linker,
    catalogue_of,
    label_pair,
    mapping_cells,
    mapping_row,
    notation,
    ordered,
    render_page,
    search_form,
)
from occlink.exports.web.describe import ResourceIndex

SCHEMA_OCCUPATION = URIRef("https://schema.org/Occupation")


def _by_code(g, items):
    return sorted(items, key=lambda x: (notation(g, x), str(x)))


# --- the pages special resources get ------------------------------------------------------------

def special_section(index: ResourceIndex, s, linker: Linker) -> dict | None:
    """The browsing part of a scheme, collection or mapping-set page (None for other resources),
    as the ``section`` macro of special.html shows it."""
    g, ns = index.graph, index.ns
    if s == ns.csco_scheme:
        return {"kind": "tree", "tops": tree(index, linker)}
    if s in (ns.qh_scheme, ns.bj_scheme):
        return {"kind": "members", "heading": ("Entries", "条目"),
                "members": members(index, linker, _by_code(g, g.subjects(SKOS.inScheme, s)))}
    if (s, RDF.type, SKOS.Collection) in g and str(s).startswith(f"{ns.csco}collection/"):
        return {"kind": "members", "heading": ("Occupations", "职业"),
                "members": members(index, linker, _by_code(g, g.objects(s, SKOS.member)))}
    if str(s).startswith(str(ns.mapping)) and any(True for _ in g.subjects(DCTERMS.isPartOf, s)):
        return mapping_set_section(index, s, linker)
    if (s, OWL.annotatedSource, None) in g:  # one review decision, as a row people can read
        return {"kind": "record", "rows": mapping_cells(g, [mapping_row(g, s, ns)], linker, ns)}
    return None


def tree(index: ResourceIndex, linker: Linker) -> list[dict]:
    """The national classification: 8 major groups down to every occupation, each node with its kids."""
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

    def data(node) -> dict:
        kids = _by_code(g, children[node])
        return {"names": (notation(g, node), *label_pair(g, node)), "href": linker.href(node),
                "kids": [data(k) for k in kids], "count": occupations(node) if kids else 0,
                "marks": [(m, MARKERS[m][1]) for m in MARKERS if (node, ns.vocab[m], Literal(True)) in g]}

    return [data(t) for t in tops]


def members(index: ResourceIndex, linker: Linker, nodes: list) -> list[dict]:
    g, ns = index.graph, index.ns
    rows = []
    for m in nodes:
        zh_, en_ = label_pair(g, m)
        rows.append({"href": linker.href(m), "code": notation(g, m), "zh": zh_, "en": en_,
                     "marks": [(k, v[1]) for k, v in MARKERS.items() if (m, ns.vocab[k], Literal(True)) in g]})
    return rows


def mapping_set_name(s) -> str:
    return str(s).rstrip("/").rsplit("/", 1)[-1]


def mapping_set_section(index: ResourceIndex, s, linker: Linker) -> dict:
    g, ns = index.graph, index.ns
    rows = sorted((mapping_row(g, a, ns) for a in g.subjects(DCTERMS.isPartOf, s)),
                  key=lambda r: (notation(g, r.subject) if r.subject else "", str(r.axiom)))
    return {"kind": "mapping-set", "rows": mapping_cells(g, rows, linker, ns),
            "sssom": linker.root(f"dumps/mappings/{mapping_set_name(s)}.sssom.tsv")}


# --- landing and index pages --------------------------------------------------------------------

def landing_page(index: ResourceIndex, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    catalogues = []
    for scheme in ordered(set(g.subjects(RDF.type, SKOS.ConceptScheme))):
        if scheme not in (ns.csco_scheme, ns.qh_scheme, ns.bj_scheme):
            continue
        members = {c for c in g.subjects(SKOS.inScheme, scheme) if (c, RDF.type, SKOS.Concept) in g}
        zh_, en_ = label_pair(g, scheme)
        catalogues.append({"href": linker.href(scheme), "zh": zh_, "en": en_, "concepts": len(members),
                           "occupations": sum(1 for c in members if (c, RDF.type, SCHEMA_OCCUPATION) in g)})
    browse = [
        (linker.href(ns.csco_scheme), ("National classification, group by group", "国家职业分类（分层浏览）")),
        (linker.href(f"{ns.csco}collection/green"), ("Green occupations (L)", "绿色职业")),
        (linker.href(f"{ns.csco}collection/digital"), ("Digital occupations (S)", "数字职业")),
        (linker.href(ns.qh_scheme), ("Qianhai 2020 list", "前海紧缺职业清单")),
        (linker.href(ns.bj_scheme), ("Beijing 2023 urgent-need list", "北京急需紧缺职业")),
        (linker.page("browse/a-z"), ("A–Z index of English names", "英文名称索引")),
        (linker.page("browse/pinyin"), ("Pinyin index of Chinese names", "中文名称拼音索引")),
        (linker.page("browse/zh"), ("Index by first Chinese character", "中文首字索引")),
        (linker.page("browse/crosswalks"), ("Crosswalks between the lists", "清单对照")),
    ]
    from urllib.parse import quote
    search = linker.page("search")
    tries = [(f"{search}?q={quote(q)}", q) for q in ("程序员", "accountant", "data scientist", "绿色", "2-02-38-01")]
    return render_page("landing.html", "Catalogues", linker, form=search_form(linker), tries=tries,
                browse=[(h, t) for h, t in browse if h], catalogues=catalogues, vocab=linker.href(ns.base + "vocab"))


def _entries_for_index(index: ResourceIndex):
    """National concepts and Qianhai occupations (Beijing entries repeat national names)."""
    g, ns = index.graph, index.ns
    for scheme in (ns.csco_scheme, ns.qh_scheme):
        for c in g.subjects(SKOS.inScheme, scheme):
            if (c, RDF.type, SKOS.Concept) in g:
                yield c


def _lettered(groups: dict, anchor: Callable[[str], str], *, key: Callable[[Any], Any],
             item: Callable[[Any], dict]) -> list[dict]:
    """One section per letter (id ``anchor(letter)``), its items sorted by ``key``."""
    return [{"id": anchor(letter), "letter": letter, "entries": [item(x) for x in sorted(groups[letter], key=key)]}
            for letter in sorted(groups)]


def a_z_page(index: ResourceIndex, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    groups: dict = defaultdict(list)
    for c in _entries_for_index(index):
        zh_, en_ = label_pair(g, c)
        if en_:
            first = en_[0].upper()
            groups[first if "A" <= first <= "Z" else "#"].append((en_.casefold(), en_, zh_, c))
    sections = _lettered(groups, lambda x: f"letter-{x}", key=lambda x: (x[0], str(x[3])),
                         item=lambda x: {"href": linker.href(x[3]), "en": x[1], "zh": x[2],
                                         "code": catalogue_code(g, x[3], ns)})
    return render_page("letters.html", "A–Z index", linker, kind="a-z", sections=sections,
                heading=("A–Z index", "英文名称索引"),
                intro=("National classification and Qianhai 2020, by English name (the national English names are "
                       "project translations).", "国家职业分类与前海清单，按英文名称排列。"))


def pinyin_reading(name: str) -> tuple[str, str]:
    """(reading with tone marks for people, tone-numbered reading to sort by) of a Chinese name;
    non-Chinese characters pass through unchanged."""
    # imported here: its dictionaries take ~0.15 s to load, which `occlink serve` would pay before its
    # first answer although only the pinyin index needs them
    from pypinyin import Style, lazy_pinyin
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
    sections = _lettered(groups, lambda x: f"pinyin-{x}", key=lambda x: (x[0], x[1], str(x[4])),
                         item=lambda x: {"href": linker.href(x[4]), "zh": x[1], "reading": x[2], "en": x[3],
                                         "code": catalogue_code(g, x[4], ns)})
    return render_page("letters.html", "拼音索引 Pinyin index", linker, lang="zh-Hans", kind="pinyin", sections=sections,
                heading=("Pinyin index", "拼音索引"),
                intro=("National classification and Qianhai 2020, Chinese names in pinyin order.",
                       "国家职业分类与前海清单，中文名称按拼音排列。"))


def zh_index_page(index: ResourceIndex, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    groups: dict = defaultdict(list)
    for c in _entries_for_index(index):
        zh_, en_ = label_pair(g, c)
        if zh_:
            groups[zh_[0]].append((zh_, en_, c))
    sections = _lettered(groups, lambda x: f"char-{ord(x):x}", key=lambda x: (x[0], str(x[2])),
                         item=lambda x: {"href": linker.href(x[2]), "zh": x[0], "en": x[1],
                                         "code": catalogue_code(g, x[2], ns)})
    return render_page("letters.html", "中文首字索引 Index by first character", linker, lang="zh-Hans", kind="zh",
                sections=sections, heading=("Index by first Chinese character", "中文首字索引"),
                intro=("Characters in dictionary (radical–stroke, Unicode) order; no pinyin is generated.",
                       "按部首笔画（Unicode）顺序排列。"))


def catalogue_code(g, c, ns) -> str:
    code = notation(g, c)
    return f"qh:{code}" if catalogue_of(g, c, ns) == "qianhai" else code


def crosswalks_page(index: ResourceIndex, linker: Linker) -> str:
    g, ns = index.graph, index.ns
    sets = []
    for s in ordered({s for s in g.objects(None, DCTERMS.isPartOf) if str(s).startswith(str(ns.mapping))}):
        title = next(iter(ordered(g.objects(s, DCTERMS.title))), mapping_set_name(s))
        sets.append((linker.href(s), str(title), sum(1 for _ in g.subjects(DCTERMS.isPartOf, s)),
                     linker.root(f"dumps/mappings/{mapping_set_name(s)}.sssom.tsv")))
    return render_page("crosswalks.html", "Crosswalks", linker, sets=sets)


def not_found_page(linker: Linker) -> str:
    return render_page("not_found.html", "Not found", linker, form=search_form(linker))


# the index pages, by path
BROWSE_PAGES: dict[str, Callable[[ResourceIndex, Linker], str]] = {
    "browse/a-z": a_z_page, "browse/pinyin": pinyin_page, "browse/zh": zh_index_page,
    "browse/crosswalks": crosswalks_page}


def browse_page(index: ResourceIndex, path: str, linker: Linker) -> str | None:
    build = BROWSE_PAGES.get(path)
    return build(index, linker) if build is not None else None
