"""Load the dataset into a SPARQL 1.1 Graph Store Protocol server (Fuseki, GraphDB, Virtuoso, Oxigraph…).

``PUT {store}?graph=IRI`` replaces a named graph, ``POST`` adds to it;
``?default`` addresses the default graph. The body is streamed in chunks
with a known Content-Length (every GSP server accepts that, not all accept
chunked transfer encoding), reporting progress after each chunk. Every
request has a total deadline; a batched upload is staged in its own graph
and reaches the target only when every batch arrived; HTTP Basic or Digest
authentication, chosen by the store's challenge.

Standard library only: ``urllib.parse`` for the URL and ``http.client`` for the
request — unlike ``urllib.request`` it still lets us read the server's answer
when the server refuses and closes the connection before the whole body is sent.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import secrets
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import quote, urlencode, urlsplit

CONTENT_TYPES = {"ntriples": "application/n-triples", "turtle": "text/turtle"}
OK_STATUSES = (200, 201, 204)
DEFAULT_CHUNK = 1 << 16


class SendOptions(TypedDict):
    """What every request of one upload shares (``send``'s keyword arguments)."""

    auth: Authorizer | None
    timeout: float
    chunk_size: int


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


_CHALLENGE_PARAM = re.compile(r'([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)')
_DIGEST_HASHES = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256,
                  "SHA-256-SESS": hashlib.sha256}


def parse_challenges(values: list[str]) -> dict[str, dict[str, str]]:
    """``WWW-Authenticate`` header values → {scheme (lower case): {param: value}}."""
    found: dict[str, dict[str, str]] = {}
    for value in values:
        for part in re.split(r",\s*(?=[A-Za-z][\w-]*\s+[\w-]+\s*=)", value.strip()):
            scheme, _, rest = part.strip().partition(" ")
            params = {k.lower(): v[1:-1].replace('\\"', '"') if v.startswith('"') else v
                      for k, v in _CHALLENGE_PARAM.findall(rest)}
            found.setdefault(scheme.lower(), params)
    return found


class Authorizer:
    """HTTP authentication for one publish run: Basic, or Digest (RFC 7616: MD5, SHA-256, qop=auth)
    once the store challenges with it — Virtuoso's /sparql-graph-crud-auth does.

    ``pick`` chooses by the server's challenge (Digest first when offered); before any
    challenge, Basic is sent (the password is then only base64-encoded: use https)."""

    def __init__(self, credentials: Credentials):
        self.credentials = credentials
        self.digest: dict[str, str] | None = None
        self.count = 0

    def pick(self, challenge_values: list[str]) -> bool:
        """Take the server's challenge; True when a retry with new credentials can succeed."""
        challenges = parse_challenges(challenge_values)
        digest = challenges.get("digest")
        if digest and digest.get("nonce") and digest.get("algorithm", "MD5").upper() in _DIGEST_HASHES:
            fresh = self.digest is None or digest.get("stale", "").lower() == "true" \
                or digest.get("nonce") != self.digest.get("nonce")
            self.digest, self.count = digest, 0
            return fresh
        return False

    def header(self, method: str, uri: str, *, cnonce: str | None = None) -> str:
        if self.digest is None:
            return self.credentials.header()
        d = self.digest
        algorithm = d.get("algorithm", "MD5").upper()
        h = _DIGEST_HASHES[algorithm]

        def digest(text: str) -> str:
            return h(text.encode("utf-8")).hexdigest()

        self.count += 1
        nc, cnonce = f"{self.count:08x}", cnonce or secrets.token_hex(8)
        ha1 = digest(f"{self.credentials.user}:{d.get('realm', '')}:{self.credentials.password}")
        if algorithm.endswith("-SESS"):
            ha1 = digest(f"{ha1}:{d['nonce']}:{cnonce}")
        ha2 = digest(f"{method}:{uri}")
        qops = [q.strip() for q in d.get("qop", "").split(",") if q.strip()]
        fields = {"username": self.credentials.user, "realm": d.get("realm", ""), "nonce": d["nonce"], "uri": uri}
        if "auth" in qops:
            fields["response"] = digest(f"{ha1}:{d['nonce']}:{nc}:{cnonce}:auth:{ha2}")
        else:
            fields["response"] = digest(f"{ha1}:{d['nonce']}:{ha2}")
        if "opaque" in d:
            fields["opaque"] = d["opaque"]
        quoted = ", ".join(f'{k}="{v}"' for k, v in fields.items())
        extra = f", algorithm={d.get('algorithm', 'MD5')}"
        if "auth" in qops:
            extra += f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        return f"Digest {quoted}{extra}"


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


