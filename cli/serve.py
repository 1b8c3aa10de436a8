"""``occlink serve``: the linked-data server (pages, content negotiation, SPARQL endpoint)."""

from __future__ import annotations

import click

from .main import namespaces


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (loopback by default; use 0.0.0.0 only behind a proxy you trust).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0 picks a free one).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds a SPARQL query may run before the server answers 504.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Most rows (or triples) a SPARQL answer carries.")
def serve(host: str, port: int, timeout: float, max_rows: int) -> None:
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
    from occlink.exports.server import make_server

    ns = namespaces()
    click.echo(f"Loading the dataset for {ns.base} …", err=True)
    try:
        server, app = make_server(ns, host=host, port=port, timeout=timeout, max_rows=max_rows)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    click.echo(f"Serving {ns.base} at http://{host}:{server.effective_port}/ (Ctrl-C to stop)", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.close()
