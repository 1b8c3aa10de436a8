"""Chained candidates through the national pivot, merged with lexical candidates.

Two lists that are both linked to the national classification (CSCO 2022) need not
be matched from scratch: an entry of one list and an entry of the other that point
at the same national concept are candidates for each other.

* A **step** links a list entry to a national concept, in the direction
  ``entry predicate national``. It is *reviewed* (a positive decision in a
  ``*.sssom.tsv`` decision set whose other side is a ``csco:`` concept; a decision
  with the national concept as subject is inverted) or *keyed* (the entry carries
  ``occ:nationalOccupation``, as every Beijing entry does: ``bj:2-02-38-01`` is the
  national occupation 2-02-38-01, exactMatch with confidence 1).
* A **chain** ``subject →(step 1) national ←(step 2) object`` becomes a candidate
  ``subject P object`` with ``P = compose(step 1, inverse(step 2))`` (rule below),
  justification ``semapv:MappingChaining`` and confidence ``c1 × c2`` (halved for a
  relatedMatch composite). A negative decision on either step (subject or object
  against that national concept, by any reviewer) blocks the chain; so does a
  negative decision that makes a *lexical* candidate the same claim (object keyed by
  a national concept the subject was rejected for).
* A **hierarchy step** lifts a step one level up the national classification: a step
  ``entry P child`` also reaches the child's category (its nearest structural ancestor)
  as ``entry compose(P, broadMatch) category`` (the child is narrower than its category;
  ``via`` names the child). So an entry reviewed to a category (``qh:X exactMatch
  csco:2-02-22-00``) reaches the list entries keyed by its child occupations
  (``qh:X narrowMatch bj:2-02-22-04``), and an entry reviewed to an occupation reaches an
  entry keyed by its category (broadMatch). One lifted step per chain at most (two would
  make siblings of the same category into candidates), and a chain through the hierarchy
  that composes to relatedMatch is no chain (an entry broader or narrower than a category
  says nothing about the category's other children).
* **Composition** (``compose``): exact∘exact = exact; exact∘close, close∘exact,
  close∘close = close; a broad (narrow) step with an exact/close one, or two broad
  (two narrow) steps, = broad (narrow) — the directions agree; broad∘narrow or
  narrow∘broad = related (both sides under, or both above, one national concept);
  a related step chains to nothing (too weak to compose).
* **Merging** (``propose``): lexical candidates (``matcher.match_entry``) and chained
  ones are one list per subject, best first; for the same pair the higher
  confidence wins (the chained one on a tie). Lexical matching at its usual floors
  is for subjects with no pivot: a subject whose place in the national
  classification is settled — it has a usable step, reviewed or keyed — gets
  lexical candidates only from the runner-up floor (``DEFAULT_THRESHOLD``), never at
  the lower floor for a best candidate (a weak lexical hit would contradict or
  merely restate the reviewed placement). Chained candidates are proposed from
  ``BEST_THRESHOLD`` at any rank.

Chained candidates are proposals for ``occlink review`` like any other: nothing
here is published; only a reviewer's decision is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, XSD

from occlink.mappings.entries import Entry
from occlink.mappings.matcher import (
    BEST_THRESHOLD,
    DEFAULT_PROPOSALS,
    DEFAULT_THRESHOLD,
    Candidate,
    TargetIndex,
    match_entry,
)
from occlink.taxonomy.namespaces import SEMAPV, SSSOM, Namespaces

NATIONAL_PREFIX = "csco"
RELATED_FACTOR = 0.5        # a relatedMatch composite (opposite directions) keeps half the confidence
INVERSE = {"skos:exactMatch": "skos:exactMatch", "skos:closeMatch": "skos:closeMatch",
           "skos:broadMatch": "skos:narrowMatch", "skos:narrowMatch": "skos:broadMatch",
           "skos:relatedMatch": "skos:relatedMatch"}
KEYED = "keyed"
REVIEWED = "reviewed"


def inverse(predicate: str) -> str:
    return INVERSE[predicate]


def compose(first: str, second: str) -> str | None:
    """The predicate of ``a first b`` ∘ ``b second c`` (documented rule above); None: no chain."""
    if "skos:relatedMatch" in (first, second):
        return None
    directions = {p for p in (first, second) if p in ("skos:broadMatch", "skos:narrowMatch")}
    if not directions:
        return "skos:exactMatch" if first == second == "skos:exactMatch" else "skos:closeMatch"
    if len(directions) == 1:
        return directions.pop()
    return "skos:relatedMatch"


@dataclass(frozen=True)
class Step:
    """``entry predicate national``, reviewed (a decision row) or keyed (occ:nationalOccupation)."""

    entry: str
    predicate: str
    national: str
    confidence: float
    basis: str          # reviewed | keyed
    ref: str            # IRI of the decision's mapping axiom, or of the keyed entry
    via: str = ""       # lifted by a hierarchy step: the national child the step first reached

    @property
    def lifted(self) -> bool:
        return bool(self.via)


@dataclass(frozen=True)
class Chain:
    """Why a chained candidate exists: both steps through one national concept."""

    pivot: str
    subject_step: Step
    object_step: Step

    @property
    def through_hierarchy(self) -> bool:
        return self.subject_step.lifted or self.object_step.lifted

    @property
    def predicate(self) -> str | None:
        if self.subject_step.lifted and self.object_step.lifted:
            return None  # two children of one category: siblings, not a mapping
        composite = compose(self.subject_step.predicate, inverse(self.object_step.predicate))
        if composite == "skos:relatedMatch" and self.through_hierarchy:
            return None
        return composite

    @property
    def confidence(self) -> float:
        value = self.subject_step.confidence * self.object_step.confidence
        return value * RELATED_FACTOR if self.predicate == "skos:relatedMatch" else value


@dataclass
class PivotLinks:
    """Every step (positive) and every rejected (entry, national) pair known for some entries."""

    steps: dict[str, list[Step]] = field(default_factory=dict)
    rejected: set[tuple[str, str]] = field(default_factory=set)

    def add(self, step: Step) -> None:
        self.steps.setdefault(step.entry, []).append(step)

    def usable(self, entry_id: str) -> list[Step]:
        """The entry's steps not blocked by a negative decision on the same pair."""
        return [s for s in self.steps.get(entry_id, ()) if (entry_id, s.national) not in self.rejected]

    def lifted(self, entry_id: str) -> list[Step]:
        """The entry's usable steps lifted one level up the national hierarchy (module doc),
        unless the entry was rejected for that category."""
        out = []
        for step in self.usable(entry_id):
            category = national_parent(step.national)
            predicate = compose(step.predicate, "skos:broadMatch")
            if category is None or predicate != "skos:broadMatch" or (entry_id, category) in self.rejected:
                continue
            out.append(Step(entry_id, predicate, category, step.confidence, step.basis, step.ref, step.national))
        return out

    def reaching(self, entry_id: str) -> list[Step]:
        """Usable steps, then lifted ones."""
        return self.usable(entry_id) + self.lifted(entry_id)

    def settled(self, entry_id: str) -> bool:
        """The entry's place in the national classification is reviewed (or keyed)."""
        return bool(self.usable(entry_id))

    def contradicts(self, subject: Entry, obj: Entry) -> bool:
        """A lexical candidate that restates a rejected decision (the other side is keyed)."""
        return ((obj.national is not None and (subject.id, obj.national) in self.rejected)
                or (subject.national is not None and (obj.id, subject.national) in self.rejected))


