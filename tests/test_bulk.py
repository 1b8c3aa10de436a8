"""Streaming, deduplicated, parallel matching (mappings/bulk.py; `occlink match` on a CSV source)."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.mappings import bulk
from occlink.mappings.bulk import BulkMatcher, Subject
from occlink.mappings.entries import catalog_entries
from occlink.mappings.matcher import Floors, TargetIndex, match

TITLES = ["会计", "Java开发工程师", "nurse", "会计", "焊工", "Java开发工程师", "会计", "truck driver", "（急招）会计"]


@pytest.fixture(scope="module")
def index():
    return TargetIndex(catalog_entries("csco2022"))


def _reference(index, titles, floors):
    """What the plain matcher gives for each title on its own."""
    out = []
    for i, title in enumerate(titles):
        found = match([Subject(title).entry(f"src:{i}")], index.entries, top_k=floors.top_k, index=index)
        out.append([(c.object.id, c.confidence, c.predicate) for c in found])
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_results_in_input_order_equal_the_plain_matcher_with_titles_matched_once(index, workers, monkeypatch):
    # tiny chunks and window so that several chunks are in flight and repeated titles wait for each other
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 2)
    monkeypatch.setattr(bulk, "INFLIGHT_PER_WORKER", 1)
    floors = Floors(top_k=3)
    items = list(enumerate(TITLES * 3))
    with BulkMatcher(index.entries, floors, workers=workers, index=index) as bm:
        got = [(item, [(bm.entry(h).id, h.confidence, h.predicate) for h in hits])
               for item, hits in bm.run(items, lambda it: Subject(it[1]))]
        matched = bm.matched
    assert [item for item, _ in got] == items
    assert [hits for _, hits in got] == _reference(index, [t for _, t in items], floors)
    distinct = len({Subject(t).key() for t in TITLES})
    assert distinct < len(set(TITLES))                       # （急招）会计 normalizes to 会计
    assert matched <= distinct + workers * 2                 # at most a few in flight twice, never per row


def test_lru_eviction_keeps_results_right(index, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 1)
    monkeypatch.setattr(bulk, "INFLIGHT_PER_WORKER", 1)
    distinct = ["会计", "焊工", "nurse", "保安", "厨师", "司机", "出纳", "电工", "护士", "教师"]
    titles = distinct + distinct[::-1] + distinct
    with BulkMatcher(index.entries, Floors(top_k=1), workers=1, cache_size=1, index=index) as bm:
        assert bm.cache_size < len(distinct)    # the cache cannot hold them all: entries are evicted
        got = [bm.entry(hits[0]).id for _, hits in bm.run(titles, Subject)]
        assert bm.matched > len(distinct)       # evicted titles were matched again
    assert got == [r[0][0] for r in _reference(index, titles, Floors(top_k=1))]


def test_rows_without_a_subject_pass_through(index):
    with BulkMatcher(index.entries, Floors(top_k=1), index=index) as bm:
        out = list(bm.run(["会计", None, "焊工"], lambda t: Subject(t) if t else None))
    assert [t for t, _ in out] == ["会计", None, "焊工"] and out[1][1] is None and out[0][1]


def _csv(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def test_match_streams_stdin_and_keeps_one_row_set_per_id(tmp_path):
    text = _csv([["id", "label"]] + [[f"r{i}", t] for i, t in enumerate(TITLES)])
    result = CliRunner().invoke(cli, ["match", "--source", "-", "--target", "csco2022", "--top-k", "2",
                                      "--format", "table", "--workers", "2", "--quiet"], input=text.encode())
    assert result.exit_code == 0, result.output
    lines = [ln.split("\t") for ln in result.output.splitlines()[1:]]
    ids = [ln[0] for ln in lines]
    assert ids == [f"src:r{i}" for i in range(len(TITLES)) for _ in range(2)]   # input order, 2 per row
    by_id = {}
    for ln in lines:
        by_id.setdefault(ln[0], []).append(ln[3])
    assert by_id["src:r0"] == by_id["src:r3"] == by_id["src:r8"]               # same (normalized) title


def test_a_bad_row_late_in_the_file_leaves_no_output_file(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(_csv([["id", "label"]] + [[f"r{i}", "会计"] for i in range(2000)] + [["r5", "焊工"]]),
                      encoding="utf-8")
    out = tmp_path / "out.tsv"
    result = CliRunner().invoke(cli, ["match", "--source", str(source), "--target", "csco2022", "--out", str(out),
                                      "--workers", "1"])
    assert result.exit_code == 2 and "duplicate id 'r5'" in result.output
    assert not out.exists() and not list(tmp_path.glob(".out.tsv.*"))


def test_workers_give_byte_identical_output(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(_csv([["id", "label"]] + [[f"r{i}", t] for i, t in enumerate(TITLES * 40)]), encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.sssom.tsv"
        result = CliRunner().invoke(cli, ["match", "--source", str(source), "--target", "csco2022", "--top-k", "3",
                                          "--workers", workers, "--out", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_an_index_used_once_then_copied_to_another_process_still_codes(index):
    """The index is shipped to Dask workers by pickling after the caller may already have used it:
    numbers cached by object identity in one process must not be trusted in another."""
    import pickle
    floors = Floors(top_k=3)
    here = bulk.code_subject(index, floors, Subject("会计"))
    there_index = pickle.loads(pickle.dumps(index))
    there = bulk.code_subject(there_index, floors, Subject("会计"))
    assert here and [h.entry for h in here] == [h.entry for h in there]


@pytest.mark.parametrize("subject", [Subject("会计"), Subject("nurse", "en"), Subject("护士", "", ("RN", "注册护士", "staff nurse")),
                                     Subject("Welder", "zh", ("电焊工",))])
def test_subject_labels_are_its_entrys_labels(subject):
    # bulk coding reads a title's labels without building its Entry: they must be the same, in the same order
    assert subject.labels() == subject.entry().labels()
