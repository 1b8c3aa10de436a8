"""The measured steps. Each runs in its own process: ``python -m bench.steps NAME ARGS_JSON``.

A step does its setup, times only the work it is named for (``step_s``, plus
named sub-timings), and prints one ``BENCH-RESULT {json}`` line. Setup that is
not the measured work (building the graph before an export, loading the engine
before queries, indexing before matching) is timed separately as ``load_s``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .harness import RESULT_MARK

STEPS: dict[str, Callable[[dict], dict]] = {}


def step(func: Callable[[dict], dict]) -> Callable[[dict], dict]:
    STEPS[func.__name__] = func
    return func


def available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _ns():
    from occlink.taxonomy.namespaces import Namespaces
    return Namespaces()


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return value, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


@step
def selftest(args: dict) -> dict:
    """Harness check: hold ``mib`` MiB for a moment (the smoke test reads it back as peak RSS)."""
    block = bytearray(int(args.get("mib", 0)) * 1024 * 1024)
    for i in range(0, len(block), 4096):  # touch every page so it is resident
        block[i] = 1
    return {"step_s": 0.0, "held_mib": len(block) / (1024 * 1024)}


# --- build, validation, exports (shipped data) -------------------------------------------------

@step
def build(args: dict) -> dict:
    from occlink.exports.dumps.build import build_dataset
    written, seconds = _timed(build_dataset, _ns(), Path(args["out"]))
    return {"step_s": seconds, "files": len(written), "bytes": sum(p.stat().st_size for p in written)}


def validation_runner():
    """The project's validator as f(graph, ns) -> (conforms, results), or None while it is missing."""
    if not available("occlink.shapes.validate"):
        return None
    from occlink.shapes import validate as v
    for name in ("validate_graph", "validate"):
        func = getattr(v, name, None)
        if callable(func):
            def run(graph, ns, func=func):
                report = func(graph, ns)
                conforms = getattr(report, "conforms", None)
                if conforms is None and isinstance(report, tuple):
                    conforms = report[0]
                results = getattr(report, "results", None)
                return bool(conforms), (len(results) if results is not None else None)
            return run
    return None


@step
def validate(args: dict) -> dict:
    from occlink.graph.dataset import dataset_graph
    runner = validation_runner()
    if runner is None:
        return {"skipped": "occlink.shapes.validate is not available"}
    ns = _ns()
    graph, load = _timed(dataset_graph, ns)
    (conforms, results), seconds = _timed(runner, graph, ns)
    return {"load_s": load, "step_s": seconds, "conforms": conforms, "results": results, "triples": len(graph)}


@step
def pipeline(args: dict) -> dict:
    """build (every dump of every part) then validate what it wrote, in one process. Validation is
    ``occlink validate``'s: the full N-Triples dump the build wrote, bulk-loaded into Oxigraph, the
    shapes run there (no second assembly of the dataset, no rdflib graph)."""
    from occlink.exports.dumps.build import build_dataset
    ns = _ns()
    out = Path(args["out"])
    start = time.perf_counter()
    _, build_s = _timed(build_dataset, ns, out)
    validated = available("occlink.shapes.validate")
    validate_s = conforms = None
    if validated:
        (conforms, _), validate_s = _timed(_validate_dump, out / "occlink.nt", ns)
    return {"step_s": time.perf_counter() - start, "build_s": build_s, "validate_s": validate_s,
            "validated": validated, "conforms": conforms}


def _validate_dump(dump: Path, ns) -> tuple[bool, int]:
    import pyoxigraph as ox

    from occlink.shapes.validate import validate_store
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)
    report = validate_store(store, ns, [str(dump)])
    return report.conforms, len(report.results)


@step
def oxigraph_floor(args: dict) -> dict:
    """The floor for a build: Oxigraph parses every N-Triples dump a build wrote and writes each as
    Turtle, N-Triples and JSON-LD (the same triples and formats the build writes, no file I/O)."""
    import pyoxigraph as ox
    dumps = sorted(Path(args["dumps"]).glob("*.nt"))
    start = time.perf_counter()
    parse_s = serialize_s = 0.0
    triples = 0
    for path in dumps:
        t = time.perf_counter()
        parsed = list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
        parse_s += time.perf_counter() - t
        triples += len(parsed)
        t = time.perf_counter()
        for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD):
            ox.serialize(parsed, format=fmt)
        serialize_s += time.perf_counter() - t
    return {"step_s": time.perf_counter() - start, "parse_s": parse_s, "serialize_s": serialize_s,
            "dumps": len(dumps), "triples": triples}


