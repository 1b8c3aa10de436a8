"""VoID statistics read from the graph: dataset sizes, class partitions, linksets.

Rules (documented in docs/publishing.md):

* the whole dataset counts every triple of the published graph, the metadata
  included — ``void:triples`` equals the line count of ``occlink.nt``;
* a catalog subset counts the triples whose subject is one of its resources
  (IRIs under its namespace, plus its concept scheme), crosswalk links included;
* a linkset groups the triples whose subject and object belong to two
  different catalogs, by (subject catalog, object catalog, predicate).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from occlink.taxonomy.catalogs import CATALOGS
from occlink.taxonomy.namespaces import VOID, XSD, Namespaces
from occlink.triples import TripleSink

_RDF_TYPE = RDF.type  # DefinedNamespace attribute lookups cost a call each: once per module


@dataclass
class PartStats:
    """Counts of one (sub)dataset; sets so that adding a triple twice changes nothing."""

    triples: int = 0
    subjects: set = field(default_factory=set)
    properties: set = field(default_factory=set)
    members: dict = field(default_factory=lambda: defaultdict(set))  # class → typed subjects

    @classmethod
    def of(cls, triples: list) -> PartStats:
        """The stats of distinct triples, counted in bulk (set comprehensions, not a call a triple)."""
        members: dict = defaultdict(set)
        # a set lookup compares by hash and identity first: no rdflib __eq__ call per triple
        is_type = {_RDF_TYPE}
        for s, p, o in triples:
            if p in is_type:
                members[o].add(s)
        return cls(len(triples), {t[0] for t in triples}, {t[1] for t in triples}, members)

    def add(self, s, p, o) -> None:
        self.triples += 1
        self.subjects.add(s)
        self.properties.add(p)
        if p == _RDF_TYPE:
            self.members[o].add(s)

    @property
    def entities(self) -> int:
        return len({s for members in self.members.values() for s in members})


def catalog_prefixes(ns: Namespaces) -> list[tuple[str, str, str]]:
    """(namespace, scheme IRI, catalog id) — the IRIs that make up each catalog."""
    return [(c.namespace(ns), str(c.scheme(ns)), c.id) for c in CATALOGS.values()]


def catalog_of(term, prefixes: list[tuple[str, str, str]]) -> str | None:
    if type(term) is not URIRef and not isinstance(term, URIRef):  # rdflib's terms are ABCs: type() first
        return None
    text = str(term)
    for namespace, scheme, catalog_id in prefixes:
        if text == scheme or text.startswith(namespace):
            return catalog_id
    return None


def graph_stats(graph: Iterable, ns: Namespaces, catalog_ids: list[str]) -> tuple[
        PartStats, dict[str, PartStats], dict[tuple[str, str, URIRef], int]]:
    """Stats of the whole graph (distinct triples), of each catalog, and linkset sizes."""
    prefixes = [p for p in catalog_prefixes(ns) if p[2] in catalog_ids]
    triples = graph if isinstance(graph, list) else list(graph)
    by_home: dict[str, list] = {cid: [] for cid in catalog_ids}
    links: dict[tuple[str, str, URIRef], int] = defaultdict(int)
    homes: dict = {}  # term → catalog id or None: each distinct term is matched against the prefixes once
    for triple in triples:
        s = triple[0]
        try:
            home = homes[s]
        except KeyError:
            home = homes[s] = catalog_of(s, prefixes)
        if home is not None:
            by_home[home].append(triple)
    not_links = {_RDF_TYPE}  # a set lookup: hash and identity, no rdflib __eq__ call a triple
    for home, owned in by_home.items():
        for _, p, o in owned:
            if p in not_links or type(o) is Literal:  # neither links two catalogs
                continue
            try:
                target = homes[o]
            except KeyError:
                target = homes[o] = catalog_of(o, prefixes)
            if target is not None and target != home:
                links[(home, target, p)] += 1
    parts = {cid: PartStats.of(owned) for cid, owned in by_home.items()}
    return PartStats.of(triples), parts, dict(links)


def _local(ns: Namespaces, iri: URIRef) -> str:
    """A class or property IRI as one readable path segment: skos:Concept → skos-Concept."""
    compact = ns.compact(str(iri))
    return "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in compact)


def linkset_iri(ns: Namespaces, home: str, target: str, predicate: URIRef) -> URIRef:
    return ns.dataset[f"linkset/{home}--{target}/{_local(ns, predicate)}"]


def describe_counts(g: TripleSink, ns: Namespaces, dataset: URIRef, stats: PartStats) -> None:
    """void:triples/entities/classes/properties/distinctSubjects and one class partition per class."""
    def integer(value: int) -> Literal:
        return Literal(value, datatype=XSD.integer)

    g.add((dataset, VOID.triples, integer(stats.triples)))
    g.add((dataset, VOID.entities, integer(stats.entities)))
    g.add((dataset, VOID.classes, integer(len(stats.members))))
    g.add((dataset, VOID.properties, integer(len(stats.properties))))
    g.add((dataset, VOID.distinctSubjects, integer(len(stats.subjects))))
    for cls in sorted(stats.members, key=str):
        partition = URIRef(f"{dataset}/class/{_local(ns, cls)}")
        g.add((dataset, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, integer(len(stats.members[cls]))))


def describe_linksets(g: TripleSink, ns: Namespaces, whole: URIRef,
                      links: dict[tuple[str, str, URIRef], int]) -> list[URIRef]:
    out = []
    for (home, target, predicate), count in sorted(links.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2]))):
        linkset = linkset_iri(ns, home, target, predicate)
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((whole, VOID.subset, linkset))
        g.add((linkset, VOID.subjectsTarget, ns.dataset[home]))
        g.add((linkset, VOID.objectsTarget, ns.dataset[target]))
        g.add((linkset, VOID.linkPredicate, predicate))
        g.add((linkset, VOID.triples, Literal(count, datatype=XSD.integer)))
        out.append(linkset)
    return out
