"""Top-1 / top-5 of the matcher on the job-board probe (``bench/data/job_board_probe.csv``).

The probe is project-written DEV data: realistic Chinese job-board titles (seniority words,
brand and platform names, workplace qualifiers, salary and benefit noise, English mixed in),
each judged against the national table, with its acceptable codes and the class of difficulty
it stands for. The world-knowledge rules (``mappings/world_knowledge.tsv``) were written while
looking at it, so its figures are optimistic; the held-out sets of ``bench.calibrate`` measure.

    python -m bench.probe              # overall and per-class figures
    python -m bench.probe --misses     # also list the titles whose acceptable codes are not in the top 5
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

PROBE = Path(__file__).resolve().parent / "data" / "job_board_probe.csv"


def load(path: Path = PROBE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the titles missed at top-1")
    args = parser.parse_args(argv)
    from occlink.mappings.api import match_titles
    rows = load()
    records = match_titles([r["title"] for r in rows], alternatives=4)
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    top1 = top5 = 0
    for row, rec in zip(rows, records):
        gold = set(row["acceptable_codes"].split("|"))
        codes = [rec["code"]] + [a["code"] for a in rec.get("alternatives") or []]
        hit1, hit5 = codes[0] in gold, bool(gold & set(codes[:5]))
        top1, top5 = top1 + hit1, top5 + hit5
        tally = by_class[row["class"]]
        tally[0], tally[1], tally[2] = tally[0] + 1, tally[1] + hit1, tally[2] + hit5
        if args.misses and not hit1:
            print(f"  miss {row['id']} {row['title']}  gold {row['acceptable_codes']}  got {' '.join(map(str, codes[:5]))}")
    n = len(rows)
    print(f"job_board_probe.csv (project-written dev set): {n}  top-1 {top1 / n:.3f}  top-5 {top5 / n:.3f}")
    for name in sorted(by_class):
        count, one, five = by_class[name]
        print(f"  {name:<12} {count:>3}  top-1 {one / count:.3f}  top-5 {five / count:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
