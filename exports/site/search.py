"""Search that finds what people type: the server's /search and /suggest, and (the same rules,
ported to static/search.js) the static site's search over ``search-index.json``.

What is searched, per concept (and the green/digital lists): its code, preferred labels,
alternative labels and — for national occupations — the project's search titles
(``taxonomy/csco22_search_titles.tsv``: everyday job titles written by the project; they are
search-only labels, never published in the graph, and a hit on one says so).

How text matches (after NFKC and case folding):
  * English by whole words, plural-aware (``engineers`` = ``engineer``; ``AI`` never matches
    ``Aircraft``);
  * Chinese by characters: a run of Chinese characters matches a label containing it; the same
    characters in another order match too, ranked lower;
  * codes exactly, or by prefix (``2-02-38`` lists the codes under it).

Ranking, best first (``Hit.key``): exact label or code, then every query term found, then
the characters of a Chinese term scattered, then only some terms (queries of several terms);
more terms matched; the lists, then national concepts, then Qianhai, then Beijing entries;
preferred label over alternative label over search title; fewer extra words; shorter label;
IRI — so results are stable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.mappings.normalize import stem
from occlink.taxonomy.namespaces import Namespaces

MAX_RESULTS = 50
MAX_SUGGESTIONS = 10
MAX_QUERY_CHARS = 200  # longer queries are cut: no job title is longer, and the work grows with the terms
CATALOGUES = ("csco", "qianhai", "beijing")
MARKER_NAMES = ("green", "digital")
# order of catalogues among equally good hits: the lists, then the national classification first
CATALOGUE_RANK = {"list": 0, "csco": 1, "qianhai": 2, "beijing": 3}
KIND_RANK = {"code": 0, "pref": 0, "alt": 1, "title": 2}
KIND_NAMES = {"code": "code", "pref": "preferred label", "alt": "alternative label",
              "title": "search title (project, not official)"}
_TERMS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CODE = re.compile(r"^[0-9a-z]+(-[0-9]+)+-?$|^[a-z][0-9]{2}$")


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Terms:
    """A text cut into what is compared: stemmed English words and runs of Chinese characters."""
    words: tuple[str, ...]
    cjk: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "Terms":
        words: list[str] = []
        cjk: list[str] = []
        for term in _TERMS.findall(normalize(text)):
            (cjk if _CJK.match(term) else words).append(term if _CJK.match(term) else stem(term))
        return cls(tuple(words), tuple(cjk))

    def __len__(self) -> int:
        return len(self.words) + len(self.cjk)


@dataclass(frozen=True)
class Label:
    text: str
    lang: str
    kind: str  # pref | alt | title
    terms: Terms = field(compare=False)
    norm: str = field(compare=False, default="")          # normalized text (for completions)
    raw_words: tuple[str, ...] = field(compare=False, default=())  # unstemmed words (for completions)

    @property
    def chars(self) -> str:
        return "".join(self.terms.cjk)


@dataclass(frozen=True)
class Entry:
    iri: str
    code: str
    label_zh: str
    label_en: str
    scheme: str
    catalogue: str  # csco | qianhai | beijing | list | ''
    markers: tuple[str, ...]
    labels: tuple[Label, ...]

    @property
    def alt_labels(self) -> tuple[str, ...]:
        return tuple(x.text for x in self.labels if x.kind == "alt")


@dataclass(frozen=True)
class Hit:
    entry: Entry
    tier: int      # 0 exact, 1 all terms, 2 Chinese characters scattered, 3 some terms
    matched: int   # query terms matched
    label: str     # the label (or code) that matched best
    kind: str      # code | pref | alt | title
    lang: str

    @property
    def key(self) -> tuple:
        e = self.entry
        return (self.tier, -self.matched, CATALOGUE_RANK.get(e.catalogue, 4), KIND_RANK[self.kind],
                len(Terms.of(self.label)) - self.matched, len(self.label), e.iri)

    @property
    def search_only(self) -> bool:
        return self.kind == "title"


def catalogue_key(scheme: str, ns: Namespaces) -> str:
    return {str(ns.csco_scheme): "csco", str(ns.qh_scheme): "qianhai", str(ns.bj_scheme): "beijing"}.get(scheme, "")


def catalogue_name(scheme: str, ns: Namespaces) -> str:
    """A short bilingual name of the list an entry belongs to: the same code can be a national
    concept and a Beijing entry, and a person must be able to tell the two hits apart."""
    names = {
        str(ns.csco_scheme): "National 2022 国家职业分类",
        str(ns.qh_scheme): "Qianhai 2020 前海",
        str(ns.bj_scheme): "Beijing 2023 北京",
    }
    return names.get(scheme, ns.compact(scheme) if scheme else "")


CATALOGUE_NAMES = {"csco": "National 2022 国家职业分类", "qianhai": "Qianhai 2020 前海",
                   "beijing": "Beijing 2023 北京", "list": "List 清单"}


def _first(values: list[str]) -> str:
    return sorted(values)[0] if values else ""


def _label(text: str, lang: str, kind: str) -> Label:
    norm = normalize(text)
    return Label(text, lang, kind, Terms.of(text), norm, tuple(_TERMS.findall(norm)))


def search_entries(graph: Graph, ns: Namespaces, titles: dict | None = None) -> list[Entry]:
    """Every skos:Concept and skos:Collection of the dataset (under the base IRI), sorted by IRI.
    ``titles`` (code → lang → titles) defaults to the packaged search titles."""
    if titles is None:
        from occlink.taxonomy.search_titles import default_search_titles
        titles = default_search_titles()
    occ = ns.vocab
    national = str(ns.csco_scheme)
    subjects: set[Any] = set(graph.subjects(RDF.type, SKOS.Concept)) | set(graph.subjects(RDF.type, SKOS.Collection))
    entries = []
    for s in sorted(subjects):
        if not isinstance(s, URIRef) or not str(s).startswith(ns.base):
            continue
        prefs = [x for x in graph.objects(s, SKOS.prefLabel) if isinstance(x, Literal)]
        scheme = _first([str(x) for x in graph.objects(s, SKOS.inScheme)])
        is_list = str(s).startswith(f"{ns.csco}collection/")  # the green and digital lists
        code = _first([str(n) for n in graph.objects(s, SKOS.notation)])
        labels = [_label(str(x), x.language or "", "pref") for x in sorted(prefs)]
        alts: list[Any] = list(graph.objects(s, SKOS.altLabel))
        labels += [_label(str(x), getattr(x, "language", None) or "", "alt") for x in sorted(alts)]
        if scheme == national and code in titles:
            labels += [_label(t, lang, "title") for lang, ts in sorted(titles[code].items()) for t in ts]
        entries.append(Entry(
            iri=str(s), code=code,
            label_zh=_first([str(x) for x in prefs if x.language == "zh"]),
            label_en=_first([str(x) for x in prefs if x.language == "en"]),
            scheme=scheme,
            catalogue="list" if is_list else catalogue_key(scheme, ns),
            markers=tuple(m for m in MARKER_NAMES if (s, occ[m], Literal(True)) in graph),
            labels=tuple(labels),
        ))
    return entries


def _match_label(label: Label, q: Terms, qnorm: str) -> tuple[int, int] | None:
    """(tier, terms matched) of one label, None when nothing matches."""
    t = label.terms
    if t.words == q.words and t.cjk == q.cjk:
        return 0, len(q)
    words = set(t.words)
    chars = label.chars
    matched, scattered = 0, False
    for w in q.words:
        matched += w in words
    for run in q.cjk:
        if run in chars:
            matched += 1
        elif len(run) > 1 and set(run) <= set(chars):
            matched += 1
            scattered = True
    if matched == 0:
        return None
    if matched == len(q):
        return (2 if scattered else 1), matched
    return (3, matched) if len(q) > 1 else None


def _match(entry: Entry, q: Terms, qnorm: str, code_query: bool) -> Hit | None:
    if entry.code:
        code = entry.code.casefold()
        if code == qnorm:
            return Hit(entry, 0, len(q) or 1, entry.code, "code", "")
        if code_query and code.startswith(qnorm):
            return Hit(entry, 1, len(q) or 1, entry.code, "code", "")
    if code_query:
        return None
    best = None
    for label in entry.labels:
        found = _match_label(label, q, qnorm)
        if found is None:
            continue
        hit = Hit(entry, found[0], found[1], label.text, label.kind, label.lang)
        if best is None or hit.key < best.key:
            best = hit
    return best


def search(entries: list[Entry], query: str, limit: int = MAX_RESULTS, *,
           catalogue: str | None = None, marker: str | None = None) -> tuple[list[Hit], int]:
    """Best ``limit`` hits and the total number of matches; ``catalogue`` (csco, qianhai,
    beijing) and ``marker`` (green, digital) filter."""
    query = query[:MAX_QUERY_CHARS]
    qnorm = normalize(query)
    q = Terms.of(query)
    if not qnorm or (not len(q)):
        return [], 0
    code_query = bool(_CODE.match(qnorm))
    hits = []
    for e in entries:
        if catalogue and e.catalogue != catalogue:
            continue
        if marker and marker not in e.markers:
            continue
        hit = _match(e, q, qnorm, code_query)
        if hit is not None:
            hits.append(hit)
    hits.sort(key=lambda h: h.key)
    return hits[:limit], len(hits)


def suggest(entries: list[Entry], query: str, limit: int = MAX_SUGGESTIONS) -> list[Hit]:
    """Labels that complete what is typed: every earlier word whole, the last one as a prefix
    (a Chinese query as a substring); one suggestion per distinct label text."""
    query = query[:MAX_QUERY_CHARS]
    qnorm = normalize(query)
    if not qnorm:
        return []
    q = Terms.of(query)
    last = _TERMS.findall(qnorm)[-1:] if _TERMS.findall(qnorm) else []
    prefix = last[0] if last and not _CJK.match(last[0]) and not qnorm.endswith(" ") else ""
    whole = Terms(tuple(w for w in q.words[:-1]) if prefix else q.words, q.cjk)
    hits: list[Hit] = []
    for e in entries:
        if e.code and e.code.casefold().startswith(qnorm):
            hits.append(Hit(e, 0, 1, e.code, "code", ""))
            continue
        best = None
        for label in e.labels:
            t = label.terms
            if any(w not in t.words for w in whole.words) or any(r not in label.chars for r in whole.cjk):
                continue
            if prefix and not any(w.startswith(prefix) for w in label.raw_words):
                continue
            if not prefix and not len(whole):
                continue
            exact = label.norm.startswith(qnorm)
            hit = Hit(e, 0 if exact else 1, len(q), label.text, label.kind, label.lang)
            if best is None or hit.key < best.key:
                best = hit
        if best is not None:
            hits.append(best)
    hits.sort(key=lambda h: h.key)
    out, seen = [], set()
    for h in hits:
        if h.label.casefold() not in seen:
            seen.add(h.label.casefold())
            out.append(h)
        if len(out) == limit:
            break
    return out


def index_records(entries: list[Entry], href) -> list[dict]:
    """The static site's search index: one compact record per entry (``href(iri)`` → link or None).
    Label kinds: p preferred, a alternative, t search title."""
    kinds = {"pref": "p", "alt": "a", "title": "t"}
    out = []
    for e in entries:
        link = href(e.iri)
        if link is None:
            continue
        out.append({"i": e.iri, "h": link, "c": e.code, "zh": e.label_zh, "en": e.label_en, "k": e.catalogue,
                    "m": list(e.markers), "l": [[x.text, kinds[x.kind]] for x in e.labels]})
    return out