@lru_cache(maxsize=4096)
def national_parent(curie: str) -> str | None:
    """The nearest structural ancestor of a national concept that the classification has (None:
    a major group, or not a national concept)."""
    if not _is_national(curie):
        return None
    from occlink.taxonomy.csco_table import default_classification, structural_ancestors
    code = curie.partition(":")[2]
    records = default_classification().records
    if code not in records or code.count("-") != 3:
        return None
    return next((f"{NATIONAL_PREFIX}:{a}" for a in structural_ancestors(code) if a in records), None)


def _is_national(curie: str) -> bool:
    return curie.partition(":")[0] == NATIONAL_PREFIX


def _iri(ns: Namespaces, curie: str) -> str:
    try:
        return ns.expand(curie)
    except KeyError:  # a CSV entry (src:/tgt:): its CURIE is all there is
        return curie


def pivot_links(entries: list[Entry], ns: Namespaces, folder: Path | None = None) -> PivotLinks:
    """Steps of ``entries``: keyed ones from the entries, reviewed ones from the decision sets in
    ``folder`` (default: the packaged sets)."""
    from occlink.mappings.graph import axiom_iri, mapping_sets
    wanted = {e.id for e in entries}
    links = PivotLinks()
    for entry in entries:
        if entry.national and not _is_national(entry.id):
            links.add(Step(entry.id, "skos:exactMatch", entry.national, 1.0, KEYED, _iri(ns, entry.id)))
    for crosswalk, kind, ms in mapping_sets(folder):
        if kind not in ("positive", "negative"):
            continue  # unsure decisions neither chain nor block
        for row in ms.rows:
            subject, obj, predicate = row["subject_id"], row["object_id"], row["predicate_id"]
            if _is_national(obj) and not _is_national(subject):
                entry_id, national = subject, obj
            elif _is_national(subject) and not _is_national(obj):
                entry_id, national, predicate = obj, subject, inverse(predicate)
            else:
                continue
            if entry_id not in wanted:
                continue
            if kind == "negative" or row.get("predicate_modifier") == "Not":
                links.rejected.add((entry_id, national))
                continue
            links.add(Step(entry_id, predicate, national, float(row.get("confidence") or 1.0), REVIEWED,
                           str(axiom_iri(ns, crosswalk, kind, row))))
    for entry_id in links.steps:
        links.steps[entry_id].sort(key=lambda s: (s.national, -s.confidence, s.ref))
    return links


