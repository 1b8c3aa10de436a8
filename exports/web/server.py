"""The linked-data server: a plain WSGI application (run by waitress in ``occlink serve``).

Routes (paths are relative to the server root, which stands for the base IRI):

  /                      landing page: search box and the catalogue list
  /search?q=…[&cat=…&marker=…]   concepts by code, label, alias or search title (exports/site/search.py)
  /suggest?q=…           up to 10 completions as JSON (the search box's suggestions)
  /browse/a-z, /browse/pinyin, /browse/zh, /browse/crosswalks   indexes (exports/site/browse.py)
  /sparql                SPARQL 1.1 Protocol, read-only (GET/POST); without a query: an HTML form
  /context.jsonld        the JSON-LD context
  /dumps/…               the dumps of ``occlink build`` (built on first request)
  /static/…              stylesheet and script
  /{path}                every dataset IRI {base}{path}: content negotiation at the same IRI
                         (text/html, text/turtle, application/ld+json, application/n-triples),
                         ``Vary: Accept``; 404 unknown, 406 unsupported Accept
  /{path}/index.html|index.ttl|index.jsonld   the same documents by name (the static-site layout)
"""

from __future__ import annotations

import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from occlink.errors import InputError
from occlink.exports.sparql.query import (
    UPDATE_REFUSED,
    QueryBudget,
    QueryStopped,
    QueryTimeout,
    ResultCollector,
    check_graph_names,
    query_request,
)
from occlink.exports.sparql.workers import PoolBusy, QueryPool
from occlink.exports.web.negotiate import best_offer
from occlink.taxonomy.context import Context
from occlink.taxonomy.namespaces import Namespaces

# The page and search modules (and rdflib under them, ~0.1 s) are imported where a page is made, so
# the server listens, and answers SPARQL, before it has loaded them.
if TYPE_CHECKING:
    from occlink.exports.site.pages import Linker
    from occlink.exports.web.describe import ResourceIndex

DEFAULT_TIMEOUT = 10.0  # seconds a query may run
DEFAULT_MAX_ROWS = 10_000  # rows/triples per answer
DEFAULT_WORKERS = 2  # query worker processes (each holds a store of the dataset)
DEFAULT_QUEUE = 64  # queries that may wait for a worker
DEFAULT_QUEUE_WAIT = 20.0  # seconds a query may wait for a worker before 503 (> the timeout: a burst queued
# behind timed-out queries is still served)
DEFAULT_THREADS = 16  # waitress threads (pages and SPARQL requests, incl. those waiting in the queue)
DEFAULT_CONNECTION_LIMIT = 1000  # open connections (waitress's default 100 lets 100 slow clients lock out everyone)
DEFAULT_CHANNEL_TIMEOUT = 30  # seconds of inactivity before waitress closes a connection
MAX_BODY = 1_000_000  # bytes of a POSTed query
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
SPARQL_METHODS = "GET, HEAD, POST, OPTIONS"
# HTML: nothing but this server's own files; no inline script or style, no framing
HTML_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DATA_CSP = "default-src 'none'; frame-ancestors 'none'"
CORS = [("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Expose-Headers", "Content-Location, Link, Retry-After, X-Occlink-Truncated")]
DOCUMENT_FILES = {"index.html": "html", "index.ttl": "turtle", "index.jsonld": "jsonld", "index.nt": "ntriples"}
RESOURCE_TYPES = {  # offer → format, in the server's order of preference
    "text/html": "html", "application/xhtml+xml": "html", "text/turtle": "turtle",
    "application/ld+json": "jsonld", "application/n-triples": "ntriples", "application/x-turtle": "turtle",
    "application/json": "jsonld",
}
FORMAT_TYPES = {"html": "text/html", "turtle": "text/turtle", "jsonld": "application/ld+json",
                "ntriples": "application/n-triples"}
SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/html": "html",
}
GRAPH_TYPES = {"text/turtle": "turtle", "application/ld+json": "jsonld", "application/n-triples": "ntriples",
               "application/rdf+xml": "rdfxml", "application/n-quads": "nquads", "application/x-turtle": "turtle",
               "application/turtle": "turtle", "text/n3": "turtle", "text/rdf+n3": "turtle", "application/n3": "turtle",
               "application/json": "jsonld", "application/x-json+ld": "jsonld", "application/xml": "rdfxml",
               "text/xml": "rdfxml", "text/html": "html"}
GRAPH_FORMAT_TYPES = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples",
                      "rdfxml": "application/rdf+xml", "nquads": "application/n-quads", "html": "text/html"}
SELECT_FORMAT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                       "csv": "text/csv", "tsv": "text/tab-separated-values", "html": "text/html"}
# `format`/`output`/`results` parameter values (as SPARQLWrapper and others send them) → our formats;
# a value naming no format we have for the query's kind is ignored in favour of Accept
SELECT_FORMAT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
                       "html": "html"}
GRAPH_FORMAT_NAMES = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "json-ld": "jsonld", "jsonld": "jsonld",
                      "json": "jsonld", "rdf+xml": "rdfxml", "rdfxml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml",
                      "ntriples": "ntriples", "n-triples": "ntriples", "nt": "ntriples", "nquads": "nquads",
                      "n-quads": "nquads", "nq": "nquads", "html": "html"}
FORMAT_PARAMETERS = ("format", "output", "results")
STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".json": "application/json",
                ".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                ".tsv": "text/tab-separated-values", ".html": "text/html"}