@dataclass
class Answer:
    status: int
    reason: str
    body: bytes
    challenges: list[str]


def _exchange(url: str, method: str, data: bytes, headers: dict[str, str], timeout: float, chunk_size: int,
              progress: Callable[[int], None] | None, *, read_all: bool) -> Answer:
    """One HTTP request that ends within ``timeout`` seconds in total, however the store trickles.

    A timer shuts the socket down at the deadline; a socket timeout alone would only bound
    each read, and a store sending one byte a second would keep the upload alive forever."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname or "", parts.port, timeout=timeout)  # check_store_url: a host
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            try:  # the next read or write times out at once, a blocked one wakes up
                sock.settimeout(1e-4)
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(timeout, cut)
    timer.daemon = True
    timer.start()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.connect()
        if expired.is_set():  # the deadline passed while connecting, before there was a socket to cut
            raise TimeoutError()
        try:
            body = _chunks(data, chunk_size, progress) if data else None
            connection.request(method, path, body=body, headers={**headers, "Content-Length": str(len(data))}
                               if method in ("PUT", "POST") else headers)
        except (BrokenPipeError, ConnectionResetError):
            if expired.is_set():
                raise
            # the server stopped reading: its answer (usually an error status) may still be there
        try:
            response = connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
            if expired.is_set():
                raise TimeoutError() from None
            raise PublishError(f"store at {url} closed the connection during the upload ({exc})") from None
        limit = None if read_all and response.status in OK_STATUSES else 64 * 1024
        pieces, size = [], 0
        while limit is None or size < limit:
            if expired.is_set():
                raise TimeoutError()
            piece = response.read1(1 << 16)
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
        if expired.is_set():
            raise TimeoutError()
        payload = b"".join(pieces)
        return Answer(response.status, response.reason, payload, response.headers.get_all("WWW-Authenticate") or [])
    except PublishError:
        raise
    except (socket.timeout, TimeoutError):
        raise PublishError(f"store at {url} did not finish {method} within {timeout:g} s") from None
    except ConnectionRefusedError:
        raise PublishError(f"cannot reach store at {url}: connection refused") from None
    except socket.gaierror as exc:
        raise PublishError(f"cannot reach store at {url}: {exc.strerror or exc}") from None
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise PublishError(f"store at {url} did not finish {method} within {timeout:g} s") from None
        raise PublishError(f"cannot reach store at {url}: {type(exc).__name__}: {exc}") from None
    finally:
        timer.cancel()
        connection.close()


def send(url: str, method: str, data: bytes, content_type: str | None, *, auth: Authorizer | None = None,
         timeout: float = 60.0, chunk_size: int = DEFAULT_CHUNK, progress: Callable[[int], None] | None = None,
         accept: str = "*/*", read_all: bool = False) -> Answer:
    """One request (retried once when the store answers 401 with a usable Digest challenge);
    returns the answer or raises PublishError with one readable line."""
    headers = {"Accept": accept, "User-Agent": "occlink-publish"}
    if content_type:
        headers["Content-Type"] = content_type
    parts = urlsplit(url)
    uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    for attempt in (1, 2):
        if auth is not None:
            headers["Authorization"] = auth.header(method, uri)
        answer = _exchange(url, method, data, headers, timeout, chunk_size, progress if attempt == 1 else None,
                           read_all=read_all)
        if answer.status == 401 and auth is not None and attempt == 1 and auth.pick(answer.challenges):
            continue
        break
    if answer.status not in OK_STATUSES:
        raise PublishError(f"store refused {method} {url}: HTTP {answer.status} {answer.reason}: "
                           f"{_first_line(answer.body)}")
    return answer


def probe_authentication(url: str, auth: Authorizer, timeout: float) -> None:
    """Ask the store for its challenge with a bodiless HEAD, so the upload goes out once, with the
    scheme the store wants (no answer or no challenge: Basic, as before)."""
    try:
        answer = _exchange(url, "HEAD", b"", {"User-Agent": "occlink-publish"}, timeout, DEFAULT_CHUNK, None,
                           read_all=False)
    except PublishError:
        return  # the upload itself reports an unreachable store
    if answer.status == 401:
        auth.pick(answer.challenges)


@dataclass(frozen=True)
class PublishResult:
    url: str
    requests: int
    bytes_sent: int
    last_status: int
    staging: str | None = None


def _graph_ref(graph: str | None) -> str:
    return "DEFAULT" if graph is None else f"<{graph}>"


def _graph_name(graph: str | None) -> str:
    return "the default graph" if graph is None else f"graph <{graph}>"


def publish(data: bytes, fmt: str, store: str, graph: str | None, *, replace: bool = True,
            credentials: Credentials | None = None, timeout: float = 60.0, batch_triples: int | None = None,
            update_endpoint: str | None = None, chunk_size: int = DEFAULT_CHUNK,
            progress: Callable[[int], None] | None = None) -> PublishResult:
    """Upload ``data`` (serialized as ``fmt``); with ``batch_triples`` (N-Triples only) in several requests.

    One request is atomic at the store. Several batches go to a fresh staging graph
    (``urn:uuid:…``); only when every batch succeeded does the staging content reach the
    target — ``MOVE``/``ADD`` through ``update_endpoint`` (SPARQL 1.1 Update) when given,
    else a GSP GET of the staging graph and one PUT/POST of it to the target — and the
    staging graph is dropped. If any step before that fails, the target is untouched and
    the error says so. ``timeout`` bounds each request in total, not each socket read.
    """
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown format {fmt!r}")
    url = target_url(store, graph)
    if batch_triples is not None and fmt != "ntriples":
        raise ValueError("batches need N-Triples (Turtle cannot be cut at arbitrary lines)")
    if update_endpoint is not None:
        check_store_url(update_endpoint)
    auth = Authorizer(credentials) if credentials else None
    if auth is not None:
        probe_authentication(url, auth, timeout)
    bodies = split_ntriples(data, batch_triples) if batch_triples else [data]
    options: SendOptions = {"auth": auth, "timeout": timeout, "chunk_size": chunk_size}
    if len(bodies) == 1:
        answer = send(url, "PUT" if replace else "POST", bodies[0], CONTENT_TYPES[fmt], progress=progress,
                      **options)
        return PublishResult(url, 1, len(bodies[0]), answer.status)

    staging = f"urn:uuid:{uuid.uuid4()}"
    staging_url = target_url(store, staging)
    requests = 0
    try:
        for index, body in enumerate(bodies):
            try:
                send(staging_url, "PUT" if index == 0 else "POST", body, CONTENT_TYPES[fmt], progress=progress,
                     **options)
            except PublishError as exc:
                raise PublishError(f"batch {index + 1} of {len(bodies)} failed: {exc}") from None
            requests += 1
        if update_endpoint is not None:
            verb = "MOVE" if replace else "ADD"
            update = f"{verb} <{staging}> TO {_graph_ref(graph)}"
            if not replace:
                update += f" ; DROP SILENT GRAPH <{staging}>"
            answer = send(update_endpoint, "POST", urlencode({"update": update}).encode("ascii"),
                          "application/x-www-form-urlencoded", **options)
            requests += 1
        else:
            content = send(staging_url, "GET", b"", None, accept=CONTENT_TYPES["ntriples"], read_all=True,
                           **options).body
            answer = send(url, "PUT" if replace else "POST", content, CONTENT_TYPES["ntriples"], **options)
            requests += 2
    except PublishError as exc:
        note = _drop(staging_url, options)
        raise PublishError(f"{exc}; {_graph_name(graph)} is untouched{note}") from None
    if update_endpoint is None:
        _drop(staging_url, options)
    return PublishResult(url, requests, sum(len(b) for b in bodies), answer.status, staging)


def _drop(staging_url: str, options: SendOptions) -> str:
    """Delete the staging graph; '' when done, else a note for the message."""
    try:
        send(staging_url, "DELETE", b"", None, **options)
        return ""
    except PublishError as exc:
        if " HTTP 404 " in str(exc):
            return ""
        return f" (the staging graph could not be removed: {exc})"