@step
def export(args: dict) -> dict:
    from occlink.exports.dumps.serialize import FORMATS, serialize
    from occlink.files import write_atomic
    from occlink.graph.dataset import dataset_graph
    ns = _ns()
    fmt = args["format"]
    graph, load = _timed(dataset_graph, ns)
    start = time.perf_counter()
    text = serialize(graph, fmt, ns)
    write_atomic(Path(args["out"]) / f"occlink.{FORMATS[fmt][0]}", text)
    return {"load_s": load, "step_s": time.perf_counter() - start, "triples": len(graph),
            "bytes": len(text.encode("utf-8"))}


# --- synthetic scales ------------------------------------------------------------------------

@step
def scale_build(args: dict) -> dict:
    """The dataset plus ``scale - 1`` synthetic replicas: load tables, build each graph, write 3 dumps.

    Streamed as a build of that size has to be (exports.dumps.stream): each graph (the dataset, then
    one replica at a time) is built, spilled to sorted runs and dropped; the runs are merged into the
    dumps. ``spill_s`` is building and spilling, ``merge_s`` writing the three dumps."""
    from occlink.exports.dumps.serialize import FORMATS
    from occlink.exports.dumps.stream import write_streamed
    from occlink.graph.dataset import dataset_graph, no_gc
    from occlink.taxonomy.csco_graph import csco_graph
    from occlink.taxonomy.csco_table import load_table

    from .synthetic import ReplicaNamespaces

    ns = _ns()
    out = Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    start = time.perf_counter()

    def chunks():
        graph = dataset_graph(ns)
        yield graph
        del graph
        for replica, table, translations in args["replicas"]:
            classification = load_table(Path(table), Path(translations))
            graph = csco_graph(ReplicaNamespaces(ns.base, replica=replica), classification)
            yield graph
            del graph, classification  # freed at once (no reference cycle): memory holds one replica
        timings["spill_s"] = time.perf_counter() - start

    outputs = {fmt: out / f"occlink-x{args['scale']}.{ext}" for fmt, (ext, _) in FORMATS.items()}
    with no_gc():  # as build_dataset does
        triples = write_streamed(chunks(), ns, outputs, work_dir=out)
    timings["merge_s"] = time.perf_counter() - start - timings["spill_s"]
    total_bytes = sum(path.stat().st_size for path in outputs.values())
    return {"step_s": time.perf_counter() - start, "triples": triples, "bytes": total_bytes, **timings}


# --- SPARQL ------------------------------------------------------------------------------------

_EXAMPLE_VALUE = re.compile(r"^(\w+).*?(?:such as|e\.g\.,?|for example)\s+([^\s,;()]+)")


def _examples() -> list[tuple[str, str, list[str]]]:
    """(name, text, ["NAME=VALUE", …]): a parameterized example runs with the value its header shows."""
    from occlink.exports.sparql.examples import list_examples
    out = []
    for e in list_examples():
        params = []
        for line in e.params:
            found = _EXAMPLE_VALUE.match(line)
            if found:
                params.append(f"{found.group(1)}={found.group(2)}")
        out.append((e.name, e.text, params))
    return out


def _repeat(run, runs: int, warmup: int, budget_s: float | None) -> dict:
    for _ in range(warmup):
        rows = run()
    times: list[float] = []
    spent = 0.0
    while len(times) < runs:
        t = time.perf_counter()
        rows = run()
        elapsed = time.perf_counter() - t
        times.append(elapsed)
        spent += elapsed
        if budget_s is not None and spent > budget_s and len(times) >= 3:
            break  # a slow baseline: enough runs for a median
    return {"runs": len(times), "p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000,
            "rows": rows}


