"""The linked-data server: a plain WSGI application (run by waitress in ``occlink serve``).

Routes (paths are relative to the server root, which stands for the base IRI):

  /                      landing page: search box and the catalogue list
  /search?q=…[&cat=…&marker=…]   concepts by code, label, alias or search title (exports/search.py)
  /suggest?q=…           up to 10 completions as JSON (the search box's suggestions)
  /browse/a-z, /browse/zh, /browse/crosswalks   indexes (exports/browse.py)
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
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs

from occlink.taxonomy.errors import InputError
from occlink.taxonomy.namespaces import Namespaces

from .describe import ResourceIndex, resource_index
from .negotiate import best_offer
from .browse import browse_page, landing_page
from .pages import Linker, error_page, resource_page, results_table, search_page, sparql_form_page
from .query import UPDATE_REFUSED, dataset_store, run_query
from .search import CATALOGUES, MARKER_NAMES, search, search_entries, suggest

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1_000_000  # bytes of a POSTed query
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
               "application/json": "jsonld", "text/html": "html"}
SELECT_FORMAT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                       "csv": "text/csv", "tsv": "text/tab-separated-values", "html": "text/html"}
STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".json": "application/json",
                ".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                ".tsv": "text/tab-separated-values", ".html": "text/html"}


class HTTPError(Exception):
    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class App:
    """WSGI application serving one dataset (one base IRI)."""

    def __init__(self, ns: Namespaces, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                 workers: int = 4, warm: bool = True):
        self.ns = ns
        self.timeout = timeout
        self.max_rows = max_rows
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")
        # a query that outlives its timeout keeps its slot until it ends: runaway queries cannot pile up
        self._slots = threading.BoundedSemaphore(workers)
        self._dumps_lock = threading.Lock()
        self._dumps_dir: tempfile.TemporaryDirectory | None = None
        self._entries = None
        if warm:
            self.warm()

    def warm(self) -> None:
        """Build the dataset, the store and the indexes now rather than on the first request."""
        dataset_store(self.ns)
        self.index
        self.entries

    @property
    def index(self) -> ResourceIndex:
        return resource_index(self.ns.base)

    @property
    def entries(self):
        if self._entries is None:
            self._entries = search_entries(self.index.graph, self.ns)
        return self._entries

    def linker(self, current: str = "") -> Linker:
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
        headers = list(headers) + [("Content-Length", str(len(body)))]
        start_response(status, headers)
        return [b""] if method == "HEAD" else [body]

    def route(self, method: str, path: str, environ) -> tuple[str, list, bytes]:
        if path == "/sparql":
            return self.sparql(method, environ)
        if method not in ("GET", "HEAD"):
            raise HTTPError("405 Method Not Allowed", f"{method} is not allowed here")
        if path in ("/", "/index.html"):
            return self._html(landing_page(self.index, self.linker()))
        if path == "/search":
            params = parse_qs(environ.get("QUERY_STRING", ""))
            query, cat, marker = _first(params, "q"), _first(params, "cat"), _first(params, "marker")
            cat = cat if cat in CATALOGUES else ""
            marker = marker if marker in MARKER_NAMES else ""
            hits, total = search(self.entries, query, catalogue=cat or None, marker=marker or None)
            return self._html(search_page(query, hits, total, self.linker(), catalogue=cat, marker=marker))
        if path == "/suggest":
            return self._suggest(_first(parse_qs(environ.get("QUERY_STRING", "")), "q"))
        if path.startswith("/browse/"):
            page = browse_page(self.index, path.strip("/"), self.linker())
            if page is None:
                raise HTTPError("404 Not Found", f"no page {path}")
            return self._html(page)
        if path == "/context.jsonld":
            from .jsonld import context_document
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
        from .serialize import serialize
        if fmt == "html":
            return resource_page(self.index, doc, self.linker(doc)).encode("utf-8")
        return serialize(self.index.describe(doc), fmt, self.ns).encode("utf-8")

    def _suggest(self, query: str) -> tuple[str, list, bytes]:
        import json
        linker = self.linker()
        items = [{"label": h.label, "code": h.entry.code, "iri": h.entry.iri, "href": linker.href(h.entry.iri),
                  "search_only": h.search_only} for h in suggest(self.entries, query[:200])]
        body = json.dumps({"query": query, "suggestions": items}, ensure_ascii=False)
        return "200 OK", [("Content-Type", "application/json; charset=utf-8")], body.encode("utf-8")

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
                params.update(form)
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
            raise HTTPError("405 Method Not Allowed", f"{method} is not allowed on /sparql")
        if "update" in params:
            raise HTTPError("403 Forbidden", UPDATE_REFUSED)
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HTTPError("400 Bad Request", "this endpoint has one default graph; dataset selection is not supported")
        from .examples import list_examples
        if query is None:
            return self._html(sparql_form_page(self.linker(), list_examples(self.ns), max_rows=self.max_rows,
                                               timeout=self.timeout))
        if not query.strip():
            raise HTTPError("400 Bad Request", "empty query")
        requested = _first(params, "format")
        accept = environ.get("HTTP_ACCEPT")
        try:
            result = self._execute(query)
        except HTTPError as exc:
            if exc.status.startswith("400") and _wants_form(requested, accept):
                # the browser form: show the error above the query, kept as typed
                page = sparql_form_page(self.linker(), list_examples(self.ns), query, "", self.max_rows,
                                        self.timeout, error=exc.message)
                return exc.status, [("Content-Type", "text/html; charset=utf-8")], page.encode("utf-8")
            raise
        if result.kind == "graph":
            fmt = _pick(requested, accept, GRAPH_TYPES, {"turtle", "jsonld", "ntriples", "html"})
            text = self._graph_body(result, fmt)
            ctype = FORMAT_TYPES[fmt]
        else:
            fmt = _pick(requested, accept, SELECT_TYPES, {"json", "xml", "csv", "tsv", "html"})
            if fmt == "html":
                text = sparql_form_page(self.linker(), list_examples(self.ns), query,
                                        results_table(result, self.linker()), self.max_rows, self.timeout)
            else:
                from .results import select_text
                text = select_text(result, "sparql-tsv" if fmt == "tsv" else fmt)
            ctype = SELECT_FORMAT_TYPES[fmt]
        headers = [("Content-Type", _with_charset(ctype)), ("Vary", "Accept"), ("Access-Control-Allow-Origin", "*")]
        if result.truncated:
            headers.append(("X-Occlink-Truncated", f"results capped at {self.max_rows} rows"))
        return "200 OK", headers, text.encode("utf-8")

    def _graph_body(self, result, fmt: str) -> str:
        from .pages import esc, shell
        from .results import graph_text
        if fmt == "html":
            turtle = graph_text(result, "turtle", self.ns)
            return shell("SPARQL result", f"<pre>{esc(turtle)}</pre>", self.linker())
        return graph_text(result, fmt, self.ns)

    def _execute(self, query: str):
        if not self._slots.acquire(blocking=False):
            raise HTTPError("503 Service Unavailable", "too many queries running; try again shortly")
        try:
            future = self._pool.submit(run_query, self.ns, query, None, limit=self.max_rows)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _f: self._slots.release())
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            raise HTTPError("504 Gateway Timeout", f"query exceeded the {self.timeout:g} s time limit") from None
        except InputError as exc:
            raise HTTPError("400 Bad Request", str(exc)) from None

    # --- files ---------------------------------------------------------------------------------
    def _static(self, name: str) -> tuple[str, list, bytes]:
        if "/" in name or name.startswith("."):
            raise HTTPError("404 Not Found", "no such file")
        target = resources.files("occlink.exports") / "static" / name
        if not target.is_file():
            raise HTTPError("404 Not Found", f"no static file {name}")
        ctype = STATIC_TYPES.get(Path(name).suffix, "application/octet-stream")
        return "200 OK", [("Content-Type", _with_charset(ctype))], target.read_bytes()

    def dumps_dir(self) -> Path:
        with self._dumps_lock:
            if self._dumps_dir is None:
                from .build import build_dataset
                folder = tempfile.TemporaryDirectory(prefix="occlink-dumps-")
                build_dataset(self.ns, Path(folder.name))
                self._dumps_dir = folder
            return Path(self._dumps_dir.name)

    def _dumps(self, name: str) -> tuple[str, list, bytes]:
        root = self.dumps_dir()
        if not name or name == "index.html":
            from .site import dumps_listing
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
            return status, [("Content-Type", "text/html; charset=utf-8")], \
                error_page(status, message, self.linker()).encode("utf-8")
        return status, [("Content-Type", "text/plain; charset=utf-8")], (message + "\n").encode("utf-8")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._dumps_dir is not None:
            self._dumps_dir.cleanup()


def _first(params: dict, key: str) -> str:
    values = params.get(key) or [""]
    return values[0]


def _wants_form(requested: str, accept: str | None) -> bool:
    """A person at the HTML query form (format=html, or a browser's Accept), not a program."""
    if requested:
        return requested == "html"
    return best_offer(accept, list(SELECT_TYPES)) == "text/html" and "text/html" in (accept or "")


def _read_body(environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HTTPError("400 Bad Request", "bad Content-Length") from None
    if length > MAX_BODY:
        raise HTTPError("413 Payload Too Large", f"request body over {MAX_BODY} bytes")
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _pick(requested: str, accept: str | None, types: dict[str, str], formats: set[str]) -> str:
    if requested:
        if requested not in formats:
            raise HTTPError("400 Bad Request", f"format {requested!r} not available (choose from {', '.join(sorted(formats))})")
        return requested
    offer = best_offer(accept, list(types))
    if offer is None:
        raise HTTPError("406 Not Acceptable", "available: " + ", ".join(types))
    return types[offer]


def _file_for(fmt: str) -> str:
    return {v: k for k, v in DOCUMENT_FILES.items()}[fmt]


def _with_charset(ctype: str) -> str:
    return ctype if "charset" in ctype or ctype.startswith(("application/octet",)) else f"{ctype}; charset=utf-8"


def make_server(ns: Namespaces, host: str = "127.0.0.1", port: int = 8000, **kwargs):
    """A waitress server (not yet running) around a warmed-up App; ``port=0`` picks a free port."""
    from waitress.server import create_server
    app = App(ns, **kwargs)
    return create_server(app, host=host, port=port, threads=8, ident="occlink"), app

