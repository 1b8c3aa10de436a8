"""An SSSOM/TSV file as RDF, so the mapping shapes check files and the dataset alike.

The layout must be readable (UTF-8, metadata block, known columns, one cell per
column): otherwise InputError, exit 2. Values are *not* judged here — a
confidence of 1.7, an unknown predicate or a CURIE with an undeclared prefix
become RDF the shapes then report (exit 1), so one run names every problem
instead of stopping at the first. (``occlink.mappings.sssom.read_sssom``, the
strict reader, stops at the first problem: right for loading, wrong for a report.)

The RDF is made by ``occlink.mappings.graph.add_axiom`` (SSSOM's OWL-axiom form, the slot URIs of
the SSSOM schema): one ``owl:Axiom`` per row, IRI ``<file URI>#row=N`` so a result
names the file and row. A value that cannot be an IRI (undeclared prefix) stays
a plain literal, and a malformed number or date stays a plain string, which the
shapes refuse by node kind or datatype.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD
from rdflib.term import Node

from occlink.errors import InputError
from occlink.mappings.graph import add_axiom
from occlink.mappings.sssom import BUILTIN_PREFIXES, CURIE_RE, DATE_RE, body_rows, parse_header
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, SSSOM, Namespaces

# the slots whose cells are IRIs (or CURIEs), several per cell separated by "|"
IRI_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification", "author_id", "reviewer_id",
               "creator_id", "object_source", "subject_source")


def decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")  # a BOM is accepted (spreadsheet exports add one)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", source=str(path)) from None
    if "\x00" in text:
        raise InputError("binary content (NUL byte)", source=str(path))
    if not text.strip():
        raise InputError("empty file", source=str(path))
    return text


def sssom_file_graph(path: Path, data: bytes, ns: Namespaces) -> Graph:
    name = str(path)
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in decode(path, data).split("\n")]
    metadata, columns, header_line = parse_header(lines, name)

    prefixes = {**BUILTIN_PREFIXES, **metadata["curie_map"], **ns.curie_map(), "occlink": ns.base}  # type: ignore[dict-item]
    file_iri = path.resolve().as_uri()
    g = Graph()
    set_iri = URIRef(file_iri)
    g.add((set_iri, RDF.type, SSSOM.MappingSet))
    for key, prop in (("license", DCTERMS.license), ("mapping_set_id", SSSOM.mapping_set_id)):
        value = metadata.get(key)
        if isinstance(value, str) and value:
            g.add((set_iri, prop, URIRef(value)))
    set_sources = {k: metadata.get(k) for k in ("subject_source", "object_source")}

    def cell_terms(column: str, value: str) -> tuple[Node, ...]:
        if column in IRI_COLUMNS:
            return tuple(_iri_or_text(v, prefixes, ns) for v in value.split("|"))
        if column == "predicate_modifier":  # SSSOM's only modifier, Not, is sssom:NegatedPredicate
            return (SSSOM.NegatedPredicate if value == "Not" else Literal(value),)
        if column == "confidence":
            return (_number(value),)
        if column == "mapping_date":
            return (Literal(value, datatype=XSD.date) if DATE_RE.match(value) else Literal(value),)
        if column in ("subject_label", "object_label", "comment"):
            return (Literal(value),)
        return ()  # reviewer_agreement, review_date: not in the file form the shapes check

    for number, row in body_rows(lines, columns, header_line, name):
        for key, value in set_sources.items():
            if isinstance(value, str) and value and key not in row:
                row[key] = value
        add_axiom(g, set_iri, URIRef(f"{file_iri}#row={number}"), row, cell_terms)
    return g


def _iri_or_text(value: str, prefixes: dict[str, str], ns: Namespaces) -> URIRef | Literal:
    if re.match(r"^https?://", value):
        return URIRef(value.replace(DEFAULT_BASE_IRI, ns.base, 1))
    match = CURIE_RE.match(value)
    if match and match.group(1) in prefixes:
        return URIRef(prefixes[match.group(1)] + match.group(2))
    return Literal(value)  # undeclared prefix or not a CURIE: the shapes report it


def _number(text: str) -> Literal:
    try:
        float(text)
    except ValueError:
        return Literal(text)
    return Literal(text, datatype=XSD.double)
