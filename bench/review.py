"""Review benchmark: ``python -m bench.review [--decisions 50] [--out bench/results/review.json]``.

* 50 scripted decisions, each a fresh ``occlink review accept|reject|unsure`` process (what a
  curator's script runs), one after the other into a temporary mappings folder, after one
  untimed warm-up call (warm: files in the page cache, bytecode compiled); the series is run
  ``--repeats`` times (default 5) and the medians of the series' p50 wall and CPU times reported;
* the first paint of an interactive card: ``occlink review`` started in a pseudo-terminal
  (80×50) until its first ``Decide`` prompt, for Qianhai → Beijing and Qianhai → national.

Figures go to docs/performance.md ("Review"). No pass/fail here beyond the stated target
(a scripted decision under 0.5 s warm: the median p50 wall time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .harness import REPO_ROOT
from .machine import machine_info

DEFAULT_OUT = REPO_ROOT / "bench" / "results" / "review.json"
TARGET_DECISION_S = 0.5


def _occlink() -> list[str]:
    exe = shutil.which("occlink")
    return [exe] if exe else [sys.executable, "-m", "occlink.cli.main"]


def _pairs(n: int) -> list[tuple[str, str, str]]:
    """n (verb, subject, object) triples over real concepts, cycling accept/reject/unsure."""
    from occlink.taxonomy.csco_table import default_classification
    from occlink.taxonomy.qianhai_table import default_list
    subjects = sorted(default_list().occupations)
    objects = sorted(code for code, r in default_classification().records.items() if r.is_occupation)
    verbs = ("accept", "reject", "unsure")
    return [(verbs[i % 3], f"qh:{subjects[i % len(subjects)]}", f"csco:{objects[i * 7 % len(objects)]}")
            for i in range(n)]


def scripted_decisions(n: int, folder: Path) -> dict:
    """One series: a warm-up call, then n timed decisions, each a fresh process."""
    env = dict(os.environ, OCCLINK_MAPPINGS_DIR=str(folder), OCCLINK_REVIEWER="bench")
    base = _occlink() + ["review"]

    def call(verb: str, subject: str, obj: str) -> tuple[float, float]:
        args = base + [verb, subject, obj] + (["--predicate", "close"] if verb == "accept" else [])
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
        took = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")
        return took, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    pairs = _pairs(n + 1)
    call(*pairs[0])  # warm-up, not timed
    load = os.getloadavg()[0]
    start = time.perf_counter()
    measured = [call(*p) for p in pairs[1:]]
    total = time.perf_counter() - start
    times = sorted(w for w, _ in measured)
    cpu = sorted(c for _, c in measured)
    p90 = int(0.9 * (len(times) - 1))
    return {"decisions": n, "total_s": total, "p50_s": statistics.median(times), "p90_s": times[p90],
            "max_s": times[-1], "cpu_p50_s": statistics.median(cpu), "cpu_p90_s": cpu[p90],
            "load_average_1min_at_start": load}


def scripted_series(n: int, repeats: int, folder: Path) -> dict:
    """``repeats`` series of n decisions (each into its own folder); the figures judged are the
    medians over the series of each series' p50 (wall and CPU)."""
    series = [scripted_decisions(n, folder / f"series-{r}") for r in range(repeats)]
    wall = statistics.median(s["p50_s"] for s in series)
    return {"decisions": n, "repeats": repeats, "series": series,
            "wall_p50_s": wall, "wall_p90_s": statistics.median(s["p90_s"] for s in series),
            "cpu_p50_s": statistics.median(s["cpu_p50_s"] for s in series),
            "cpu_p90_s": statistics.median(s["cpu_p90_s"] for s in series),
            "total_s": statistics.median(s["total_s"] for s in series),
            "load_average_1min_at_start": series[0]["load_average_1min_at_start"], "cpus": os.cpu_count(),
            "target_s": TARGET_DECISION_S, "pass": wall < TARGET_DECISION_S}


def first_paint(target: str, folder: Path) -> dict:
    import pexpect
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(OCCLINK_MAPPINGS_DIR=str(folder), OCCLINK_REVIEWER="bench", PYTHONUNBUFFERED="1")
    exe = _occlink()
    start = time.perf_counter()
    child = pexpect.spawn(exe[0], exe[1:] + ["review", "--target", target], env=env, encoding="utf-8",
                          timeout=300, dimensions=(50, 80))
    child.expect("Decide")
    painted = time.perf_counter() - start
    child.send("q")
    child.expect(pexpect.EOF)
    return {"target": target, "first_card_s": painted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review", description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5, help="series of decisions (medians are reported)")
    parser.add_argument("--no-first-paint", action="store_true", help="time the scripted decisions only")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    doc: dict = {"suite": "occlink review benchmark",
                 "command": " ".join(["python -m bench.review", *(argv if argv is not None else sys.argv[1:])]),
                 "date": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
                 "machine": machine_info()}
    with tempfile.TemporaryDirectory(prefix="occlink-bench-review-") as tmp:
        doc["scripted"] = scripted_series(args.decisions, args.repeats, Path(tmp) / "scripted")
        doc["first_paint"] = [] if args.no_first_paint else [
            first_paint(t, Path(tmp) / f"paint-{t}") for t in ("beijing2023", "csco2022")]
    from occlink.files import write_atomic
    write_atomic(args.out, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    s = doc["scripted"]
    print(f"{s['decisions']} scripted decisions × {s['repeats']} series (medians over the series): "
          f"wall p50 {s['wall_p50_s']:.3f} s, p90 {s['wall_p90_s']:.3f} s, {s['total_s']:.1f} s per series "
          f"(target p50 < {TARGET_DECISION_S} s: {'PASS' if s['pass'] else 'MISS'}); CPU per decision "
          f"p50 {s['cpu_p50_s']:.3f} s, p90 {s['cpu_p90_s']:.3f} s; 1-min load average "
          f"{s['load_average_1min_at_start']:.1f} on {s['cpus']} CPUs")
    for paint in doc["first_paint"]:
        print(f"first card, qianhai2020 → {paint['target']}: {paint['first_card_s']:.2f} s")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
