"""Bilingual candidate matching: blocking on an inverted index, then re-scoring.

Pipeline (cost grows about linearly with both lists):

1. ``TargetIndex`` — every target label (pref and alt, zh and en, and the
   project's search titles of national occupations) is prepared
   once (``features.prepare``) and its features go into an inverted index
   (feature → label ids) with IDF weights.
2. Blocking — a source label's native and translated features are looked up,
   rarest first, under a fixed posting budget; the best-scoring labels give a
   bounded pool of target entries (never the full cross product).
3. Re-scoring — for each pooled entry: IDF cosine on features, rapidfuzz
   ratio on the normalized strings, core/label identity, head-noun agreement,
   hierarchy (occupation vs category, residual "其他…") → a logistic
   combination (weights in ``weights.py``, fitted by ``bench/calibrate.py`` on held-out
   national aliases) = the calibrated confidence in [0, 1].
4. Predicate — :func:`choose_predicate` (documented rule, never exact without
   strong evidence).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import reduce
from itertools import compress, repeat
from operator import add, mul
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from rapidfuzz import fuzz

from occlink.mappings.context import ContextIndex
from occlink.mappings.entries import Entry
from occlink.mappings.features import LabelText, prepare, synonym_features, translated_features
from occlink.mappings.lexicon import Lexicon, default_lexicon
from occlink.mappings.normalize import HEAD_FAMILY
from occlink.mappings.weights import BIAS, WEIGHTS

if TYPE_CHECKING:  # chaining imports this module
    from occlink.mappings.chaining import Chain

DEFAULT_THRESHOLD = 0.7      # runner-up proposals for review start here
BEST_THRESHOLD = 0.25        # … except a source's best candidate, proposed from here (see match())
DEFAULT_PROPOSALS = 3        # without --top-k: at most this many proposals per source entry
POOL_LABELS = 40             # labels kept from blocking
POOL_ENTRIES = 15            # entries re-scored per source label
POSTING_BUDGET = 700        # index postings visited per source label (rarest features first)
TRANSLATED_WEIGHT = 0.8      # translated features count a little less than native ones
SUPPORT_LABELS = 3           # labels per pooled entry scored exactly (best + support from the next two)
UNIGRAM_WEIGHT = 0.3         # single Chinese characters: weak fallback evidence
SYNONYM_WEIGHT = 0.8         # so do recruitment-word synonyms (synonyms.py)
CONTEXT_POOL = 4             # entries added to the pool from definition/task text
CONTEXT_BUDGET = 300         # context-index postings visited per source label
EXACT_CONFIDENCE = 0.95      # exactMatch without label identity needs this and the same head noun
CLOSE_CONFIDENCE = 0.6       # closeMatch at or above, relatedMatch below

FEATURE_NAMES = ("cosine", "ratio", "core_equal", "label_equal", "contains", "head_agree", "head_clash",
                 "occupation", "residual", "pref_label", "translated_only", "gap", "support", "context",
                 "head_family", "search_title")


@dataclass(frozen=True)
class IndexedLabel:
    entry: int              # index into TargetIndex.entries
    lang: str
    kind: str               # pref | alt
    label: LabelText
    norm2: float            # squared IDF norm of its features


@dataclass
class Candidate:
    """A proposed mapping of ``subject`` (source entry) to ``object`` (target entry)."""

    subject: Entry
    object: Entry
    confidence: float
    predicate: str
    match_string: str                      # the target label that matched best
    subject_label: str                     # the source label that produced the match
    subject_match_field: str               # skos:prefLabel | skos:altLabel | skos:hiddenLabel (search title)
    object_match_field: str                # same vocabulary, for the target label
    evidence: dict[str, float] = field(default_factory=dict)
    # set for candidates composed through the national pivot (chaining.Chain); None for lexical ones
    chain: Chain | None = None

    @property
    def justification(self) -> str:
        return "semapv:MappingChaining" if self.chain is not None else "semapv:LexicalMatching"


class TargetIndex:
    """Inverted index over every label of the target entries."""

    def __init__(self, entries: list[Entry], lexicon: Lexicon | None = None):
        self.entries = list(entries)
        self.lexicon = lexicon or default_lexicon()
        self.labels: list[IndexedLabel] = []
        self.entry_labels: list[list[int]] = [[] for _ in self.entries]
        postings: dict[str, list[int]] = {}
        seen: set[tuple[int, str]] = set()
        for ei, entry in enumerate(self.entries):
            for lang, kind, text in entry.labels():
                prepared = prepare(text)
                if not prepared.features or (ei, prepared.norm) in seen:
                    continue
                seen.add((ei, prepared.norm))
                li = len(self.labels)
                self.entry_labels[ei].append(li)
                self.labels.append(IndexedLabel(ei, lang, kind, prepared, 0.0))
                for feat in prepared.features:
                    postings.setdefault(feat, []).append(li)
        total = max(len(self.labels), 1)
        # Memory locality (the hot loops are bound by it): one string object per feature, shared by every
        # label and posting, so set intersections and dict lookups match by identity without reading
        # scattered copies; label ids as int objects allocated together, in order.
        self.feature_key = {f: f for f in postings}
        key = self.feature_key.__getitem__
        ids = list(range(len(self.labels)))
        postings = {f: [ids[li] for li in lst] for f, lst in postings.items()}
        self.entry_labels = [[ids[li] for li in lst] for lst in self.entry_labels]
        self.idf = {f: math.log(1 + total / len(ids)) for f, ids in postings.items()}
        self.postings = postings
        self.labels = [
            IndexedLabel(lab.entry, lab.lang, lab.kind, replace(lab.label, features=frozenset(map(key, lab.label.features))),
                         sum(self.idf[f] ** 2 for f in sorted(lab.label.features)))  # sorted: bitwise-stable sums
            for lab in self.labels
        ]
        # flat per-label lists for the hot loops (no attribute lookups through IndexedLabel)
        self.label_features = [lab.label.features for lab in self.labels]
        # each label's features in sorted order: its exact dot product adds the shared ones in that order
        self.label_sorted_features = [tuple(sorted(features)) for features in self.label_features]
        self.label_norm2 = [lab.norm2 for lab in self.labels]
        self.posting_keys = {f: (len(ids), f) for f, ids in postings.items()}  # blocking's sort keys
        # the postings as one array (each feature's ids a slice of it) and the per-label values blocking
        # and pool ranking read (1/norm, entry), as arrays: those two steps run in numpy (see block_arrays)
        self.posting_start: dict[str, int] = {}
        flat: list[int] = []
        for f, lst in postings.items():
            self.posting_start[f] = len(flat)
            flat.extend(lst)
        self.posting_array = np.array(flat, dtype=np.int32)
        self.inv_norm_array = np.array([1.0 / math.sqrt(lab.norm2 or 1.0) for lab in self.labels], dtype=np.float64)
        self.label_entry_array = np.array([lab.entry for lab in self.labels], dtype=np.int32)
        self.idf2 = {f: v ** 2 for f, v in self.idf.items()}  # the same floats as in IndexedLabel.norm2's sum
        self.entry_id = [e.id for e in self.entries]
        self.residual = [e.residual for e in self.entries]
        self.residual_value = [float(r) for r in self.residual]            # as the evidence holds them
        self.occupation_value = [float(e.occupation) for e in self.entries]
        self.label_side = [_label_side(lab) for lab in self.labels]
        self.max_idf = math.log(1 + total)
        self.context = ContextIndex(self.entries)

    # ---------------------------------------------------------------- blocking
    def query_weights(self, label: LabelText) -> dict[str, float]:
        # Sorted: feature sets iterate in hash order, and float sums over them (query norm,
        # dot products) would then differ in the last bits between runs and flip near-ties.
        weights = {f: (UNIGRAM_WEIGHT if f.startswith("c:") else 1.0) for f in sorted(label.features)}
        for f in sorted(synonym_features(label)):
            weights.setdefault(f, SYNONYM_WEIGHT)
        for f in sorted(translated_features(label, self.lexicon)):
            weights.setdefault(f, TRANSLATED_WEIGHT)
        return weights

    def block(self, weights: dict[str, float]) -> dict[int, float]:
        """Dot products (label id → score) from the rarest features, within the posting budget."""
        ids, dots = self.block_arrays(weights)
        return dict(zip(ids.tolist(), dots.tolist()))

    def block_arrays(self, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(label ids visited, ascending; their dot products) — the features rarest first, within the
        posting budget. Each dot product is 0.0 + w₁ + w₂ … in that feature order, as the dict loop it
        replaced added them."""
        budget = POSTING_BUDGET
        start = self.posting_start
        idf2 = self.idf2  # idf ** 2, the same floats
        parts: list[np.ndarray] = []
        values: list[float] = []
        counts: list[int] = []
        known = sorted(filter(None, map(self.posting_keys.get, weights)))  # (size, feature), rarest first
        for i, (size, feat) in enumerate(known):
            if size > budget and i > 0:
                break  # a very common feature adds little; stop (the pool is already seeded)
            n = min(size, budget)  # only the first feature can be cut short
            first = start[feat]
            parts.append(self.posting_array[first:first + n])
            values.append(weights[feat] * idf2[feat])
            counts.append(n)
            budget -= size
            if budget <= 0:
                break
        if not parts:
            return _NO_IDS, _NO_SCORES
        ids = np.concatenate(parts) if len(parts) > 1 else parts[0]
        # add.at adds in input order, one element at a time (fresh arrays: no state shared between threads)
        sums = np.zeros(len(self.labels), dtype=np.float64)
        np.add.at(sums, ids, np.repeat(values, counts))
        seen = np.zeros(len(self.labels), dtype=bool)
        seen[ids] = True
        visited = np.flatnonzero(seen)
        return visited, sums[visited]


