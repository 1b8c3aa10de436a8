"""Print the README "Performance" table from a results file: ``python -m bench.report FILE``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

VERDICT = {True: "✅ met", False: "❌ missed", None: "— not measured"}


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "×":
        return f"{value:.1f}×"
    return f"{value:.3f}"


def targets_table(results: dict) -> str:
    lines = ["| Measure | Measured | Target | Result |", "|---|---|---|---|"]
    for t in results.get("targets", []):
        bound = t["target"] + ("" if t["unit"] in ("ratio", "×") else f" {t['unit']}")
        verdict = VERDICT[t["pass"]]
        if t.get("not_measured"):
            verdict += f" ({t['not_measured']})"
        lines.append(f"| {t['title']} | {_fmt(t['figure'], t['unit'])} | {bound} | {verdict} |")
    return "\n".join(lines)


def steps_table(results: dict) -> str:
    lines = ["| Step (fresh process) | Work (in-process) | Process wall | Peak RSS |", "|---|---|---|---|"]
    shipped = results.get("shipped", {})
    names = {"pipeline": "build + validate (one process)", "build": "full build (all dumps)",
             "oxigraph_floor": "Oxigraph floor: parse every .nt dump, write TTL + NT + JSON-LD",
             "validate": "SHACL validation", "export_turtle": "Turtle export", "export_jsonld": "JSON-LD export",
             "export_ntriples": "N-Triples export"}
    for key, label in names.items():
        r = shipped.get(key)
        if r and "error" not in r and "skipped" not in r:
            lines.append(f"| {label} | {r['step_s']:.2f} s | {r['wall_s']:.2f} s | {r['peak_rss_mib']:,.0f} MiB |")
    for scale, r in sorted(results.get("scales", {}).items(), key=lambda kv: int(kv[0])):
        if "error" in r:
            lines.append(f"| {scale}× build + 3 exports | failed: {r['error']} | | |")
            continue
        lines.append(f"| {scale}× build + 3 exports ({r['triples']:,} triples) | {r['step_s']:.2f} s | "
                     f"{r['wall_s']:.2f} s | {r['peak_rss_mib']:,.0f} MiB |")
    for size, entry in sorted(results.get("match", {}).get("sizes", {}).items(), key=lambda kv: int(kv[0])):
        m, b = entry.get("matcher", {}), entry.get("brute_force", {})
        if "error" not in m:
            lines.append(f"| match {int(size):,} titles: matcher (index + match) | {m['step_s']:.2f} s | "
                         f"{m['wall_s']:.2f} s | {m['peak_rss_mib']:,.0f} MiB |")
        if "error" not in b:
            lines.append(f"| match {int(size):,} titles: brute-force WRatio | {b['step_s']:.2f} s | "
                         f"{b['wall_s']:.2f} s | {b['peak_rss_mib']:,.0f} MiB |")
    return "\n".join(lines)


def match_table(results: dict) -> str:
    match = results.get("match", {})
    k = match.get("k", 5)
    lines = [f"| Titles | Matcher recall@{k} | Brute-force recall@{k} | Recall ratio | Matcher recall@1 | "
             "Brute-force recall@1 | Speed-up |", "|---|---|---|---|---|---|---|"]
    for size, e in sorted(match.get("sizes", {}).items(), key=lambda kv: int(kv[0])):
        m, b = e.get("matcher", {}), e.get("brute_force", {})
        if "error" in m or "error" in b:
            continue
        lines.append(f"| {int(size):,} | {m[f'recall@{k}']:.3f} | {b[f'recall@{k}']:.3f} | "
                     f"{e['recall_ratio']:.3f} | {m['recall@1']:.3f} | {b['recall@1']:.3f} | {e['speedup']:.1f}× |")
    return "\n".join(lines)


def sparql_table(results: dict) -> str:
    sparql = results.get("sparql", {})
    ox = sparql.get("oxigraph", {})
    rd = sparql.get("rdflib", {})
    lines = ["| Example query | Oxigraph p50 | Oxigraph p95 | rdflib p50 | rdflib / Oxigraph | Rows |",
             "|---|---|---|---|---|---|"]
    for name, q in sorted(ox.get("queries", {}).items()):
        r = rd.get("queries", {}).get(name)
        if r and "error" in r:
            ratio, rp50 = "—", f"fails ({r['error'][:60]})"
        elif r and "timeout_s" in r:
            ratio = f"> {r['timeout_s'] * 1000 / q['p50_ms']:,.0f}×" if q["p50_ms"] else "—"
            rp50 = f"> {r['timeout_s']:.0f} s (cut off)"
        else:
            ratio = f"{r['p50_ms'] / q['p50_ms']:,.0f}×" if r and q["p50_ms"] else "—"
            rp50 = f"{r['p50_ms']:.1f} ms" if r else "—"
        lines.append(f"| {name} | {q['p50_ms']:.2f} ms | {q['p95_ms']:.2f} ms | {rp50} | {ratio} | {q['rows']} |")
    if "load_s" in ox:
        lines.append(f"| *(engine load: dataset → N-Triples → Oxigraph)* | {ox['load_s']:.2f} s | | "
                     f"{rd.get('load_s', 0):.2f} s (rdflib graph) | | |")
    return "\n".join(lines)


def render(results: dict) -> str:
    m = results.get("machine", {})
    header = (f"Measured {results.get('date')} ({results.get('mode')} run) on {m.get('nproc')} cores, "
              f"{(m.get('total_memory_mib') or 0) / 1024:.1f} GiB, {m.get('cpu_model')}, Python {m.get('python')}; "
              f"load average at start {m.get('load_average_at_start')}.\n"
              f"Command: `{results.get('command')}`")
    parts = [header, "", targets_table(results), "", steps_table(results)]
    if results.get("match", {}).get("sizes"):
        parts += ["", match_table(results)]
    if results.get("sparql", {}).get("oxigraph", {}).get("queries"):
        parts += ["", sparql_table(results)]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="results JSON written by python -m bench.run")
    args = parser.parse_args(argv)
    try:
        results = json.loads(args.results.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"Error: {args.results}: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
