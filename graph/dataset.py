"""Assemble the published dataset: sources → one set of triples (data flows one way)."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from occlink.taxonomy.catalogs import available_catalogs, catalog_triples
from occlink.taxonomy.namespaces import Namespaces
from occlink.taxonomy.vocabulary import new_graph, vocabulary_graph
from occlink.triples import Triple, TripleIndex, graph_of


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
    ``mappings_dir``, else the shipped sets), metadata — as an rdflib Graph, for the callers that
    want one (the build itself works on ``dataset_triples``)."""
    with no_gc():
        triples = _assemble(ns, catalogs, with_mappings, with_metadata, mappings_dir)
        graph = new_graph()
        ns.bind(graph)
        return graph_of(triples, graph)


def dataset_triples(ns: Namespaces, catalogs: list[str] | None = None, *, with_mappings: bool | None = None,
                    with_metadata: bool = True, mappings_dir: Path | None = None) -> TripleIndex:
    """The same triples as ``dataset_graph``, without an rdflib Graph: deduplicated, with the
    lookups the metadata and the tables need (occlink.triples)."""
    with no_gc():
        return _assemble(ns, catalogs, with_mappings, with_metadata, mappings_dir)


@lru_cache(maxsize=4)
def vocabulary_triples(ns: Namespaces) -> tuple[Triple, ...]:
    """vocab.ttl's triples, parsed once per process and base IRI."""
    return tuple(vocabulary_graph(ns))


def _assemble(ns: Namespaces, catalogs: list[str] | None, with_mappings: bool | None,
              with_metadata: bool, mappings_dir: Path | None = None) -> TripleIndex:
    chosen = catalogs or available_catalogs()
    dataset = TripleIndex(vocabulary_triples(ns))
    for catalog_id in chosen:
        dataset.extend(catalog_triples(catalog_id, ns))
    if with_mappings is None:
        with_mappings = catalogs is None
    if with_mappings:
        from occlink.mappings.graph import mapping_triples
        dataset.extend(mapping_triples(ns, dataset, mappings_dir))
    if with_metadata and catalogs is None:
        from occlink.graph.metadata import provenance_triples
        dataset.extend(provenance_triples(ns, dataset))
    return dataset


def catalog_part(ns: Namespaces, catalog_id: str, vocabulary: Iterable[Triple] | None = None) -> list[Triple]:
    """The triples of one catalog's own dump: the vocabulary and the catalog, nothing else.

    The same triples as ``dataset_graph(ns, [catalog_id], with_mappings=False, with_metadata=False)``
    without building an rdflib graph (the serializers only iterate; tests/test_build_bytes.py)."""
    catalog = catalog_triples(catalog_id, ns)
    vocabulary = vocabulary if vocabulary is not None else vocabulary_triples(ns)
    return list(catalog) + [triple for triple in vocabulary if triple not in catalog]


@lru_cache(maxsize=4)
def cached_dataset(base: str, mappings_dir: Path | None = None) -> Graph:
    """One build per process, base IRI and decisions folder (commands that only read share it)."""
    return dataset_graph(Namespaces(base), mappings_dir=mappings_dir)