_NO_IDS = np.zeros(0, dtype=np.int32)
_NO_SCORES = np.zeros(0, dtype=np.float64)


# the weight of each evidence value, in FEATURE_NAMES order (the confidence adds the products in that order)
_COEFFICIENTS = tuple(WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES)


def score_label(index: TargetIndex, query: LabelText) -> list[tuple[int, IndexedLabel, dict[str, float]]]:
    """Evidence for each pooled target entry: (entry id, its best label, evidence).

    The pool: the entries of the best-blocked labels plus a few entries whose
    definition/task text covers the query. Each pooled entry is scored on *all*
    its labels (best label + support from its other labels).
    """
    return [(ei, lab, evidence_dict(values)) for ei, lab, values in _score_label(index, query)]


def _score_label(index: TargetIndex, query: LabelText) -> list[tuple[int, IndexedLabel, tuple[float, ...]]]:
    """score_label with the evidence as a tuple in FEATURE_NAMES order (a dict is built only for what is kept)."""
    weights = index.query_weights(query)
    if not weights:
        return []
    idf = index.idf
    # Σ (w × idf)², in C (pow(x, 2) is x ** 2; the terms and their order are the generator's)
    qnorm = sum(map(pow, map(mul, weights.values(), map(idf.get, weights, repeat(index.max_idf))), repeat(2)))
    visited, dots = index.block_arrays(weights)
    # Pool ranking: labels by blocking score (dot × 1/norm, the same floats as in Python), best first,
    # ties by label id (visited is ascending and the sort stable) — the POOL_LABELS best give the entries.
    scores = dots * index.inv_norm_array[visited]
    ranked = visited[np.argsort(-scores, kind="stable")]
    ranked_entries = index.label_entry_array[ranked]
    entry_order = list(dict.fromkeys(ranked_entries[:POOL_LABELS].tolist()))[:POOL_ENTRIES]
    ctx_query = index.context.query(weights)  # its features are all z: ones (= the z: part of weights)
    extra = [ei for ei in index.context.block(ctx_query, CONTEXT_BUDGET, CONTEXT_POOL) if ei not in entry_order]
    # Exact cosines. A label's dot product adds w × idf² over the features it shares with the query in
    # its sorted feature order (bitwise-stable sums): the label's features are kept sorted, the shared
    # ones are selected and added in C (filter, map, reduce).
    idf2 = index.idf2
    key = index.feature_key.get  # the index's own string objects (see TargetIndex.__init__)
    qvalue = {k: w * idf2[k] for f, w in weights.items() if (k := key(f)) is not None}
    qget, qshares = qvalue.__getitem__, qvalue.__contains__
    sorted_features = index.label_sorted_features
    norm2 = index.label_norm2
    entry_labels = index.entry_labels
    sqrt = math.sqrt
    scored: list[tuple[float, int, int, float]] = []
    pooled = entry_order + extra
    # each pooled entry's best SUPPORT_LABELS blocked labels, in ranking order (an entry none of whose
    # labels was blocked — a context extra — is scored on all its labels)
    flags = np.zeros(len(index.entries), dtype=bool)
    flags[pooled] = True
    keep = flags[ranked_entries]
    blocked: dict[int, list[int]] = {}
    for ei, li in zip(ranked_entries[keep].tolist(), ranked[keep].tolist()):
        best = blocked.get(ei)
        if best is None:
            blocked[ei] = [li]
        elif len(best) < SUPPORT_LABELS:
            best.append(li)
    for ei in pooled:
        labels = blocked.get(ei) or entry_labels[ei]
        cosines = []
        for li in labels:  # the shared features, selected in C from the label's sorted ones
            dot = reduce(add, map(qget, filter(qshares, sorted_features[li])), 0.0)
            cosines.append((dot / (sqrt(qnorm * norm2[li]) or 1.0), -li))
        if not cosines:
            continue
        if len(cosines) > 1:  # (cosine, -label id): ids are unique, so no two tuples tie
            cosines.sort(reverse=True)
        cos, neg = cosines[0]
        # what sum(c[0] for c in cosines[1:3]) gives, int 0 included (0.0 + a is a)
        n = len(cosines)
        support = cosines[1][0] + cosines[2][0] if n > 2 else cosines[1][0] if n == 2 else 0
        scored.append((cos, ei, -neg, support))
    scored.sort(key=lambda t: (-t[0], t[1]))
    pool = scored[:POOL_ENTRIES] + [t for t in scored[POOL_ENTRIES:] if t[1] in extra]
    if not pool:
        return []
    best_cos = pool[0][0]
    out = []
    qside = _QuerySide(query)  # query-side parts of the evidence, once per query label
    ctx_total = sum(ctx_query.values())  # once per query, not per candidate
    context = index.context
    occupation = index.occupation_value
    residual = index.residual_value
    labels_all = index.labels
    label_side = index.label_side
    # whether the best label shares a native feature with the query (only its translated ones otherwise);
    # a native feature a label has is one of the index's, so it is among the features the cosine shared
    native = frozenset(f for f, w in weights.items() if w == 1.0)
    features = index.label_features
    # the context score (ContextIndex.score) inline: the same sum in the same order, once per candidate
    ctx_keys, ctx_values, bags = list(ctx_query), list(ctx_query.values()), context.bags
    for cos, ei, li, support in pool:
        ctx = sum(compress(ctx_values, map(bags[ei].__contains__, ctx_keys))) / ctx_total if ctx_total else 0.0
        out.append((ei, labels_all[li], _evidence(qside, label_side[li], occupation[ei], cos,
                                                  not native.isdisjoint(features[li]), best_cos, residual[ei],
                                                  support, ctx)))
    return out


