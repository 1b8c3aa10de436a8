"""occlink publish into a real Virtuoso 7 (Debian's virtuoso-opensource-7-bin) on loopback with a throw-away
database: HTTP Digest on /sparql-graph-crud-auth, every triple arrives, every research query gives the same
rows there as `occlink query` (Virtuoso's documented quirks normalized: docs/publishing.md)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from research_queries import concatenated_columns, endpoint_rows, occlink_rows, query_files

GRAPH = "https://example.org/graphs/occlink"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = {db}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


def virtuoso_quirks(term: dict) -> dict:
    """Virtuoso answers xsd:boolean values as 0/1 (JSON and CSV alike); SPARQL's lexical form is false/true."""
    if term.get("datatype") == XSD_BOOLEAN and term["value"] in ("0", "1"):
        return {**term, "value": "true" if term["value"] == "1" else "false"}
    return term


def virtuoso_separators(concatenated: dict[str, str]) -> dict[str, str]:
    """Virtuoso 7.2 writes a non-ASCII GROUP_CONCAT separator (e.g. 、) as '?' (CONCAT keeps it)."""
    return {column: sep if sep.isascii() else "?" for column, sep in concatenated.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    exe = shutil.which("virtuoso-t")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is missing in CI: .ci/run installs virtuoso-opensource-7-bin")
        pytest.skip("virtuoso-t not installed (apt-get install virtuoso-opensource-7-bin; .ci/run does)")
    db = tmp_path_factory.mktemp("virtuoso")
    http_port = _free_port()
    (db / "virtuoso.ini").write_text(INI.format(db=db, sql_port=_free_port(), http_port=http_port),
                                     encoding="utf-8")
    process = subprocess.Popen([exe, "+foreground", "+configfile", str(db / "virtuoso.ini")], cwd=db,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                log = (db / "virtuoso.log").read_text(errors="replace")[-2000:] if (db / "virtuoso.log").exists() else ""
                pytest.fail(f"virtuoso exited at start: {log}")
            try:
                if _get(f"{base}/sparql?query=ASK%7B%7D") == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("virtuoso did not start within 180 s")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _occlink(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    return subprocess.run([sys.executable, "-m", "occlink.cli.main", *args], capture_output=True, text=True,
                          env=env, timeout=900)


def _count(base: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "text/csv"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=120) as response:
        return int(response.read().decode().splitlines()[1])


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    path = tmp_path_factory.mktemp("dump") / "occlink.nt"
    result = _occlink("export", "--format", "ntriples", "--out", str(path))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def published(virtuoso, dump):
    result = _occlink("publish", "--store", f"{virtuoso}/sparql-graph-crud-auth", "--graph", GRAPH,
                      "--user", "dba", "--password", "dba")
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.store
@pytest.mark.slow
def test_digest_publish_loads_every_triple(virtuoso, dump, published):
    triples = sum(1 for line in dump.read_text(encoding="utf-8").splitlines() if line.strip())
    assert f"published {triples} triples" in published.stdout
    assert _count(virtuoso, GRAPH) == triples


@pytest.mark.store
@pytest.mark.slow
def test_wrong_password_is_refused_in_one_line(virtuoso, dump):
    result = _occlink("publish", "--store", f"{virtuoso}/sparql-graph-crud-auth", "--graph", "https://example.org/x",
                      "--input", str(dump), "--user", "dba", "--password", "wrong")
    assert result.returncode == 1
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert "HTTP 401" in error and "Traceback" not in result.stderr


@pytest.mark.store
@pytest.mark.slow
@pytest.mark.parametrize("update", [False, True], ids=["gsp", "sparql-update"])
def test_batched_publish_is_staged_and_complete(virtuoso, dump, update):
    graph = f"https://example.org/graphs/batched-{update}"
    extra = ["--update-endpoint", f"{virtuoso}/sparql-auth"] if update else []
    result = _occlink("publish", "--store", f"{virtuoso}/sparql-graph-crud-auth", "--graph", graph,
                      "--input", str(dump), "--batch-size", "20000", "--user", "dba", "--password", "dba", *extra)
    assert result.returncode == 0, result.stderr
    assert "via staging graph <urn:uuid:" in result.stdout
    staging = result.stdout.split("via staging graph <", 1)[1].split(">", 1)[0]
    assert _count(virtuoso, graph) == sum(1 for line in dump.read_text(encoding="utf-8").splitlines() if line.strip())
    assert _count(virtuoso, staging) == 0


@pytest.mark.store
@pytest.mark.slow
@pytest.mark.parametrize("path", query_files(), ids=lambda p: p.stem)
def test_research_query_gives_the_same_rows_on_virtuoso(virtuoso, published, path):
    text = path.read_text(encoding="utf-8")
    concatenated = concatenated_columns(text)
    endpoint = f"{virtuoso}/sparql?" + urllib.parse.urlencode({"default-graph-uri": GRAPH})
    theirs = endpoint_rows(endpoint, text, virtuoso_quirks, virtuoso_separators(concatenated))  # file unchanged
    assert theirs == occlink_rows(path, concatenated)
    assert sum(theirs.values()) > 0
