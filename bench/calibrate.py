"""Fit the matcher's confidence weights on a labelled dev set built from national aliases.

Why aliases: the national table lists recruitment-style aliases (算法工程师,
Java开发 …) for many occupations — real titles with a known code. A seeded random
sample of them is *held out*: removed from the target index, then used as
queries. Half of the held-out aliases fit the logistic weights (every pooled
candidate is one example, positive when it is the alias's own code); the other
half only measures (top-1 / top-5), so the reported numbers are not the fit.
Because held-out aliases never equal a label in the index, the fit also sees a
seeded sample of national preferred labels (Chinese and English) as queries —
the case of a source list that reuses the national name — so that label
identity gets its weight.

Hand-written dev titles (``tests/data/*_titles_dev.csv``, English and Chinese
recruitment-style titles with gold codes) join the fit; the held-out title
sets in ``bench/data/`` are only measured.

    python -m bench.calibrate --check                        # only measure the shipped weights
    python -m bench.calibrate --write mappings/weights.py    # refit, measure the fit, write it there

Refitting never touches the installed package: the fitted weights are passed to
the matcher as arguments, and written only to the ``--write`` path.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from occlink.mappings.entries import Entry, catalog_entries
from occlink.mappings.features import prepare
from occlink.mappings.matcher import BIAS, FEATURE_NAMES, WEIGHTS, TargetIndex, match_entry, score_label
from occlink.mappings.normalize import has_cjk

SEED = 2022
PREF_QUERIES = 300        # national preferred labels per language added to the fit
HELD_OUT_FRACTION = 0.5   # of all aliases; half of these fit, half measure
REPO_ROOT = Path(__file__).resolve().parents[1]
Weights = tuple[float, dict[str, float]]   # (bias, weight per feature), as in mappings/weights.py


@dataclass
class AliasSplit:
    targets: list[Entry]                    # national entries with every held-out alias removed
    fit: list[tuple[str, frozenset[str]]]   # (alias, gold ids)
    measure: list[tuple[str, frozenset[str]]]


def alias_split(entries: list[Entry], seed: int = SEED, fraction: float = HELD_OUT_FRACTION) -> AliasSplit:
    gold: dict[str, set[str]] = {}
    for entry in entries:
        for alias in entry.alt_labels.get("zh", ()):
            gold.setdefault(alias, set()).add(entry.id)
    aliases = sorted(gold)
    rng = random.Random(seed)
    held = sorted(rng.sample(aliases, int(len(aliases) * fraction)))
    rng.shuffle(held)
    half = len(held) // 2
    held_set = set(held)
    # A project search title equal to a held-out alias would leak it back into the index.
    held_compact = {prepare(a).compact for a in held}
    targets = [replace(e, alt_labels={lang: tuple(a for a in alts if a not in held_set)
                                      for lang, alts in e.alt_labels.items()},
                       search_labels={lang: tuple(t for t in titles if prepare(t).compact not in held_compact)
                                      for lang, titles in e.search_labels.items()}) for e in entries]
    fit = [(a, frozenset(gold[a])) for a in sorted(held[:half])]
    by_label: dict[str, set[str]] = {}
    for entry in entries:
        for text in entry.pref_labels.values():
            by_label.setdefault(text, set()).add(entry.id)
    for lang in ("zh", "en"):
        labels = sorted({e.pref_labels[lang] for e in entries if lang in e.pref_labels})
        fit += [(t, frozenset(by_label[t])) for t in sorted(rng.sample(labels, min(PREF_QUERIES, len(labels))))]
    measure = [(a, frozenset(gold[a])) for a in sorted(held[half:])]
    return AliasSplit(targets, fit, measure)


def examples(index: TargetIndex, queries: list[tuple[str, frozenset[str]]]) -> tuple[list[list[float]], list[float]]:
    rows: list[list[float]] = []
    labels: list[float] = []
    for text, gold in queries:
        for ei, _lab, evidence in score_label(index, prepare(text)):
            rows.append([evidence[n] for n in FEATURE_NAMES])
            labels.append(1.0 if index.entries[ei].id in gold else 0.0)
    return rows, labels


def fit_logistic(rows: list[list[float]], labels: list[float], l2: float = 1.0,
                 iterations: int = 50) -> Weights:
    """Newton–Raphson (IRLS) logistic regression with a small L2 penalty (not on the bias)."""
    import numpy as np
    x = np.hstack([np.ones((len(rows), 1)), np.asarray(rows, dtype=float)])
    y = np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(w[0]), {name: float(v) for name, v in zip(FEATURE_NAMES, w[1:])}


def topk_accuracy(index: TargetIndex, queries: list[tuple[str, frozenset[str]]], k: int = 5,
                  weights: Weights = (BIAS, WEIGHTS)) -> tuple[float, float]:
    top1 = topk = 0
    for text, gold in queries:
        subject = Entry(id="q:x", pref_labels={"zh" if has_cjk(text) else "en": text})
        ranked = [c.object.id for c in match_entry(index, subject, weights=weights)]
        top1 += bool(ranked[:1] and ranked[0] in gold)
        topk += any(r in gold for r in ranked[:k])
    n = max(len(queries), 1)
    return top1 / n, topk / n


def title_set(path: Path) -> list[tuple[str, frozenset[str]]]:
    """A title set with gold codes (columns id,label,gold; gold codes separated by ``|``): (title, gold ids)."""
    import csv
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["label"], frozenset(f"csco:{code}" for code in row["gold"].split("|")))
                for row in csv.DictReader(handle)]


def write_weights(bias: float, weights: dict[str, float], path: Path) -> None:
    from occlink.files import write_atomic
    body = ",\n".join(f"    {name!r}: {weights[name]:.4f}" for name in FEATURE_NAMES)
    write_atomic(path, '"""Logistic weights of the matcher\'s confidence (generated by '
                 '``python -m bench.calibrate``; do not edit by hand)."""\n\n'
                 f"BIAS = {bias:.4f}\nWEIGHTS = {{\n{body},\n}}\n")