def chained_candidates(subject: Entry, targets_by_national: dict[str, list[tuple[Entry, Step]]],
                       links: PivotLinks) -> dict[str, Candidate]:
    """object id → the best chained candidate for one subject."""
    best: dict[str, Candidate] = {}
    for first in links.reaching(subject.id):
        for target, second in targets_by_national.get(first.national, ()):
            if target.id == subject.id or (target.id, second.national) in links.rejected:
                continue
            if second.lifted and (subject.id, second.via) in links.rejected:
                continue  # the subject was rejected for the very child this object is keyed by
            chain = Chain(first.national, first, second)
            predicate = chain.predicate
            if predicate is None:
                continue
            confidence = round(chain.confidence, 4)
            current = best.get(target.id)
            if current is not None and current.confidence >= confidence:
                continue
            best[target.id] = Candidate(
                subject, target, confidence, predicate, "", subject.label("en"), "", "",
                {"subject_step_confidence": first.confidence, "object_step_confidence": second.confidence},
                chain)
    return best


def _targets_by_national(targets: list[Entry], links: PivotLinks) -> dict[str, list[tuple[Entry, Step]]]:
    out: dict[str, list[tuple[Entry, Step]]] = {}
    for target in targets:
        for step in links.reaching(target.id):
            out.setdefault(step.national, []).append((target, step))
    return out


def chaining_applies(sources: list[Entry], targets: list[Entry]) -> bool:
    """Chaining needs two lists other than the pivot itself (national → X is a direct crosswalk)."""
    return not any(_is_national(e.id) for e in sources[:1] + targets[:1])


def propose(source_entries: list[Entry], target_entries: list[Entry], links: PivotLinks | None,
            top_k: int | None = None, threshold: float | None = None, *,
            index: TargetIndex | None = None) -> list[Candidate]:
    """Lexical and chained candidates merged, grouped by source id, best first (floors: module doc).

    ``links`` None (or lists that chaining does not apply to): the lexical proposals of
    ``matcher.match`` with the same floors.
    """
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be at least 1")
    index = index or TargetIndex(target_entries)
    if links is not None and not chaining_applies(source_entries, target_entries):
        links = None
    by_national = _targets_by_national(target_entries, links) if links is not None else {}
    limit = top_k if top_k is not None else DEFAULT_PROPOSALS
    floor = threshold if threshold is not None else (0.0 if top_k is not None else DEFAULT_THRESHOLD)
    defaults = top_k is None and threshold is None
    best_floor = BEST_THRESHOLD if defaults else floor
    results: list[Candidate] = []
    for subject in sorted(source_entries, key=lambda e: e.id):
        merged: dict[str, Candidate] = {}
        for c in match_entry(index, subject):
            if links is None or not links.contradicts(subject, c.object):
                merged[c.object.id] = c
        if links is not None:
            for object_id, c in chained_candidates(subject, by_national, links).items():
                current = merged.get(object_id)
                if current is None or c.confidence >= current.confidence:
                    merged[object_id] = c
        ranked = sorted(merged.values(), key=lambda c: (-c.confidence, c.chain is None, c.object.id))
        settled = links is not None and links.settled(subject.id)
        kept = []
        for rank, c in enumerate(ranked):
            if c.chain is not None:
                needed = best_floor
            elif defaults and (settled or rank > 0):
                needed = DEFAULT_THRESHOLD
            else:
                needed = best_floor if rank == 0 else floor
            if c.confidence >= needed:
                kept.append(c)
        results.extend(kept[:limit])
    return results


# ----------------------------------------------------------------------------- output
CHAIN_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # (column, property, type hint) — declared in the SSSOM header's extension_definitions
    ("pivot_id", "occ:chainPivot", "xsd:anyURI"),
    ("subject_pivot_predicate", "occ:subjectPivotPredicate", "xsd:anyURI"),
    ("subject_pivot_confidence", "occ:subjectPivotConfidence", "xsd:double"),
    ("subject_pivot_basis", "occ:subjectPivotBasis", "xsd:string"),
    ("subject_pivot_mapping", "occ:subjectPivotMapping", "xsd:anyURI"),
    ("subject_pivot_via", "occ:subjectPivotVia", "xsd:anyURI"),
    ("object_pivot_predicate", "occ:objectPivotPredicate", "xsd:anyURI"),
    ("object_pivot_confidence", "occ:objectPivotConfidence", "xsd:double"),
    ("object_pivot_basis", "occ:objectPivotBasis", "xsd:string"),
    ("object_pivot_mapping", "occ:objectPivotMapping", "xsd:anyURI"),
    ("object_pivot_via", "occ:objectPivotVia", "xsd:anyURI"),
)


