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
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import add, mul
from typing import TYPE_CHECKING

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
        self.inv_norm = [1.0 / math.sqrt(lab.norm2 or 1.0) for lab in self.labels]
        # flat per-label lists for the hot loops (no attribute lookups through IndexedLabel)
        entry_ids = list(range(len(self.entries)))  # int objects allocated together, like the label ids
        self.label_entry = [entry_ids[lab.entry] for lab in self.labels]
        self.label_features = [lab.label.features for lab in self.labels]
        self.label_norm2 = [lab.norm2 for lab in self.labels]
        self.posting_keys = {f: (len(ids), f) for f, ids in postings.items()}  # blocking's sort keys
        self.idf2 = {f: v ** 2 for f, v in self.idf.items()}  # the same floats as in IndexedLabel.norm2's sum
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
        scores: dict[int, float] = {}
        budget = POSTING_BUDGET
        postings = self.postings
        idf2 = self.idf2  # idf ** 2, the same floats
        known = sorted(filter(None, map(self.posting_keys.get, weights)))  # (size, feature), rarest first
        for i, (size, feat) in enumerate(known):
            if size > budget and i > 0:
                break  # a very common feature adds little; stop (the pool is already seeded)
            w = weights[feat] * idf2[feat]
            ids = postings[feat][:budget] if size > budget else postings[feat]
            if i == 0:
                scores = dict.fromkeys(ids, w)  # = 0.0 + w for each: the same floats, built in C
            else:
                for li in ids:  # (faster than scores.get(li, 0.0) + w: no method call; 0.0 + w is w)
                    if li in scores:
                        scores[li] += w
                    else:
                        scores[li] = w
            budget -= size
            if budget <= 0:
                break
        return scores


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -60 else 0.0


# the weight of each evidence value, in FEATURE_NAMES order (the confidence adds the products in that order)
_COEFFICIENTS = tuple(WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES)


def score_label(index: TargetIndex, query: LabelText) -> list[tuple[int, IndexedLabel, dict[str, float]]]:
    """Evidence for each pooled target entry: (entry id, its best label, evidence).

    The pool: the entries of the best-blocked labels plus a few entries whose
    definition/task text covers the query. Each pooled entry is scored on *all*
    its labels (best label + support from its other labels).
    """
    return [(ei, lab, _evidence_dict(values)) for ei, lab, values in _score_label(index, query)]


