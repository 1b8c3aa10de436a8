"""occlink publish: Graph Store Protocol uploads against a recording fake and a real Oxigraph server."""

from __future__ import annotations

import base64
import os
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
from occlink.exports.publish import split_ntriples, target_url

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


def test_batches_put_then_post_and_cover_every_triple(fake_store, small_dump):
    result = run("publish", "--store", store_url(fake_store), "--graph", "https://example.org/g",
                 "--input", str(small_dump), "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert [r[0] for r in fake_store.requests] == ["PUT", "POST"]
    sent = b"".join(r[3] for r in fake_store.requests)
    assert sorted(sent.splitlines()) == sorted(SMALL_NT.encode().splitlines())
    assert "2 request(s)" in result.stdout


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
    assert "did not answer" in result.stderr


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
