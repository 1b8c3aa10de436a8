"""An SSSOM/TSV file as RDF, so the mapping shapes check files and the dataset alike.

The layout must be readable (UTF-8, metadata block, known columns, one cell per
column): otherwise InputError, exit 2. Values are *not* judged here — a
confidence of 1.7, an unknown predicate or a CURIE with an undeclared prefix
become RDF the shapes then report (exit 1), so one run names every problem
instead of stopping at the first. (``occlink.mappings.sssom.read_sssom``, the
strict reader, stops at the first problem: right for loading, wrong for a report.)

The RDF follows ``occlink.mappings.graph`` (SSSOM's OWL-axiom form, the slot URIs of
the SSSOM schema): one ``owl:Axiom`` per row, IRI ``<file URI>#row=N`` so a result
names the file and row. A value that cannot be an IRI (undeclared prefix) stays
a plain literal, and a malformed number or date stays a plain string, which the
shapes refuse by node kind or datatype.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from occlink.errors import InputError
from occlink.mappings.sssom import BUILTIN_PREFIXES, CURIE_RE, DATE_RE, body_rows, parse_header
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, PAV, SSSOM, Namespaces

IRI_COLUMNS = {
    "subject_id": OWL.annotatedSource, "predicate_id": OWL.annotatedProperty, "object_id": OWL.annotatedTarget,
    "mapping_justification": SSSOM.mapping_justification, "author_id": PAV.authoredBy,
    "reviewer_id": SSSOM.reviewer_id, "creator_id": SSSOM.creator_id, "object_source": SSSOM.object_source,
    "subject_source": SSSOM.subject_source,
}
TEXT_COLUMNS = {"subject_label": SSSOM.subject_label, "object_label": SSSOM.object_label}


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

    for number, row in body_rows(lines, columns, header_line, name):
        for key, value in set_sources.items():
            if isinstance(value, str) and value and key not in row:
                row[key] = value
        axiom = URIRef(f"{file_iri}#row={number}")
        g.add((set_iri, SSSOM.mappings, axiom))
        g.add((axiom, DCTERMS.isPartOf, set_iri))
        g.add((axiom, RDF.type, OWL.Axiom))
        if row.get("predicate_modifier"):  # SSSOM's only modifier, Not, is sssom:NegatedPredicate
            g.add((axiom, SSSOM.predicate_modifier, SSSOM.NegatedPredicate if row["predicate_modifier"] == "Not"
                   else Literal(row["predicate_modifier"])))
        for col, prop in IRI_COLUMNS.items():
            for value in row.get(col, "").split("|") if row.get(col) else ():
                g.add((axiom, prop, _iri_or_text(value, prefixes, ns)))
        for col, prop in TEXT_COLUMNS.items():
            if row.get(col):
                g.add((axiom, prop, Literal(row[col])))
        if row.get("confidence"):
            g.add((axiom, SSSOM.confidence, _number(row["confidence"])))
        if row.get("mapping_date"):
            date = row["mapping_date"]
            g.add((axiom, DCTERMS.created, Literal(date, datatype=XSD.date) if DATE_RE.match(date)
                   else Literal(date)))
        if row.get("comment"):
            g.add((axiom, RDFS.comment, Literal(row["comment"])))
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
