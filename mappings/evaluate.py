"""Compare predicted mappings with a gold mapping set (both SSSOM).

Definitions (pairs are (subject_id, object_id); the predicate is not compared):

* gold positives G: pairs of gold rows without ``predicate_modifier: Not``;
  gold subjects S: subjects having at least one gold positive;
* predictions P: positive prediction pairs whose subject is in S (predictions
  for subjects the gold set says nothing about cannot be judged; they are
  counted as ``ignored``); gold rows with ``Not`` count as wrong when predicted;
* precision = |P ∩ G| / |P|, recall = |P ∩ G| / |G|, F1 = harmonic mean
  (0 when undefined);
* ranking per subject: confidence descending, then object id;
  top-1 accuracy = share of S whose first-ranked prediction is in G;
  recall@k = share of G whose object is among its subject's first k predictions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from occlink.mappings.sssom import MappingSet
from occlink.mappings.text import table


@dataclass(frozen=True)
class Metrics:
    gold_pairs: int
    gold_subjects: int
    predicted_pairs: int
    ignored_predictions: int
    true_positives: int
    precision: float
    recall: float
    f1: float
    top1_accuracy: float
    k: int
    recall_at_k: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _confidence(row: dict[str, str]) -> float:
    try:
        return float(row.get("confidence", ""))
    except ValueError:
        return 0.0


def evaluate(gold: MappingSet, predictions: MappingSet, k: int = 5) -> Metrics:
    if k < 1:
        raise ValueError("k must be at least 1")
    positives = {(r["subject_id"], r["object_id"]) for r in gold.positive_rows()}
    subjects = {s for s, _ in positives}
    ranked: dict[str, list[tuple[float, str]]] = {}
    ignored = 0
    for row in predictions.positive_rows():
        if row["subject_id"] not in subjects:
            ignored += 1
            continue
        ranked.setdefault(row["subject_id"], []).append((-_confidence(row), row["object_id"]))
    predicted: set[tuple[str, str]] = set()
    order: dict[str, list[str]] = {}
    for subject, items in ranked.items():
        objects: list[str] = []
        for _, obj in sorted(items):
            if obj not in objects:
                objects.append(obj)
        order[subject] = objects
        predicted.update((subject, o) for o in objects)
    tp = len(predicted & positives)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(positives) if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    top1 = sum(1 for s in subjects if order.get(s) and (s, order[s][0]) in positives)
    at_k = sum(1 for s, o in positives if o in order.get(s, [])[:k])
    return Metrics(
        gold_pairs=len(positives), gold_subjects=len(subjects), predicted_pairs=len(predicted),
        ignored_predictions=ignored, true_positives=tp,
        precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4),
        top1_accuracy=round(top1 / len(subjects), 4) if subjects else 0.0,
        k=k, recall_at_k=round(at_k / len(positives), 4) if positives else 0.0,
    )


def as_text(m: Metrics) -> str:
    rows = [
        ["gold pairs", f"{m.gold_pairs} ({m.gold_subjects} subjects)"],
        ["predicted pairs", f"{m.predicted_pairs} (ignored: {m.ignored_predictions} for subjects not in gold)"],
        ["true positives", str(m.true_positives)],
        ["precision", f"{m.precision:.4f}"],
        ["recall", f"{m.recall:.4f}"],
        ["F1", f"{m.f1:.4f}"],
        ["top-1 accuracy", f"{m.top1_accuracy:.4f}"],
        [f"recall@{m.k}", f"{m.recall_at_k:.4f}"],
    ]
    return "\n".join(table(["", ""], rows)[1:]) + "\n"  # [1:]: a list of figures has no header row


GOLD_PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch")


def combine_gold(sets: list[tuple[str, MappingSet]],
                 predicates: tuple[str, ...] = GOLD_PREDICATES) -> tuple[MappingSet, list[str]]:
    """One gold set from several files (e.g. a positive and a negative set), and warnings.

    Positives are rows without ``Not`` whose predicate is in ``predicates`` (relatedMatch is
    not a positive by default: "related" does not make a prediction right). Rejections of
    any file stay rejections. A pair both accepted and rejected is reported and left out of
    the positives; a gold set without positives is reported (every metric would be 0)."""
    warnings: list[str] = []
    positive: dict[tuple[str, str], dict[str, str]] = {}
    negative: dict[tuple[str, str], dict[str, str]] = {}
    left_out = 0
    for name, gold in sets:
        kept = 0
        for row in gold.rows:
            pair = (row["subject_id"], row["object_id"])
            if row.get("predicate_modifier", "") == "Not":
                negative.setdefault(pair, row)
            elif row["predicate_id"] in predicates:
                positive.setdefault(pair, row)
                kept += 1
            else:
                left_out += 1
        if not gold.rows:
            warnings.append(f"{name}: no rows")
    conflicts = sorted(set(positive) & set(negative))
    if conflicts:
        shown = ", ".join(f"{s} → {o}" for s, o in conflicts[:3])
        warnings.append(f"{len(conflicts)} gold pair(s) are both accepted and rejected ({shown}"
                        f"{', …' if len(conflicts) > 3 else ''}); they are not counted as positives")
    for pair in conflicts:
        del positive[pair]
    if left_out:
        warnings.append(f"{left_out} accepted gold row(s) with a predicate outside "
                        f"{', '.join(p.removeprefix('skos:') for p in predicates)} are not positives")
    if not positive:
        warnings.append("the gold set has no positive pairs: precision, recall and F1 are meaningless")
    rows = list(positive.values()) + [r for p, r in negative.items() if p not in positive]
    return MappingSet({}, rows), warnings
