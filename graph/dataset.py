"""Assemble the published dataset: sources → one graph (data flows one way)."""

from __future__ import annotations

import gc
import importlib.util
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory

from occlink.taxonomy.catalogs import available_catalogs, catalog_graph
from occlink.taxonomy.namespaces import Namespaces
from occlink.taxonomy.vocabulary import vocabulary_graph


def _merge(target: Graph, source: Graph) -> None:
    for triple in source:
        target.add(triple)


def new_graph() -> Graph:
    """A graph on rdflib's context-free store: occlink's graphs have one default graph, and
    skipping the context bookkeeping makes adding and iterating about a third faster."""
    return Graph(store=SimpleMemory())


@contextmanager
def no_gc():
    """Building allocates ~10⁵ long-lived terms: pausing the cyclic collector avoids rescanning
    them again and again (the dominant cost at scale, docs/performance.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def mappings_available() -> bool:
    return importlib.util.find_spec("occlink.mappings.graph") is not None


def dataset_graph(ns: Namespaces, catalogs: list[str] | None = None, *, with_mappings: bool | None = None,
                  with_metadata: bool = True, mappings_dir: Path | None = None) -> Graph:
    """The dataset: vocabulary, the chosen catalogs (default: all), reviewed mappings (those of
    ``mappings_dir``, else the shipped sets), metadata."""
    with no_gc():
        return _assemble(ns, catalogs, with_mappings, with_metadata, mappings_dir)


def _assemble(ns: Namespaces, catalogs: list[str] | None, with_mappings: bool | None,
              with_metadata: bool, mappings_dir: Path | None = None) -> Graph:
    chosen = catalogs or available_catalogs()
    graph = new_graph()
    ns.bind(graph)
    _merge(graph, vocabulary_graph(ns))
    for catalog_id in chosen:
        _merge(graph, catalog_graph(catalog_id, ns))
    if with_mappings is None:
        with_mappings = catalogs is None
    if with_mappings and mappings_available():
        from occlink.mappings.graph import mappings_graph
        _merge(graph, mappings_graph(ns, graph, mappings_dir))
    if with_metadata and importlib.util.find_spec("occlink.graph.metadata") is not None and catalogs is None:
        from occlink.graph.metadata import provenance_graph
        _merge(graph, provenance_graph(ns, graph))
    return graph


@lru_cache(maxsize=4)
def cached_dataset(base: str) -> Graph:
    """One build per process and base IRI (commands that only read share it)."""
    return dataset_graph(Namespaces(base))
