"""Unseen-title quality against the national classification (the crosswalk issue's target).

Three kinds of title sets, all ``id,label,gold`` with fine-level national codes:

* dev sets (``tests/data/*_titles_dev.csv``) — used to fit the confidence weights;
* held-out sets (``bench/data/heldout_*_titles.csv``) — written independently of the
  matcher and of the search titles, never fitted, never inspected for errors;
* held-out national aliases — recruitment titles removed from the index.

The targets are top-1 ≥ 0.80 and top-5 ≥ 0.95 for unseen titles; the dev sets must
not regress below the same line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).resolve().parents[1]))  # bench/ is not part of the installed package
from bench.calibrate import alias_split, title_set, topk_accuracy  # noqa: E402
from occlink.mappings.entries import catalog_entries
from occlink.mappings.matcher import TargetIndex

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def index():
    return TargetIndex(catalog_entries("csco2022"))


DEV_SETS = ("tests/data/chinese_titles_dev.csv", "tests/data/english_titles_dev.csv")
HELD_OUT_SETS = ("bench/data/heldout_zh_titles.csv", "bench/data/heldout_en_titles.csv")


def _dev_titles() -> set[str]:
    return {label for path in DEV_SETS for label, _gold in title_set(ROOT / path)}


@pytest.mark.parametrize("path", HELD_OUT_SETS)
def test_held_out_titles_meet_the_target(index, path):
    # Common titles (会计, HRBP …) also occur in the dev sets the weights were fitted on;
    # they are left out so that every measured title is truly unseen.
    dev = _dev_titles()
    queries = [q for q in title_set(ROOT / path) if q[0] not in dev]
    assert len(queries) >= 150
    top1, top5 = topk_accuracy(index, queries)
    assert top1 >= 0.80 and top5 >= 0.95, (path, len(queries), top1, top5)


@pytest.mark.parametrize("path", DEV_SETS)
def test_dev_titles_do_not_regress(index, path):
    queries = title_set(ROOT / path)
    assert len(queries) >= 100
    top1, top5 = topk_accuracy(index, queries)
    assert top1 >= 0.80 and top5 >= 0.95, (path, top1, top5)


def test_held_out_national_aliases_stay_above_their_measured_floor():
    # Loosely attached source aliases (出纳 → 会计专业人员 …): far below the target, reported as such
    # in docs/matching.md; this guards the measured level against regressions.
    split = alias_split(catalog_entries("csco2022"))
    top1, top5 = topk_accuracy(TargetIndex(split.targets), split.measure)
    assert top1 >= 0.50 and top5 >= 0.72, (top1, top5)