@step
def sparql_oxigraph(args: dict) -> dict:
    """Every example on the store ``occlink serve``'s workers answer from (the compiled dump in memory:
    ``queries``, the figure the target judges), and on the read-only disk store a one-off ``occlink
    query`` opens (``disk_queries``); the same rows on both (the examples order them totally)."""
    from occlink.exports.sparql.query import dataset_store, parse_params, run_query
    ns = _ns()
    from occlink.exports.dumps.compiled import compiled
    compiled(ns)  # a build, if one is due, is not the store's load time
    store, load = _timed(dataset_store, ns)
    disk, disk_load = _timed(lambda: dataset_store(ns, in_memory=False))
    queries, disk_queries, differ = {}, {}, []
    for name, text, params in _examples():
        bound = parse_params(params, text, ns)

        def run(text=text, bound=bound, on=store):
            result = run_query(ns, text, bound, store=on)
            return len(result.rows) if result.kind == "select" else len(result.triples)
        queries[name] = {**_repeat(run, args["runs"], args["warmup"], None), "params": params}
        disk_queries[name] = _repeat(lambda run=run: run(on=disk), args["runs"], args["warmup"], None)
        if run_query(ns, text, bound, store=store).rows != run_query(ns, text, bound, store=disk).rows:
            differ.append(name)
    return {"load_s": load, "store": "in memory (occlink serve's workers)", "queries": queries,
            "disk_load_s": disk_load, "disk_queries": disk_queries, "rows_differ_between_stores": differ}


@step
def sparql_rdflib(args: dict) -> dict:
    from occlink.graph.dataset import dataset_graph
    ns = _ns()
    graph, load = _timed(dataset_graph, ns)
    prefixes = dict(sorted(ns.curie_map().items()))
    cap = float(args.get("cap_s", 30))
    queries = {}
    from occlink.exports.sparql.query import parse_params
    from occlink.terms import to_rdflib
    for name, text, params in _examples():
        bindings = {str(var.value): to_rdflib(term) for var, term in parse_params(params, text, ns).items()}

        def run(text=text, bindings=bindings):
            return len(list(graph.query(text, initNs=prefixes, initBindings=bindings or None)))
        try:
            with _time_limit(cap):
                queries[name] = _repeat(run, args["runs"], args["warmup"], args.get("budget_s"))
        except _TimeLimit:
            queries[name] = {"timeout_s": cap}  # one run exceeded the cap: the p50 is at least that
        except Exception as exc:  # rdflib cannot run some valid queries: recorded, not fatal
            queries[name] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
    return {"load_s": load, "queries": queries}


