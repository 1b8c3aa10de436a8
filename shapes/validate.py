"""Validate the built dataset or given files against occlink's SHACL shapes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from occlink.taxonomy.namespaces import Namespaces
from occlink.taxonomy.vocabulary import packaged_turtle

from .engine import ShapeCompiler, run_checks, store_from_graph
from .loading import load_files
from .results import Result


def shape_files() -> list[Path]:
    """Every packaged ``shapes/*.ttl``, sorted (so the shapes graph is the same on every run)."""
    folder = resources.files("occlink.shapes")
    return sorted(Path(str(folder.joinpath(entry.name))) for entry in folder.iterdir()
                  if entry.name.endswith(".ttl"))


def shapes_graph(ns: Namespaces) -> Graph:
    """All shapes, rebased onto the configured base IRI."""
    graph = Graph()
    for path in shape_files():
        for triple in packaged_turtle(path, ns):
            graph.add(triple)
    return graph


@lru_cache(maxsize=4)
def _compiled(base: str):
    return ShapeCompiler(shapes_graph(Namespaces(base))).compile()


@dataclass
class Report:
    results: list[Result]
    sources: list[str]
    triples: int
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


ENGINES = ("native", "pyshacl")


def validate_store(store: ox.Store, ns: Namespaces, sources: list[str],
                   seconds: dict[str, float] | None = None, engine: str = "native") -> Report:
    timings = dict(seconds or {})
    if engine == "pyshacl":
        from .reference import validate_with_pyshacl
        results, timings["validate"] = validate_with_pyshacl(_store_to_graph(store), shapes_graph(ns), ns)
        return Report(results, sources, len(store), timings)
    started = time.perf_counter()
    results = run_checks(store, _compiled(ns.base), render=lambda term: _render(term, ns))
    timings["validate"] = time.perf_counter() - started
    return Report(results, sources, len(store), timings)


def _store_to_graph(store: ox.Store) -> Graph:
    graph = Graph()
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""  # bytes: no output given
    graph.parse(data=dumped.decode("utf-8"), format="nt")
    return graph


def validate_graph(graph: Graph, ns: Namespaces, source: str = "graph", engine: str = "native") -> Report:
    started = time.perf_counter()
    store = store_from_graph(graph)
    return validate_store(store, ns, [source], {"load": time.perf_counter() - started}, engine)


def validate_dataset(ns: Namespaces, engine: str = "native") -> Report:
    """The dataset ``occlink build`` publishes (vocabulary, catalogs, mappings, metadata)."""
    from occlink.graph.dataset import dataset_graph
    started = time.perf_counter()
    graph = dataset_graph(ns)
    built = time.perf_counter() - started
    report = validate_graph(graph, ns, "built dataset", engine)
    report.seconds = {"build": built, **report.seconds}
    return report


def validate_files(paths: list[Path], ns: Namespaces, engine: str = "native") -> Report:
    started = time.perf_counter()
    store = load_files(paths, ns)
    return validate_store(store, ns, [str(p) for p in paths], {"load": time.perf_counter() - started}, engine)


def _render(term, ns: Namespaces) -> str:
    from .report import render_term
    return render_term(term, ns)
