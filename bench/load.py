"""Bounded load benchmark of ``occlink serve``: ``python -m bench.load [--duration 30] [--out FILE]``.

Starts a real ``occlink serve`` on a free loopback port (default settings) and runs
three phases, each bounded by ``--duration`` seconds:

1. ``--clients`` threads sending trivial SPARQL queries back to back;
2. ``--clients`` threads fetching concept pages (HTML) back to back;
3. ``--slow`` slowloris connections (half a request line, then one header byte every
   few seconds) held open while a probe client sends one trivial query per second.

It reports requests, errors (by status) and latency percentiles per phase, and for
the third how many probe queries were served. A benchmark, not a test: figures go to
docs/performance.md; tests/test_bench_load_smoke.py runs it at a tiny scale.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from .steps import percentile

TRIVIAL = ["ASK { csco:2-02-38-01 a skos:Concept }",
           'SELECT ?l WHERE { csco:2-02-38-01 skos:prefLabel ?l }',
           'SELECT ?c WHERE { ?c skos:notation "2-02-10-03" }']
CONCEPTS_QUERY = "SELECT ?c WHERE { ?c a schema:Occupation ; skos:inScheme ?s } ORDER BY ?c LIMIT 200"


def _get(url: str, accept: str, timeout: float = 60) -> tuple[int, float]:
    start = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError:
        status = 0  # connection refused/reset/timed out
    return status, time.perf_counter() - start


def _clients(urls: list[str], accept: str, clients: int, duration: float) -> dict:
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            status, elapsed = _get(urls[i % len(urls)], accept)
            i += clients
            with lock:
                statuses[status] += 1
                latencies.append(elapsed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    total = sum(statuses.values())
    return {"clients": clients, "duration_s": round(wall, 2), "requests": total,
            "per_s": round(total / wall, 1) if wall else 0.0,
            "errors": total - statuses[200], "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
            "p95_ms": round(percentile(latencies, 95) * 1000, 1) if latencies else None}


def _slowloris(host: str, port: int, connections: int, duration: float, probe_url: str) -> dict:
    socks: list[socket.socket] = []
    refused = 0
    for _ in range(connections):
        try:
            sock = socket.create_connection((host, port), timeout=10)
            sock.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: x\r\n")
            socks.append(sock)
        except OSError:
            refused += 1
    probes: Counter = Counter()
    latencies: list[float] = []
    stop = time.monotonic() + duration
    next_trickle = time.monotonic() + 5
    while time.monotonic() < stop:
        status, elapsed = _get(probe_url, "application/sparql-results+json", timeout=max(1.0, duration))
        probes[status] += 1
        latencies.append(elapsed)
        if time.monotonic() >= next_trickle:  # keep every slow connection active (defeats idle timeouts)
            for sock in socks:
                try:
                    sock.sendall(b"X")
                except OSError:
                    pass
            next_trickle = time.monotonic() + 5
        time.sleep(max(0.0, 1.0 - elapsed))
    still_open = 0
    for sock in socks:
        try:
            sock.sendall(b"X")
            still_open += 1
        except OSError:
            pass
        sock.close()
    return {"slow_connections": connections, "refused": refused, "still_open_at_end": still_open,
            "probe_requests": sum(probes.values()), "probe_served": probes[200],
            "probe_statuses": {str(k): v for k, v in sorted(probes.items())},
            "probe_p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
            "probe_max_ms": round(max(latencies) * 1000, 1) if latencies else None}


def run_load(url: str, *, duration: float, clients: int, slow: int) -> dict:
    """The three phases against a running server at ``url`` (http://127.0.0.1:PORT)."""
    queries = [f"{url}/sparql?{urlencode({'query': q})}" for q in TRIVIAL]
    with urllib.request.urlopen(urllib.request.Request(
            f"{url}/sparql?{urlencode({'query': CONCEPTS_QUERY})}",
            headers={"Accept": "application/sparql-results+json"}), timeout=120) as response:
        concepts = [b["c"]["value"] for b in json.load(response)["results"]["bindings"]]
    base = concepts[0].split("csco/")[0]
    pages = [f"{url}/{iri[len(base):]}" for iri in concepts]
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    return {
        "sparql": _clients(queries, "application/sparql-results+json", clients, duration),
        "pages": _clients(pages, "text/html", clients, duration),
        "slowloris": _slowloris(host, int(port), slow, duration, queries[0]),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "occlink", "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"occlink serve exited: {proc.stderr.read()}")
        status, _ = _get(f"http://127.0.0.1:{port}/sparql?{urlencode({'query': TRIVIAL[0]})}",
                         "application/sparql-results+json", timeout=5)
        if status == 200:
            return proc
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("occlink serve did not start within 600 s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--slow", type=int, default=110, help="slowloris connections in phase 3")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "load.json")
    args = parser.parse_args(argv)
    from .machine import machine_info
    port = _free_port()
    proc = serve(port)
    try:
        report = run_load(f"http://127.0.0.1:{port}", duration=args.duration, clients=args.clients, slow=args.slow)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    report = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine_info(),
              "settings": {"duration_s": args.duration, "clients": args.clients, "slow": args.slow}, **report}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
