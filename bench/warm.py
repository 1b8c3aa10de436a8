"""Commands end to end in fresh processes, cold (no compiled dataset yet) and warm (compiled store fresh).

``python -m bench.warm [--runs 3] [--out FILE]`` uses a private cache folder
($OCCLINK_CACHE_DIR in a temporary folder, removed afterwards) and measures:

* ``before``: what every reading command paid before the compiled store — the
  dataset assembled in rdflib (``stats`` computed on that graph), in a fresh process;
* ``cold``: the first ``occlink stats`` (it builds the compiled folder);
* ``warm``: ``occlink stats`` and ``occlink query --example NAME`` for every example
  (median of ``--runs`` fresh processes), ``occlink serve`` until its first SPARQL
  answer, and every example query's p50 on serve's in-memory store and on the disk store
  (bench.steps sparql_oxigraph).

Targets (#12): warm commands < 0.5 s, serve's first answer < 1 s, example p50 < 5 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .harness import REPO_ROOT, run_step
from .steps import _examples

BEFORE = ("from occlink.graph.dataset import dataset_graph; from occlink.graph.stats import dataset_stats; "
          "from occlink.taxonomy.catalogs import available_catalogs; from occlink.taxonomy.namespaces import "
          "Namespaces; ns = Namespaces(); dataset_stats(dataset_graph(ns), available_catalogs(), ns)")


def _wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=900)
    return time.perf_counter() - start


def _median(command: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(_wall(command, env) for _ in range(runs))


def serve_first_answer(env: dict[str, str]) -> float:
    """Seconds from starting ``occlink serve --port 0`` to its first 200 answer of a SPARQL query."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "occlink", "serve", "--port", "0"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        while port is None:
            line = proc.stderr.readline()
            if not line:
                raise RuntimeError("occlink serve exited before serving")
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            port = found.group(1) if found else None
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{query}", timeout=30) as answer:
                    if answer.status == 200:
                        answer.read()
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.01)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure(runs: int) -> dict:
    cache = Path(tempfile.mkdtemp(prefix="occlink-bench-cache-"))
    env = {**os.environ, "OCCLINK_CACHE_DIR": str(cache), "PYTHONHASHSEED": "0"}
    env.pop("OCCLINK_MAPPINGS_DIR", None)
    occlink = [sys.executable, "-m", "occlink"]
    try:
        out: dict = {"before": {"stats_rdflib_s": _wall([sys.executable, "-c", BEFORE], env)}}
        out["cold"] = {"stats_s": _wall(occlink + ["stats"], env)}
        warm: dict = {"stats_s": _median(occlink + ["stats"], env, runs), "query_s": {}}
        for name, _, params in _examples():
            extra = [arg for p in params for arg in ("--param", p)]
            warm["query_s"][name] = _median(occlink + ["query", "--example", name, *extra], env, runs)
        warm["serve_first_answer_s"] = statistics.median(serve_first_answer(env) for _ in range(runs))
        os.environ["OCCLINK_CACHE_DIR"] = str(cache)  # the step's fresh process opens the same store
        sparql = run_step("sparql_oxigraph", {"runs": 50, "warmup": 5})
        # serve's store (the dump in memory) and the read-only disk store `occlink query` opens
        warm["example_p50_ms"] = {name: q["p50_ms"] for name, q in sparql["queries"].items()}
        warm["example_p50_disk_ms"] = {name: q["p50_ms"] for name, q in sparql["disk_queries"].items()}
        warm["store_load_s"], warm["store_open_s"] = sparql["load_s"], sparql["disk_load_s"]
        out["warm"] = warm
        out["max"] = {"warm_command_s": max([warm["stats_s"], *warm["query_s"].values()]),
                      "example_p50_ms": max(warm["example_p50_ms"].values())}
        return out
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results" / "warm.json")
    args = parser.parse_args()
    result = measure(args.runs)
    text = json.dumps(result, indent=2, sort_keys=True) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