class _QuerySide:
    """What the evidence needs of the query label, computed once per query instead of per candidate."""

    __slots__ = ("query", "cjk", "compact", "core", "raw_core", "head", "family", "contains_ok")

    def __init__(self, query: LabelText):
        self.query = query
        self.cjk = query.cjk
        self.compact = query.compact
        self.core = query.core.replace(" ", "")
        self.raw_core = query.core
        self.head = query.head
        self.family = HEAD_FAMILY.get(query.head, query.head)
        self.contains_ok = len(self.core) >= 2


# the evidence dict's key order (as shown in JSON output); the values are computed in FEATURE_NAMES order
_EVIDENCE_ORDER = ("cosine", "ratio", "core_equal", "label_equal", "contains", "head_agree", "head_clash",
                   "occupation", "residual", "pref_label", "search_title", "translated_only", "gap", "support",
                   "context", "head_family")
_EVIDENCE_SLOTS = tuple((name, FEATURE_NAMES.index(name)) for name in _EVIDENCE_ORDER)


def evidence_dict(values: tuple[float, ...]) -> dict[str, float]:
    return {name: values[i] for name, i in _EVIDENCE_SLOTS}


def _label_side(lab: IndexedLabel) -> tuple:
    """What the evidence needs of a target label, computed once when the index is built."""
    t = lab.label
    return (t.cjk, t.compact, t.core, t.core.replace(" ", ""), t.head, HEAD_FAMILY.get(t.head, t.head),
            float(lab.kind == "pref"), float(lab.kind == "hidden"))


