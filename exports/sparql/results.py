"""Write query results: SPARQL 1.1 JSON/XML/TSV, spreadsheet-safe CSV/TSV, a text table, RDF.

Spreadsheet safety: in CSV and plain TSV a string cell that starts with ``=``,
``+``, ``-`` or ``@`` gets a leading apostrophe, so Excel/LibreOffice show it as
text instead of evaluating it as a formula (OWASP "CSV injection"). Typed
numeric literals are never guarded: ``-2`` stays ``-2`` (a spreadsheet reads it
as the number it is, and pandas as an integer). The SPARQL 1.1
TSV form (``sparql-tsv``, used by the server for text/tab-separated-values)
always writes terms in N-Triples syntax (``<iri>``, ``"text"@zh``,
``"-1"^^<…integer>``), so no cell can start with those characters.
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from occlink.exports.sparql.query import QueryResult
from occlink.mappings.text import column_widths, table, table_line

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD_NS + "string"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMULA_START = ("=", "+", "-", "@")
NUMERIC_TYPES = frozenset(XSD_NS + name for name in (
    "integer", "decimal", "double", "float", "long", "int", "short", "byte", "nonNegativeInteger",
    "nonPositiveInteger", "negativeInteger", "positiveInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte"))
RESULT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA_TYPES = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples",
                     "rdfxml": "application/rdf+xml", "nquads": "application/n-quads"}


def plain(term) -> str:
    """The value a person reads: IRI text, literal lexical form, '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def neutralize(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def is_number(term) -> bool:
    """A literal typed with an XSD numeric datatype (its lexical form is a number, not a formula)."""
    return isinstance(term, ox.Literal) and not term.language and term.datatype.value in NUMERIC_TYPES


def sheet_cell(term) -> str:
    """A term's value for a spreadsheet: numbers as they are, anything else formula-guarded."""
    return plain(term) if is_number(term) else neutralize(plain(term))


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
    return result.variables, [[sheet_cell(t) for t in row] for row in result.rows]


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
    header, rows = (["boolean"], [["true" if result.boolean else "false"]]) if result.kind == "ask" else (
        result.variables, [[plain(t).replace("\n", " ") for t in row] for row in result.rows])
    out = table(header, rows, underline=True)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def graph_text(result: QueryResult, fmt: str, ns) -> str:
    """CONSTRUCT/DESCRIBE results as Turtle, JSON-LD or N-Triples via the project's writers, RDF/XML via
    rdflib's, N-Quads as N-Triples (every triple of a query result is in the default graph)."""
    from rdflib import Graph  # imported here: SELECT and ASK answers are written without rdflib (~0.05 s)

    from occlink.exports.dumps.serialize import serialize
    from occlink.terms import to_rdflib  # one oxigraph → rdflib term conversion

    graph = Graph()
    ns.bind(graph)
    for triple in result.triples:  # terms of a result triple are never None
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    if fmt == "rdfxml":
        return graph.serialize(format="xml")
    return serialize(graph, "ntriples" if fmt == "nquads" else fmt, ns)


def select_text(result: QueryResult, fmt: str) -> str:
    return {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv, "sparql-tsv": to_sparql_tsv,
            "table": to_table}[fmt](result)


class StreamWriter:
    """Writes a query's messages (``exports.query.evaluate``) as they arrive: memory stays bounded.

    ``fmt`` is table, csv, tsv or json for SELECT/ASK; CONSTRUCT/DESCRIBE are written as
    Turtle, one statement per triple under the project's prefixes. ``write`` takes text.
    """

    def __init__(self, fmt: str, write, ns):
        self.fmt, self.write, self.ns = fmt, write, ns
        self.kind = "select"
        self.variables: list[str] = []
        self.count = 0
        self.truncated = False
        self._widths: list[int] | None = None
        self._prefixes = sorted(ns.curie_map().items(), key=lambda item: -len(item[1]))

    def __call__(self, message) -> None:
        from occlink.exports.sparql.query import decode_term
        tag = message[0]
        if tag == "head":
            self.kind, self.variables = message[1], list(message[2])
            self._head()
        elif tag == "rows":
            rows = [tuple(decode_term(t) for t in row) for row in message[1]]
            self._rows(rows)
            self.count += len(rows)
        elif tag == "triples":
            self.write("".join(self._statement(triple) for triple in message[1]))
            self.count += len(message[1])
        elif tag == "boolean":
            self._rows(None, boolean=message[1])
        elif tag == "end":
            self.truncated = message[1]
            self._end()

    def _head(self) -> None:
        if self.kind == "graph":
            self.write("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(self._prefixes)) + "\n")
        elif self.kind == "ask":
            return
        elif self.fmt == "csv":
            self.write(_csv_line(self.variables))
        elif self.fmt == "tsv":
            self.write("\t".join(self.variables) + "\n")
        elif self.fmt == "json":
            self.write('{"head": {"vars": ' + json.dumps(self.variables, ensure_ascii=False)
                       + '}, "results": {"bindings": [\n')

    def _rows(self, rows, boolean=None) -> None:
        if boolean is not None:  # ASK: one document
            result = QueryResult("ask", boolean=boolean)
            self.write(to_json(result) if self.fmt == "json" else select_text(result, self.fmt))
            return
        if self.fmt == "csv":
            self.write("".join(_csv_line([sheet_cell(t) for t in row]) for row in rows))
        elif self.fmt == "tsv":
            self.write("".join("\t".join(_tsv_cell(sheet_cell(t)) for t in row) + "\n" for row in rows))
        elif self.fmt == "json":
            lines = [json.dumps({n: _binding(t) for n, t in zip(self.variables, row) if t is not None},
                                ensure_ascii=False) for row in rows]
            self.write(("" if self.count == 0 else ",\n") + ",\n".join(lines))
        else:
            self._table_rows([[plain(t).replace("\n", " ") for t in row] for row in rows])

    def _table_rows(self, rows: list[list[str]]) -> None:
        if self._widths is None:  # the first batch sets the column widths (later, longer cells just widen)
            self._widths = column_widths(self.variables, rows)
            self.write(table_line(self.variables, self._widths) + "\n"
                       + table_line(["-" * w for w in self._widths], self._widths) + "\n")
        widths = self._widths
        self.write("".join(table_line(r, widths) + "\n" for r in rows))

    def _end(self) -> None:
        if self.kind == "select" and self.fmt == "json":
            self.write("\n]}}\n")
        elif self.kind == "select" and self.fmt == "table":
            if self._widths is None:
                self._table_rows([])
            self.write(f"({self.count} row{'s' if self.count != 1 else ''})\n")

    def _term(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            for prefix, iri in self._prefixes:
                local = term.value[len(iri):]
                if term.value.startswith(iri) and _SAFE_LOCAL.fullmatch(local):
                    return f"{prefix}:{local}"
            return f"<{term.value}>"
        if isinstance(term, ox.Triple):
            return f"<< {self._term(term.subject)} {self._term(term.predicate)} {self._term(term.object)} >>"
        return _nt_term(term)

    def _statement(self, triple) -> str:
        from occlink.exports.sparql.query import decode_term
        s, p, o = (decode_term(t) for t in triple)
        verb = "a" if p.value == RDF_TYPE else self._term(p)
        return f"{self._term(s)} {verb} {self._term(o)} .\n"


_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def _csv_line(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()
