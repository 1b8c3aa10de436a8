"""``occlink stats`` on the compiled store: the counts of ``graph/stats.py`` by SPARQL, without rdflib graphs.

The numbers are the same as ``dataset_stats`` computes from the assembled graph
(a test compares them on the shipped data): concepts are the ``skos:Concept``\\ s in
the catalog's scheme; ``triples`` follows VoID's rule (``graph/void_stats.py``:
triples whose subject is the scheme or an IRI under the catalog's namespace).
"""

from __future__ import annotations

import pyoxigraph as ox

from occlink.graph.void_stats import catalog_prefixes
from occlink.taxonomy.catalogs import scheme_for
from occlink.taxonomy.namespaces import SCHEMA, Namespaces

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SCHEMA_OCCUPATION = str(SCHEMA.Occupation)


def _select(store: ox.Store, query: str, graph: ox.NamedNode) -> ox.QuerySolutions:
    solutions = store.query(query, default_graph=graph)
    assert isinstance(solutions, ox.QuerySolutions)  # every query here is a SELECT
    return solutions


def _count(store: ox.Store, graph: ox.NamedNode, concept_pattern: str, where: str, what: str = "DISTINCT ?c") -> int:
    query = f"SELECT (COUNT({what}) AS ?n) WHERE {{ {concept_pattern} {where} }}"
    return int(next(iter(_select(store, query, graph)))[0].value)


def catalog_counts(store: ox.Store, graph: ox.NamedNode, catalog_id: str, ns: Namespaces) -> dict:
    scheme = str(scheme_for(catalog_id, ns))
    occ = str(ns.vocab)
    concept = f"?c <{_SKOS}inScheme> <{scheme}> ; a <{_SKOS}Concept> ."
    green, digital = f"?c <{occ}green> true .", f"?c <{occ}digital> true ."

    def count(where: str, what: str = "DISTINCT ?c") -> int:
        return _count(store, graph, concept, where, what)

    out: dict = {
        "id": catalog_id, "scheme": scheme, "concepts": count(""),
        "occupations": count(f"?c a <{_SCHEMA_OCCUPATION}> ."),
        "green": count(green), "digital": count(digital), "both": count(green + digital),
        "alt_labels": count(f"?c <{_SKOS}altLabel> ?label .", "*"),
        "en_labels": count(f'?c <{_SKOS}prefLabel> ?label . FILTER(LANG(?label) = "en")'),
        "zh_labels": count(f'?c <{_SKOS}prefLabel> ?label . FILTER(LANG(?label) = "zh")'),
    }
    levels: dict[str, int] = {}
    rows = _select(store, f"SELECT ?level (COUNT(*) AS ?n) WHERE {{ {concept} ?c <{occ}level> ?level }} GROUP BY ?level",
                   graph)
    for row in rows:
        name = row[0].value.rsplit("#", 1)[-1]
        levels[name] = levels.get(name, 0) + int(row[1].value)
    if levels:
        out["levels"] = dict(sorted(levels.items()))
    return out


def store_stats(store: ox.Store, graph_iri: str, catalog_ids: list[str], ns: Namespaces) -> dict:
    """``dataset_stats`` of the whole dataset, read from the store's graph ``graph_iri``."""
    graph = ox.NamedNode(graph_iri)
    prefixes = [p for p in catalog_prefixes(ns) if p[2] in catalog_ids]
    per_subject = _select(store, "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s", graph)
    triples = {cid: 0 for cid in catalog_ids}
    total = 0
    for row in per_subject:
        count = int(row[1].value)
        total += count
        subject = row[0]
        if not isinstance(subject, ox.NamedNode):
            continue
        for namespace, scheme, catalog_id in prefixes:
            if subject.value == scheme or subject.value.startswith(namespace):
                triples[catalog_id] += count
                break
    catalogs = [{**catalog_counts(store, graph, cid, ns), "triples": triples[cid]} for cid in catalog_ids]
    return {"triples": total, "catalogs": catalogs}
