"""Old vs new matcher in one process: CPU time of ``match(top_k=5)`` on distinct synthetic titles.

    git show <commit>:mappings/matcher.py > /tmp/matcher_old.py
    git show <commit>:mappings/context.py > /tmp/context_old.py     # if context.py changed too
    python -m bench.matcher_ab /tmp/matcher_old.py [--old-context /tmp/context_old.py] [--titles 3000] [--rounds 6]

The shared machine's load changes from minute to minute, so both versions run in the same process,
alternating (the first to run alternates too), and each keeps its best CPU time (``time.process_time``).
Also checks that both give identical candidates (target, confidence, predicate, labels, evidence).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time

from bench.steps import _ns
from bench.titles import distinct_titles
from occlink.mappings import matcher as new
from occlink.mappings.entries import Entry, catalog_entries


def _load(path: str, name: str = "matcher_old"):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _key(c) -> tuple:
    return (c.subject.id, c.object.id, c.confidence, c.predicate, c.match_string, c.subject_label,
            c.subject_match_field, c.object_match_field, tuple(sorted(c.evidence.items())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="a copy of an older mappings/matcher.py")
    parser.add_argument("--old-context", help="a copy of the mappings/context.py of the same version "
                        "(default: the current one for both)")
    parser.add_argument("--titles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args(argv)
    mods = {"old": _load(args.old), "new": new}
    if args.old_context:  # the old matcher builds its definition/task index with the old module
        mods["old"].ContextIndex = _load(args.old_context, "context_old").ContextIndex
    titles = distinct_titles(args.titles)
    sources = [Entry(f"src:{t.id}", {t.lang: t.label}) for t in titles]
    targets = catalog_entries("csco2022", _ns())
    index = {name: m.TargetIndex(targets) for name, m in mods.items()}
    for name, m in mods.items():  # warm-up (lazy lexicon and caches)
        m.match(sources[:200], targets, top_k=5, index=index[name])
    best = {name: float("inf") for name in mods}
    results: dict[str, list] = {}
    for rnd in range(args.rounds):
        for name in (["old", "new"] if rnd % 2 else ["new", "old"]):
            start = time.process_time()
            results[name] = mods[name].match(sources, targets, top_k=5, index=index[name])
            best[name] = min(best[name], time.process_time() - start)

    def recall(ranked_candidates: list, k: int) -> float:
        ranked: dict[str, list[str]] = {}
        for c in ranked_candidates:
            ranked.setdefault(c.subject.id.split(":", 1)[1], []).append(c.object.id)
        return sum(f"csco:{t.true_code}" in ranked.get(t.id, [])[:k] for t in titles) / len(titles)

    for name in mods:
        print(f"{name}: {best[name]:.3f} CPU-s for {len(titles)} titles = {len(titles) / best[name]:.0f} titles/CPU-s; "
              f"recall@5 {recall(results[name], 5):.4f}, top-1 {recall(results[name], 1):.4f}")
    same = [_key(c) for c in results["old"]] == [_key(c) for c in results["new"]]
    print(f"identical candidates: {same} ({len(results['old'])} old, {len(results['new'])} new)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
