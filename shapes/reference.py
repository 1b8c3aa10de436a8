"""pyshacl as a second, reference engine (``occlink validate --engine pyshacl``).

The default engine compiles each shape into SPARQL on Oxigraph (fast enough
for every build). pyshacl is the full W3C SHACL implementation: slower, but
independent — running both and comparing is how the compiled engine is kept
honest. Its results are mapped onto the same ``Result`` records, so the
report formats are shared.
"""

from __future__ import annotations

import time

from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from occlink.taxonomy.namespaces import SH, Namespaces

from .results import Result

SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


def _node_shape(shapes: Graph, source: Node) -> Node:
    """Group property-shape results under the node shape that declares them."""
    if (source, RDF.type, SH.NodeShape) in shapes:
        return source
    owner = next(iter(sorted(shapes.subjects(SH.property, source), key=str)), None)
    return owner if owner is not None else source


def _component(iri: Node | None) -> str:
    text = str(iri or "")
    name = text.rsplit("#", 1)[-1]
    return name[0].lower() + name[1:].removesuffix("ConstraintComponent") if name else ""


def pyshacl_ready(graph: Graph) -> Graph:
    """pyshacl wraps its data graph in a Dataset, which needs a context-aware store; occlink's
    catalog graphs use rdflib's context-free store for speed (taxonomy.vocabulary.new_graph)."""
    if graph.store.context_aware:
        return graph
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    for triple in graph:
        copy.add(triple)
    return copy


def validate_with_pyshacl(data: Graph, shapes: Graph, ns: Namespaces) -> tuple[list[Result], float]:
    started = time.perf_counter()
    _, report, _ = pyshacl_validate(pyshacl_ready(data), shacl_graph=pyshacl_ready(shapes), advanced=True, inference="none",
                                    allow_warnings=True)
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(node, SH.sourceShape)
        shape = _node_shape(shapes, source)
        path = report.value(node, SH.resultPath)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        results.append(Result(
            shape=str(shape),
            focus=report.value(node, SH.focusNode),
            message=messages[0] if messages else "",
            severity=SEVERITY_NAMES.get(report.value(node, SH.resultSeverity), "Violation"),
            path=str(path) if path is not None else None,
            value=report.value(node, SH.value),
            component=_component(report.value(node, SH.sourceConstraintComponent)),
            source=str(source),
        ))
    return sorted(set(results), key=Result.sort_key), time.perf_counter() - started
