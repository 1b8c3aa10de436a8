"""Speed and recall@5 of the matcher against brute-force rapidfuzz WRatio (full cross product).

Times are CPU seconds of this process (time.process_time), single-threaded on both sides,
so a busy machine does not distort the ratio.

    python -m occlink.mappings.benchmark [--n 10000]

Queries: national aliases and English labels, each with light noise (a seniority
word, full-width letters, a suffix), repeated with a seeded RNG up to N titles;
gold = the concept the alias/label belongs to. Brute force: ``process.cdist``
(WRatio, default processor) of every query against every national label, best
label per concept.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time

from occlink.mappings.entries import Entry, catalog_entries
from occlink.mappings.matcher import TargetIndex, match_entry

NOISE_ZH = ("高级", "资深", "", "", "")
NOISE_EN = ("senior ", "junior ", "", "", "")


def make_queries(entries: list[Entry], n: int, seed: int = 7) -> list[tuple[str, str]]:
    base: list[tuple[str, str]] = []
    for e in entries:
        for alias in e.alt_labels.get("zh", ()):
            base.append((alias, e.id))
        if "en" in e.pref_labels:
            base.append((e.pref_labels["en"], e.id))
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text, gold = base[i % len(base)] if i < len(base) else rng.choice(base)
        if text.isascii():
            text = rng.choice(NOISE_EN) + text.lower()
        else:
            text = rng.choice(NOISE_ZH) + text
        out.append((text, gold))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--skip-brute", action="store_true")
    args = parser.parse_args(argv)
    entries = catalog_entries("csco2022")
    queries = make_queries(entries, args.n)

    start = time.process_time()
    index = TargetIndex(entries)
    hits = 0
    for text, gold in queries:
        ranked = match_entry(index, Entry(id="q:x", pref_labels={"en" if text.isascii() else "zh": text}))
        hits += any(c.object.id == gold for c in ranked[:5])
    ours = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"matcher: {len(queries)} titles in {ours:.2f}s, recall@5 {hits / len(queries):.4f}, peak RSS {rss:.0f} MiB")
    if args.skip_brute:
        return 0
    from rapidfuzz import fuzz, process, utils
    labels, owners = [], []
    for ei, e in enumerate(entries):
        for _lang, _kind, text in e.labels():
            labels.append(text)
            owners.append(ei)
    start = time.process_time()
    scores = process.cdist([q for q, _ in queries], labels, scorer=fuzz.WRatio, processor=utils.default_process,
                           workers=1)
    brute_hits = 0
    for qi, (_, gold) in enumerate(queries):
        best: dict[int, float] = {}
        row = scores[qi]
        for li in row.argsort()[::-1][:200]:
            ei = owners[li]
            if ei not in best:
                best[ei] = row[li]
            if len(best) >= 5:
                break
        brute_hits += any(entries[ei].id == gold for ei in best)
    brute = time.process_time() - start
    print(f"brute force WRatio: {brute:.2f}s, recall@5 {brute_hits / len(queries):.4f}")
    print(f"speed-up {brute / ours:.1f}x, recall ratio {hits / max(brute_hits, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