def _score_label(index: TargetIndex, query: LabelText) -> list[tuple[int, IndexedLabel, tuple[float, ...]]]:
    """score_label with the evidence as a tuple in FEATURE_NAMES order (a dict is built only for what is kept)."""
    weights = index.query_weights(query)
    if not weights:
        return []
    idf = index.idf
    qnorm = sum((w * idf.get(f, index.max_idf)) ** 2 for f, w in weights.items())
    dots = index.block(weights)
    inv = index.inv_norm
    # ties broken by label id (smallest first) so the pool is deterministic; (score, -id) tuples
    # compare in C (sorted()[:n] is how heapq.nlargest is defined; ids are unique, so no ties).
    # Only labels scoring at least the POOL_LABELS-th best score can be kept: a sort of bare floats
    # finds that cut, and only those labels get a tuple and the (slower) tuple sort — the same top.
    # The cut need not be exact, only no higher than the POOL_LABELS-th best score: the POOL_LABELS-th
    # best of the first few (the labels of the rarest features, usually good ones) is such a bound and
    # needs a sort of a short list only.
    ids = list(dots)
    scores = list(map(mul, dots.values(), map(inv.__getitem__, ids)))
    if len(scores) > POOL_LABELS:
        cut = sorted(scores[:3 * POOL_LABELS], reverse=True)[POOL_LABELS - 1]
        ranked = [(s, -li) for s, li in zip(scores, ids) if s >= cut]
    else:
        ranked = [(s, -li) for s, li in zip(scores, ids)]
    ranked.sort(reverse=True)
    top = [-neg for _score, neg in ranked[:POOL_LABELS]]
    # the entries of the best labels, first occurrence first (bounded re-scoring)
    entry_order = list(dict.fromkeys(map(index.label_entry.__getitem__, top)))[:POOL_ENTRIES]
    ctx_query = index.context.query(weights)  # its features are all z: ones (= the z: part of weights)
    extra = [ei for ei in index.context.block(ctx_query, CONTEXT_BUDGET, CONTEXT_POOL) if ei not in entry_order]
    # Exact cosines. A label's dot product adds w × idf² over the features it shares with the query in
    # its sorted feature order (bitwise-stable sums): the shared set is a C intersection, and the
    # addition runs in C (reduce). Up to two terms need no sort: 0.0 + a is a, and a + b is b + a.
    idf2 = index.idf2
    key = index.feature_key.get  # the index's own string objects (see TargetIndex.__init__)
    qvalue = {k: w * idf2[k] for f, w in weights.items() if (k := key(f)) is not None}
    qget = qvalue.__getitem__
    qfeatures = frozenset(qvalue)
    native = frozenset(f for f, w in weights.items() if w == 1.0)  # only whether a label shares one matters
    features = index.label_features
    norm2 = index.label_norm2
    entry_labels = index.entry_labels
    sqrt = math.sqrt
    scored: list[tuple[float, int, bool, int, float]] = []
    for ei in entry_order + extra:
        labels: Collection[int] = entry_labels[ei]
        blocked = dots.keys() & labels  # a set: the order does not matter (see below)
        if len(blocked) > SUPPORT_LABELS:  # exact cosines only for the entry's best few blocked labels
            labels = [-neg for _s, neg in sorted([(dots[li] * inv[li], -li) for li in blocked],
                                                 reverse=True)[:SUPPORT_LABELS]]
        elif blocked:  # few enough already (their order does not matter: cosines are sorted below)
            labels = blocked
        cosines = []
        for li in labels:
            shared = features[li] & qfeatures
            dot = reduce(add, map(qget, sorted(shared) if len(shared) > 2 else shared), 0.0)
            cosines.append((dot / (sqrt(qnorm * norm2[li]) or 1.0), -li, shared))
        if not cosines:
            continue
        # (cosine, -label id) first: ids are unique, so the tuples compare in C without reaching the set
        if len(cosines) > 1:
            cosines.sort(reverse=True)
        cos, neg, shared = cosines[0]
        # what sum(c[0] for c in cosines[1:3]) gives, int 0 included (0.0 + a is a)
        n = len(cosines)
        support = cosines[1][0] + cosines[2][0] if n > 2 else cosines[1][0] if n == 2 else 0
        scored.append((cos, ei, not native.isdisjoint(shared), -neg, support))
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
    for cos, ei, has_native, li, support in pool:
        out.append((ei, labels_all[li], _evidence(qside, label_side[li], occupation[ei], cos, has_native, best_cos,
                                                  residual[ei], support, context.score(ctx_query, ei, ctx_total))))
    return out


class _QuerySide:
    """What the evidence needs of the query label, computed once per query instead of per candidate."""

    __slots__ = ("query", "cjk", "compact", "core", "head", "family", "contains_ok")

    def __init__(self, query: LabelText):
        self.query = query
        self.cjk = query.cjk
        self.compact = query.compact
        self.core = query.core.replace(" ", "")
        self.head = query.head
        self.family = HEAD_FAMILY.get(query.head, query.head)
        self.contains_ok = len(self.core) >= 2


# the evidence dict's key order (as shown in JSON output); the values are computed in FEATURE_NAMES order
_EVIDENCE_ORDER = ("cosine", "ratio", "core_equal", "label_equal", "contains", "head_agree", "head_clash",
                   "occupation", "residual", "pref_label", "search_title", "translated_only", "gap", "support",
                   "context", "head_family")
_EVIDENCE_SLOTS = tuple((name, FEATURE_NAMES.index(name)) for name in _EVIDENCE_ORDER)