def _evidence(q: _QuerySide, side: tuple, occupation: float, cos: float, has_native: bool,
              best_cos: float, residual: float, support: float, context: float) -> tuple[float, ...]:
    """The evidence values in FEATURE_NAMES order (``side``: _label_side of the target label)."""
    tcjk, tcompact, tcore, tcore_compact, thead, tfamily, pref, hidden = side
    same_script = q.cjk == tcjk
    qcompact = q.compact
    ratio = fuzz.ratio(qcompact, tcompact) / 100.0 if same_script else 0.0
    qhead = q.head
    if same_script and q.contains_ok:
        contains = 1.0 if len(tcore_compact) >= 2 and (q.core in tcompact or tcore_compact in qcompact) else 0.0
    else:
        contains = 0.0
    if qhead:
        # (x if cond else y instead of float(cond): the same 1.0/0.0 without a call)
        head_agree = 1.0 if qhead == thead else 0.0
        head_clash = 1.0 if thead and q.family != tfamily else 0.0
        head_family = 1.0 if qhead != thead and q.family == tfamily else 0.0
    else:
        head_agree = head_clash = head_family = 0.0
    return (
        cos,                                                                      # cosine
        ratio,                                                                    # ratio
        1.0 if same_script and q.raw_core and q.raw_core == tcore else 0.0,      # core_equal
        1.0 if qcompact == tcompact else 0.0,                                     # label_equal
        contains,                                                                 # contains
        head_agree,                                                               # head_agree
        head_clash,                                                               # head_clash
        occupation,                                                               # occupation
        residual,                                                                 # residual
        pref,                                                                     # pref_label
        0.0 if has_native else 1.0,                                               # translated_only
        cos - best_cos,                                                           # gap
        support,                                                                  # support
        context,                                                                  # context
        head_family,                                                              # head_family
        hidden,                                                                   # search_title
    )


