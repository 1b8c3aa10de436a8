"""SPARQL over the dataset: an embedded Oxigraph store, read-only, with safely bound parameters.

The dataset is built once per process and base IRI, written as N-Triples and
bulk-loaded into an in-memory ``pyoxigraph.Store``. Queries may use the
project's CURIE prefixes (csco:, qh:, bj:, occ:, skos:, …) without declaring
them. Parameters are bound as RDF term objects through Oxigraph's
substitutions (SEP-0007), never by splicing text into the query.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from occlink.taxonomy.errors import InputError
from occlink.taxonomy.namespaces import Namespaces

UPDATE_REFUSED = "SPARQL updates are not allowed"
SERVICE_REFUSED = "SERVICE (federated query) is not allowed: the dataset is self-contained"
XSD = "http://www.w3.org/2001/XMLSchema#"
_SYNTAX_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)
_store_lock = threading.Lock()
# strings, IRIs and comments are blanked before looking for the SERVICE keyword
_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\b", re.I)


@dataclass
class QueryResult:
    """Materialized result: ``kind`` is select, ask or graph (CONSTRUCT/DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # one tuple of terms (or None) per solution
    boolean: bool | None = None
    triples: list = field(default_factory=list)  # pyoxigraph.Triple for graph results
    truncated: bool = False


@lru_cache(maxsize=4)
def _store_for(base: str) -> ox.Store:
    from occlink.exports.dataset import cached_dataset
    from occlink.exports.serialize import to_ntriples
    store = ox.Store()
    store.bulk_load(to_ntriples(cached_dataset(base)).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def dataset_store(ns: Namespaces) -> ox.Store:
    """The store of the dataset for this base IRI (built on first use, then shared)."""
    with _store_lock:  # the server may ask from several threads at once
        return _store_for(ns.base)


def _syntax_message(exc: Exception) -> str:
    text = str(exc)
    match = _SYNTAX_POSITION.match(text)
    if not match:
        return f"SPARQL syntax error: {text.splitlines()[0] if text else type(exc).__name__}"
    line, column, detail = match.groups()
    detail = " ".join(detail.split())
    if len(detail) > 160:  # Oxigraph lists every expected token; one line stays readable
        detail = detail[:157] + "..."
    return f"SPARQL syntax error at line {line}, column {column}: {detail}"


def is_update(text: str) -> bool:
    """True when ``text`` parses as a SPARQL 1.1 Update (parsing only: nothing runs)."""
    from rdflib.plugins.sparql.parser import parseUpdate
    try:
        parseUpdate(text)
    except Exception:  # any parse failure: not an update
        return False
    return True


def _prefix_declarations(ns: Namespaces) -> dict[str, str]:
    return dict(sorted(ns.curie_map().items()))


def parameter_term(value: str, ns: Namespaces):
    """Turn a ``--param`` value into an RDF term.

    ``<iri>`` → IRI; ``prefix:local`` with a project prefix → IRI; ``"text"@lang``
    → language-tagged literal; an integer → xsd:integer; true/false → xsd:boolean;
    anything else → a plain string literal.
    """
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise InputError(f"parameter value {value!r} is not a valid IRI: {exc}") from None
    lang = re.fullmatch(r'"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)', value, re.S)
    if lang:
        return ox.Literal(lang.group(1), language=lang.group(2))
    prefix, sep, local = value.partition(":")
    if sep and prefix in ns.curie_map() and not local.startswith("//"):
        return ox.NamedNode(ns.curie_map()[prefix] + local)
    if re.fullmatch(r"[+-]?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if value in ("true", "false"):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
    return ox.Literal(value)


def parse_params(pairs: list[str] | tuple[str, ...], text: str, ns: Namespaces) -> dict:
    """``NAME=VALUE`` strings → substitutions; a name the query does not use is refused."""
    bound: dict = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"--param {pair!r}: expected NAME=VALUE")
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise InputError(f"--param {name}: the query has no variable ?{name}")
        bound[ox.Variable(name)] = parameter_term(value, ns)
    return bound


def with_values(text: str, substitutions: dict) -> str:
    names = sorted(substitutions, key=lambda v: v.value)
    head = " ".join(f"?{v.value}" for v in names)
    row = " ".join(str(substitutions[v]) for v in names)
    return f"{text}\nVALUES ({head}) {{ ({row}) }}\n"


def uses_service(text: str) -> bool:
    return bool(_SERVICE.search(_NOT_CODE.sub(" ", text)))


def check_query(text: str, ns: Namespaces) -> None:
    """Refuse updates, syntax errors and SERVICE before the dataset is even loaded.

    Oxigraph parses when ``query`` is called and evaluates lazily, so asking an
    empty store is a parse-only check.
    """
    try:
        ox.Store().query(text, prefixes=_prefix_declarations(ns))
    except SyntaxError as exc:
        if is_update(text):
            raise InputError(UPDATE_REFUSED) from None
        raise InputError(_syntax_message(exc)) from None
    if uses_service(text):
        raise InputError(SERVICE_REFUSED)


def run_query(ns: Namespaces, text: str, substitutions: dict | None = None, *,
              limit: int | None = None, store: ox.Store | None = None) -> QueryResult:
    """Run a read-only query; ``limit`` caps rows/triples (``truncated`` tells when it bit)."""
    check_query(text, ns)
    store = store or dataset_store(ns)
    try:
        results = store.query(text, prefixes=_prefix_declarations(ns), substitutions=substitutions or None)
    except RuntimeError:
        if not substitutions:
            raise
        # Oxigraph substitutes only projected variables; otherwise join a trailing VALUES
        # block written by Oxigraph itself (str(term) is the term's N-Triples form).
        results = store.query(with_values(text, substitutions), prefixes=_prefix_declarations(ns))
    if isinstance(results, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(results))
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        solutions = (tuple(solution[i] for i in range(len(names))) for solution in results)
        rows, truncated = _take(solutions, limit)
        return QueryResult("select", variables=names, rows=rows, truncated=truncated)
    triples, truncated = _take(results, limit)
    return QueryResult("graph", triples=triples, truncated=truncated)


def _take(items, limit: int | None) -> tuple[list, bool]:
    """Up to ``limit`` items, and whether more were left (the result cap)."""
    taken = []
    for item in items:
        if limit is not None and len(taken) >= limit:
            return taken, True
        taken.append(item)
    return taken, False
