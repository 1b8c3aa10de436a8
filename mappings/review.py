"""The review queue: matcher proposals worth a reviewer's time, and deciding on them.

``ReviewSession`` joins, for one crosswalk (source → target catalog), the matcher's
proposals (the documented floors of ``occlink match``, best evidence first), the
decisions on disk (``DecisionStore``) and what each concept is (``concepts.lookup``).

Queues (``status``):

* ``pending`` — proposals nobody has decided;
* ``unsure`` — pairs someone marked unsure and nobody accepted or rejected (a second look);
* ``decided`` — second review: pairs another reviewer decided and you have not, shown
  without their decision; your decision is recorded as ``semapv:MappingReview`` with
  agreement or disagreement in ``other``.

Scripted decisions only look the two IDs up in the catalog tables; the matcher runs only
for queues and ``show``.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from occlink.errors import InputError
from occlink.mappings.concepts import Concept, lookup, require
from occlink.mappings.decisions import (
    PREDICATE_NAMES,
    SECOND_REVIEW,
    Change,
    Crosswalk,
    Decision,
    DecisionStore,
    new_decision,
    predicate_curie,
    reviewer_curie,
)
from occlink.taxonomy.namespaces import Namespaces

if TYPE_CHECKING:
    from occlink.mappings.chaining import Chain

DEFAULT_TOP_K = None  # the matcher's proposals (at most 3 per subject, above the floors)
STATUSES = ("pending", "unsure", "decided")


class MatcherColumns(TypedDict, total=False):
    """The candidate's columns a decision row copies (``new_decision``'s matcher keywords)."""
    justification: str
    chain: tuple[tuple[str, str], ...]
    similarity_score: float
    match_string: str
    subject_match_field: str
    object_match_field: str


@dataclass
class Pending:
    """One pair on the queue, with the matcher's view of it when the matcher proposed it."""

    subject: Concept
    object: Concept
    confidence: float | None          # the matcher's score (None: not a matcher proposal)
    predicate: str                    # the matcher's proposed predicate (or the earlier decision's)
    evidence: dict[str, float] = field(default_factory=dict)
    match_string: str = ""            # the target label that matched
    subject_label: str = ""           # the source label that matched
    subject_match_field: str = ""     # skos:prefLabel | skos:altLabel | skos:hiddenLabel (search title)
    object_match_field: str = ""
    chain: Chain | None = None        # a chained candidate: both steps through the national pivot

    @property
    def pair(self) -> tuple[str, str]:
        return (self.subject.id, self.object.id)

    def matcher_columns(self) -> MatcherColumns:
        """What a decision row copies from the candidate (see Decision); a chained candidate's
        decision is justified by the chain (semapv:MappingChaining) and names both source mappings."""
        if self.chain is not None:
            from occlink.mappings.chaining import decision_cells
            return {"justification": "semapv:MappingChaining", "chain": decision_cells(self.chain)}
        if self.confidence is None:
            return {}
        return {"similarity_score": self.confidence, "match_string": self.match_string,
                "subject_match_field": self.subject_match_field, "object_match_field": self.object_match_field}

    # builtins.object: inside this class body ``object`` names the field
    def as_dict(self) -> dict[str, builtins.object]:
        return {"subject": self.subject.as_dict(), "object": self.object.as_dict(),
                "matcher_score": None if self.confidence is None else round(self.confidence, 4),
                "predicate": self.predicate, "match_string": self.match_string,
                "subject_label_matched": self.subject_label, "subject_match_field": self.subject_match_field,
                "object_match_field": self.object_match_field,
                "evidence": {k: round(v, 4) for k, v in sorted(self.evidence.items())},
                "justification": "semapv:MappingChaining" if self.chain is not None else None,
                "chain": self._chain_cells()}

    def _chain_cells(self) -> dict[str, str] | None:
        if self.chain is None:
            return None
        from occlink.mappings.chaining import decision_cells
        return dict(decision_cells(self.chain))


@dataclass(frozen=True)
class QueueFilter:
    """Which pairs a queue holds (all optional)."""

    min_score: float | None = None
    subject: str | None = None
    object: str | None = None
    predicate: str | None = None

    def keeps(self, p: Pending) -> bool:
        if self.min_score is not None and (p.confidence is None or p.confidence < self.min_score):
            return False
        if self.subject and p.subject.id != self.subject:
            return False
        if self.object and p.object.id != self.object:
            return False
        return not (self.predicate and p.predicate != predicate_curie(self.predicate))


