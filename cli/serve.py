"""``occlink serve``: the linked-data server (pages, content negotiation, SPARQL endpoint)."""

from __future__ import annotations

import click

from occlink.exports.web.server import (
    DEFAULT_CHANNEL_TIMEOUT,
    DEFAULT_CONNECTION_LIMIT,
    DEFAULT_MAX_ROWS,
    DEFAULT_QUEUE,
    DEFAULT_QUEUE_WAIT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
)

from .main import namespaces, run_context
from .options import FiniteFloat


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (loopback by default; use 0.0.0.0 only behind a proxy you trust).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0 picks a free one).")
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=FiniteFloat(0.1, 600),
              help="Seconds a SPARQL query may run; then it is stopped (its worker killed) and the answer is 504.")
@click.option("--max-rows", "--limit", "max_rows", default=DEFAULT_MAX_ROWS, show_default=True,
              type=click.IntRange(1), help="Most rows (or triples) a SPARQL answer carries.")
@click.option("--workers", default=DEFAULT_WORKERS, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes (each holds its own copy of the store); as many warm standbys.")
@click.option("--queue", "queue", default=DEFAULT_QUEUE, show_default=True, type=click.IntRange(0),
              help="Queries that may wait for a free worker.")
@click.option("--queue-wait", default=DEFAULT_QUEUE_WAIT, show_default=True, type=FiniteFloat(0, 600),
              help="Seconds a query may wait for a worker before the answer is 503 with Retry-After.")
@click.option("--connection-limit", default=DEFAULT_CONNECTION_LIMIT, show_default=True, type=click.IntRange(1),
              help="Open connections waitress accepts.")
@click.option("--channel-timeout", default=DEFAULT_CHANNEL_TIMEOUT, show_default=True, type=click.IntRange(1),
              help="Seconds of inactivity before a connection is closed.")
def serve(host: str, port: int, timeout: float, max_rows: int, workers: int, queue: int, queue_wait: float,
          connection_limit: int, channel_timeout: int) -> None:
    """Serve the dataset: every IRI resolves under this server.

    The base IRI's path maps to the server root, so with the default base
    https://w3id.org/occlink/ the national concept csco:2-02-38-01 is at
    http://HOST:PORT/csco/2022/2-02-38-01 (HTML, Turtle or JSON-LD by Accept).
    SPARQL 1.1 Protocol at /sparql (read-only), search at /search?q=…

    \b
    Examples:
      occlink serve
      occlink --base-iri https://data.example.org/occ/ serve --port 8080
    """
    from occlink.exports.web.server import check_listen_address, make_server

    ns = namespaces()
    check_listen_address(host, port)  # a bad host or busy port fails now, not after loading
    click.echo(f"Loading the dataset for {ns.base} …", err=True)
    try:
        server, app = make_server(ns, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
                                  queue=queue, queue_wait=queue_wait, connection_limit=connection_limit,
                                  channel_timeout=channel_timeout, context=run_context())
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    click.echo(f"Serving {ns.base} at http://{host}:{server.effective_port}/ (Ctrl-C to stop)", err=True)
    import signal
    signal.signal(signal.SIGTERM, _stop)  # a service manager's stop: close workers and temp files too
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        app.close()


def _stop(signum, frame) -> None:
    raise SystemExit(0)
