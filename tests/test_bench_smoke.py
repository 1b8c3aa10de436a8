"""Smoke tests of the benchmark suite: generators, harness and report at a tiny scale.

No timing assertions: only that the pieces run, are deterministic and report
what they claim (the memory probe, the target verdicts, the table).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# bench/ is a top-level folder of the repository, not part of the installed package
sys.path.append(str(Path(__file__).resolve().parents[1]))

from bench.harness import REPO_ROOT, StepFailed, bench_command, run_step
from bench.report import targets_table
from bench.steps import percentile
from bench.synthetic import ReplicaNamespaces, write_replicas
from bench.targets import TARGETS, evaluate_targets
from bench.titles import generate_titles, read_titles_csv, write_titles_csv
from occlink.taxonomy.csco_graph import csco_graph
from occlink.taxonomy.csco_table import default_classification, load_table
from occlink.taxonomy.namespaces import SKOS, Namespaces


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replicas")
    [(number, table, translations)] = write_replicas(folder, 2)
    return number, table, translations


def test_replica_loads_through_the_real_loader_with_the_real_structure(replica):
    number, table, translations = replica
    real = default_classification()
    synthetic = load_table(table, translations)
    assert number == 1
    assert sorted(synthetic.records) == sorted(real.records)
    # structural defects carry over; name-based ones (duplicate names, stray spaces, residual
    # names, label overlaps) depend on the real names, which a replica replaces by synthetic ones
    structural = {"duplicate-row", "missing-parent", "skipped-code", "occupation-with-children", "marker-count"}
    assert [d.kind for d in synthetic.defects if d.kind in structural] == \
        [d.kind for d in real.defects if d.kind in structural]
    for attr in ("green", "digital", "level", "source_level"):
        assert [getattr(synthetic.records[c], attr) for c in sorted(real.records)] == \
               [getattr(real.records[c], attr) for c in sorted(real.records)]
    assert [len(synthetic.records[c].aliases) for c in sorted(real.records)] == \
           [len(real.records[c].aliases) for c in sorted(real.records)]
    assert len(synthetic.labels_en) == len(real.labels_en)
    renamed = sum(synthetic.records[c].name_zh != real.records[c].name_zh for c in real.records)
    assert renamed > len(real.records) // 2  # recombined text, not a copy


def test_replicas_are_deterministic(replica, tmp_path):
    _, table, translations = replica
    [(_, table2, translations2)] = write_replicas(tmp_path, 2)
    assert table.read_bytes() == table2.read_bytes()
    assert translations.read_bytes() == translations2.read_bytes()


def test_replica_graph_lives_in_its_own_scheme(replica):
    number, table, translations = replica
    ns = ReplicaNamespaces(Namespaces().base, replica=number)
    graph = csco_graph(ns, load_table(table, translations))
    schemes = set(graph.objects(None, SKOS.inScheme))
    assert schemes == {ns.csco_scheme}
    assert str(ns.csco_scheme) != str(Namespaces().csco_scheme)


def test_titles_are_deterministic_and_carry_true_occupation_codes(tmp_path):
    titles = generate_titles(60, seed=3)
    assert titles == generate_titles(60, seed=3)
    assert titles != generate_titles(60, seed=4)
    records = default_classification().records
    assert all(records[t.true_code].is_occupation for t in titles)
    assert {t.lang for t in titles} == {"zh", "en"}
    path = tmp_path / "titles.csv"
    write_titles_csv(path, titles)
    assert read_titles_csv(path) == titles


def test_harness_reports_the_child_peak_memory_not_the_parent():
    small = run_step("selftest", {"mib": 0})
    big = run_step("selftest", {"mib": 300})
    assert big["held_mib"] == 300
    assert big["peak_rss_mib"] >= 300
    assert small["peak_rss_mib"] < 300  # measured after the big child: no pollution across steps
    assert small["wall_s"] > 0


def test_harness_turns_a_failing_step_into_an_error():
    with pytest.raises(StepFailed):
        run_step("no-such-step", {})


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([7.0], 95) == 7.0


def test_targets_judge_figures_and_never_pass_what_was_not_measured():
    results = {
        "shipped": {"pipeline": {"wall_s": 1.5, "step_s": 1.2, "peak_rss_mib": 200.0, "validated": True},
                    "oxigraph_floor": {"wall_s": 0.8, "step_s": 0.5}},
        "match": {"target_size": 10000, "sizes": {"10000": {
            "matcher": {"peak_rss_mib": 2000.0}, "brute_force": {}, "speedup": 25.0, "recall_ratio": 0.98}}},
        "sparql": {"oxigraph": {"queries": {"a": {"p50_ms": 1.0}, "b": {"p50_ms": 6.0}}}},
        "scales": {"10": {"step_s": 10.0, "wall_s": 11.0, "peak_rss_mib": 500.0, "triples": 500000}},
        "bulk": {"distinct": {"1": {"distinct_per_s": 2100.0}, "2": {"distinct_per_s": 3000.0}},
                 "workers_2_over_1": 1.43, "postings": None},
    }
    verdicts = {t["id"]: t["pass"] for t in evaluate_targets(results)}
    assert verdicts == {
        "build_validate_export_1x": True,
        "build_vs_oxigraph_floor": False,
        "match_speedup_10k": True,
        "match_recall_ratio_10k": False,
        "match_peak_memory_10k": False,
        "sparql_p50": False,
        "scale_100x_peak_memory": None,
        "scale_100x_vs_10x_time": None,
        "bulk_distinct_per_core": True,
        "bulk_workers_2_over_1": False,
        "bulk_1m_postings_time": None,
        "bulk_1m_postings_memory": None,
    }
    assert len(TARGETS) == len(verdicts)
    table = targets_table({"targets": evaluate_targets(results)})
    assert "| Measure | Measured | Target | Result |" in table
    assert "not measured" in table


def test_quick_run_writes_results_and_the_report_prints_them(tmp_path):
    out = tmp_path / "results.json"
    subprocess.run([*bench_command("bench.run"), "--quick", "--only", "scales", "--scales", "1,2",
                    "--out", str(out)], cwd=REPO_ROOT, check=True, capture_output=True, timeout=900)
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["machine"]["nproc"] >= 1 and results["machine"]["python"]
    assert set(results["scales"]) == {"1", "2"}
    one, two = results["scales"]["1"], results["scales"]["2"]
    assert "error" not in one and "error" not in two
    assert two["triples"] > one["triples"]
    assert {t["id"] for t in results["targets"]} == {t.id for t in TARGETS}
    report = subprocess.run([*bench_command("bench.report"), str(out)], cwd=REPO_ROOT, check=True,
                            capture_output=True, text=True, timeout=120)
    assert "2× build + 3 exports" in report.stdout


def test_harness_memory_cap_fails_the_step_not_the_machine():
    with pytest.raises(StepFailed, match="MemoryError"):
        run_step("selftest", {"mib": 400}, memory_limit_mib=250)


def test_harness_peak_ignores_a_big_launching_process():
    """Linux carries a fork's pre-exec high-water mark into wait4's ru_maxrss: a step launched
    from a big process (a long test run) must still report its own peak."""
    ballast = bytearray(400 * 1024 * 1024)
    for offset in range(0, len(ballast), 4096):
        ballast[offset] = 1
    small = run_step("selftest", {"mib": 0})
    del ballast
    assert small["peak_rss_mib"] < 300


def test_matcher_ab_compares_two_matchers_and_checks_their_candidates(tmp_path, capsys):
    from bench import matcher_ab
    from occlink.mappings import matcher
    # the current matcher against a copy of itself: identical candidates, exit status 0
    copy = tmp_path / "matcher_copy.py"
    copy.write_text(Path(matcher.__file__).read_text(encoding="utf-8"), encoding="utf-8")
    assert matcher_ab.main([str(copy), "--titles", "40", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "identical candidates: True" in out and "titles/CPU-s" in out
    # a matcher that ranks differently is reported as different (exit status 1)
    changed = tmp_path / "matcher_changed.py"
    changed.write_text(copy.read_text(encoding="utf-8").replace("POOL_ENTRIES = 15", "POOL_ENTRIES = 1"),
                       encoding="utf-8")
    assert matcher_ab.main([str(changed), "--titles", "40", "--rounds", "1"]) == 1
    assert "identical candidates: False" in capsys.readouterr().out


def test_bulk_section_keeps_each_settings_best_run_and_lists_every_run(tmp_path):
    out = tmp_path / "bulk.json"
    subprocess.run([*bench_command("bench.run"), "--quick", "--only", "bulk", "--bulk-repeats", "2", "--out", str(out)],
                   check=True, cwd=REPO_ROOT, capture_output=True, timeout=600)
    bulk = json.loads(out.read_text(encoding="utf-8"))["bulk"]
    assert bulk["repeats"] == 2
    for workers in ("1", "2"):
        one = bulk["distinct"][workers]
        assert len(one["runs_distinct_per_s"]) == 2
        assert one["distinct_per_s"] == max(one["runs_distinct_per_s"])          # the best run is the figure
        assert min(one["runs_distinct_per_s"]) <= one["median_distinct_per_s"] <= one["distinct_per_s"]
        assert one["recall@5"] == 1.0 and one["distinct"] > 0
    ratio = bulk["distinct"]["2"]["distinct_per_s"] / bulk["distinct"]["1"]["distinct_per_s"]
    assert bulk["workers_2_over_1"] == pytest.approx(ratio, abs=1e-3)  # (the results file rounds to 4 places)
    assert bulk["postings"]["run"]["rows"] == 2000


@pytest.mark.parametrize("value", ["0", "-2", "three"])
def test_bulk_repeats_below_one_is_refused_in_one_line(value):
    done = subprocess.run([*bench_command("bench.run"), "--only", "bulk", "--bulk-repeats", value],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--bulk-repeats" in done.stderr.strip().splitlines()[-1]