def choose_predicate(subject: Entry, target: Entry, confidence: float, evidence: dict[str, float]) -> str:
    """The documented predicate rule.

    * target is a category (not an occupation) or a "其他…" residual → broadMatch
      (the subject is narrower than the object);
    * subject is a category and the target an occupation → narrowMatch;
    * identity with the target's preferred label (normalized) and an occupation, or confidence ≥ 0.95 with the
      same head noun and equal cores against a preferred label → exactMatch (an alias hit never is);
    * confidence ≥ 0.6 → closeMatch; otherwise relatedMatch.
    """
    return _predicate(subject.occupation, target, confidence, evidence.get("label_equal") == 1.0,
                      evidence.get("pref_label") == 1.0, evidence.get("core_equal") == 1.0,
                      evidence.get("head_agree") == 1.0)


def _predicate(subject_occupation: bool, target: Entry, confidence: float, label_equal: bool, pref_label: bool,
               core_equal: bool, head_agree: bool) -> str:
    """choose_predicate on the evidence flags it reads."""
    if not target.occupation or target.residual:
        return "skos:broadMatch"
    if not subject_occupation:
        return "skos:narrowMatch"
    if label_equal and pref_label:
        return "skos:exactMatch"
    # Only against a preferred label: a hit on an alias (a loose recruitment title such as
    # 律师助理 under 律师) is evidence of closeness, never of identity.
    if confidence >= EXACT_CONFIDENCE and pref_label and core_equal and head_agree:
        return "skos:exactMatch"
    if confidence >= CLOSE_CONFIDENCE:
        return "skos:closeMatch"
    return "skos:relatedMatch"


_FLAG = {name: FEATURE_NAMES.index(name) for name in ("label_equal", "pref_label", "core_equal", "head_agree")}


def predicate_of(subject_occupation: bool, target: Entry, confidence: float, values: tuple[float, ...]) -> str:
    """choose_predicate on an evidence tuple (FEATURE_NAMES order) instead of a dict."""
    return _predicate(subject_occupation, target, confidence, values[_FLAG["label_equal"]] == 1.0,
                      values[_FLAG["pref_label"]] == 1.0, values[_FLAG["core_equal"]] == 1.0,
                      values[_FLAG["head_agree"]] == 1.0)


FIELDS = {"pref": "skos:prefLabel", "alt": "skos:altLabel", "hidden": "skos:hiddenLabel"}


def _field(kind: str) -> str:
    return FIELDS[kind]


class Ranked(NamedTuple):
    """One ranked target entry of a source entry, before it becomes a Candidate (or a bulk hit)."""

    entry: int                     # index into TargetIndex.entries
    confidence: float              # unrounded
    label: IndexedLabel            # the target label that matched best
    values: tuple[float, ...]      # the evidence in FEATURE_NAMES order
    subject_label: str             # the source label that produced the match
    subject_kind: str              # pref | alt | hidden


