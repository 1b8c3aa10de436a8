"""ISCO-08 dev sample: draw it, code it by machine, and measure the crosswalk against the adjudicated coding.

    python -m bench.isco_dev draw        # rewrite bench/data/isco_dev/sample.tsv (fixed seed)
    python -m bench.isco_dev matcher     # rewrite coding_b_matcher.tsv (occlink's matcher, top 1)
    python -m bench.isco_dev agreement   # agreement of codings and crosswalk with the adjudicated coding
    python -m bench.isco_dev holdout     # the final crosswalk against the single coding of the hold-out sample

The files in bench/data/isco_dev/ say who made each coding (README.md there). Agreement counts the
crosswalk's primary unit group (the one non-relatedMatch link) against the adjudicated unit group,
at 4 digits (unit group) and 3 digits (minor group); "acceptable" also counts an adjudicated
alternative recorded for the item.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "isco_dev"
SEED = 20261204
N_NATIONAL, N_QIANHAI = 60, 20
PREFIX = {"csco2022": "csco", "qianhai2020": "qh"}


def _table(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def draw() -> list[tuple[str, str]]:
    from occlink.taxonomy.csco_table import default_classification
    from occlink.taxonomy.qianhai_table import default_list
    occupations = sorted(code for code, rec in default_classification().records.items() if rec.is_occupation)
    qianhai = sorted(default_list().occupations)
    rng = random.Random(SEED)
    national = sorted(rng.sample(occupations, N_NATIONAL))
    return [("csco2022", k) for k in national] + [("qianhai2020", k) for k in sorted(rng.sample(qianhai, N_QIANHAI))]


def sample() -> list[tuple[str, str]]:
    return [(r["list"], r["id"]) for r in _table(DATA / "sample.tsv")]


def matcher_coding() -> list[tuple[str, str, str, str, str]]:
    from occlink.mappings.entries import catalog_entries
    from occlink.mappings.matcher import match
    wanted = {f"{PREFIX[lst]}:{key}" for lst, key in sample()}
    sources = [e for lst in PREFIX for e in catalog_entries(lst) if e.id in wanted]
    units = [e for e in catalog_entries("isco08") if len(e.id) == len("isco:C0000")]
    best = {}
    for candidate in match(sources, units, top_k=1, threshold=0.0):
        best.setdefault(candidate.subject.id, candidate)
    out = []
    for lst, key in sample():
        c = best.get(f"{PREFIX[lst]}:{key}")
        out.append((lst, key, c.object.id.removeprefix("isco:C") if c else "", f"{c.confidence:.4f}" if c else "",
                    c.match_string if c else ""))
    return out


def crosswalk_primary() -> dict[tuple[str, str], str]:
    from occlink.mappings.sssom import read_sssom
    mappings = Path(__file__).resolve().parents[1] / "mappings"
    out = {}
    for lst, name in (("csco2022", "csco2022-isco08"), ("qianhai2020", "qianhai2020-isco08")):
        for row in read_sssom(mappings / f"{name}.positive.sssom.tsv").rows:
            code = row["object_id"].removeprefix("isco:C")
            if row["predicate_id"] != "skos:relatedMatch" and len(code) == 4:
                out[(lst, row["subject_id"].partition(":")[2])] = code
    return out


def agreement() -> dict[str, dict[str, float]]:
    gold = {(r["list"], r["id"]): r for r in _table(DATA / "adjudicated.tsv")}
    codings = {
        "crosswalk": crosswalk_primary(),
        "coding_a": {(r["list"], r["id"]): r["isco_unit"] for r in _table(DATA / "coding_a.tsv")},
        "coding_b_matcher": {(r["list"], r["id"]): r["isco_unit"] for r in _table(DATA / "coding_b_matcher.tsv")},
    }
    if (DATA / "crosswalk_before_adjudication.tsv").exists():
        codings["crosswalk_before_adjudication"] = {
            (r["list"], r["id"]): r["isco_unit"] for r in _table(DATA / "crosswalk_before_adjudication.tsv")}
    report = {}
    for name, coding in codings.items():
        for subset in ("all", "csco2022", "qianhai2020"):
            keys = [k for k in gold if subset == "all" or k[0] == subset]
            unit = sum(coding.get(k, "") == gold[k]["isco_unit"] for k in keys)
            acceptable = sum(coding.get(k, "") in {gold[k]["isco_unit"], *gold[k]["acceptable"].split()} for k in keys)
            minor = sum(coding.get(k, "")[:3] == gold[k]["isco_unit"][:3] for k in keys)
            report[f"{name}/{subset}"] = {"n": len(keys), "unit": round(unit / len(keys), 3),
                                          "unit_acceptable": round(acceptable / len(keys), 3),
                                          "minor": round(minor / len(keys), 3)}
    a, b = codings["coding_a"], codings["coding_b_matcher"]
    report["coding_a_vs_coding_b"] = {"n": len(gold), "unit": round(sum(a[k] == b.get(k) for k in gold) / len(gold), 3),
                                      "minor": round(sum(a[k][:3] == b.get(k, "")[:3] for k in gold) / len(gold), 3)}
    return report


def holdout() -> dict[str, dict[str, float]]:
    """The crosswalk as shipped against the hold-out coding (drawn and coded after the corrections)."""
    coding = {(r["list"], r["id"]): r for r in _table(DATA / "holdout_coding_a.tsv")}
    crosswalk = crosswalk_primary()
    report = {}
    for subset in ("all", "csco2022", "qianhai2020"):
        keys = [k for k in coding if subset == "all" or k[0] == subset]
        unit = sum(crosswalk.get(k, "") == coding[k]["isco_unit"] for k in keys)
        acceptable = sum(crosswalk.get(k, "") in {coding[k]["isco_unit"], *coding[k]["acceptable"].split()}
                         for k in keys)
        minor = sum(crosswalk.get(k, "")[:3] == coding[k]["isco_unit"][:3] for k in keys)
        report[f"crosswalk_vs_holdout/{subset}"] = {"n": len(keys), "unit": round(unit / len(keys), 3),
                                                   "unit_acceptable": round(acceptable / len(keys), 3),
                                                   "minor": round(minor / len(keys), 3)}
    return report


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "agreement"
    if command == "draw":
        with (DATA / "sample.tsv").open("w", encoding="utf-8") as handle:
            handle.write(f"# ISCO-08 dev sample: {N_NATIONAL} national and {N_QIANHAI} Qianhai occupations drawn with "
                         f"random.Random({SEED}).sample from the sorted ids (python -m bench.isco_dev draw).\n")
            handle.write("list\tid\n")
            handle.writelines(f"{lst}\t{key}\n" for lst, key in draw())
    elif command == "matcher":
        with (DATA / "coding_b_matcher.tsv").open("w", encoding="utf-8") as handle:
            handle.write("# Coding B: occlink's matcher, top 1 among the 436 unit groups (ESCO occupation labels as "
                         "evidence); python -m bench.isco_dev matcher. A machine coding, independent of the crosswalk.\n")
            handle.write("list\tid\tisco_unit\tconfidence\tmatch_string\n")
            handle.writelines("\t".join(row) + "\n" for row in matcher_coding())
    elif command in ("agreement", "holdout"):
        for key, values in (agreement() if command == "agreement" else holdout()).items():
            print(key, values)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
