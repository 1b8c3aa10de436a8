"""SPARQL over the dataset: inspected before it runs, run under a budget in a worker process.

Every query goes through three steps, whoever asks (``occlink query``, ``occlink
serve``, the Python API):

1. **Inspection, never execution.** ``inspect_query`` parses the text with
   rdflib's SPARQL parser (codepoint escapes expanded first, as the grammar
   says) and refuses, before anything is evaluated: updates, ``SERVICE`` in any
   form (found in the parse tree, and by a scan of the text outside strings,
   IRIs and comments in case the two parsers ever disagree) and ``FROM``/``FROM
   NAMED`` graphs that are not the dataset's own graph.
2. **A budget** (``QueryBudget``): a wall-clock deadline and a row/triple cap.
3. **A worker process** (``exports.workers``) holds an Oxigraph store of the
   dataset and evaluates. Oxigraph cannot cancel a running query, so a query
   past its deadline is stopped by killing its worker, which is replaced.

The project's CURIE prefixes (csco:, qh:, bj:, occ:, skos:, …) are predeclared.
Parameters are bound as RDF term objects through Oxigraph's substitutions
(SEP-0007), never by splicing text into the query.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from occlink.errors import InputError
from occlink.taxonomy.context import Context
from occlink.taxonomy.namespaces import Namespaces

UPDATE_REFUSED = "SPARQL updates are not allowed"
SERVICE_REFUSED = "SERVICE (federated query) is not allowed: the dataset is self-contained"
XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT_TIMEOUT = 60.0  # seconds, `occlink query` and the Python API
DEFAULT_LIMIT = None  # rows/triples, `occlink query` streams every row
BATCH = 1000  # rows per message from a worker: memory stays bounded without a cap
_store_lock = threading.Lock()
# strings, IRIs and comments are blanked before looking for the SERVICE keyword
_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\b", re.I)
_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


class QueryStopped(InputError):
    """The query ran out of its budget (or its worker died): a failure, exit 1."""

    exit_code = 1


class QueryTimeout(QueryStopped):
    """The query passed its deadline and was stopped (its worker killed)."""


@dataclass(frozen=True)
class QueryBudget:
    """How long a query may run (seconds, None = no deadline) and how many rows/triples it returns."""

    timeout: float | None = DEFAULT_TIMEOUT
    limit: int | None = DEFAULT_LIMIT


@dataclass
class QueryResult:
    """Materialized result: ``kind`` is select, ask or graph (CONSTRUCT/DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # one tuple of terms (or None) per solution
    boolean: bool | None = None
    triples: list = field(default_factory=list)  # pyoxigraph.Triple for graph results
    truncated: bool = False


@dataclass(frozen=True)
class InspectedQuery:
    """A query that passed inspection: the text to run (escapes expanded), its form and dataset clause."""

    text: str
    form: str  # select, ask, construct, describe
    default_graphs: tuple[str, ...] = ()  # FROM
    named_graphs: tuple[str, ...] = ()  # FROM NAMED

    @property
    def kind(self) -> str:
        return "graph" if self.form in ("construct", "describe") else self.form


def dataset_graph_iri(ns: Namespaces) -> str:
    """The one graph of the store: the whole dataset's IRI (FROM/FROM NAMED may name it)."""
    from occlink.exports.dumps.compiled import store_graph_iri
    return store_graph_iri(ns)


def _prefix_declarations(ns: Namespaces) -> dict[str, str]:
    return dict(sorted(ns.curie_map().items()))


# --- inspection ------------------------------------------------------------------------------
def is_update(text: str) -> bool:
    """True when ``text`` parses as a SPARQL 1.1 Update (parsing only: nothing runs)."""
    from rdflib.plugins.sparql.parser import parseUpdate
    try:
        parseUpdate(text)
    except Exception:  # any parse failure: not an update
        return False
    return True


def uses_service(text: str) -> bool:
    return bool(_SERVICE.search(_NOT_CODE.sub(" ", text)))


def _syntax_message(exc: Exception) -> str:
    line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
    detail = " ".join(str(getattr(exc, "msg", "") or exc).split())
    if len(detail) > 160:
        detail = detail[:157] + "..."
    if line is None:
        return f"SPARQL syntax error: {detail or type(exc).__name__}"
    return f"SPARQL syntax error at line {line}, column {column}: {detail}"


def _parse_nodes(node):
    """Every CompValue of an rdflib parse tree (depth first)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or hasattr(item, "asList"):
            stack.extend(item)


def _graph_name(value, ns: Namespaces) -> str:
    from rdflib.plugins.sparql.parserutils import CompValue
    if isinstance(value, CompValue) and value.name == "pname":
        prefixes = ns.curie_map()
        if value.prefix not in prefixes:
            raise InputError(f"SPARQL: unknown prefix {value.prefix}: in FROM")
        return prefixes[value.prefix] + (value.localname or "")
    return str(value)


def inspect_query(text: str, ns: Namespaces) -> InspectedQuery:
    """Refuse updates, syntax errors, SERVICE and foreign FROM graphs by parsing only: nothing runs."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery
    try:
        expanded = expandUnicodeEscapes(text)
    except Exception as exc:  # a malformed \u escape
        raise InputError(f"SPARQL syntax error: {exc}") from None
    if uses_service(expanded):
        raise InputError(SERVICE_REFUSED)
    try:
        parsed = parseQuery(expanded)
    except Exception as exc:
        if is_update(expanded):
            raise InputError(UPDATE_REFUSED) from None
        raise InputError(_syntax_message(exc)) from None
    nodes = list(_parse_nodes(parsed))
    if any("Service" in node.name for node in nodes):
        raise InputError(SERVICE_REFUSED)
    form = next((_FORMS[node.name] for node in nodes if node.name in _FORMS), None)
    if form is None:
        raise InputError("SPARQL syntax error: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    defaults, named = [], []
    for node in nodes:
        if node.name == "DatasetClause":
            if "default" in node:
                defaults.append(_graph_name(node["default"], ns))
            if "named" in node:
                named.append(_graph_name(node["named"], ns))
    check_graph_names(defaults + named, ns, "FROM")
    return InspectedQuery(expanded, form, tuple(defaults), tuple(named))


def check_graph_names(iris: list[str], ns: Namespaces, where: str) -> None:
    """Dataset selection may only name the dataset's own graph: anything else would be a silent empty answer."""
    own = dataset_graph_iri(ns)
    for iri in iris:
        if iri != own:
            raise InputError(f"{where} <{iri}> is not a graph of this dataset (its one graph is <{own}>)")


# --- parameters --------------------------------------------------------------------------------
def parameter_term(value: str, ns: Namespaces):
    """Turn a ``--param`` value into an RDF term.

    ``<iri>`` → IRI; ``prefix:local`` with a project prefix → IRI; ``"text"@lang``
    → language-tagged literal; an integer → xsd:integer; true/false → xsd:boolean;
    anything else → a plain string literal.
    """
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        return _iri_term(value[1:-1], value)
    lang = re.fullmatch(r'"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)', value, re.S)
    if lang:
        return ox.Literal(lang.group(1), language=lang.group(2))
    iri = ns.converter.expand(value) if ":" in value and not value.partition(":")[2].startswith("//") else None
    if iri is not None:
        return _iri_term(iri, value)
    if re.fullmatch(r"[+-]?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if value in ("true", "false"):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
    return ox.Literal(value)


def _iri_term(iri: str, given: str):
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        reason = " ".join(str(exc).split())
        raise InputError(f"parameter value {given!r} is not a valid IRI ({reason})") from None


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
        try:
            bound[ox.Variable(name)] = parameter_term(value, ns)
        except InputError as exc:
            raise InputError(f"--param {name}: {exc}") from None
    return bound


def with_values(text: str, substitutions: dict) -> str:
    names = sorted(substitutions, key=lambda v: v.value)
    head = " ".join(f"?{v.value}" for v in names)
    row = " ".join(str(substitutions[v]) for v in names)
    return f"{text}\nVALUES ({head}) {{ ({row}) }}\n"


# --- terms between processes -------------------------------------------------------------------
def encode_term(term):
    """An Oxigraph term as plain data (picklable, small); None stays None."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if isinstance(term, ox.Literal):
        return ("l", term.value, term.language, term.datatype.value)
    return ("t", encode_term(term.subject), encode_term(term.predicate), encode_term(term.object))


def decode_term(data):
    if data is None:
        return None
    kind = data[0]
    if kind == "u":
        return ox.NamedNode(data[1])
    if kind == "b":
        return ox.BlankNode(data[1])
    if kind == "l":
        if data[2]:
            return ox.Literal(data[1], language=data[2])
        return ox.Literal(data[1], datatype=ox.NamedNode(data[3]))
    return ox.Triple(decode_term(data[1]), decode_term(data[2]), decode_term(data[3]))


def encode_substitutions(substitutions: dict | None) -> dict:
    return {var.value: encode_term(term) for var, term in (substitutions or {}).items()}


# --- evaluation (inside a worker) --------------------------------------------------------------
def open_store(store_path: str) -> ox.Store:
    """The compiled dataset's on-disk store, read-only (other processes may hold it too)."""
    return ox.Store.read_only(store_path)


def serving_store(dump: str | Path, graph_iri: str) -> ox.Store:
    """An in-memory store of the compiled N-Triples dump in graph ``graph_iri``: what ``occlink serve``'s
    workers answer from. Loading takes ~0.3 s, and the heavier examples run 3-6× faster than on the
    read-only disk store, which a one-query process (``occlink query``) opens in milliseconds instead."""
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri))
    return store


@lru_cache(maxsize=256)
def _inspected(text: str, base: str) -> InspectedQuery:
    return inspect_query(text, Namespaces(base))


def inspection_key(text: str, ns: Namespaces) -> str:
    """What an inspection depends on: the text and the base IRI (prefixes and the dataset's graph follow
    from it); the occlink code is covered by the compiled folder's fingerprint."""
    import hashlib
    return hashlib.sha256(f"{ns.base}\n{text}".encode()).hexdigest()


def inspection_record(text: str, ns: Namespaces) -> list:
    """``inspect_query`` as plain data (stored in the compiled folder for the packaged examples)."""
    return list(_plain(_inspected(text, ns.base)))


def _inspection(text: str, ns: Namespaces, dataset: Context | Namespaces) -> tuple[str, str, list[str], list[str]]:
    """The query's inspection: the one stored for it when the compiled folder was built (the packaged
    examples, same text and base), else parsed now."""
    from occlink.exports.dumps.compiled import stored_inspection
    stored = stored_inspection(dataset, inspection_key(text, ns))
    if stored is not None:
        return (str(stored[0]), str(stored[1]), [str(i) for i in stored[2]], [str(i) for i in stored[3]])
    return _plain(_inspected(text, ns.base))


def evaluate(store: ox.Store, request: dict):
    """Inspect, then run one query; yields messages: ("head", kind, vars), ("rows", [...]) / ("triples", [...]),
    ("boolean", b), then ("end", truncated). Terms are encoded (``encode_term``)."""
    # refusals happen before any evaluation: here, or in the parent that sent its inspection along
    given = request.get("inspected")
    inspected = InspectedQuery(given[0], given[1], tuple(given[2]), tuple(given[3])) if given \
        else _inspected(request["text"], request["base"])
    text = inspected.text
    limit = request.get("limit")
    substitutions = {ox.Variable(k): decode_term(v) for k, v in (request.get("substitutions") or {}).items()}
    options: dict = {"prefixes": _prefix_declarations(Namespaces(request["base"]))}
    if request.get("protocol_default") or request.get("protocol_named"):
        options["default_graph"] = [ox.NamedNode(i) for i in request.get("protocol_default") or ()]
        options["named_graphs"] = [ox.NamedNode(i) for i in request.get("protocol_named") or ()]
    elif not (inspected.default_graphs or inspected.named_graphs):
        options["default_graph"] = ox.NamedNode(request["graph"])  # the dataset's one graph is the default graph
    try:
        results = store.query(text, substitutions=substitutions or None, **options)
    except SyntaxError as exc:
        raise InputError(" ".join(f"SPARQL syntax error: {exc}".split())[:300]) from None
    except RuntimeError:
        if not substitutions:
            raise
        # Oxigraph substitutes only projected variables; otherwise join a trailing VALUES
        # block written by Oxigraph itself (str(term) is the term's N-Triples form).
        results = store.query(with_values(text, substitutions), **options)
    if isinstance(results, ox.QueryBoolean):
        yield ("head", "ask", [])
        yield ("boolean", bool(results))
        yield ("end", False)
        return
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        yield ("head", "select", names)
        items: Iterator[Sequence[Any]] = (
            [encode_term(solution[i]) for i in range(len(names))] for solution in results)
        label = "rows"
    else:
        yield ("head", "graph", [])
        items = ((encode_term(t.subject), encode_term(t.predicate), encode_term(t.object)) for t in results)
        label = "triples"
    batch: list[Sequence[Any]] = []
    count = 0
    for item in items:
        if limit is not None and count >= limit:
            if batch:
                yield (label, batch)
            yield ("end", True)
            return
        batch.append(item)
        count += 1
        if len(batch) >= BATCH:
            yield (label, batch)
            batch = []
    if batch:
        yield (label, batch)
    yield ("end", False)


def query_request(text: str, ns: Namespaces, substitutions: dict | None, limit: int | None,
                  protocol_default: list[str] | None = None, protocol_named: list[str] | None = None) -> dict:
    """What a worker needs to inspect and run one query (plain data)."""
    return {"inspected": None, "text": text, "base": ns.base, "graph": dataset_graph_iri(ns), "limit": limit, "substitutions": encode_substitutions(substitutions),
            "protocol_default": list(protocol_default or []), "protocol_named": list(protocol_named or [])}


class ResultCollector:
    """A sink that materializes a worker's messages into a QueryResult."""

    def __init__(self):
        self.result = QueryResult("select")

    def __call__(self, message) -> None:
        tag = message[0]
        if tag == "head":
            self.result.kind, self.result.variables = message[1], list(message[2])
        elif tag == "rows":
            self.result.rows.extend(tuple(decode_term(t) for t in row) for row in message[1])
        elif tag == "triples":
            self.result.triples.extend(ox.Triple(*(decode_term(t) for t in triple)) for triple in message[1])
        elif tag == "boolean":
            self.result.boolean = message[1]
        elif tag == "end":
            self.result.truncated = message[1]


# --- the in-process store (benchmarks of the engine itself) ------------------------------------
@lru_cache(maxsize=4)
def _store_for(base: str, in_memory: bool) -> ox.Store:
    from occlink.exports.dumps.compiled import compiled
    from occlink.exports.dumps.compiled import open_store as open_compiled
    ns = Namespaces(base)
    if in_memory:
        built = compiled(ns)
        return serving_store(built.full_dump, built.graph_iri)
    return open_compiled(ns)[0]


def dataset_store(ns: Namespaces, *, in_memory: bool = True) -> ox.Store:
    """The dataset's store in this process, as the product queries it (no deadline: for measuring the
    engine, not for callers' queries): in memory as ``occlink serve``'s workers hold it, or
    (``in_memory=False``) the read-only disk store that ``occlink query`` opens."""
    with _store_lock:
        return _store_for(ns.base, in_memory)


# --- the one entry point ---------------------------------------------------------------------
def run_query(ns: Namespaces, text: str, substitutions: dict | None = None, *, limit: int | None = None,
              timeout: float | None = DEFAULT_TIMEOUT, store: ox.Store | None = None) -> QueryResult:
    """Run a read-only query under a budget; ``truncated`` tells when the cap bit.

    The query is inspected here first (refusals come at once, before the dataset is
    loaded) and again in the worker that runs it. With ``store`` it is evaluated in
    this process without a deadline (the benchmarks time the engine that way).
    """
    if store is None:
        from occlink.exports.sparql.workers import prestart_shared_pool
        prestart_shared_pool(ns)  # a warm worker starts while the query is inspected here
    collect = ResultCollector()
    # with a store (the benchmarks): the in-process memo, so a timed run measures the engine only
    inspected = _plain(_inspected(text, ns.base)) if store is not None else _inspection(text, ns, ns)
    request = {**query_request(text, ns, substitutions, limit), "inspected": inspected}
    if store is not None:
        for message in evaluate(store, request):
            collect(message)
        return collect.result
    from occlink.exports.sparql.workers import shared_pool
    shared_pool(ns).run(request, QueryBudget(timeout, limit), collect)
    return collect.result


def stream_query(ns: Namespaces, text: str, substitutions: dict | None, budget: QueryBudget, sink,
                 context: Context | None = None) -> None:
    """Run a query under ``budget``, handing each message to ``sink`` as it arrives (bounded memory).

    ``context`` names the run's dataset (its decisions folder and cache); default: the shipped one."""
    from occlink.exports.sparql.workers import prestart_shared_pool, shared_pool
    dataset = context if context is not None else ns
    prestart_shared_pool(dataset)  # a warm worker starts while the query is inspected here
    request = {**query_request(text, ns, substitutions, budget.limit), "inspected": _inspection(text, ns, dataset)}
    shared_pool(dataset).run(request, budget, sink)


def _plain(inspected: InspectedQuery) -> tuple[str, str, list[str], list[str]]:
    """An inspection as plain data: the worker runs it without parsing the query again."""
    return (inspected.text, inspected.form, list(inspected.default_graphs), list(inspected.named_graphs))
