"""Counts per catalog, read from the graph (not from the source tables)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from occlink.taxonomy.catalogs import scheme_for
from occlink.taxonomy.namespaces import SCHEMA, Namespaces


def catalog_stats(graph: Graph, catalog_id: str, ns: Namespaces) -> dict:
    scheme = scheme_for(catalog_id, ns)
    occ = ns.vocab
    concepts = {s for s in graph.subjects(SKOS.inScheme, scheme) if (s, RDF.type, SKOS.Concept) in graph}
    occupations = {s for s in concepts if (s, RDF.type, SCHEMA.Occupation) in graph}
    true = Literal(True)
    green = {s for s in concepts if (s, occ.green, true) in graph}
    digital = {s for s in concepts if (s, occ.digital, true) in graph}
    levels: dict[str, int] = {}
    for s in concepts:
        for level in graph.objects(s, occ.level):
            name = str(level).rsplit("#", 1)[-1]
            levels[name] = levels.get(name, 0) + 1
    out = {
        "id": catalog_id,
        "scheme": str(scheme),
        "concepts": len(concepts),
        "occupations": len(occupations),
        "green": len(green),
        "digital": len(digital),
        "both": len(green & digital),
        "alt_labels": sum(1 for s in concepts for _ in graph.objects(s, SKOS.altLabel)),
        "en_labels": sum(1 for s in concepts if any(getattr(o, "language", None) == "en"
                                                    for o in graph.objects(s, SKOS.prefLabel))),
        "zh_labels": sum(1 for s in concepts if any(getattr(o, "language", None) == "zh"
                                                    for o in graph.objects(s, SKOS.prefLabel))),
    }
    if levels:
        out["levels"] = dict(sorted(levels.items()))
    return out


def dataset_stats(graph: Graph, catalog_ids: list[str], ns: Namespaces) -> dict:
    """Counts per catalog; ``triples`` of the whole graph and of each catalog by VoID's rule
    (graph/void_stats.py), so they agree with the dumps and with void:triples."""
    from occlink.graph.void_stats import graph_stats
    _, parts, _ = graph_stats(graph, ns, catalog_ids)
    catalogs = []
    for cid in catalog_ids:
        catalogs.append({**catalog_stats(graph, cid, ns), "triples": parts[cid].triples})
    return {"triples": len(graph), "catalogs": catalogs}
