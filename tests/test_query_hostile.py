"""Hostile probes of `occlink query` and `occlink serve` (issue #11 findings 1, 4, 5, 10, 11; #20 item 7).

Loopback only, bounded in time, no timing assertions: a listener counts the
connections a query makes; runaway queries are checked by their worker process
being gone and replaced, not by measuring CPU.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.exports.sparql.workers import shared_pool
from occlink.taxonomy.namespaces import Namespaces
from test_server_support import fetch, start_server

NS = Namespaces()
BOMB = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
REGEX_BOMB = ('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . '
              'FILTER(REGEX(CONCAT(STR(?c), STR(?f), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), "^(a+)+$")) }')
TRIVIAL = "ASK { csco:2-02-38-01 a skos:Concept }"


class Listener:
    """A loopback TCP listener that counts connections (and closes them at once)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    running = Listener()
    yield running
    running.close()


@pytest.fixture(scope="module")
def server():
    running = start_server(NS, timeout=2.0, workers=2, queue_wait=60)
    yield running
    running.stop()


def service_queries(port: int) -> dict[str, str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return {
        "select": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "ask": f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "describe": f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "silent-in-subquery": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} }}",
        "variable-in-exists": (f"SELECT * WHERE {{ BIND(<{url}> AS ?u) "
                               f"FILTER EXISTS {{ SERVICE ?u {{ ?s ?p ?o }} }} }}"),
        "lower-case-with-comment": f"ask {{ service #x\n <{url}> {{ ?s ?p ?o }} }}",
        "codepoint-escape": f"ASK {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    }


def test_the_listener_sees_a_query_that_is_not_inspected(listener):
    """Control: Oxigraph itself does contact the listener, so a count of zero below means something."""
    before = listener.connections
    with pytest.raises(OSError):   # the listener answers nothing that is HTTP
        bool(ox.Store().query(f"ASK {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"))
    assert listener.connections == before + 1


@pytest.mark.parametrize("form", list(service_queries(0)))
def test_service_is_refused_by_the_cli_without_a_connection(listener, form):
    query = service_queries(listener.port)[form]
    before = listener.connections
    result = CliRunner().invoke(cli, ["query", query])
    assert result.exit_code == 2, result.output
    assert result.output.strip() == "Error: SERVICE (federated query) is not allowed: the dataset is self-contained"
    assert listener.connections == before


@pytest.mark.parametrize("form", list(service_queries(0)))
def test_service_is_refused_over_http_without_a_connection(listener, server, form):
    query = service_queries(listener.port)[form]
    before = listener.connections
    status, headers, body = fetch(f"{server.url}/sparql?{urlencode({'query': query})}")
    assert status == 400 and b"SERVICE" in body
    status, _, body = fetch(f"{server.url}/sparql", data=query.encode(), content_type="application/sparql-query")
    assert status == 400 and b"SERVICE" in body
    assert listener.connections == before


