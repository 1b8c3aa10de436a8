"""Small graphs with known defects, shared by the shapes and validate tests."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.taxonomy.csco_graph import csco_graph
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()
SAMPLE_CODES = ("2-00-00-00", "2-02-00-00", "2-02-38-00", "2-02-38-01", "2-02-38-02", "2-02-38-03")


def national_sample(ns: Namespaces = NS) -> Graph:
    """The national scheme, a few concepts under 2-02-38 and the two marker collections."""
    full = csco_graph(ns)
    keep = {ns.csco[c] for c in SAMPLE_CODES}
    keep |= {ns.csco_scheme, ns.csco["collection/green"], ns.csco["collection/digital"]}
    g = Graph()
    for s, p, o in full:
        if s in keep and (not isinstance(o, URIRef) or o in keep or not str(o).startswith(str(ns.csco))
                          or p == RDF.type):
            g.add((s, p, o))
    return g


def corrupted_sample(ns: Namespaces = NS) -> Graph:
    """One defect of each kind the national shapes look for, each on its own concept."""
    g = national_sample(ns)
    c = ns.csco
    occ = ns.vocab
    # 2-02-38-01: English label removed and code corrupted
    g.remove((c["2-02-38-01"], SKOS.prefLabel, Literal("Artificial intelligence engineer", lang="en")))
    g.remove((c["2-02-38-01"], SKOS.notation, Literal("2-02-38-01")))
    g.add((c["2-02-38-01"], SKOS.notation, Literal("2-02-38-1X")))
    # 2-02-38-02: level contradicts the code; broader cycle with 2-02-38-03
    g.set((c["2-02-38-02"], occ.level, occ.small))
    g.set((c["2-02-38-03"], SKOS.broader, c["2-02-38-02"]))
    g.set((c["2-02-38-02"], SKOS.broader, c["2-02-38-03"]))
    # 2-02-38-00: marked green without being in the green collection; two Chinese labels
    g.set((c["2-02-38-00"], occ.green, Literal(True)))
    g.add((c["2-02-38-00"], SKOS.prefLabel, Literal("另一个名称", lang="zh")))
    return g
