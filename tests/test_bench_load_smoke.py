"""Smoke test of the load benchmark (bench/load.py) at a tiny scale: the phases run and report what they claim.

No timing assertions: the real run (30 s per phase) is a benchmark, its figures are in docs/performance.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # bench/ is not part of the installed package

from bench.load import _free_port, run_load, serve  # noqa: E402


def test_load_phases_run_and_report_at_a_tiny_scale():
    # a real `occlink serve` process, as the benchmark runs it (and this process stays small:
    # the bench harness's memory figures are per child, but a forked child starts from our size)
    port = _free_port()
    proc = serve(port)
    try:
        report = run_load(f"http://127.0.0.1:{port}", duration=1.0, clients=2, slow=5)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    for phase in ("sparql", "pages"):
        assert report[phase]["requests"] >= 1
        assert report[phase]["errors"] == 0, report[phase]
        assert report[phase]["requests"] == sum(report[phase]["statuses"].values())
    slow = report["slowloris"]
    assert slow["slow_connections"] == 5 and slow["refused"] == 0
    assert slow["probe_served"] == slow["probe_requests"] >= 1
