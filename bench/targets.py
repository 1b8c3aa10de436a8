"""The performance targets and how each figure is derived from the measurements.

Every target names the figure it judges, the bound, and the unit. A target
whose measurement was not taken in this run (e.g. ``--quick`` skips 100×) is
recorded with ``"pass": null`` and a reason, never as a pass.
"""

from __future__ import annotations

from dataclasses import dataclass

GIB = 1024.0  # MiB


@dataclass(frozen=True)
class Target:
    id: str
    title: str
    unit: str
    op: str       # "<", "<=", ">="
    bound: float
    definition: str


TARGETS = [
    Target("build_validate_export_1x", "Full build + validate + all exports, shipped data", "s", "<", 3.0,
           "wall time of one fresh process running build_dataset (every dump of the dataset and each catalog: "
           "Turtle, N-Triples, JSON-LD, context, SSSOM copies, metadata) then SHACL validation of the dataset "
           "graph; interpreter start and imports included"),
    Target("match_speedup_10k", "Matching 10,000 titles: speed-up over brute force", "×", ">=", 20.0,
           "brute-force time (rapidfuzz cdist WRatio, every title × every label, workers=1) divided by the "
           "matcher's time (TargetIndex construction + match(top_k=5)); same titles, same target entries"),
    Target("match_recall_ratio_10k", "Matching 10,000 titles: recall@5 relative to brute force", "ratio", ">=", 0.99,
           "matcher recall@5 / brute-force recall@5; recall@5 = share of titles whose true code is among the "
           "five best distinct national concepts"),
    Target("match_peak_memory_10k", "Matching 10,000 titles: matcher peak memory", "MiB", "<", 1 * GIB,
           "peak RSS of the matcher process (load catalog, index, match)"),
    Target("bulk_distinct_per_core", "Bulk coding: distinct-title throughput, 1 worker", "titles/s", ">=", 2000.0,
           "10,000 distinct synthetic titles through occlink match's streaming path (--top-k 5, table output to a "
           "file), one process; index build excluded, reading and writing included"),
    Target("bulk_workers_2_over_1", "Bulk coding: --workers 2 over --workers 1", "×", ">=", 1.7,
           "distinct-title throughput with 2 worker processes / with 1, same titles, same run"),
    Target("bulk_1m_postings_time", "Bulk coding: 1,000,000 postings (50,000 distinct, Zipf 1), 2 workers", "s", "<",
           180.0, "wall time of the streaming match of 1,000,000 rows drawn Zipf(s=1) from 50,000 distinct "
           "titles, --workers 2, index build included"),
    Target("bulk_1m_postings_memory", "Bulk coding: 1,000,000 postings, peak memory (bound)", "MiB", "<", 1 * GIB,
           "peak RSS of the main process + 2 × the largest worker's (shared index pages counted twice: an upper "
           "bound)"),
    Target("sparql_p50", "Example SPARQL queries: slowest p50 (embedded Oxigraph)", "ms", "<", 5.0,
           "largest per-query median over repeated runs after warm-up, engine already loaded"),
    Target("scale_100x_peak_memory", "100× synthetic build + export: peak memory", "MiB", "<", 4 * GIB,
           "peak RSS of the process that loads 100 classifications, builds the graph and writes three dumps"),
    Target("scale_100x_vs_10x_time", "100× vs 10× build + export time", "×", "<=", 12.0,
           "time(100×) / time(10×), in-process time of the same step at both scales"),
]


def _compare(op: str, value: float, bound: float) -> bool:
    return {"<": value < bound, "<=": value <= bound, ">=": value >= bound}[op]


def _figure(target_id: str, results: dict) -> tuple[float | None, str | None]:
    """(figure, reason-if-missing) for one target from the results document."""
    shipped = results.get("shipped", {})
    match = results.get("match", {})
    scales = results.get("scales", {})
    if target_id == "build_validate_export_1x":
        p = shipped.get("pipeline")
        if not p:
            return None, "pipeline step not run"
        if not p.get("validated"):
            return None, "validator not available: build + exports only"
        return p["wall_s"], None
    if target_id.startswith("match_"):
        size = match.get("target_size")
        entry = match.get("sizes", {}).get(str(size)) if size else None
        if not entry or "matcher" not in entry or "brute_force" not in entry:
            return None, "match benchmark at 10,000 titles not run"
        if target_id == "match_speedup_10k":
            return entry["speedup"], None
        if target_id == "match_recall_ratio_10k":
            return entry["recall_ratio"], None
        return entry["matcher"]["peak_rss_mib"], None
    if target_id.startswith("bulk_"):
        bulk = results.get("bulk", {})
        one = bulk.get("distinct", {}).get("1")
        postings = (bulk.get("postings") or {}).get("run")
        if target_id == "bulk_distinct_per_core":
            return (one["distinct_per_s"], None) if one and "error" not in one else (None, "bulk section not run")
        if target_id == "bulk_workers_2_over_1":
            return (bulk["workers_2_over_1"], None) if "workers_2_over_1" in bulk else (None, "bulk section not run")
        if not postings or "error" in postings:
            return None, "1,000,000-posting run not done"
        if target_id == "bulk_1m_postings_time":
            return postings["step_s"] + postings["index_s"], None
        return postings["peak_rss_bound_mib"], None
    if target_id == "sparql_p50":
        queries = results.get("sparql", {}).get("oxigraph", {}).get("queries", {})
        if not queries:
            return None, "SPARQL benchmark not run"
        return max(q["p50_ms"] for q in queries.values()), None
    if target_id == "scale_100x_peak_memory":
        s = scales.get("100")
        return (s["peak_rss_mib"], None) if s else (None, "100× scale not run")
    if target_id == "scale_100x_vs_10x_time":
        if "100" not in scales or "10" not in scales:
            return None, "10× and 100× scales not both run"
        return scales["100"]["step_s"] / scales["10"]["step_s"], None
    raise KeyError(target_id)


def evaluate_targets(results: dict) -> list[dict]:
    out = []
    for t in TARGETS:
        figure, reason = _figure(t.id, results)
        row = {"id": t.id, "title": t.title, "figure": None if figure is None else round(figure, 4),
               "unit": t.unit, "target": f"{t.op} {t.bound:g}", "definition": t.definition,
               "pass": None if figure is None else _compare(t.op, figure, t.bound)}
        if reason:
            row["not_measured"] = reason
        out.append(row)
    return out
