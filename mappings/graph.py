"""Reviewed mapping sets → RDF.

Three things come out of the curated ``*.sssom.tsv`` decision sets:

1. **SKOS mapping triples** — every accepted (positive) decision becomes
   ``<subject> skos:exactMatch|closeMatch|broadMatch|narrowMatch|relatedMatch <object>``,
   provided both concepts are in the dataset and no reviewer rejected the same pair
   (a contested pair is withheld until ``occlink review conflicts`` is resolved).
2. **The decisions themselves**, in the RDF shape of the SSSOM specification and sssom-py
   (``sssom parse -I rdf`` reads each set back): each set is ``occmap:{crosswalk}.{kind}`` typed
   ``sssom:MappingSet`` only, with ``dcterms:title``/``description``/``license`` and
   ``sssom:subject_source``/``object_source``; each row is
   ``occmap:{crosswalk}.{kind}/{subject}/{predicate}/{object}/{author}`` (the SSSOM ``record_id``)
   typed ``owl:Axiom`` only, with ``owl:annotatedSource/Property/Target``,
   ``sssom:mapping_justification``, ``sssom:confidence`` (canonical xsd:double),
   ``pav:authoredBy`` (author_id), ``dcterms:created`` (mapping_date), ``sssom:reviewer_id``,
   ``sssom:reviewer_agreement``, ``sssom:review_date``, ``rdfs:comment``, and for rejections
   ``sssom:predicate_modifier sssom:NegatedPredicate``. occlink's own provenance is extra triples
   SSSOM readers skip (``occ:reviewOutcome``, ``occ:crosswalk``, ``occ:mappingCount``,
   ``dct:isPartOf``, ``dct:creator``); the DCAT description of each set is a separate resource
   (``exports.metadata``), because sssom-py refuses a mapping set with a second ``rdf:type``.
3. **Inferred markers** — a Qianhai (or any non-national) concept with an accepted
   exactMatch/closeMatch to a national concept marked green (L) or digital (S) gets
   ``occ:green true`` / ``occ:digital true`` plus an ``occ:InferredMarker`` resource
   (``{concept}/inferred/{green|digital}``) that says where it came from:
   ``prov:wasDerivedFrom`` the mapping axiom(s) and the national concept(s),
   ``prov:wasAttributedTo`` the project. Broader/narrower/related mappings do not carry
   markers (a specialization of a digital occupation is not necessarily digital).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from occlink.mappings.decisions import KINDS
from occlink.mappings.sssom import REVIEWER_PREFIXES, MappingSet, packaged_mapping_files, read_sssom
from occlink.taxonomy.namespaces import ESCO_OCCUPATION, PAV, SEMAPV, SSSOM, Namespaces
from occlink.taxonomy.vocabulary import new_graph
from occlink.triples import TripleList, TripleSink, graph_of

MARKER_PREDICATES = ("skos:exactMatch", "skos:closeMatch")
MARKERS = ("green", "digital")
_FILE = re.compile(r"^(?P<crosswalk>[a-z0-9]+-[a-z0-9]+)\.(?P<kind>positive|negative|unsure)\.sssom\.tsv$")


def double_literal(value: str | float) -> Literal:
    """An xsd:double in its canonical lexical form (``0.99`` → ``9.9E-1``), the form JSON-LD
    processors produce, so that every serialization gives the same triples. rdflib would normalize
    it back to ``0.99``, hence ``normalize=False``."""
    mantissa, _, exponent = f"{float(value):.15E}".partition("E")
    mantissa = mantissa.rstrip("0")
    mantissa += "0" if mantissa.endswith(".") else ""
    return Literal(f"{mantissa}E{int(exponent)}", datatype=XSD.double, normalize=False)


def _safe(text: str) -> str:
    """A CURIE as one IRI path segment: ``qh:d06`` → ``qh-d06``."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", text)


