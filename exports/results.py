"""Write query results: SPARQL 1.1 JSON/XML/TSV, spreadsheet-safe CSV/TSV, a text table, RDF.

Spreadsheet safety: in CSV and plain TSV a cell that starts with ``=``, ``+``,
``-`` or ``@`` gets a leading apostrophe, so Excel/LibreOffice show it as text
instead of evaluating it as a formula (OWASP "CSV injection"). The SPARQL 1.1
TSV form (``sparql-tsv``, used by the server for text/tab-separated-values)
always writes terms in N-Triples syntax (``<iri>``, ``"text"@zh``,
``"-1"^^<…integer>``), so no cell can start with those characters.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from occlink.shapes.engine import to_rdflib  # one oxigraph → rdflib term conversion

from .query import QueryResult

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMULA_START = ("=", "+", "-", "@")
RESULT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA_TYPES = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples"}


def plain(term) -> str:
    """The value a person reads: IRI text, literal lexical form, '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def neutralize(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _binding(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    if result.kind == "ask":
        doc: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [{name: _binding(term) for name, term in zip(result.variables, row) if term is not None}
                    for row in result.rows]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ask":
        out += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables) + "</head>")
    out.append("<results>")
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row):
            if term is None:
                continue
            b = _binding(term)
            if b["type"] == "uri":
                inner = f"<uri>{escape(b['value'])}</uri>"
            elif b["type"] == "bnode":
                inner = f"<bnode>{escape(b['value'])}</bnode>"
            else:
                attrs = ""
                if "xml:lang" in b:
                    attrs = f" xml:lang={quoteattr(b['xml:lang'])}"
                elif "datatype" in b:
                    attrs = f" datatype={quoteattr(b['datatype'])}"
                inner = f"<literal{attrs}>{escape(b['value'])}</literal>"
            cells.append(f"<binding name={quoteattr(name)}>{inner}</binding>")
        out.append("<result>" + "".join(cells) + "</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _rows_for_sheet(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    if result.kind == "ask":
        return ["boolean"], [["true" if result.boolean else "false"]]
    return result.variables, [[neutralize(plain(t)) for t in row] for row in result.rows]


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV (plain values, CRLF), with formula-looking cells neutralized."""
    header, rows = _rows_for_sheet(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _tsv_cell(value: str) -> str:
    # tabs and line breaks would break the row structure
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def to_tsv(result: QueryResult) -> str:
    """Plain values separated by tabs (for spreadsheets and shell tools), formula cells neutralized."""
    header, rows = _rows_for_sheet(result)
    lines = ["\t".join(header)] + ["\t".join(_tsv_cell(c) for c in row) for row in rows]
    return "\n".join(lines) + "\n"


def _nt_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        value = term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
            "\r", "\\r").replace("\t", "\\t")
        if term.language:
            return f'"{value}"@{term.language}'
        if term.datatype.value == XSD_STRING:
            return f'"{value}"'
        return f'"{value}"^^<{term.datatype.value}>'
    return str(term)


def to_sparql_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: header ``?var``, terms in N-Triples syntax."""
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_nt_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_table(result: QueryResult) -> str:
    """Aligned columns for the terminal (East Asian wide characters count double)."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    header, rows = (["boolean"], [["true" if result.boolean else "false"]]) if result.kind == "ask" else (
        result.variables, [[plain(t).replace("\n", " ") for t in row] for row in result.rows])
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def graph_text(result: QueryResult, fmt: str, ns) -> str:
    """CONSTRUCT/DESCRIBE results as Turtle, JSON-LD or N-Triples via the project's writers."""
    from rdflib import Graph

    from .serialize import serialize

    graph = Graph()
    for triple in result.triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return serialize(graph, fmt, ns)


def select_text(result: QueryResult, fmt: str) -> str:
    return {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv, "sparql-tsv": to_sparql_tsv,
            "table": to_table}[fmt](result)