class HTTPError(Exception):
    def __init__(self, status: str, message: str, headers: list | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or []


class App:
    """WSGI application serving one dataset (one base IRI)."""

    def __init__(self, ns: Namespaces, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                 workers: int = DEFAULT_WORKERS, queue: int = DEFAULT_QUEUE, queue_wait: float = DEFAULT_QUEUE_WAIT,
                 warm: bool = True, context: Context | None = None):
        self.ns = ns
        self.context = context  # the run's decisions folder and cache (None: the shipped dataset)
        self.timeout = timeout
        self.max_rows = max_rows
        self.queue_wait = queue_wait
        self._pool_size, self._pool_queue = workers, queue
        self._pool: QueryPool | None = None
        self._pool_lock = threading.Lock()
        self._dumps_lock = threading.Lock()
        self._dumps_dir: tempfile.TemporaryDirectory | None = None
        self._entries = None
        self._pages_lock = threading.RLock()
        if warm:
            self.warm()

    def warm(self) -> None:
        """Start the query workers now (they open the compiled store: SPARQL answers at once) and build
        the page and search indexes in the background (a page request meanwhile waits for them)."""
        _ = self.pool  # reading the property starts the workers
        threading.Thread(target=self._warm_pages, name="occlink-pages-warm", daemon=True).start()

    def _warm_pages(self) -> None:
        # after the first query workers: on a small machine the index build would slow their start
        self.pool.started.wait(60)
        try:
            _ = self.entries  # reading the property builds the page and search indexes
        except Exception:  # the first page request builds again and reports the error
            pass

    @property
    def pool(self) -> QueryPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = QueryPool(self.ns, self._pool_size, queue_limit=self._pool_queue,
                                       wait=self.queue_wait, context=self.context, block=False,
                                       in_memory=True)
            return self._pool

    @property
    def index(self) -> ResourceIndex:
        from occlink.exports.web.describe import resource_index
        with self._pages_lock:  # one build, whether the warm-up or a request asks first
            return resource_index(self.ns.base, self.context.mappings_dir if self.context else None)

    @property
    def entries(self):
        from occlink.exports.site.search import search_entries
        with self._pages_lock:
            if self._entries is None:
                self._entries = search_entries(self.index.graph, self.ns)
            return self._entries

    def linker(self, current: str = "") -> Linker:
        from occlink.exports.site.pages import Linker
        return Linker(self.ns, current, known=lambda path: bool(self.index.subjects_of(path)))

    # --- WSGI ----------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "/") or "/"
        try:
            path = path.encode("latin-1").decode("utf-8")  # PEP 3333: PATH_INFO arrives as latin-1
        except UnicodeError:
            pass
        try:
            status, headers, body = self.route(method, path, environ)
        except HTTPError as exc:
            status, headers, body = self._error(exc.status, exc.message, environ)
            headers = list(headers) + exc.headers
        headers = _secure(list(headers)) + [("Content-Length", str(len(body)))]
        start_response(status, headers)
        return [b""] if method == "HEAD" else [body]

    def route(self, method: str, path: str, environ) -> tuple[str, list, bytes]:
        allowed = SPARQL_METHODS if path == "/sparql" else ALLOWED_METHODS
        if method == "OPTIONS":  # CORS preflight (and plain OPTIONS): any origin may read this read-only data
            requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS") or "Accept, Content-Type"
            return "204 No Content", [("Allow", allowed), ("Access-Control-Allow-Methods", allowed),
                                      ("Access-Control-Allow-Headers", requested[:500]),
                                      ("Access-Control-Max-Age", "86400")], b""
        if path == "/sparql":
            return self.sparql(method, environ)
        if method not in ("GET", "HEAD"):
            raise HTTPError("405 Method Not Allowed", f"{method} is not allowed here", [("Allow", allowed)])
        if path in ("/", "/index.html"):
            from occlink.exports.site.browse import landing_page
            return self._html(landing_page(self.index, self.linker()))
        if path == "/search":
            from occlink.exports.site.pages import search_page
            from occlink.exports.site.search import CATALOGUES, MARKER_NAMES, search
            params = parse_qs(environ.get("QUERY_STRING", ""))
            query, cat, marker = _first(params, "q"), _first(params, "cat"), _first(params, "marker")
            cat = cat if cat in CATALOGUES else ""
            marker = marker if marker in MARKER_NAMES else ""
            hits, total = search(self.entries, query, catalogue=cat or None, marker=marker or None)
            return self._html(search_page(query, hits, total, self.linker(), catalogue=cat, marker=marker))
        if path == "/suggest":
            return self._suggest(_first(parse_qs(environ.get("QUERY_STRING", "")), "q"))
        if path.startswith("/browse/"):
            from occlink.exports.site.browse import browse_page
            page = browse_page(self.index, path.strip("/"), self.linker())
            if page is None:
                raise HTTPError("404 Not Found", f"no page {path}")
            return self._html(page)
        if path == "/context.jsonld":
            from occlink.exports.dumps.jsonld import context_document
            return "200 OK", [("Content-Type", "application/ld+json"), ("Access-Control-Allow-Origin", "*")], \
                context_document(self.ns).encode("utf-8")
        if path.startswith("/static/"):
            return self._static(path[len("/static/"):])
        if path == "/dumps" or path.startswith("/dumps/"):
            return self._dumps(path[len("/dumps"):].lstrip("/"))
        return self.resource(path.strip("/"), environ)

    # --- resources -----------------------------------------------------------------------------
    def resource(self, path: str, environ) -> tuple[str, list, bytes]:
        head, _, last = path.rpartition("/")
        named = DOCUMENT_FILES.get(last)
        doc = head if named else path
        if not doc or not self.index.subjects_of(doc):
            raise HTTPError("404 Not Found", f"no resource {self.ns.base}{doc}")
        if named:
            fmt = named
            vary = []
        else:
            offer = best_offer(environ.get("HTTP_ACCEPT"), list(RESOURCE_TYPES))
            if offer is None:
                raise HTTPError("406 Not Acceptable",
                                "available: text/html, text/turtle, application/ld+json, application/n-triples")
            fmt = RESOURCE_TYPES[offer]
            vary = [("Vary", "Accept"), ("Content-Location", f"/{doc}/{_file_for(fmt)}")]
        body = self.render(doc, fmt)
        headers = [("Content-Type", _with_charset(FORMAT_TYPES[fmt])), *vary,
                   ("Link", f'<{self.ns.base}{doc}>; rel="canonical"'), ("Access-Control-Allow-Origin", "*")]
        return "200 OK", headers, body

    def render(self, doc: str, fmt: str) -> bytes:
        from occlink.exports.dumps.serialize import serialize
        if fmt == "html":
            from occlink.exports.site.pages import resource_page
            return resource_page(self.index, doc, self.linker(doc)).encode("utf-8")
        return serialize(self.index.describe(doc), fmt, self.ns).encode("utf-8")

    # --- SPARQL protocol -----------------------------------------------------------------------
    def sparql(self, method: str, environ) -> tuple[str, list, bytes]:
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        query: str | None = None
        if method in ("GET", "HEAD"):
            query = _first(params, "query") if "query" in params else None
        elif method == "POST":
            ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
            body = _read_body(environ)
            if ctype == "application/sparql-update":
                raise HTTPError("403 Forbidden", UPDATE_REFUSED)
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    raise HTTPError("403 Forbidden", UPDATE_REFUSED)
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
                query = _first(params, "query") if "query" in params else None
            elif ctype == "application/sparql-query":
                try:
                    query = body.decode("utf-8")
                except UnicodeDecodeError:
                    raise HTTPError("400 Bad Request", "the query is not UTF-8") from None
            else:
                raise HTTPError("415 Unsupported Media Type",
                                "POST application/sparql-query or application/x-www-form-urlencoded")
        else:
            raise HTTPError("405 Method Not Allowed", f"{method} is not allowed on /sparql",
                            [("Allow", SPARQL_METHODS)])
        if "update" in params:
            raise HTTPError("403 Forbidden", UPDATE_REFUSED)
        if query is None:
            return self._service_page(environ)
        if not query.strip():
            raise HTTPError("400 Bad Request", "empty query")
        protocol_default = params.get("default-graph-uri") or []
        protocol_named = params.get("named-graph-uri") or []
        try:
            check_graph_names(protocol_default, self.ns, "default-graph-uri")
            check_graph_names(protocol_named, self.ns, "named-graph-uri")
        except InputError as exc:
            raise HTTPError("400 Bad Request", str(exc)) from None
        # the query is parsed and inspected inside the worker, under the deadline: a query that is
        # slow to parse costs a killable process, never this server's threads
        accept = environ.get("HTTP_ACCEPT")
        try:
            result = self._execute(query_request(query, self.ns, None, self.max_rows, protocol_default,
                                                 protocol_named))
        except HTTPError as exc:
            if exc.status.startswith("400") and _wants_form(_requested(params, SELECT_FORMAT_NAMES), accept):
                # the browser form: show the error above the query, kept as typed
                from occlink.exports.site.pages import sparql_form_page
                from occlink.exports.sparql.examples import list_examples
                page = sparql_form_page(self.linker(), list_examples(self.ns), query, "", self.max_rows,
                                        self.timeout, error=exc.message)
                return exc.status, [("Content-Type", "text/html; charset=utf-8")], page.encode("utf-8")
            raise
        if result.kind == "graph":
            fmt = _pick(_requested(params, GRAPH_FORMAT_NAMES), accept, GRAPH_TYPES)
            text = self._graph_body(result, fmt)
            ctype = GRAPH_FORMAT_TYPES[fmt]
        else:
            fmt = _pick(_requested(params, SELECT_FORMAT_NAMES), accept, SELECT_TYPES)
            if fmt == "html":
                from occlink.exports.site.pages import results_table, sparql_form_page
                from occlink.exports.sparql.examples import list_examples
                text = sparql_form_page(self.linker(), list_examples(self.ns), query,
                                        results_table(result, self.linker()), self.max_rows, self.timeout)
            else:
                from occlink.exports.sparql.results import select_text
                text = select_text(result, "sparql-tsv" if fmt == "tsv" else fmt)
            ctype = SELECT_FORMAT_TYPES[fmt]
        headers = [("Content-Type", _with_charset(ctype)), ("Vary", "Accept")]
        if result.truncated:
            headers.append(("X-Occlink-Truncated", f"results capped at {self.max_rows} rows"))
        return "200 OK", headers, text.encode("utf-8")

    def _suggest(self, query: str) -> tuple[str, list, bytes]:
        import json

        from occlink.exports.site.search import suggest
        linker = self.linker()
        items = [{"label": h.label, "code": h.entry.code, "iri": h.entry.iri, "href": linker.href(h.entry.iri),
                  "search_only": h.search_only} for h in suggest(self.entries, query)]
        body = json.dumps({"query": query, "suggestions": items}, ensure_ascii=False)
        return "200 OK", [("Content-Type", "application/json; charset=utf-8")], body.encode("utf-8")

    def _service_page(self, environ) -> tuple[str, list, bytes]:
        """GET /sparql without a query: the HTML form for browsers, a SPARQL Service Description for RDF clients."""
        from occlink.exports.sparql.service_description import SERVICE_DESCRIPTION_TYPES, service_description
        offer = best_offer(environ.get("HTTP_ACCEPT"), ["text/html", *SERVICE_DESCRIPTION_TYPES])
        if offer is None:
            raise HTTPError("406 Not Acceptable", "available: text/html, " + ", ".join(SERVICE_DESCRIPTION_TYPES))
        if offer == "text/html":
            from occlink.exports.site.pages import sparql_form_page
            from occlink.exports.sparql.examples import list_examples
            status, headers, body = self._html(sparql_form_page(self.linker(), list_examples(self.ns),
                                                                max_rows=self.max_rows, timeout=self.timeout))
        else:
            text = service_description(self.ns, _endpoint_url(environ), SERVICE_DESCRIPTION_TYPES[offer],
                                       timeout=self.timeout, max_rows=self.max_rows)
            status, headers, body = "200 OK", [("Content-Type", _with_charset(offer))], text.encode("utf-8")
        return status, headers + [("Vary", "Accept")], body

    def _graph_body(self, result, fmt: str) -> str:
        from occlink.exports.site.pages import sparql_graph_page
        from occlink.exports.sparql.results import graph_text
        if fmt == "html":
            return sparql_graph_page(graph_text(result, "turtle", self.ns), self.linker())
        return graph_text(result, fmt, self.ns)

    def _execute(self, request: dict):
        collect = ResultCollector()
        try:
            self.pool.run(request, QueryBudget(self.timeout, self.max_rows), collect)
        except PoolBusy:
            raise HTTPError("503 Service Unavailable", "too many queries waiting; try again shortly",
                            [("Retry-After", str(max(1, round(self.queue_wait))))]) from None
        except QueryTimeout:
            raise HTTPError("504 Gateway Timeout", f"query exceeded the {self.timeout:g} s time limit") from None
        except QueryStopped as exc:
            raise HTTPError("500 Internal Server Error", str(exc)) from None
        except InputError as exc:
            raise HTTPError("400 Bad Request", str(exc)) from None
        return collect.result

    # --- files ---------------------------------------------------------------------------------
    def _static(self, name: str) -> tuple[str, list, bytes]:
        if "/" in name or name.startswith("."):
            raise HTTPError("404 Not Found", "no such file")
        target = resources.files("occlink.exports.site") / "static" / name
        if not target.is_file():
            raise HTTPError("404 Not Found", f"no static file {name}")
        ctype = STATIC_TYPES.get(Path(name).suffix, "application/octet-stream")
        return "200 OK", [("Content-Type", _with_charset(ctype))], target.read_bytes()

    def dumps_dir(self) -> Path:
        with self._dumps_lock:
            if self._dumps_dir is None:
                from occlink.exports.dumps.build import build_dataset
                folder = tempfile.TemporaryDirectory(prefix="occlink-dumps-")
                build_dataset(self.ns, Path(folder.name))
                self._dumps_dir = folder
            return Path(self._dumps_dir.name)

    def _dumps(self, name: str) -> tuple[str, list, bytes]:
        root = self.dumps_dir()
        if not name or name == "index.html":
            from occlink.exports.site.static_site import dumps_listing
            return self._html(dumps_listing(root, self.linker(), prefix="/dumps/"))
        target = (root / name).resolve()
        if root.resolve() not in target.parents or not target.is_file():
            raise HTTPError("404 Not Found", f"no dump {name}")
        ctype = STATIC_TYPES.get(target.suffix, "application/octet-stream")
        return "200 OK", [("Content-Type", _with_charset(ctype)), ("Access-Control-Allow-Origin", "*")], \
            target.read_bytes()

    # --- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _html(text: str) -> tuple[str, list, bytes]:
        return "200 OK", [("Content-Type", "text/html; charset=utf-8")], text.encode("utf-8")

    def _error(self, status: str, message: str, environ) -> tuple[str, list, bytes]:
        offer = best_offer(environ.get("HTTP_ACCEPT"), ["text/plain", "text/html"])
        if offer == "text/html" and "text/html" in (environ.get("HTTP_ACCEPT") or ""):
            from occlink.exports.site.pages import error_page
            return status, [("Content-Type", "text/html; charset=utf-8")], \
                error_page(status, message, self.linker()).encode("utf-8")
        return status, [("Content-Type", "text/plain; charset=utf-8")], (message + "\n").encode("utf-8")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._dumps_dir is not None:
            self._dumps_dir.cleanup()


def _first(params: dict, key: str) -> str:
    values = params.get(key) or [""]
    return values[0]


def _read_body(environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HTTPError("400 Bad Request", "bad Content-Length") from None
    if length > MAX_BODY:
        raise HTTPError("413 Payload Too Large", f"request body over {MAX_BODY} bytes")
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _wants_form(requested: str | None, accept: str | None) -> bool:
    """A person at the HTML query form (format=html, or a browser's Accept), not a program."""
    if requested:
        return requested == "html"
    return best_offer(accept, list(SELECT_TYPES)) == "text/html" and "text/html" in (accept or "")


def _requested(params: dict, names: dict[str, str]) -> str | None:
    """The first format/output/results parameter that names a format we have (else None: use Accept)."""
    for key in FORMAT_PARAMETERS:
        for value in params.get(key) or []:
            value = value.strip().lower()
            if value in names:
                return names[value]
            media = value.split(";")[0].strip()
            mapped = (SELECT_TYPES if names is SELECT_FORMAT_NAMES else GRAPH_TYPES).get(media)
            if mapped:
                return mapped
    return None


def _pick(requested: str | None, accept: str | None, types: dict[str, str]) -> str:
    if requested:
        return requested
    offer = best_offer(accept, list(types))
    if offer is None:
        raise HTTPError("406 Not Acceptable", "available: " + ", ".join(types))
    return types[offer]


def _endpoint_url(environ) -> str:
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}/sparql"


def _secure(headers: list) -> list:
    """CORS and security headers on every answer, errors included."""
    names = {name.lower() for name, _ in headers}
    ctype = next((value for name, value in headers if name.lower() == "content-type"), "")
    out = headers + [h for h in CORS if h[0].lower() not in names]
    out.append(("X-Content-Type-Options", "nosniff"))
    if ctype.startswith("text/html"):
        out += [("Content-Security-Policy", HTML_CSP), ("X-Frame-Options", "DENY"),
                ("Referrer-Policy", "strict-origin-when-cross-origin")]
    else:
        out.append(("Content-Security-Policy", DATA_CSP))
    return out


def _file_for(fmt: str) -> str:
    return {v: k for k, v in DOCUMENT_FILES.items()}[fmt]


def _with_charset(ctype: str) -> str:
    return ctype if "charset" in ctype or ctype.startswith(("application/octet",)) else f"{ctype}; charset=utf-8"


def check_listen_address(host: str, port: int) -> None:
    """Refuse an address that cannot be bound, before anything is loaded (one line, exit 2)."""
    import socket
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot listen on {host}:{port}: not a host name or address ({exc})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def make_server(ns: Namespaces, host: str = "127.0.0.1", port: int = 8000, *, threads: int = DEFAULT_THREADS,
                connection_limit: int = DEFAULT_CONNECTION_LIMIT, channel_timeout: int = DEFAULT_CHANNEL_TIMEOUT,
                **kwargs):
    """A waitress server (not yet running) around a warmed-up App; ``port=0`` picks a free port."""
    from waitress.server import create_server
    app = App(ns, **kwargs)
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="occlink",
                               connection_limit=connection_limit, channel_timeout=channel_timeout)
    except BaseException:
        app.close()
        raise
    return server, app

