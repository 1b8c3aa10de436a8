"""Search concepts by code, Chinese or English label (the landing page's search box).

Matching is on NFKC-normalized, case-folded text. Ranking (lower is better):
0 code equals the query, 1 a preferred label equals it, 2 a preferred label
starts with it, 3 the code starts with it, 4 a preferred label contains it,
5 an alternative label contains it. Ties: shorter label first, then IRI —
so results are stable.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.taxonomy.namespaces import Namespaces

MAX_RESULTS = 50


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Entry:
    iri: str
    code: str
    label_zh: str
    label_en: str
    scheme: str
    alt_labels: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    entry: Entry
    rank: int


def catalogue_name(scheme: str, ns: Namespaces) -> str:
    """A short bilingual name of the list an entry belongs to: the same code can be a national
    concept and a Beijing entry, and a person must be able to tell the two hits apart."""
    names = {
        str(ns.csco_scheme): "National 2022 国家职业分类",
        str(ns.qh_scheme): "Qianhai 2020 前海",
        str(ns.bj_scheme): "Beijing 2023 北京",
    }
    return names.get(scheme, ns.compact(scheme) if scheme else "")


def _first(values: list[str]) -> str:
    return sorted(values)[0] if values else ""


def search_entries(graph: Graph, ns: Namespaces) -> list[Entry]:
    """Every skos:Concept of the dataset (under the base IRI), sorted by IRI."""
    entries = []
    for s in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        if not isinstance(s, URIRef) or not str(s).startswith(ns.base):
            continue
        labels = list(graph.objects(s, SKOS.prefLabel))
        entries.append(Entry(
            iri=str(s),
            code=_first([str(n) for n in graph.objects(s, SKOS.notation)]),
            label_zh=_first([str(x) for x in labels if getattr(x, "language", None) == "zh"]),
            label_en=_first([str(x) for x in labels if getattr(x, "language", None) == "en"]),
            scheme=_first([str(x) for x in graph.objects(s, SKOS.inScheme)]),
            alt_labels=tuple(sorted(str(x) for x in graph.objects(s, SKOS.altLabel))),
        ))
    return entries


def _rank(entry: Entry, q: str) -> int | None:
    code = normalize(entry.code)
    labels = [normalize(x) for x in (entry.label_zh, entry.label_en) if x]
    if code and code == q:
        return 0
    if q in labels:
        return 1
    if any(label.startswith(q) for label in labels):
        return 2
    if code and code.startswith(q):
        return 3
    if any(q in label for label in labels):
        return 4
    if any(q in normalize(alt) for alt in entry.alt_labels):
        return 5
    return None


def search(entries: list[Entry], query: str, limit: int = MAX_RESULTS) -> tuple[list[Hit], int]:
    """Best ``limit`` hits and the total number of matches."""
    q = normalize(query)
    if not q:
        return [], 0
    hits = [Hit(e, r) for e in entries if (r := _rank(e, q)) is not None]
    hits.sort(key=lambda h: (h.rank, len(h.entry.label_zh or h.entry.label_en), h.entry.iri))
    return hits[:limit], len(hits)