DEV_SETS = tuple(str(REPO_ROOT / "tests" / "data" / name)
                 for name in ("english_titles_dev.csv", "chinese_titles_dev.csv"))
HELD_OUT_SETS = tuple(str(REPO_ROOT / "bench" / "data" / name)
                      for name in ("heldout_zh_titles.csv", "heldout_en_titles.csv"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="measure the shipped weights only, do not refit")
    mode.add_argument("--write", type=Path, metavar="PATH",
                      help="refit, measure the fitted weights and write them to PATH (a weights.py module)")
    parser.add_argument("--dev", nargs="*", default=list(DEV_SETS),
                        help="dev title CSVs (id,label,gold) added to the fit and reported (not held out)")
    parser.add_argument("--held-out", nargs="*", default=list(HELD_OUT_SETS),
                        help="title CSVs (id,label,gold) that are only measured, never fitted")
    args = parser.parse_args(argv)
    split = alias_split(catalog_entries("csco2022"))
    index = TargetIndex(split.targets)
    full = TargetIndex(catalog_entries("csco2022"))
    dev_sets = [(path, title_set(path)) for path in map(Path, args.dev) if path.exists()]
    weights: Weights = (BIAS, WEIGHTS)
    if args.write:
        rows, labels = examples(index, split.fit)
        for _path, queries in dev_sets:   # dev titles are scored against the full index
            more_rows, more_labels = examples(full, queries)
            rows += more_rows
            labels += more_labels
        weights = fit_logistic(rows, labels)
        write_weights(*weights, args.write)
        print(f"fitted on {len(rows)} candidates; bias {weights[0]:.3f}; written to {args.write}")
        for name in FEATURE_NAMES:
            print(f"  {name:16s} {weights[1][name]:+.3f}")
    top1, top5 = topk_accuracy(index, split.measure, weights=weights)
    print(f"held-out aliases: {len(split.measure)}  top-1 {top1:.3f}  top-5 {top5:.3f}")
    for path, queries in dev_sets:
        top1, top5 = topk_accuracy(full, queries, weights=weights)
        print(f"dev {path.name} (fitted, not held out): {len(queries)}  top-1 {top1:.3f}  top-5 {top5:.3f}")
    dev_titles = {label for _path, queries in dev_sets for label, _gold in queries}
    for path in map(Path, args.held_out):
        if path.exists():   # titles that also occur in a dev set were fitted: not unseen, left out
            queries = [q for q in title_set(path) if q[0] not in dev_titles]
            top1, top5 = topk_accuracy(full, queries, weights=weights)
            print(f"held-out {path.name} (titles not in a dev set): {len(queries)}  "
                  f"top-1 {top1:.3f}  top-5 {top5:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