def axiom_iri(ns: Namespaces, crosswalk: str, kind: str, row: dict[str, str]) -> URIRef:
    """The IRI of one decision row's mapping axiom (also named by chained candidates as a source)."""
    local = "/".join(_safe(x) for x in (row["subject_id"], row["predicate_id"].partition(":")[2],
                                       row["object_id"], row.get("author_id", "") or "anonymous"))
    return ns.mapping[f"{crosswalk}.{kind}/{local}"]


def reviewer_iri(ns: Namespaces, curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix == "occrev":
        return URIRef(f"{ns.base}reviewer/{local}")
    if prefix in REVIEWER_PREFIXES:
        return URIRef(REVIEWER_PREFIXES[prefix] + local)
    return URIRef(ns.expand(curie))


def _expand(ns: Namespaces, curie: str, curie_map: dict[str, str]) -> URIRef:
    """Our own prefixes follow the configured base; other prefixes use the file's curie_map."""
    prefix, _, local = curie.partition(":")
    own = ns.curie_map()
    if prefix in own:
        return URIRef(own[prefix] + local)  # what ns.expand gives, without the converter's call
    if prefix in curie_map:
        return URIRef(curie_map[prefix] + local)
    return URIRef(curie)


def mapping_sets(folder: Path | None = None) -> list[tuple[str, str, MappingSet]]:
    """(crosswalk, kind, set) for every decision file, sorted by file name."""
    files = sorted(Path(folder).glob("*.sssom.tsv")) if folder else packaged_mapping_files()
    out = []
    for path in files:
        match = _FILE.match(path.name)
        if match:
            out.append((match["crosswalk"], match["kind"], read_sssom(path)))
    return out


def mappings_graph(ns: Namespaces, dataset: Graph | None = None, folder: Path | None = None) -> Graph:
    """The mapping sets, accepted SKOS mappings and inferred markers (see module docstring)."""
    g = new_graph()
    ns.bind(g)
    return graph_of(mapping_triples(ns, dataset if dataset is not None else Graph(), folder), g)


def mapping_triples(ns: Namespaces, dataset: Any, folder: Path | None = None) -> TripleList:
    """``mappings_graph``'s triples; ``dataset`` is the data they link (an rdflib Graph or an
    occlink.triples.TripleIndex: only ``subjects`` and ``in`` are asked)."""
    g = TripleList()
    occ = ns.vocab
    true = Literal(True)
    terms = _CellTerms(ns)
    sets = mapping_sets(folder)
    rejected = {(r["subject_id"], r["object_id"]) for _, kind, ms in sets if kind == "negative" for r in ms.rows}
    concepts = set(dataset.subjects(RDF.type, SKOS.Concept))
    marker_sources: dict[tuple[URIRef, str], list[tuple[URIRef, URIRef]]] = {}
    agents: set[str] = set()

    for crosswalk, kind, ms in sets:
        set_iri = ns.mapping[f"{crosswalk}.{kind}"]
        _describe_set(g, ns, set_iri, crosswalk, kind, ms)
        for row in ms.rows:
            subject = terms.iri(row["subject_id"], ms.curie_map)
            obj = terms.iri(row["object_id"], ms.curie_map)
            predicate = terms.iri(row["predicate_id"], ms.curie_map)
            author = row.get("author_id", "")
            axiom = axiom_iri(ns, crosswalk, kind, row)
            _describe_axiom(g, ns, axiom, set_iri, subject, predicate, obj, row, terms)
            if author:
                agents.add(author)
            accepted = (kind == "positive" and row.get("predicate_modifier") != "Not"
                        and (row["subject_id"], row["object_id"]) not in rejected)
            # ESCO occupations are referenced, not shipped as concepts: a link to one is published as is.
            if accepted and subject in concepts and (obj in concepts or obj.startswith(str(ESCO_OCCUPATION))):
                g.add((subject, predicate, obj))
                if row["predicate_id"] in MARKER_PREDICATES and obj.startswith(str(ns.csco)) \
                        and not subject.startswith(str(ns.csco)):
                    for flag in MARKERS:
                        if (obj, occ[flag], true) in dataset:
                            marker_sources.setdefault((subject, flag), []).append((axiom, obj))

    for curie in sorted(agents):
        agent = reviewer_iri(ns, curie)
        g.add((agent, RDF.type, PROV.Agent))
        g.add((agent, RDFS.label, Literal(curie)))
        if curie == "occrev:maintainers":
            g.add((agent, RDFS.label, Literal("occlink maintainers (reviewers of the shipped crosswalks)", lang="en")))
            g.add((agent, PROV.actedOnBehalfOf, ns.project))

    for (concept, flag), sources in sorted(marker_sources.items()):
        marker = URIRef(f"{concept}/inferred/{flag}")
        g.add((concept, occ[flag], Literal(True)))
        g.add((concept, occ.hasInferredMarker, marker))
        g.add((marker, RDF.type, occ.InferredMarker))
        g.add((marker, RDF.type, PROV.Entity))
        g.add((marker, occ.markerProperty, occ[flag]))
        g.add((marker, occ.markerOf, concept))
        g.add((marker, PROV.wasAttributedTo, ns.project))
        g.add((marker, DCTERMS.creator, ns.project))
        for axiom, national in sorted(sources):
            g.add((marker, PROV.wasDerivedFrom, axiom))
            g.add((marker, PROV.wasDerivedFrom, national))
        g.add((marker, RDFS.comment, Literal(
            f"Inferred: an accepted exact/close mapping links this concept to a national occupation marked "
            f"{'green (L)' if flag == 'green' else 'digital (S)'}.", lang="en")))
    return g


def _describe_set(g: TripleSink, ns: Namespaces, set_iri: URIRef, crosswalk: str, kind: str, ms: MappingSet) -> None:
    occ = ns.vocab
    g.add((set_iri, RDF.type, SSSOM.MappingSet))
    g.add((set_iri, occ.reviewOutcome, Literal(kind)))
    g.add((set_iri, occ.crosswalk, Literal(crosswalk)))
    title = ms.metadata.get("mapping_set_title")
    if isinstance(title, str) and title:
        g.add((set_iri, DCTERMS.title, Literal(title, lang="en")))
    description = ms.metadata.get("mapping_set_description")
    if isinstance(description, str) and description:
        g.add((set_iri, DCTERMS.description, Literal(description, lang="en")))
    license_iri = ms.metadata.get("license")
    if isinstance(license_iri, str) and license_iri:
        g.add((set_iri, DCTERMS.license, URIRef(license_iri)))
    for key, prop in (("subject_source", SSSOM.subject_source), ("object_source", SSSOM.object_source)):
        value = ms.metadata.get(key)
        if isinstance(value, str) and value:
            g.add((set_iri, prop, source_iri(ns, value, ms.curie_map)))
    g.add((set_iri, occ.mappingCount, Literal(len(ms.rows), datatype=XSD.integer)))


def source_iri(ns: Namespaces, value: str, curie_map: dict[str, str]) -> URIRef:
    """subject_source/object_source: a CURIE (``occlink:csco/2022``) or, in older files, a full IRI."""
    if value.startswith(("http://", "https://")):
        return URIRef(value.replace("https://w3id.org/occlink/", ns.base, 1))
    prefix, _, local = value.partition(":")
    if prefix == "occlink":
        return URIRef(ns.base + local)
    return _expand(ns, value, curie_map)


# SSSOM slot → property of the row's owl:Axiom (the slot URIs of the SSSOM schema): one table for the
# published decision sets and for the files the mapping shapes check (shapes.sssom_rdf).
AXIOM_SLOTS: dict[str, URIRef] = {
    "subject_id": OWL.annotatedSource, "predicate_id": OWL.annotatedProperty, "object_id": OWL.annotatedTarget,
    "mapping_justification": SSSOM.mapping_justification, "predicate_modifier": SSSOM.predicate_modifier,
    "confidence": SSSOM.confidence, "reviewer_agreement": SSSOM.reviewer_agreement,
    "author_id": PAV.authoredBy, "reviewer_id": SSSOM.reviewer_id, "creator_id": SSSOM.creator_id,
    "subject_source": SSSOM.subject_source, "object_source": SSSOM.object_source,
    "subject_label": SSSOM.subject_label, "object_label": SSSOM.object_label,
    "mapping_date": DCTERMS.created, "review_date": SSSOM.review_date, "comment": RDFS.comment,
}


def add_axiom(g: TripleSink, set_iri: URIRef, axiom: URIRef, row: Mapping[str, str],
              cell_terms: Callable[[str, str], Iterable[Node]]) -> None:
    """One SSSOM row as an ``owl:Axiom`` of its mapping set: for every filled slot of AXIOM_SLOTS,
    the terms ``cell_terms(column, value)`` makes of the cell (none: the cell is left out)."""
    g.add((set_iri, SSSOM.mappings, axiom))
    g.add((axiom, DCTERMS.isPartOf, set_iri))
    g.add((axiom, RDF.type, OWL.Axiom))
    for column, prop in AXIOM_SLOTS.items():
        value = row.get(column)
        if value:
            for term in cell_terms(column, value):
                g.add((axiom, prop, term))


class _CellTerms:
    """The terms of SSSOM cells, each distinct cell made once per build (IRIs, dates, confidences
    and reviewers repeat across rows; a URIRef or Literal costs µs to make)."""

    def __init__(self, ns: Namespaces) -> None:
        self.ns = ns
        self._iris: dict[tuple[str, int], URIRef] = {}
        self._cells: dict[tuple[str, str], tuple[Node, ...]] = {}

    def iri(self, curie: str, curie_map: dict[str, str]) -> URIRef:
        key = (curie, id(curie_map))  # a file's own prefixes may differ from another's
        found = self._iris.get(key)
        if found is None:
            found = self._iris[key] = _expand(self.ns, curie, curie_map)
        return found

    def cell(self, column: str, value: str) -> tuple[Node, ...]:
        key = (column, value)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._make(column, value)
        return found

    def _make(self, column: str, value: str) -> tuple[Node, ...]:
        if column == "mapping_justification":
            return (SEMAPV[value.partition(":")[2]],) if value.startswith("semapv:") else ()
        if column == "predicate_modifier":
            return (SSSOM.NegatedPredicate,) if value == "Not" else ()
        if column in ("confidence", "reviewer_agreement"):
            return (double_literal(value),)
        if column in ("author_id", "reviewer_id"):
            return (reviewer_iri(self.ns, value),)
        if column in ("mapping_date", "review_date"):
            return (Literal(value, datatype=XSD.date),)
        if column == "comment":
            return (Literal(value, lang="en"),)
        if column in ("subject_label", "object_label"):
            return (Literal(value),)
        return ()  # creator_id, subject_source, object_source: the set describes them


def _describe_axiom(g: TripleSink, ns: Namespaces, axiom: URIRef, set_iri: URIRef, subject: URIRef,
                    predicate: URIRef, obj: URIRef, row: dict[str, str], terms: _CellTerms) -> None:
    expanded = {"subject_id": (subject,), "predicate_id": (predicate,), "object_id": (obj,)}

    def cell_terms(column: str, value: str) -> tuple[Node, ...]:
        return expanded[column] if column in expanded else terms.cell(column, value)

    add_axiom(g, set_iri, axiom, row, cell_terms)
    if row.get("author_id"):
        g.add((axiom, DCTERMS.creator, terms.cell("author_id", row["author_id"])[0]))
    # a reviewed chained candidate (semapv:MappingChaining): derived from both source mappings
    for key in ("subject_pivot_mapping", "object_pivot_mapping"):
        if row.get(key):
            g.add((axiom, PROV.wasDerivedFrom, source_iri(ns, row[key], {})))


__all__ = ["mappings_graph", "mapping_sets", "axiom_iri", "reviewer_iri", "add_axiom", "AXIOM_SLOTS", "KINDS"]
