"""The project vocabulary (``vocab.ttl``), rebased onto the configured base IRI."""

from __future__ import annotations

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory

from occlink.taxonomy.csco_table import packaged_path
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, Namespaces


def new_graph() -> Graph:
    """A graph on rdflib's context-free store: occlink's graphs have one default graph, and
    skipping the context bookkeeping makes adding and iterating several times faster
    (a build iterates every catalog graph a few times; docs/performance.md)."""
    return Graph(store=SimpleMemory())


def rebase_text(text: str, ns: Namespaces) -> str:
    """Packaged Turtle is written against the default base; move it to the configured one."""
    return text if ns.base == DEFAULT_BASE_IRI else text.replace(DEFAULT_BASE_IRI, ns.base)


def packaged_turtle(package_file, ns: Namespaces) -> Graph:
    graph = new_graph()
    graph.parse(data=rebase_text(package_file.read_text(encoding="utf-8"), ns), format="turtle")
    return graph


def vocabulary_graph(ns: Namespaces) -> Graph:
    return packaged_turtle(packaged_path("vocab.ttl"), ns)