# What a reviewed decision on a chained candidate keeps of it (``decisions.Decision.chain``): the
# pivot columns and ``see_also`` (both source mappings); the comment is the reviewer's own.
DECISION_CHAIN_COLUMNS: tuple[str, ...] = tuple(c for c, _p, _t in CHAIN_COLUMNS) + ("see_also",)


def extension_definitions() -> list[dict[str, str]]:
    return [{"slot_name": col, "property": prop, "type_hint": hint} for col, prop, hint in CHAIN_COLUMNS]


def chain_columns(chain: Chain) -> dict[str, str]:
    """The SSSOM cells of a chained row: both steps (``X_pivot_*``: ``X_id predicate pivot_id``)
    plus the standard ``see_also`` (both source mappings) and a readable ``comment``."""
    from occlink.mappings.sssom import format_score
    s, o = chain.subject_step, chain.object_step

    def said(step: Step) -> str:
        via = f", via {step.via} in the national hierarchy" if step.via else ""
        return f"{step.entry} {step.predicate} {chain.pivot} ({step.basis}{via}, {format_score(step.confidence)})"
    return {
        "pivot_id": chain.pivot,
        "subject_pivot_predicate": s.predicate, "subject_pivot_confidence": format_score(s.confidence),
        "subject_pivot_basis": s.basis, "subject_pivot_mapping": s.ref, "subject_pivot_via": s.via,
        "object_pivot_predicate": o.predicate, "object_pivot_confidence": format_score(o.confidence),
        "object_pivot_basis": o.basis, "object_pivot_mapping": o.ref, "object_pivot_via": o.via,
        "see_also": f"{s.ref}|{o.ref}",
        "comment": f"Chained through {chain.pivot}: {said(s)}; {said(o)}. Unreviewed candidate.",
    }


def decision_cells(chain: Chain) -> tuple[tuple[str, str], ...]:
    """The cells a reviewed decision on this chained candidate records (non-empty only)."""
    cells = chain_columns(chain)
    return tuple((c, cells[c]) for c in DECISION_CHAIN_COLUMNS if cells.get(c))


def pair_chain(subject: Entry, obj: Entry, ns: Namespaces, folder: Path | None = None) -> Chain | None:
    """The best chain from ``subject`` to ``obj`` through the decision sets in ``folder`` (what a
    scripted decision on a chained pair records without running the matcher); None: no chain."""
    if not chaining_applies([subject], [obj]):
        return None
    links = pivot_links([subject, obj], ns, folder)
    found = chained_candidates(subject, _targets_by_national([obj], links), links).get(obj.id)
    return found.chain if found is not None and isinstance(found.chain, Chain) else None


def chain_graph(candidates: list[Candidate], ns: Namespaces) -> Graph:
    """Chained candidates as SSSOM mapping axioms, each ``prov:wasDerivedFrom`` both source mappings
    (the decision axioms of ``mappings.graph``, or the keyed entry) and ``occ:chainPivot`` the pivot."""
    g = Graph()
    ns.bind(g)
    for c in candidates:
        chain = c.chain
        if not isinstance(chain, Chain):
            continue
        axiom = ns.mapping["candidates/chained/" + "/".join(
            x.replace(":", "-") for x in (c.subject.id, c.predicate.partition(":")[2], c.object.id))]
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, RDF.type, SSSOM.Mapping))
        g.add((axiom, OWL.annotatedSource, URIRef(ns.expand(c.subject.id))))
        g.add((axiom, OWL.annotatedProperty, URIRef(ns.expand(c.predicate))))
        g.add((axiom, OWL.annotatedTarget, URIRef(ns.expand(c.object.id))))
        g.add((axiom, SSSOM.mapping_justification, SEMAPV.MappingChaining))
        g.add((axiom, SSSOM.confidence, Literal(c.confidence, datatype=XSD.double)))
        g.add((axiom, ns.vocab.chainPivot, URIRef(ns.expand(chain.pivot))))
        for step in (chain.subject_step, chain.object_step):
            g.add((axiom, PROV.wasDerivedFrom, URIRef(step.ref)))
    return g


def candidates_with_chains(source_entries: list[Entry], target_entries: list[Entry], ns: Namespaces,
                           folder: Path | None = None, top_k: int | None = None,
                           threshold: float | None = None) -> list[Candidate]:
    """``propose`` with the pivot links read from ``folder`` (the decision sets; default: packaged) —
    what ``occlink match`` and a review queue call for two catalogs."""
    return propose(source_entries, target_entries, pivot_links(source_entries + target_entries, ns, folder),
                   top_k=top_k, threshold=threshold)