class ReviewSession:
    """Proposals, decisions and concepts for one crosswalk."""

    def __init__(self, ns: Namespaces, crosswalk: Crosswalk, folder: Path, *, top_k: int | None = DEFAULT_TOP_K,
                 threshold: float | None = None):
        self.ns = ns
        self.crosswalk = crosswalk
        self.store = DecisionStore(folder, crosswalk)
        self.top_k = top_k
        self.threshold = threshold
        self.history: list[Change] = []
        self._candidates: list[Pending] | None = None

    # -- concepts ------------------------------------------------------------------------
    def concept(self, curie: str) -> Concept:
        found = lookup(curie.strip())
        if found is None or found.catalog not in (self.crosswalk.source, self.crosswalk.target):
            raise InputError(f"{curie} is not a concept of {self.crosswalk.source} or {self.crosswalk.target}")
        return found

    def check_pair(self, subject: str, obj: str, *, full: bool = True) -> tuple[Concept, Concept]:
        """Both concepts, or one line naming the one that is not in its catalog. ``full=False``
        looks the labels up only (scripted decisions: no table audit, no graph)."""
        return (require(subject, self.crosswalk.source, "subject", full=full),
                require(obj, self.crosswalk.target, "object", full=full))

    def page(self, concept: Concept) -> str:
        """The concept's served page (its IRI dereferences; see docs/query-and-serve.md)."""
        return self.ns.expand(concept.id)

    # -- the matcher's proposals ---------------------------------------------------------
    def candidates(self) -> list[Pending]:
        """The matcher's proposals for this crosswalk (built once per session)."""
        if self._candidates is None:
            from occlink.mappings.chaining import Chain, candidates_with_chains
            from occlink.mappings.entries import catalog_entries
            found = candidates_with_chains(catalog_entries(self.crosswalk.source, self.ns),
                                           catalog_entries(self.crosswalk.target, self.ns), self.ns,
                                           self.store.folder, top_k=self.top_k, threshold=self.threshold)
            out = []
            for c in found:
                s, o = lookup(c.subject.id), lookup(c.object.id)
                if s is None or o is None:
                    continue
                out.append(Pending(s, o, c.confidence, c.predicate, dict(c.evidence), c.match_string,
                                   c.subject_label, c.subject_match_field, c.object_match_field,
                                   c.chain if isinstance(c.chain, Chain) else None))
            self._candidates = out
        return self._candidates

    def candidate(self, subject_id: str, object_id: str) -> Pending | None:
        return next((p for p in self.candidates() if p.pair == (subject_id, object_id)), None)

    def candidates_of(self, subject_id: str) -> list[Pending]:
        return [p for p in self.candidates() if p.subject.id == subject_id]

    # -- queues --------------------------------------------------------------------------
    def queue(self, status: str = "pending", *, reviewer: str | None = None,
              where: QueueFilter | None = None) -> list[Pending]:
        """The pairs to review, best matcher evidence first (see module docstring)."""
        if status not in STATUSES:
            raise InputError(f"unknown status {status!r} (choose from {', '.join(STATUSES)})")
        where = where or QueueFilter()
        decisions = self.store.decisions()
        if status == "pending":
            decided = {d.pair for d in decisions}
            items = [p for p in self.candidates() if p.pair not in decided]
        else:
            by_pair: dict[tuple[str, str], list[Decision]] = {}
            for d in decisions:
                by_pair.setdefault(d.pair, []).append(d)
            if status == "unsure":
                pairs = [pair for pair, group in by_pair.items()
                         if {d.kind for d in group} == {"unsure"}]
            else:
                if not reviewer:
                    raise InputError("a second review needs a reviewer (--reviewer or OCCLINK_REVIEWER)")
                me = reviewer_curie(reviewer)
                pairs = [pair for pair, group in by_pair.items()
                         if all(d.author_id != me for d in group)]
            found = [self._pending_for(pair, by_pair[pair]) for pair in pairs]
            items = [p for p in found if p is not None]
        items = [p for p in items if where.keeps(p)]
        # Best evidence first, a subject's candidates together (so "reject the rest" makes sense).
        score = {id(p): p.confidence if p.confidence is not None else -1.0 for p in items}
        best: dict[str, float] = {}
        for p in items:
            best[p.subject.id] = max(best.get(p.subject.id, -1.0), score[id(p)])
        items.sort(key=lambda p: (-best[p.subject.id], p.subject.id, -score[id(p)], p.object.id))
        return items

    def _pending_for(self, pair: tuple[str, str], group: list[Decision]) -> Pending | None:
        proposed = self.candidate(*pair)
        if proposed is not None:
            return proposed
        s, o = lookup(pair[0]), lookup(pair[1])
        if s is None or o is None:
            return None
        score = next((d.similarity_score for d in group if d.similarity_score is not None), None)
        return Pending(s, o, score, sorted(group, key=lambda d: d.author_id)[0].predicate_id)

    # -- listing -------------------------------------------------------------------------
    def list_rows(self, status: str = "all", *, reviewer: str | None = None,
                  where: QueueFilter | None = None) -> list[dict]:
        """Rows of ``occlink review list``: decisions and pending proposals, one meaning per
        column (matcher_score is the matcher's, reviewer_confidence the reviewer's)."""
        where = where or QueueFilter()
        rows: list[dict] = []
        if status in ("all", "decided", "unsure"):
            for d in sorted(self.store.decisions(), key=lambda d: (d.subject_id, d.object_id, d.author_id)):
                if status == "unsure" and d.kind != "unsure":
                    continue
                if where.subject and d.subject_id != where.subject or where.object and d.object_id != where.object:
                    continue
                if where.predicate and d.predicate_id != predicate_curie(where.predicate):
                    continue
                if where.min_score is not None and (d.similarity_score is None
                                                    or d.similarity_score < where.min_score):
                    continue
                rows.append({"status": d.kind, "subject_id": d.subject_id, "predicate_id": d.predicate_id,
                             "object_id": d.object_id, "matcher_score": d.similarity_score,
                             "reviewer_confidence": d.confidence, "author_id": d.author_id,
                             "mapping_date": d.mapping_date, "justification": d.justification,
                             "subject_label": d.subject_label, "object_label": d.object_label,
                             "comment": d.comment})
        if status in ("all", "pending"):
            for p in self.queue("pending", reviewer=reviewer, where=where):
                rows.append({"status": "pending", "subject_id": p.subject.id, "predicate_id": p.predicate,
                             "object_id": p.object.id, "matcher_score": p.confidence,
                             "reviewer_confidence": None, "author_id": None, "mapping_date": None,
                             "justification": "semapv:MappingChaining" if p.chain is not None else None,
                             "subject_label": p.subject.label("en"),
                             "object_label": p.object.label("zh"), "comment": None})
        return rows

    def score_pair(self, subject_id: str, object_id: str) -> Pending | None:
        """The matcher's view of a pair it did not propose, scored against the whole target
        index (same IDF as the proposals); None when it is not even among the pooled candidates."""
        from occlink.mappings.entries import catalog_entries
        from occlink.mappings.matcher import TargetIndex, match_entry
        source = [e for e in catalog_entries(self.crosswalk.source, self.ns) if e.id == subject_id]
        if not source:
            return None
        index = TargetIndex(catalog_entries(self.crosswalk.target, self.ns))
        for c in match_entry(index, source[0]):
            if c.object.id == object_id:
                return Pending(self.concept(subject_id), self.concept(object_id), c.confidence, c.predicate,
                               dict(c.evidence), c.match_string, c.subject_label, c.subject_match_field,
                               c.object_match_field)
        return None

    # -- deciding ------------------------------------------------------------------------
    def decision(self, subject: str, obj: str, kind: str, predicate: str, reviewer: str, *,
                 confidence: float | None = None, comment: str = "", candidate: Pending | None = None,
                 second_review: bool = False) -> Decision:
        """A validated decision (not yet recorded), with the matcher's columns when known."""
        s, o = self.check_pair(subject, obj, full=False)
        if candidate is None:  # a scripted decision: a chained pair still records its chain
            candidate = self._chained(s, o)
        extra: MatcherColumns = candidate.matcher_columns() if candidate is not None else {}
        decision = new_decision(s.id, o.id, predicate, kind, reviewer, confidence=confidence, comment=comment,
                                subject_label=s.label("en"), object_label=o.label("zh"), **extra)
        if second_review:
            others = [d for d in self.store.for_pair(s.id, o.id) if d.author_id != decision.author_id]
            agreement = ",".join(
                f"{d.author_id}:{'agree' if d.outcome == decision.outcome else 'disagree'}" for d in others)
            decision = _replace(decision, justification=SECOND_REVIEW, other=f"second_review_of={agreement}")
        return decision

    def _chained(self, s: Concept, o: Concept) -> Pending | None:
        """The pair as a chained candidate through the decision sets (no matcher run), or None."""
        if "csco2022" in (s.catalog, o.catalog):
            return None  # a crosswalk to the pivot itself never chains (and needs no chaining import)
        from occlink.mappings.chaining import pair_chain
        from occlink.mappings.entries import Entry
        chain = pair_chain(Entry(s.id, dict(s.labels), national=s.national),
                           Entry(o.id, dict(o.labels), national=o.national), self.ns, self.store.folder)
        if chain is None or chain.predicate is None:
            return None
        return Pending(s, o, round(chain.confidence, 4), chain.predicate, chain=chain)

    def decide(self, subject: str, obj: str, kind: str, predicate: str, reviewer: str, **options) -> Decision:
        decision = self.decision(subject, obj, kind, predicate, reviewer, **options)
        self.history.append(self.store.record(decision))
        return decision

    def decide_all(self, decisions: list[Decision]) -> list[Change]:
        changes = self.store.record_all(decisions)
        self.history.extend(changes)
        return changes

    def withdraw(self, subject: str, obj: str, reviewer: str) -> Change | None:
        s, o = self.check_pair(subject, obj, full=False)
        change = self.store.withdraw(s.id, o.id, reviewer_curie(reviewer))
        if change is not None:
            self.history.append(change)
        return change

    def undo(self) -> Change | None:
        if not self.history:
            return None
        change = self.history.pop()
        self.store.undo(change)
        return change


def _replace(decision: Decision, **values) -> Decision:
    from dataclasses import replace
    return replace(decision, **values)


def outcome_words(d: Decision) -> str:
    verb = {"positive": "accepted", "negative": "rejected", "unsure": "unsure"}[d.kind]
    return f"{verb} {PREDICATE_NAMES.get(d.predicate_id, d.predicate_id)}"
