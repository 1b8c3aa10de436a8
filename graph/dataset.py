"""Assemble the published dataset: sources → one graph (data flows one way)."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from occlink.taxonomy.catalogs import available_catalogs, catalog_graph
from occlink.taxonomy.namespaces import Namespaces
from occlink.taxonomy.vocabulary import new_graph, vocabulary_graph


def _merge(target: Graph, source: Graph) -> None:
    for triple in source:
        target.add(triple)


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
    if with_mappings:
        from occlink.mappings.graph import mappings_graph
        _merge(graph, mappings_graph(ns, graph, mappings_dir))
    if with_metadata and catalogs is None:
        from occlink.graph.metadata import provenance_graph
        _merge(graph, provenance_graph(ns, graph))
    return graph


Triple = tuple[Node, Node, Node]


def catalog_part(ns: Namespaces, catalog_id: str, vocabulary: Graph | None = None) -> list[Triple]:
    """The triples of one catalog's own dump: the vocabulary and the catalog, nothing else.

    The same triples as ``dataset_graph(ns, [catalog_id], with_mappings=False, with_metadata=False)``
    without building an rdflib graph (the serializers only iterate; tests/test_build_bytes.py).
    ``vocabulary`` saves parsing vocab.ttl again for every catalog."""
    catalog = catalog_graph(catalog_id, ns)
    vocabulary = vocabulary if vocabulary is not None else vocabulary_graph(ns)
    return list(catalog) + [triple for triple in vocabulary if triple not in catalog]


@lru_cache(maxsize=4)
def cached_dataset(base: str, mappings_dir: Path | None = None) -> Graph:
    """One build per process, base IRI and decisions folder (commands that only read share it)."""
    return dataset_graph(Namespaces(base), mappings_dir=mappings_dir)
