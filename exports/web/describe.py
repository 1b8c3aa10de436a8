"""Which IRIs resolve, and what a resource's description holds.

A *document* is the part of a dataset IRI after the base, without its
fragment: ``csco/2022/2-02-38-01`` for the national concept, ``vocab`` for
every ``vocab#…`` term (hash IRIs share their document).

A description (CBD-like, no blank nodes exist to follow) contains:
  * every triple of the document's subjects;
  * the triples of sub-resources minted under the IRI (``…/label/en``,
    ``…/inferred/green``) — they exist only to qualify it; concepts, schemes and
    collections minted under it (a scheme's concepts) are linked, not inlined;
  * incoming links, except fan-in predicates that would flood a page
    (inScheme, member, broader, type — the outgoing side already tells);
    at most ``MAX_INCOMING`` per predicate (the first by IRI; SPARQL gives all);
  * for incoming mapping records (under ``{base}mappings/``) their triples:
    the provenance of every mapping that involves the resource;
  * labels (skos:prefLabel, rdfs:label, skos:notation, dct:title) of every linked IRI,
    so a client can show names without a second request.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from occlink.taxonomy.namespaces import Namespaces

LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, SKOS.notation, DCTERMS.title)
FAN_IN = {SKOS.inScheme, SKOS.member, SKOS.broader, SKOS.topConceptOf, RDF.type}
MAX_INCOMING = 100
FIRST_CLASS = {SKOS.Concept, SKOS.ConceptScheme, SKOS.Collection}


class ResourceIndex:
    """Triples grouped by subject and by document path, built once per dataset."""

    def __init__(self, graph: Graph, ns: Namespaces):
        self.graph = graph
        self.ns = ns
        self.outgoing: dict[Node, list[tuple]] = defaultdict(list)
        self.incoming: dict[URIRef, list[tuple]] = defaultdict(list)
        documents: dict[str, set[URIRef]] = defaultdict(set)
        for s, p, o in graph:
            self.outgoing[s].append((p, o))
            if isinstance(o, URIRef) and p not in FAN_IN:
                self.incoming[o].append((s, p))
            if isinstance(s, URIRef):
                path = self.document_path(s)
                if path is not None:
                    documents[path].add(s)
        self.documents = {path: sorted(subjects) for path, subjects in sorted(documents.items())}
        for links in self.incoming.values():
            links.sort(key=lambda x: (str(x[1]), str(x[0])))

    def incoming_links(self, target: URIRef) -> tuple[list[tuple], int]:
        """(kept links, number left out) for one target, at most MAX_INCOMING per predicate."""
        kept: list[tuple] = []
        per_predicate: defaultdict[Node, int] = defaultdict(int)
        dropped = 0
        for s, p in self.incoming.get(target, ()):
            per_predicate[p] += 1
            if per_predicate[p] > MAX_INCOMING:
                dropped += 1
            else:
                kept.append((s, p))
        return kept, dropped

    def _first_class(self, iri: URIRef) -> bool:
        """Concepts, schemes and collections stand on their own even when minted under
        another IRI (csco:1-00-00-00 under the scheme csco/2022): they are linked, not inlined."""
        return any(p == RDF.type and o in FIRST_CLASS for p, o in self.outgoing.get(iri, ()))

    def document_path(self, iri: str) -> str | None:
        """Path of the document holding ``iri`` (None when it is not a dataset IRI)."""
        base = self.ns.base
        if not str(iri).startswith(base):
            return None
        path = str(iri)[len(base):].split("#", 1)[0]
        return path or None

    def document_iri(self, path: str) -> URIRef:
        return URIRef(self.ns.base + path)

    def subjects_of(self, path: str) -> list[URIRef]:
        return self.documents.get(path, [])

    def describe(self, path: str) -> Graph:
        """The description graph of a document (empty when the path is unknown)."""
        out = Graph()  # prefixes are bound by the writers (exports/dumps/serialize.py)
        subjects = self.subjects_of(path)
        if not subjects:
            return out
        main = str(self.document_iri(path))
        seen: set[URIRef] = set()
        queue = list(subjects)
        while queue:  # the subjects, then sub-resources minted under the IRI
            s = queue.pop()
            if s in seen:
                continue
            seen.add(s)
            for p, o in self.outgoing.get(s, ()):
                out.add((s, p, o))
                if isinstance(o, URIRef) and str(o).startswith(main + "/") and o not in seen \
                        and not self._first_class(o):
                    queue.append(o)
        for target in subjects:
            for s, p in self.incoming_links(target)[0]:
                out.add((s, p, target))
                if str(s).startswith(str(self.ns.mapping)):
                    for p2, o2 in self.outgoing.get(s, ()):
                        out.add((s, p2, o2))
        linked = {t for triple in out for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
        for iri in linked - seen:
            for p, o in self.outgoing.get(iri, ()):
                if p in LABEL_PREDICATES:
                    out.add((iri, p, o))
        return out


@lru_cache(maxsize=4)
def resource_index(base: str, mappings_dir: Path | None = None) -> ResourceIndex:
    """The pages' index of the dataset with the decisions of ``mappings_dir`` (None: the shipped sets)."""
    from occlink.graph.dataset import cached_dataset
    return ResourceIndex(cached_dataset(base, mappings_dir), Namespaces(base))
