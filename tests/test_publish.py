"""occlink publish: Graph Store Protocol uploads against a recording fake and a real Oxigraph server."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.exports.sparql.publish import split_ntriples, target_url

SMALL_NT = (
    '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n'
    '<https://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "b" .\n'
    '<https://example.org/c> <http://www.w3.org/2000/01/rdf-schema#label> "c" .\n'
)


class Recorder(BaseHTTPRequestHandler):
    """Records every request; answers with the server's configured status and body."""

    def _handle(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        if self.server.hang:
            time.sleep(5)
        status, text = self.server.answer
        payload = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    do_PUT = do_POST = _handle

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def fake_store():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests = []
    server.answer = (201, "")
    server.hang = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def small_dump(tmp_path):
    path = tmp_path / "small.nt"
    path.write_text(SMALL_NT, encoding="utf-8")
    return path


def store_url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/store"


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_put_named_graph_with_auth(fake_store, small_dump):
    result = run("publish", "--store", store_url(fake_store), "--graph", "https://example.org/g?x=1",
                 "--input", str(small_dump), "--user", "alice", env={"OCCLINK_STORE_PASSWORD": "s3cret"})
    assert result.exit_code == 0, result.output
    [(method, path, headers, body)] = fake_store.requests
    assert method == "PUT"
    assert path == "/store?graph=" + urllib.parse.quote("https://example.org/g?x=1", safe="")
    assert headers["Content-Type"] == "application/n-triples"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert body == SMALL_NT.encode()
    assert "published 3 triples" in result.stdout and "HTTP 201" in result.stdout
    assert "s3cret" not in result.output


def test_append_posts_and_default_graph(fake_store, small_dump):
    result = run("publish", "--store", store_url(fake_store), "--default-graph", "--append",
                 "--input", str(small_dump))
    assert result.exit_code == 0, result.output
    [(method, path, headers, _)] = fake_store.requests
    assert (method, path) == ("POST", "/store?default")
    assert "Authorization" not in headers


def test_default_graph_iri_follows_base_iri(fake_store, small_dump):
    result = run("--base-iri", "https://data.example.org/occ/", "publish", "--store", store_url(fake_store),
                 "--input", str(small_dump))
    assert result.exit_code == 0, result.output
    expected = urllib.parse.quote("https://data.example.org/occ/dataset/occlink", safe="")
    assert fake_store.requests[0][1] == f"/store?graph={expected}"


def test_refusal_is_one_line_with_status_and_body(fake_store, small_dump):
    fake_store.answer = (403, "\nForbidden: read-only dataset\nsecond line\n")
    result = run("publish", "--store", store_url(fake_store), "--input", str(small_dump))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1
    assert "HTTP 403" in errors[0] and "Forbidden: read-only dataset" in errors[0]
    assert "second line" not in result.stderr and "Traceback" not in result.output


def test_unreachable_store_exits_1(small_dump):
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run("publish", "--store", f"http://127.0.0.1:{port}/store", "--input", str(small_dump))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: cannot reach store")


def test_timeout_exits_1(fake_store, small_dump):
    fake_store.hang = True
    result = run("publish", "--store", store_url(fake_store), "--input", str(small_dump), "--timeout", "0.3")
    assert result.exit_code == 1
    assert "did not finish PUT within 0.3 s" in result.stderr


@pytest.mark.parametrize("args, needle", [
    (["--store", "ftp://example.org/store"], "absolute http(s) URL"),
    (["--store", "http://127.0.0.1:9/s", "--graph", "https://e.org/g", "--default-graph"], "exclude each other"),
    (["--store", "http://127.0.0.1:9/s", "--graph", "not an iri"], "not an absolute IRI"),
    (["--store", "http://127.0.0.1:9/s", "--password", "x"], "--password needs --user"),
])
def test_usage_errors_exit_2(args, needle, small_dump):
    result = run("publish", *args, "--input", str(small_dump))
    assert result.exit_code == 2
    assert needle in result.output


def test_input_errors_name_the_file(tmp_path, small_dump):
    missing = tmp_path / "missing.nt"
    result = run("publish", "--store", "http://127.0.0.1:9/s", "--input", str(missing))
    assert result.exit_code == 2 and str(missing) in result.stderr and "cannot read" in result.stderr
    odd = tmp_path / "dump.rdf"
    odd.write_text("x", encoding="utf-8")
    result = run("publish", "--store", "http://127.0.0.1:9/s", "--input", str(odd))
    assert result.exit_code == 2 and str(odd) in result.stderr
    turtle = tmp_path / "dump.ttl"
    turtle.write_text("", encoding="utf-8")
    result = run("publish", "--store", "http://127.0.0.1:9/s", "--input", str(turtle), "--batch-size", "5")
    assert result.exit_code == 2 and "--batch-size needs" in result.output


def test_target_url_and_batching_helpers():
    assert target_url("http://h/ds/data", None) == "http://h/ds/data?default"
    assert target_url("http://h/ds?x=1", "urn:g") == "http://h/ds?x=1&graph=urn%3Ag"
    batches = split_ntriples(SMALL_NT.encode() + b"# comment\n\n", 1)
    assert len(batches) == 3 and all(b.count(b"\n") == 1 for b in batches)


# --------------------------------------------------------------------------- a loopback graph store for failure injection
class GraphStoreHandler(BaseHTTPRequestHandler):
    """A small Graph Store Protocol + SPARQL Update (MOVE/ADD/DROP) server keeping graphs as sets of lines.

    ``server.fail`` = (method, graph-prefix, nth) answers 500 to that request; ``server.trickle`` answers
    every upload with a status line and then one byte every 0.2 s, never finishing; ``server.digest``
    = (user, password) demands HTTP Digest (qop=auth, MD5)."""

    def _graph(self) -> str | None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        return "DEFAULT" if "default" in query else query.get("graph", [None])[0]

    def _answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _authorized(self) -> bool:
        if self.server.digest is None:
            return True
        user, password = self.server.digest
        header = self.headers.get("Authorization", "")
        if header.startswith("Digest "):
            fields = dict((k, v.strip('"')) for k, v in
                          (part.strip().split("=", 1) for part in header[7:].split(",")))
            h = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731
            ha1, ha2 = h(f"{user}:store:{password}"), h(f"{self.command}:{self.path}")
            expected = h(f"{ha1}:{self.server.nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
            if fields.get("username") == user and fields.get("uri") == self.path and fields.get("response") == expected:
                return True
        self.server.unauthorized += 1
        self._answer(401, b"Unauthorized", {"WWW-Authenticate":
                     f'Digest realm="store", nonce="{self.server.nonce}", qop="auth", algorithm="MD5", opaque="x"'})
        return False

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        server = self.server
        graph = self._graph()
        server.log.append((self.command, urllib.parse.urlsplit(self.path).path, graph, self.headers.get("Authorization")))
        if not self._authorized():
            return
        nth = sum(1 for m, _, g, _ in server.log if m == self.command and g == graph)
        if server.fail and server.fail[0] == self.command and (graph or "").startswith(server.fail[1]) \
                and nth == server.fail[2]:
            return self._answer(500, b"Internal error: disk quota\n")
        if server.trickle and self.command in ("PUT", "POST"):
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                return
        lines = {line for line in body.decode("utf-8").splitlines() if line.strip()}
        if urllib.parse.urlsplit(self.path).path not in ("/store", "/update"):
            return self._answer(404, b"Not found")
        if urllib.parse.urlsplit(self.path).path == "/update":
            update = urllib.parse.parse_qs(body.decode("ascii"))["update"][0]
            for verb, source, target in re.findall(r"(MOVE|ADD) <([^>]+)> TO (DEFAULT|<[^>]+>)", update):
                target = target.strip("<>")
                content = server.graphs.get(source, set())
                server.graphs[target] = set(content) if verb == "MOVE" else server.graphs.get(target, set()) | content
                if verb == "MOVE":
                    server.graphs.pop(source, None)
            for source in re.findall(r"DROP SILENT GRAPH <([^>]+)>", update):
                server.graphs.pop(source, None)
            return self._answer(204)
        if self.command == "PUT":
            server.graphs[graph] = lines
            return self._answer(201)
        if self.command == "POST":
            server.graphs.setdefault(graph, set()).update(lines)
            return self._answer(204)
        if graph not in server.graphs:
            return self._answer(404, b"no such graph")
        if self.command == "DELETE":
            del server.graphs[graph]
            return self._answer(204)
        return self._answer(200, "".join(line + "\n" for line in sorted(server.graphs[graph])).encode("utf-8"),
                            {"Content-Type": "application/n-triples"})

    do_PUT = do_POST = do_GET = do_DELETE = do_HEAD = _handle

    def log_message(self, *args):
        pass


OLD = {'<https://example.org/old> <http://www.w3.org/2000/01/rdf-schema#label> "old" .'}
TARGET = "https://example.org/g"


@pytest.fixture
def graph_store():
    server = ThreadingHTTPServer(("127.0.0.1", 0), GraphStoreHandler)
    server.daemon_threads = True
    server.graphs, server.log = {TARGET: set(OLD)}, []
    server.fail, server.trickle, server.digest, server.unauthorized = None, False, None, 0
    server.nonce = "n0nce"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _small_lines() -> set[str]:
    return set(SMALL_NT.splitlines())


@pytest.mark.parametrize("via_update", [False, True])
def test_batches_are_staged_and_replace_the_target_only_at_the_end(graph_store, small_dump, via_update):
    base = f"http://127.0.0.1:{graph_store.server_address[1]}"
    extra = ["--update-endpoint", f"{base}/update"] if via_update else []
    result = run("publish", "--store", f"{base}/store", "--graph", TARGET, "--input", str(small_dump),
                 "--batch-size", "1", *extra)
    assert result.exit_code == 0, result.output
    assert graph_store.graphs == {TARGET: _small_lines()}  # replaced, and no staging graph left
    uploads = [(m, g) for m, path, g, _ in graph_store.log if path == "/store" and m in ("PUT", "POST")]
    assert [m for m, _ in uploads[:3]] == ["PUT", "POST", "POST"]
    staging = uploads[0][1]
    assert staging.startswith("urn:uuid:") and {g for _, g in uploads[:3]} == {staging}
    assert all(g != TARGET for m, _, g, _ in graph_store.log[:3])  # the target only after every batch
    assert f"via staging graph <{staging}>" in result.stdout


@pytest.mark.parametrize("via_update", [False, True])
def test_append_batches_add_to_the_target(graph_store, small_dump, via_update):
    base = f"http://127.0.0.1:{graph_store.server_address[1]}"
    extra = ["--update-endpoint", f"{base}/update"] if via_update else []
    result = run("publish", "--store", f"{base}/store", "--graph", TARGET, "--input", str(small_dump),
                 "--batch-size", "2", "--append", *extra)
    assert result.exit_code == 0, result.output
    assert graph_store.graphs == {TARGET: OLD | _small_lines()}


@pytest.mark.parametrize("fail", [("POST", "urn:uuid:", 1), ("PUT", "urn:uuid:", 1), ("GET", "urn:uuid:", 1),
                                  ("PUT", TARGET, 1)])
def test_a_failed_batch_leaves_the_target_untouched_and_says_so(graph_store, small_dump, fail):
    graph_store.fail = fail
    base = f"http://127.0.0.1:{graph_store.server_address[1]}"
    result = run("publish", "--store", f"{base}/store", "--graph", TARGET, "--input", str(small_dump),
                 "--batch-size", "1")
    assert result.exit_code == 1
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert "HTTP 500" in error and f"graph <{TARGET}> is untouched" in error
    if fail[1] == "urn:uuid:" and fail[0] != "GET":
        assert "batch " in error and " of 3 failed" in error
    assert graph_store.graphs == {TARGET: OLD}  # the old content, and the staging graph removed


def test_a_failed_move_leaves_the_target_untouched(graph_store, small_dump):
    base = f"http://127.0.0.1:{graph_store.server_address[1]}"
    result = run("publish", "--store", f"{base}/store", "--graph", TARGET, "--input", str(small_dump),
                 "--batch-size", "1", "--update-endpoint", f"{base}/no-update")
    assert result.exit_code == 1
    assert f"graph <{TARGET}> is untouched" in result.stderr and "HTTP 404" in result.stderr
    assert graph_store.graphs == {TARGET: OLD}


def test_a_store_that_trickles_bytes_is_cut_at_the_total_deadline(graph_store, small_dump):
    graph_store.trickle = True
    base = f"http://127.0.0.1:{graph_store.server_address[1]}"
    # bounded by the subprocess timeout: with a per-read timeout only, this would never end
    result = subprocess.run([sys.executable, "-m", "occlink.cli.main", "publish", "--store", f"{base}/store",
                             "--graph", TARGET, "--input", str(small_dump), "--timeout", "1"],
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1"))
    assert result.returncode == 1
    assert "did not finish PUT within 1 s" in result.stderr and "Traceback" not in result.stderr


def test_digest_authentication_when_the_store_asks_for_it(graph_store, small_dump):
    graph_store.digest = ("dba", "s3cret")
    base = f"http://127.0.0.1:{graph_store.server_address[1]}"
    result = run("publish", "--store", f"{base}/store", "--graph", TARGET, "--input", str(small_dump),
                 "--batch-size", "2", "--user", "dba", "--password", "s3cret")
    assert result.exit_code == 0, result.output
    assert graph_store.graphs == {TARGET: _small_lines()}
    sent = [auth for m, _, _, auth in graph_store.log if m != "HEAD"]
    assert sent and all(auth.startswith("Digest ") for auth in sent)  # the body went out with Digest only
    assert not any("s3cret" in (auth or "") for *_, auth in graph_store.log)
    assert graph_store.unauthorized == 1  # the HEAD probe


def test_wrong_digest_password_is_one_line(graph_store, small_dump):
    graph_store.digest = ("dba", "s3cret")
    base = f"http://127.0.0.1:{graph_store.server_address[1]}"
    result = run("publish", "--store", f"{base}/store", "--graph", TARGET, "--input", str(small_dump),
                 "--user", "dba", "--password", "wrong")
    assert result.exit_code == 1
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert "HTTP 401" in error
    assert graph_store.graphs == {TARGET: OLD}


# --------------------------------------------------------------------------- real Oxigraph server
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _occlink(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    return subprocess.run([sys.executable, "-m", "occlink.cli.main", *args], capture_output=True, text=True,
                          env=env, timeout=600)


@pytest.fixture
def oxigraph_server(tmp_path):
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.skip("oxigraph server not installed (pip install -e '.[test]')")
    port = _free_port()
    process = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # wait until it accepts connections
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("oxigraph server exited at start")
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _no_proxy_open(request):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return opener.open(request, timeout=120)


@pytest.mark.store
@pytest.mark.slow
def test_publish_to_oxigraph_round_trips_every_triple(oxigraph_server, tmp_path):
    graph_iri = "https://example.org/graphs/occlink"
    published = _occlink("publish", "--store", f"{oxigraph_server}/store", "--graph", graph_iri)
    assert published.returncode == 0, published.stderr
    exported = _occlink("export", "--format", "ntriples", "--out", str(tmp_path / "all.nt"))
    assert exported.returncode == 0, exported.stderr
    expected = {line for line in (tmp_path / "all.nt").read_text(encoding="utf-8").splitlines() if line.strip()}

    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(f"{oxigraph_server}/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "text/csv"})
    with _no_proxy_open(request) as response:
        count = int(response.read().decode().splitlines()[1])
    assert count == len(expected)

    request = urllib.request.Request(f"{oxigraph_server}/store?graph=" + urllib.parse.quote(graph_iri, safe=""),
                                     headers={"Accept": "application/n-triples"})
    with _no_proxy_open(request) as response:
        downloaded = response.read().decode("utf-8")
    from rdflib import Graph
    ours, theirs = Graph(), Graph()
    ours.parse(data="\n".join(sorted(expected)) + "\n", format="nt")
    theirs.parse(data=downloaded, format="nt")
    assert set(theirs) == set(ours)
    assert f"published {len(expected)} triples" in published.stdout


@pytest.mark.store
def test_oxigraph_refusal_is_one_line(oxigraph_server, tmp_path):
    dump = tmp_path / "small.nt"
    dump.write_text(SMALL_NT, encoding="utf-8")
    result = _occlink("publish", "--store", f"{oxigraph_server}/no-such-endpoint", "--input", str(dump))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "HTTP 404" in errors[0]
    assert "Traceback" not in result.stderr


@pytest.mark.store
@pytest.mark.slow
def test_research_queries_unchanged_on_oxigraph_server(oxigraph_server):
    from research_queries import concatenated_columns, endpoint_rows, occlink_rows, query_files
    published = _occlink("publish", "--store", f"{oxigraph_server}/store", "--default-graph")
    assert published.returncode == 0, published.stderr
    differing = []
    for path in query_files():
        text = path.read_text(encoding="utf-8")
        # GROUP_CONCAT's order is unspecified in SPARQL 1.1: such cells compare as sets of parts
        concatenated = concatenated_columns(text)
        theirs = endpoint_rows(f"{oxigraph_server}/query", text, concatenated=concatenated)  # the file unchanged
        if theirs != occlink_rows(path, concatenated) or not theirs:
            differing.append(path.stem)
    assert differing == []


@pytest.mark.store
@pytest.mark.slow
@pytest.mark.parametrize("update", [False, True], ids=["gsp", "sparql-update"])
def test_batched_publish_to_oxigraph_is_staged_and_complete(oxigraph_server, tmp_path, update):
    dump = tmp_path / "all.nt"
    exported = _occlink("export", "--format", "ntriples", "--out", str(dump))
    assert exported.returncode == 0, exported.stderr
    graph_iri = "https://example.org/graphs/batched"
    extra = ["--update-endpoint", f"{oxigraph_server}/update"] if update else []
    published = _occlink("publish", "--store", f"{oxigraph_server}/store", "--graph", graph_iri, "--input", str(dump),
                         "--batch-size", "15000", *extra)
    assert published.returncode == 0, published.stderr
    assert "via staging graph <urn:uuid:" in published.stdout

    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(f"{oxigraph_server}/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "text/csv"})
    with _no_proxy_open(request) as response:
        counts = dict(line.split(",") for line in response.read().decode().splitlines()[1:])
    lines = sum(1 for line in dump.read_text(encoding="utf-8").splitlines() if line.strip())
    assert counts == {graph_iri: str(lines)}  # every triple, and no staging graph left


@pytest.mark.parametrize("algorithm, expected", [
    ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
    ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
])
def test_digest_response_matches_rfc_7616_examples(algorithm, expected):
    from occlink.exports.sparql.publish import Authorizer, Credentials
    auth = Authorizer(Credentials("Mufasa", "Circle of Life"))
    challenge = (f'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={algorithm}, '
                 'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
                 'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"')
    assert auth.pick([challenge])
    header = auth.header("GET", "/dir/index.html", cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header[len("Digest "):]))
    assert fields["response"] == expected
    assert (fields["nc"], fields["qop"], fields["uri"]) == ("00000001", "auth", "/dir/index.html")
    assert fields["opaque"] == "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"


def test_basic_and_digest_challenges_in_one_header_pick_digest():
    from occlink.exports.sparql.publish import parse_challenges
    found = parse_challenges(['Basic realm="a", Digest realm="b", nonce="n", qop="auth"'])
    assert found == {"basic": {"realm": "a"}, "digest": {"realm": "b", "nonce": "n", "qop": "auth"}}