def rank_entries(index: TargetIndex, labels: Iterable[tuple[str, str, str]],
                 prepared: dict[str, LabelText] | None = None, limit: int | None = None, *,
                 weights: tuple[float, dict[str, float]] | None = None) -> list[Ranked]:
    """match_entry's ranking on a source entry's ``labels()`` — no Candidate objects or evidence dicts."""
    bias, coefficients = (BIAS, _COEFFICIENTS) if weights is None else \
        (weights[0], tuple(weights[1].get(name, 0.0) for name in FEATURE_NAMES))
    best: dict[int, tuple[float, IndexedLabel, tuple[float, ...], str, str]] = {}
    exp = math.exp
    for _lang, kind, text in labels:
        query = prepared.get(text) if prepared else None
        query = query or prepare(text)
        if not query.features:
            continue
        for ei, lab, values in _score_label(index, query):
            # the weighted evidence, its products added in FEATURE_NAMES order (bitwise-stable)
            x = bias + reduce(add, map(mul, coefficients, values), 0.0)
            conf = 1.0 / (1.0 + exp(-x)) if x > -60 else 0.0  # the logistic function (0 far below)
            current = best.get(ei)
            if current is None or conf > current[0]:
                best[ei] = (conf, lab, values, text, kind)
    entry_id = index.entry_id
    # (rounded confidence, target id, first-seen position): the order a stable sort on the first two gives
    order = [t[-1] for t in sorted([(-round(v[0], 4), entry_id[ei], pos, ei)
                                    for pos, (ei, v) in enumerate(best.items())])]
    if limit is not None:
        order = order[:limit]  # only what the caller keeps
    return [Ranked(ei, *best[ei]) for ei in order]


def match_entry(index: TargetIndex, subject: Entry, prepared: dict[str, LabelText] | None = None,
                limit: int | None = None, *, weights: tuple[float, dict[str, float]] | None = None) -> list[Candidate]:
    """Every pooled candidate for one source entry (the first ``limit``), best first (all its labels are tried).

    ``weights``: (bias, weight per feature) instead of the shipped ones (bench/calibrate.py measures a refit)."""
    entries = index.entries
    out = []
    for r in rank_entries(index, subject.labels(), prepared, limit, weights=weights):
        target = entries[r.entry]
        evidence = evidence_dict(r.values)
        out.append(Candidate(subject, target, round(r.confidence, 4),
                             choose_predicate(subject, target, r.confidence, evidence),
                             r.label.label.text, r.subject_label, _field(r.subject_kind), _field(r.label.kind), evidence))
    return out


def match(source_entries: list[Entry], target_entries: list[Entry], top_k: int | None = None,
          threshold: float | None = None, *, index: TargetIndex | None = None) -> list[Candidate]:
    """Candidates for every source entry, grouped by source id, best first.

    ``top_k``: up to K candidates per source entry (above ``threshold`` if given).
    Without ``top_k``: the proposals — up to DEFAULT_PROPOSALS candidates with
    confidence ≥ ``threshold`` (default: DEFAULT_THRESHOLD, and BEST_THRESHOLD for
    each source's best candidate).
    """
    index = index or TargetIndex(target_entries)
    policy = Floors(top_k, threshold)
    results: list[Candidate] = []
    for subject in sorted(source_entries, key=lambda e: e.id):
        results.extend(policy.keep(match_entry(index, subject, limit=policy.limit)))
    return results


@dataclass(frozen=True)
class Floors:
    """Which ranked candidates are kept: ``top_k`` (threshold 0 unless given) or the proposals.

    Default proposals: the confidence is calibrated on noisy recruitment aliases, so a source's
    *best* candidate is worth a reviewer's look from BEST_THRESHOLD; runner-ups need DEFAULT_THRESHOLD.
    """

    top_k: int | None = None
    threshold: float | None = None

    def __post_init__(self):
        if self.top_k is not None and self.top_k < 1:
            raise ValueError("top_k must be at least 1")

    @property
    def limit(self) -> int:
        return self.top_k if self.top_k is not None else DEFAULT_PROPOSALS

    @property
    def floor(self) -> float:
        if self.threshold is not None:
            return self.threshold
        return 0.0 if self.top_k is not None else DEFAULT_THRESHOLD

    @property
    def best_floor(self) -> float:
        return BEST_THRESHOLD if self.top_k is None and self.threshold is None else self.floor

    def keep(self, ranked: list[Candidate]) -> list[Candidate]:
        return [ranked[i] for i in self.kept([c.confidence for c in ranked])]

    def kept(self, confidences: list[float]) -> list[int]:
        """The positions kept of a ranked list, given its (rounded) confidences."""
        best_floor, floor = self.best_floor, self.floor
        return [rank for rank, conf in enumerate(confidences) if conf >= (best_floor if rank == 0 else floor)][:self.limit]