class _TimeLimit(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt pure-Python work (rdflib's SPARQL engine) after ``seconds`` via SIGALRM."""
    def expire(signum, frame):
        raise _TimeLimit()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- matching ----------------------------------------------------------------------------------

def _titles(args: dict):
    from .titles import read_titles_csv
    return read_titles_csv(Path(args["titles"]))


def _recall(ranked: dict[str, list[str]], titles, k: int) -> float:
    hits = sum(1 for t in titles if f"csco:{t.true_code}" in ranked.get(t.id, [])[:k])
    return hits / len(titles) if titles else 0.0


@step
def match(args: dict) -> dict:
    from occlink.mappings.entries import catalog_entries, entries_from_csv
    from occlink.mappings.matcher import TargetIndex
    from occlink.mappings.matcher import match as run_match
    ns = _ns()
    targets, load = _timed(catalog_entries, "csco2022", ns)
    index, index_s = _timed(TargetIndex, targets)
    titles = _titles(args)
    sources, read_s = _timed(entries_from_csv, Path(args["source_csv"]))
    candidates, match_s = _timed(run_match, sources, targets, top_k=args["k"], index=index)
    ranked: dict[str, list[str]] = {}
    for c in candidates:
        ranked.setdefault(c.subject.id.split(":", 1)[-1], []).append(c.object.id)
    # the matcher's cost is its index plus the matching; loading the catalog is common to both sides
    return {"load_s": load, "index_s": index_s, "read_s": read_s, "match_s": match_s,
            "step_s": index_s + match_s, "titles": len(titles),
            "targets": len(targets), f"recall@{args['k']}": _recall(ranked, titles, args["k"]),
            "recall@1": _recall(ranked, titles, 1)}


@step
def brute(args: dict) -> dict:
    """Baseline: rapidfuzz WRatio of every title against every target label (full cross product)."""
    import numpy as np
    from rapidfuzz import fuzz, process, utils

    from occlink.mappings.entries import catalog_entries
    ns = _ns()
    start = time.perf_counter()
    targets = catalog_entries("csco2022", ns)
    labels: list[str] = []
    starts: list[int] = []
    for entry in targets:  # labels grouped by entry, so a per-entry max is one reduceat
        starts.append(len(labels))
        labels.extend(text for _, _, text in entry.labels())
    load = time.perf_counter() - start
    titles = _titles(args)
    k = args["k"]
    ranked: dict[str, list[str]] = {}
    begin = time.perf_counter()
    chunk = 500
    for i in range(0, len(titles), chunk):
        part = titles[i:i + chunk]
        scores = process.cdist([t.label for t in part], labels, scorer=fuzz.WRatio,
                               processor=utils.default_process, dtype=np.uint8, workers=1)
        per_entry = np.maximum.reduceat(scores, np.asarray(starts), axis=1)
        top = np.argsort(-per_entry.astype(np.int16), axis=1, kind="stable")[:, :k]
        for t, row in zip(part, top):
            ranked[t.id] = [targets[j].id for j in row]
    seconds = time.perf_counter() - begin
    return {"load_s": load, "step_s": seconds, "titles": len(titles), "labels": len(labels),
            "targets": len(targets), f"recall@{k}": _recall(ranked, titles, k), "recall@1": _recall(ranked, titles, 1)}


@step
def bulk(args: dict) -> dict:
    """``occlink match``'s streaming path (mappings.bulk.stream_match) on a CSV, --top-k k, table output to a
    file, ``workers`` processes. Peak memory: this process plus its workers (RUSAGE_CHILDREN: the largest
    worker) — an upper bound, since forked workers share the index pages."""
    import resource

    from occlink.exports.dumps.match_output import StreamRenderer
    from occlink.mappings.bulk import TableInput, stream_match
    from occlink.mappings.entries import catalog_entries
    from occlink.mappings.matcher import Floors, TargetIndex
    ns = _ns()
    targets, load = _timed(catalog_entries, "csco2022", ns)
    index, index_s = _timed(TargetIndex, targets)
    renderer = StreamRenderer("table", ns, "bench", "csco2022", {}, {"src", "csco"})
    table = TableInput(args["source_csv"])
    out = Path(args["out"])

    def cpu() -> float:  # this process and its (joined) workers: the honest figure on a shared machine
        # (the harness's cpu_s is the whole process: imports and index build included)
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    cpu_start = cpu()
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as handle:
        counts = stream_match(table, targets, Floors(top_k=args["k"]), renderer, handle.write, prefix="src",
                              workers=args["workers"], index=index)
    seconds = time.perf_counter() - start
    cpu_s = cpu() - cpu_start
    table.close()
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = {"load_s": load, "index_s": index_s, "step_s": seconds, "workers": args["workers"], **counts,
              "rows_per_s": counts["rows"] / seconds, "distinct_per_s": counts["distinct"] / seconds,
              "distinct_per_s_note": "index build excluded (index_s); reading, matching, writing included",
              "step_cpu_s": cpu_s, "distinct_per_cpu_s": counts["distinct"] / cpu_s if cpu_s else None,
              "main_rss_mib": self_kib / 1024, "worker_rss_mib": child_kib / 1024,
              "peak_rss_bound_mib": (self_kib + (child_kib * args["workers"] if args["workers"] > 1 else 0)) / 1024}
    if args.get("titles"):
        ranked: dict[str, list[str]] = {}
        with out.open(encoding="utf-8") as handle:
            next(handle)
            for line in handle:
                cells = line.rstrip("\n").split("\t")
                ranked.setdefault(cells[0].split(":", 1)[1], []).append(cells[3])
        result[f"recall@{args['k']}"] = _recall(ranked, _titles(args), args["k"])
    return result



def _own_peak_kib() -> int:
    """This process's peak RSS since its exec (VmHWM) or that of a child it reaped, whichever is larger.

    Read here rather than from the parent's ``wait4``: Linux carries the pre-exec high-water
    mark of a fork into ``ru_maxrss``, so a step launched from a big process (a test run)
    would otherwise report that process's peak."""
    import resource
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return max(int(line.split()[1]), children)
    except OSError:
        pass
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children)


def main(argv: list[str]) -> None:
    name, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    result = STEPS[name](args)
    result["peak_rss_kib"] = _own_peak_kib()
    sys.stdout.flush()
    print(RESULT_MARK + json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
