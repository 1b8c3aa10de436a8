"""The review queue: matcher candidates not yet decided, and concept cards to judge them by.

``ReviewSession`` joins three things for one crosswalk (source → target catalog):
the matcher's top-k candidates, the decisions already on disk (``DecisionStore``) and
a card per concept (labels in both languages, code, definition, markers, parent
category) read from the catalog graphs, so the reviewer sees both sides at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.taxonomy.errors import InputError
from occlink.taxonomy.namespaces import Namespaces

from .decisions import Change, Crosswalk, Decision, DecisionStore, new_decision

MAPPINGS_DIR_ENV = "OCCLINK_MAPPINGS_DIR"
DEFAULT_TOP_K = 3


def default_mappings_dir() -> Path:
    """``$OCCLINK_MAPPINGS_DIR`` or the packaged ``mappings/`` folder (the checkout, when editable)."""
    env = os.environ.get(MAPPINGS_DIR_ENV, "").strip()
    return Path(env) if env else Path(__file__).resolve().parent


@dataclass(frozen=True)
class Card:
    """What a reviewer needs to see about one concept."""

    id: str
    labels: dict[str, str]
    alt_labels: tuple[str, ...] = ()
    notation: str = ""
    definition: str = ""
    markers: tuple[str, ...] = ()
    parent_id: str = ""
    parent_label: str = ""

    def label(self, lang: str = "zh") -> str:
        return self.labels.get(lang) or next(iter(sorted(self.labels.values())), self.id)

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "labels": dict(sorted(self.labels.items())), "alt_labels": list(self.alt_labels),
                "notation": self.notation, "definition": self.definition, "markers": list(self.markers),
                "parent": {"id": self.parent_id, "label": self.parent_label} if self.parent_id else None}


@dataclass
class Pending:
    """One candidate awaiting a decision."""

    subject: Card
    object: Card
    confidence: float
    predicate: str
    evidence: dict[str, float] = field(default_factory=dict)
    match_string: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"subject": self.subject.as_dict(), "object": self.object.as_dict(),
                "confidence": round(self.confidence, 4), "predicate": self.predicate,
                "match_string": self.match_string,
                "evidence": {k: round(v, 4) for k, v in sorted(self.evidence.items())}}


def _lang(literal: Literal) -> str:
    lang = (literal.language or "").lower()
    return "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else (lang or "und")


def card_for(graph: Graph, ns: Namespaces, iri: URIRef) -> Card:
    occ = ns.vocab
    labels: dict[str, str] = {}
    for lit in sorted(graph.objects(iri, SKOS.prefLabel)):
        labels.setdefault(_lang(lit), str(lit))
    alts = tuple(sorted({str(x) for x in graph.objects(iri, SKOS.altLabel)}))
    notation = next(iter(sorted(str(x) for x in graph.objects(iri, SKOS.notation))), "")
    definitions = sorted(graph.objects(iri, SKOS.definition), key=lambda x: (_lang(x) != "zh", str(x)))
    markers = tuple(m for m in ("green", "digital") if (iri, occ[m], Literal(True)) in graph)
    parents = sorted(graph.objects(iri, SKOS.broader))
    parent_label = ""
    if parents:
        plabels = {_lang(x): str(x) for x in graph.objects(parents[0], SKOS.prefLabel)}
        parent_label = plabels.get("zh") or plabels.get("en") or ""
    return Card(ns.compact(str(iri)), labels, alts, notation,
                str(definitions[0]) if definitions else "", markers,
                ns.compact(str(parents[0])) if parents else "", parent_label)


def _scheme(ns: Namespaces, catalog_id: str) -> URIRef | None:
    return {"csco2022": ns.csco_scheme, "qianhai2020": ns.qh_scheme, "beijing2023": ns.bj_scheme,
            "isco08": ns.isco_scheme}.get(catalog_id)


@lru_cache(maxsize=8)
def _catalog(catalog_id: str, base: str) -> Graph:
    """Catalog graphs are read-only here; build each once per process."""
    from occlink.exports.dataset import catalog_graph
    return catalog_graph(catalog_id, Namespaces(base))


class ReviewSession:
    """Candidates, decisions and cards for one crosswalk."""

    def __init__(self, ns: Namespaces, crosswalk: Crosswalk, folder: Path, *, top_k: int = DEFAULT_TOP_K,
                 threshold: float | None = None):
        self.ns = ns
        self.crosswalk = crosswalk
        self.store = DecisionStore(folder, crosswalk)
        self.top_k = top_k
        self.threshold = threshold
        self._graphs: dict[str, Graph] = {}
        self.history: list[Change] = []

    # -- catalogs ------------------------------------------------------------------------
    def graph(self, catalog_id: str) -> Graph:
        if catalog_id not in self._graphs:
            self._graphs[catalog_id] = _catalog(catalog_id, self.ns.base)
        return self._graphs[catalog_id]

    def _entries(self, catalog_id: str):
        from .entries import entries_from_graph
        graph = self.graph(catalog_id)
        scheme = _scheme(self.ns, catalog_id)
        # Only the catalog's own concepts (not e.g. Qianhai's degree or industry vocabularies).
        entries = entries_from_graph(graph, self.ns, scheme) if scheme is not None else []
        return entries or entries_from_graph(graph, self.ns)

    def card(self, curie: str) -> Card:
        iri = URIRef(self.ns.expand(curie)) if ":" in curie and not curie.startswith("http") else URIRef(curie)
        for catalog_id in (self.crosswalk.source, self.crosswalk.target):
            graph = self.graph(catalog_id)
            if (iri, RDF.type, SKOS.Concept) in graph:
                return card_for(graph, self.ns, iri)
        raise InputError(f"{curie} is not a concept of {self.crosswalk.source} or {self.crosswalk.target}")

    def check_pair(self, subject: str, obj: str) -> tuple[Card, Card]:
        s_card, o_card = self.card(subject), self.card(obj)
        src, tgt = self.graph(self.crosswalk.source), self.graph(self.crosswalk.target)
        if (URIRef(self.ns.expand(s_card.id)), RDF.type, SKOS.Concept) not in src:
            raise InputError(f"subject {subject} is not a concept of {self.crosswalk.source}")
        if (URIRef(self.ns.expand(o_card.id)), RDF.type, SKOS.Concept) not in tgt:
            raise InputError(f"object {obj} is not a concept of {self.crosswalk.target}")
        return s_card, o_card

    # -- the queue -----------------------------------------------------------------------
    def candidates(self) -> list[Pending]:
        from .matcher import match
        found = match(self._entries(self.crosswalk.source), self._entries(self.crosswalk.target),
                      top_k=self.top_k, threshold=self.threshold)
        src, tgt = self.graph(self.crosswalk.source), self.graph(self.crosswalk.target)
        out = []
        for c in found:
            s_iri, o_iri = URIRef(self.ns.expand(c.subject.id)), URIRef(self.ns.expand(c.object.id))
            out.append(Pending(card_for(src, self.ns, s_iri), card_for(tgt, self.ns, o_iri), c.confidence,
                               c.predicate, dict(c.evidence), c.match_string))
        return out

    def pending(self) -> list[Pending]:
        decided = self.store.decided_pairs()
        return [p for p in self.candidates() if (p.subject.id, p.object.id) not in decided]

    # -- deciding ------------------------------------------------------------------------
    def decide(self, subject: str, obj: str, kind: str, predicate: str, reviewer: str, *,
               confidence: float | None = None, comment: str = "") -> Decision:
        s_card, o_card = self.check_pair(subject, obj)
        decision = new_decision(s_card.id, o_card.id, predicate, kind, reviewer, confidence=confidence,
                                comment=comment, subject_label=s_card.label("en"), object_label=o_card.label("zh"))
        self.history.append(self.store.record(decision))
        return decision

    def undo(self) -> Decision | None:
        if not self.history:
            return None
        change = self.history.pop()
        self.store.undo(change)
        return change.added