def _evidence_dict(values: tuple[float, ...]) -> dict[str, float]:
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
        contains = float(len(tcore_compact) >= 2 and (q.core in tcompact or tcore_compact in qcompact))
    else:
        contains = 0.0
    if qhead:
        head_agree = float(qhead == thead)
        head_clash = float(bool(thead) and q.family != tfamily)
        head_family = float(qhead != thead and q.family == tfamily)
    else:
        head_agree = head_clash = head_family = 0.0
    return (
        cos,                                                                      # cosine
        ratio,                                                                    # ratio
        float(same_script and bool(q.query.core) and q.query.core == tcore),      # core_equal
        float(qcompact == tcompact),                                              # label_equal
        contains,                                                                 # contains
        head_agree,                                                               # head_agree
        head_clash,                                                               # head_clash
        occupation,                                                               # occupation
        residual,                                                                 # residual
        pref,                                                                     # pref_label
        float(not has_native),                                                    # translated_only
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
    if not target.occupation or target.residual:
        return "skos:broadMatch"
    if not subject.occupation:
        return "skos:narrowMatch"
    if evidence.get("label_equal") == 1.0 and evidence.get("pref_label") == 1.0:
        return "skos:exactMatch"
    # Only against a preferred label: a hit on an alias (a loose recruitment title such as
    # 律师助理 under 律师) is evidence of closeness, never of identity.
    if (confidence >= EXACT_CONFIDENCE and evidence.get("pref_label") == 1.0
            and evidence.get("core_equal") == 1.0 and evidence.get("head_agree") == 1.0):
        return "skos:exactMatch"
    if confidence >= CLOSE_CONFIDENCE:
        return "skos:closeMatch"
    return "skos:relatedMatch"


_FIELDS = {"pref": "skos:prefLabel", "alt": "skos:altLabel", "hidden": "skos:hiddenLabel"}


def _field(kind: str) -> str:
    return _FIELDS[kind]


def match_entry(index: TargetIndex, subject: Entry, prepared: dict[str, LabelText] | None = None,
                limit: int | None = None, *, weights: tuple[float, dict[str, float]] | None = None) -> list[Candidate]:
    """Every pooled candidate for one source entry (the first ``limit``), best first (all its labels are tried).

    ``weights``: (bias, weight per feature) instead of the shipped ones (bench/calibrate.py measures a refit)."""
    bias, coefficients = (BIAS, _COEFFICIENTS) if weights is None else \
        (weights[0], tuple(weights[1].get(name, 0.0) for name in FEATURE_NAMES))
    best: dict[int, tuple[float, IndexedLabel, tuple[float, ...], str, str]] = {}
    for _lang, kind, text in subject.labels():
        query = prepared.get(text) if prepared else None
        query = query or prepare(text)
        if not query.features:
            continue
        for ei, lab, values in _score_label(index, query):
            # the weighted evidence, its products added in FEATURE_NAMES order (bitwise-stable)
            conf = _sigmoid(bias + reduce(add, map(mul, coefficients, values), 0.0))
            current = best.get(ei)
            if current is None or conf > current[0]:
                best[ei] = (conf, lab, values, text, kind)
    entries = index.entries
    # (rounded confidence, target id, first-seen position): the order a stable sort on the first two gives
    order = [t[-1] for t in sorted([(-round(v[0], 4), entries[ei].id, pos, ei)
                                    for pos, (ei, v) in enumerate(best.items())])]
    if limit is not None:
        order = order[:limit]  # Candidate objects (and evidence dicts) only for what the caller keeps
    out = []
    for ei in order:
        conf, lab, values, text, kind = best[ei]
        target = entries[ei]
        evidence = _evidence_dict(values)
        out.append(Candidate(subject, target, round(conf, 4), choose_predicate(subject, target, conf, evidence),
                             lab.label.text, text, _field(kind), _field(lab.kind), evidence))
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
        best_floor, floor = self.best_floor, self.floor
        return [c for rank, c in enumerate(ranked) if c.confidence >= (best_floor if rank == 0 else floor)][:self.limit]