def test_a_bad_param_iri_is_one_line_exit_2():
    result = CliRunner().invoke(cli, ["query", "--example", "national-occupation", "--param", "code=csco:> }"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("Error: --param code: parameter value 'csco:> }' is not a valid IRI")


def test_cli_timeout_stops_the_query_and_kills_its_worker():
    pool = shared_pool(NS)
    assert CliRunner().invoke(cli, ["query", TRIVIAL]).exit_code == 0
    before = set(pool.workers)
    result = CliRunner().invoke(cli, ["query", BOMB, "--timeout", "1"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: query stopped: it exceeded the 1 s time limit"
    for pid in before:
        assert not os.path.exists(f"/proc/{pid}"), "the timed-out worker still runs"
    result = CliRunner().invoke(cli, ["query", TRIVIAL, "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["boolean"] is True
    assert set(pool.workers).isdisjoint(before)


def test_cli_limit_and_streaming_without_a_cap():
    result = CliRunner().invoke(cli, ["query", "SELECT ?s WHERE { ?s a skos:Concept }", "--format", "csv",
                                      "--limit", "5"])
    assert result.exit_code == 0
    assert len(list(csv.reader(io.StringIO(result.stdout)))) == 6  # header + 5
    assert "capped at --limit 5" in result.stderr
    result = CliRunner().invoke(cli, ["query", "SELECT * WHERE { ?s ?p ?o }", "--format", "json"])
    rows = json.loads(result.output)["results"]["bindings"]
    count = CliRunner().invoke(cli, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"])
    assert len(rows) == int(count.output.splitlines()[1]) > 10_000  # more than a batch: streamed in pieces


def test_cli_csv_keeps_numbers():
    result = CliRunner().invoke(cli, ["query", "SELECT (1-3 AS ?d) WHERE {}", "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["d", "-2"]
    result = CliRunner().invoke(cli, ["query", "SELECT (1-3 AS ?d) WHERE {}", "--format", "tsv"])
    assert result.output.splitlines() == ["d", "-2"]


def test_http_csv_keeps_numbers(server):
    query = 'SELECT (1-3 AS ?d) ("-1" AS ?s) WHERE {}'
    status, headers, body = fetch(f"{server.url}/sparql?{urlencode({'query': query})}", accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["d", "s"], ["-2", "'-1"]]


def test_timed_out_bombs_free_their_workers_and_later_queries_answer(server):
    pool = server.app.pool
    status, _, _ = fetch(f"{server.url}/sparql?{urlencode({'query': TRIVIAL})}")
    assert status == 200
    before = set(pool.workers)
    with ThreadPoolExecutor(4) as executor:
        answers = list(executor.map(lambda q: fetch(f"{server.url}/sparql?{urlencode({'query': q})}"),
                                    [BOMB, BOMB, REGEX_BOMB, BOMB]))
    assert [a[0] for a in answers] == [504] * 4, [a[2] for a in answers]
    assert all(b"time limit" in a[2] for a in answers)
    status, _, body = fetch(f"{server.url}/sparql?{urlencode({'query': TRIVIAL})}",
                            accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    gone = before - set(pool.workers)
    assert len(before) == pool.size + pool.spares == 4 and len(gone) == 4  # 2 running + 2 standbys, 4 bombs
    for pid in gone:  # the bombs' workers were killed (CPU freed), not abandoned
        assert not os.path.exists(f"/proc/{pid}")
    assert len(pool.workers) <= pool.size + pool.spares


def test_a_burst_queues_instead_of_failing(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s skos:notation ?code }"
    with ThreadPoolExecutor(12) as executor:
        answers = list(executor.map(lambda _: fetch(f"{server.url}/sparql?{urlencode({'query': query})}"),
                                    range(24)))
    assert [a[0] for a in answers] == [200] * 24


@pytest.mark.parametrize("settings", [{"queue_wait": 0.2}, {"queue": 0, "queue_wait": 600}],
                         ids=["wait-budget-spent", "queue-full"])
def test_503_with_retry_after_only_when_the_wait_budget_is_spent_or_the_queue_full(settings):
    running = start_server(NS, timeout=30.0, workers=1, **settings)
    try:
        status, _, _ = fetch(f"{running.url}/sparql?{urlencode({'query': TRIVIAL})}")
        assert status == 200  # a free worker answers, whatever the queue settings
        blocker = threading.Thread(target=fetch, args=(f"{running.url}/sparql?{urlencode({'query': BOMB})}",))
        blocker.start()
        deadline = time.monotonic() + 60
        while running.app.pool._idle.qsize() and time.monotonic() < deadline:
            time.sleep(0.05)  # until the bomb holds the only worker
        status, headers, body = fetch(f"{running.url}/sparql?{urlencode({'query': TRIVIAL})}")
        assert status == 503 and int(headers["Retry-After"]) >= 1
        assert headers["Access-Control-Allow-Origin"] == "*"
    finally:
        for worker in list(running.app.pool.workers.values()):
            worker.kill()  # end the bomb now
        blocker.join(timeout=60)
        running.stop()


def test_slow_connections_cannot_lock_out_other_clients(server):
    slow = []
    try:
        for _ in range(110):  # slowloris: each connection sends half a request line and waits
            sock = socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1])), timeout=10)
            sock.sendall(b"GET /sparql?query=ASK")
            slow.append(sock)
        status, _, body = fetch(f"{server.url}/sparql?{urlencode({'query': TRIVIAL})}",
                                accept="application/sparql-results+json")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        for sock in slow:
            sock.close()
    assert server.server.adj.connection_limit >= 1000 and server.server.adj.channel_timeout <= 60


def test_serve_refuses_a_bad_host_before_loading():
    result = CliRunner().invoke(cli, ["serve", "--host", "bad host", "--port", "0"])
    assert result.exit_code == 2
    assert "Loading" not in result.output and "Traceback" not in result.output
    assert re.fullmatch(r"Error: cannot listen on bad host:0: .+", result.output.strip())


PAGES = ["/", "/search?q=2-02-38-01", "/sparql", "/csco/2022/2-02-38-01", "/qianhai/2020/d06", "/nope",
         "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%203"]


@pytest.mark.parametrize("path", PAGES)
def test_html_carries_a_strict_csp_and_no_inline_script_or_style(server, path):
    status, headers, body = fetch(f"{server.url}{path}", accept="text/html")
    assert headers["Content-Type"].startswith("text/html")
    assert headers["X-Content-Type-Options"] == "nosniff"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    page = body.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script: move it to static/ or hash it"
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", page), "inline style or event handler"


@pytest.mark.parametrize("path,accept", [("/csco/2022/2-02-38-01", "text/turtle"), ("/static/style.css", None),
                                         ("/context.jsonld", None), ("/sparql?query=ASK%7B%7D", None),
                                         ("/nope", "text/turtle"), ("/sparql?query=ASK%7B", None)])
def test_every_answer_has_nosniff_and_cors(server, path, accept):
    status, headers, _ = fetch(f"{server.url}{path}", accept=accept)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_a_query_slow_to_parse_is_stopped_by_the_deadline_too(server):
    """Parsing (inspection) happens in the worker: a text that takes rdflib's parser minutes costs a killable
    process, not the server's threads."""
    slow_to_parse = "SELECT * WHERE { ?s ?p ?o " + 'FILTER(?o = "x") ' * 4000 + "}"
    status, _, body = fetch(f"{server.url}/sparql", data=slow_to_parse.encode(),
                            content_type="application/sparql-query")
    assert status == 504 and b"time limit" in body
    status, _, _ = fetch(f"{server.url}/sparql?{urlencode({'query': TRIVIAL})}")
    assert status == 200


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def test_a_worker_does_not_outlive_a_killed_cli():
    import signal
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, "-m", "occlink", "query", BOMB, "--timeout", "600"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        workers = []
        while not workers and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.5)
            workers = _children(proc.pid)
        assert workers, "the CLI started no worker"
        with open(f"/proc/{workers[0]}/cmdline", "rb") as handle:
            store_folder = os.path.dirname(handle.read().split(b"\0")[3].decode())  # the CLI's temp folder
        time.sleep(1)  # let the worker start on the bomb
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 30
    while any(os.path.exists(f"/proc/{pid}") and not _is_zombie(pid) for pid in workers) \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(os.path.exists(f"/proc/{pid}") and not _is_zombie(pid) for pid in workers)
    import shutil
    shutil.rmtree(store_folder, ignore_errors=True)  # a killed process cannot remove its own temp files


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_a_worker_whose_parent_left_exits_quietly(tmp_path):
    """`occlink query 'DROP ALL'` refuses and exits while a pre-started worker is still opening the store:
    the worker's "ready" then meets a closed pipe, and must not print a traceback on the user's terminal."""
    import subprocess
    import sys
    ox.Store(str(tmp_path / "store")).flush()
    read_end, write_end = os.pipe()
    os.close(read_end)  # the parent is already gone
    proc = subprocess.run([sys.executable, "-m", "occlink.exports.sparql.workers", str(tmp_path / "store"),
                           "urn:x-graph", "0", "lazy-parser"], stdin=subprocess.DEVNULL, stdout=write_end,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write_end)
    assert proc.stderr == ""
    assert proc.returncode == 0
