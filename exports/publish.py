"""Load the dataset into a SPARQL 1.1 Graph Store Protocol server (Fuseki, GraphDB, Virtuoso, Oxigraph…).

``PUT {store}?graph=IRI`` replaces a named graph, ``POST`` adds to it;
``?default`` addresses the default graph. The body is streamed in chunks
with a known Content-Length (every GSP server accepts that, not all accept
chunked transfer encoding), reporting progress after each chunk.

Standard library only: ``urllib.parse`` for the URL and ``http.client`` for the
request — unlike ``urllib.request`` it still lets us read the server's answer
when the server refuses and closes the connection before the whole body is sent.
"""

from __future__ import annotations

import base64
import http.client
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

CONTENT_TYPES = {"ntriples": "application/n-triples", "turtle": "text/turtle"}
OK_STATUSES = (200, 201, 204)
DEFAULT_CHUNK = 1 << 16


class PublishError(Exception):
    """The store refused the upload or could not be reached (one line, exit 1)."""


class StoreURLError(ValueError):
    """The --store URL itself is unusable (usage error, exit 2)."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode("utf-8")).decode("ascii")
        return f"Basic {token}"


def check_store_url(store: str) -> str:
    parts = urlsplit(store)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreURLError(f"store URL {store!r} must be an absolute http(s) URL")
    if parts.fragment:
        raise StoreURLError(f"store URL {store!r} must not contain a fragment")
    return store


def target_url(store: str, graph: str | None) -> str:
    """``store?graph=<IRI>`` (percent-encoded) or ``store?default`` for the default graph."""
    check_store_url(store)
    joiner = "&" if urlsplit(store).query else "?"
    if graph is None:
        return f"{store}{joiner}default"
    return f"{store}{joiner}graph={quote(graph, safe='')}"


def split_ntriples(data: bytes, max_triples: int) -> list[bytes]:
    """Batches of at most ``max_triples`` lines; N-Triples lines are independent, so any cut is valid."""
    lines = [line for line in data.splitlines(keepends=True) if line.strip() and not line.startswith(b"#")]
    return [b"".join(lines[i:i + max_triples]) for i in range(0, len(lines), max_triples)] or [b""]


def _chunks(data: bytes, size: int, progress: Callable[[int], None] | None) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(data), size):
        chunk = view[start:start + size]
        yield bytes(chunk)
        if progress:
            progress(len(chunk))


def _first_line(body: bytes) -> str:
    for line in body.decode("utf-8", errors="replace").splitlines():
        if line.strip():
            text = line.strip()
            return text if len(text) <= 200 else text[:197] + "..."
    return "(empty body)"


def send(url: str, method: str, data: bytes, content_type: str, *, credentials: Credentials | None = None,
         timeout: float = 60.0, chunk_size: int = DEFAULT_CHUNK,
         progress: Callable[[int], None] | None = None) -> int:
    """One GSP request; returns the HTTP status or raises PublishError with one readable line."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"Content-Type": content_type, "Content-Length": str(len(data)), "Accept": "*/*",
               "User-Agent": "occlink-publish"}
    if credentials:
        headers["Authorization"] = credentials.header()
    try:
        try:
            connection.request(method, path, body=_chunks(data, chunk_size, progress), headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: its answer (usually an error status) may still be there
        try:
            response = connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
            raise PublishError(f"store at {url} closed the connection during the upload ({exc})") from None
        body = response.read(64 * 1024)
        if response.status not in OK_STATUSES:
            raise PublishError(f"store refused {method} {url}: HTTP {response.status} {response.reason}: "
                               f"{_first_line(body)}")
        return response.status
    except PublishError:
        raise
    except (socket.timeout, TimeoutError):
        raise PublishError(f"store at {url} did not answer within {timeout:g} s") from None
    except ConnectionRefusedError:
        raise PublishError(f"cannot reach store at {url}: connection refused") from None
    except socket.gaierror as exc:
        raise PublishError(f"cannot reach store at {url}: {exc.strerror or exc}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise PublishError(f"cannot reach store at {url}: {type(exc).__name__}: {exc}") from None
    finally:
        connection.close()


@dataclass(frozen=True)
class PublishResult:
    url: str
    requests: int
    bytes_sent: int
    last_status: int


def publish(data: bytes, fmt: str, store: str, graph: str | None, *, replace: bool = True,
            credentials: Credentials | None = None, timeout: float = 60.0, batch_triples: int | None = None,
            chunk_size: int = DEFAULT_CHUNK, progress: Callable[[int], None] | None = None) -> PublishResult:
    """Upload ``data`` (serialized as ``fmt``); with ``batch_triples`` (N-Triples only) in several requests.

    A batched --replace PUTs the first batch (which clears the graph) and POSTs the rest.
    """
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown format {fmt!r}")
    url = target_url(store, graph)
    if batch_triples is not None and fmt != "ntriples":
        raise ValueError("batches need N-Triples (Turtle cannot be cut at arbitrary lines)")
    bodies = split_ntriples(data, batch_triples) if batch_triples else [data]
    status = 0
    for index, body in enumerate(bodies):
        method = "PUT" if replace and index == 0 else "POST"
        status = send(url, method, body, CONTENT_TYPES[fmt], credentials=credentials, timeout=timeout,
                      chunk_size=chunk_size, progress=progress)
    return PublishResult(url, len(bodies), sum(len(b) for b in bodies), status)
