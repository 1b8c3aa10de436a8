"""A validation report as text, JSON or Turtle (SHACL's own report vocabulary).

Results are grouped by node shape, sorted (violations first, then by focus
node), and name focus node and value as CURIEs, so two runs print the same bytes.
"""

from __future__ import annotations

import json
import os
from hashlib import sha256
from itertools import groupby

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from occlink.taxonomy.namespaces import SH, Namespaces

from .results import Result

SHAPES_NS = "shapes#"


def render_term(term: Node | None, ns: Namespaces) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith("file://"):
            # a row of a validated SSSOM file: show it as path#row=N, relative when possible
            path, _, fragment = text[len("file://"):].partition("#")
            try:
                relative = os.path.relpath(path)
                path = path if relative.startswith("..") else relative
            except ValueError:  # another drive (Windows)
                pass
            return f"{path}#{fragment}" if fragment else path
        if text.startswith(f"{ns.base}{SHAPES_NS}"):
            return text[len(f"{ns.base}{SHAPES_NS}"):]
        compact = ns.compact(text)
        return compact if compact != text else f"<{text}>"
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def shape_name(iri: str, ns: Namespaces) -> str:
    prefix = f"{ns.base}{SHAPES_NS}"
    return iri[len(prefix):] if iri.startswith(prefix) else ns.compact(iri)


def counts(results: list[Result]) -> dict[str, int]:
    return {sev.lower() + "s": sum(r.severity == sev for r in results) for sev in ("Violation", "Warning", "Info")}


def text_report(report, ns: Namespaces) -> str:
    results = report.results
    n = counts(results)
    lines = [f"{'Conforms' if report.conforms else 'Does not conform'}: "
             f"{n['violations']} violation(s), {n['warnings']} warning(s) "
             f"in {report.triples} triples ({', '.join(report.sources)})"]
    ordered = sorted(results, key=lambda r: (r.shape, r.sort_key()))
    for shape, group in groupby(ordered, key=lambda r: r.shape):
        items = list(group)
        lines.append("")
        lines.append(f"{shape_name(shape, ns)} ({len(items)})")
        for r in items:
            where = render_term(r.focus, ns)
            path = f" {ns.compact(r.path)}" if r.path else ""
            value = f" = {render_term(r.value, ns)!r}" if r.value is not None else ""
            lines.append(f"  {r.severity.upper()} {where}{path}{value}: {r.message}")
    return "\n".join(lines) + "\n"


def json_report(report, ns: Namespaces) -> str:
    data = {
        "conforms": report.conforms,
        **counts(report.results),
        "triples": report.triples,
        "sources": report.sources,
        "results": [
            {
                "shape": shape_name(r.shape, ns),
                "severity": r.severity,
                "focus": render_term(r.focus, ns),
                "path": ns.compact(r.path) if r.path else None,
                "value": render_term(r.value, ns) if r.value is not None else None,
                "component": r.component,
                "source": shape_name(r.source, ns) if r.source else None,
                "message": r.message,
            }
            for r in sorted(report.results, key=lambda r: (r.shape, r.sort_key()))
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def turtle_report(report, ns: Namespaces) -> str:
    """sh:ValidationReport; result IRIs are minted from a hash of their content (no blank nodes)."""
    g = Graph()
    ns.bind(g)
    g.bind("sh", str(SH))
    g.bind("occsh", f"{ns.base}{SHAPES_NS}")
    root = URIRef(f"{ns.base}validation/report")
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms)))
    for r in report.results:
        key = "\x1f".join(map(str, (r.shape, r.source, r.component, r.focus, r.path, r.value, r.message)))
        node = URIRef(f"{ns.base}validation/result/{sha256(key.encode('utf-8')).hexdigest()[:16]}")
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.resultSeverity, SH[r.severity]))
        g.add((node, SH.focusNode, r.focus))
        g.add((node, SH.sourceShape, URIRef(r.source or r.shape)))
        g.add((node, SH.resultMessage, Literal(r.message)))
        if r.path:
            g.add((node, SH.resultPath, URIRef(r.path)))
        if r.value is not None:
            g.add((node, SH.value, r.value))
    return g.serialize(format="turtle")


FORMATTERS = {"text": text_report, "json": json_report, "turtle": turtle_report}
