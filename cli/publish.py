"""``occlink publish``: load the dataset into a SPARQL 1.1 Graph Store Protocol server."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from occlink.errors import InputError
from occlink.exports.sparql.publish import (
    CONTENT_TYPES,
    Credentials,
    PublishError,
    StoreURLError,
    check_store_url,
    target_url,
)
from occlink.exports.sparql.publish import publish as upload

from .main import namespaces, run_context
from .options import FiniteFloat, catalog_option

USER_ENV = "OCCLINK_STORE_USER"
PASSWORD_ENV = "OCCLINK_STORE_PASSWORD"
INPUT_FORMATS = {".nt": "ntriples", ".ttl": "turtle"}


def _store(ctx, param, value: str) -> str:
    try:
        return check_store_url(value)
    except StoreURLError as exc:
        raise click.BadParameter(str(exc)) from None


def _graph(ctx, param, value: str | None) -> str | None:
    if value is not None and (":" not in value or any(ch in value for ch in ' <>"{}|\\^`')):
        raise click.BadParameter(f"{value!r} is not an absolute IRI")
    return value


def _read_input(path: Path) -> tuple[bytes, str]:
    fmt = INPUT_FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"cannot tell the format from the extension (use {', '.join(INPUT_FORMATS)})",
                         source=str(path))
    try:
        return path.read_bytes(), fmt
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None


@click.command()
@click.option("--store", required=True, callback=_store, metavar="URL",
              help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/ds/data (Fuseki).")
@click.option("--graph", "graph_iri", callback=_graph, metavar="IRI",
              help="Named graph to load into. Default: the dataset IRI ({base}dataset/occlink).")
@click.option("--default-graph", is_flag=True, help="Load into the store's default graph (?default) instead.")
@click.option("--format", "fmt", type=click.Choice(["ntriples", "turtle"]), default="ntriples", show_default=True,
              help="Serialization sent to the store.")
@click.option("--replace/--append", default=True, show_default=True,
              help="--replace: PUT (the graph becomes the dataset); --append: POST (add to the graph).")
@click.option("--user", envvar=USER_ENV,
              help=f"User for HTTP authentication, Basic or Digest as the store asks (env {USER_ENV}).")
@click.option("--password", envvar=PASSWORD_ENV, help=f"Password for HTTP authentication (env {PASSWORD_ENV}).")
@click.option("--timeout", type=FiniteFloat(0.1), default=120.0, show_default=True,
              help="Seconds each request may take in total (upload and answer).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, metavar="TRIPLES",
              help="N-Triples only: at most this many triples per request (for stores that limit request size). "
                   "Batches go to a staging graph; the target changes only when every batch arrived.")
@click.option("--update-endpoint", callback=lambda ctx, param, value: value and _store(ctx, param, value),
              metavar="URL", help="SPARQL Update endpoint of the same store (e.g. http://localhost:7878/update): "
                                  "batches then reach the target by MOVE/ADD instead of a GET and a PUT/POST.")
@click.option("--input", "input_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Upload this dump (.nt or .ttl, e.g. from occlink build) instead of building the dataset.")
@catalog_option
def publish(store: str, graph_iri: str | None, default_graph: bool, fmt: str, replace: bool, user: str | None,
            password: str | None, timeout: float, batch_size: int | None, update_endpoint: str | None,
            input_path: Path | None, catalogs: tuple[str, ...]) -> None:
    """Load the dataset into a SPARQL 1.1 Graph Store Protocol server.

    PUTs (--replace) or POSTs (--append) to URL?graph=IRI, or URL?default with
    --default-graph. Progress goes to stderr; one summary line to stdout.
    A refusal (HTTP status + first line of the answer), an unreachable store or
    a request past --timeout exits with status 1; a failed batch leaves the
    target graph untouched and says so. --user/--password use HTTP Digest when
    the store asks for it (Virtuoso), else Basic.

    \b
    Example:
      occlink publish --store http://localhost:7878/store --graph https://example.org/occlink
    """
    ns = namespaces()
    if graph_iri and default_graph:
        raise click.UsageError("--graph and --default-graph exclude each other")
    if input_path and catalogs:
        raise click.UsageError("--input and --catalog exclude each other")
    if password and not user:
        raise click.UsageError(f"--password needs --user (or {USER_ENV})")
    graph = None if default_graph else (graph_iri or str(ns.dataset["occlink"]))

    if input_path:
        data, fmt = _read_input(input_path)
        triples = data.count(b"\n") if fmt == "ntriples" else None
    else:
        from occlink.exports.dumps.compiled import compiled_dump
        ready = compiled_dump(run_context(), fmt, catalogs)  # the compiled folder's file: the same bytes, no rebuild
        if ready is not None:
            data, triples = ready[0].read_bytes(), ready[1]
        else:
            from occlink.exports.dumps.serialize import serialize
            from occlink.graph.dataset import dataset_graph
            dataset = dataset_graph(ns, list(catalogs) or None, mappings_dir=run_context().mappings_dir)
            data = serialize(dataset, fmt, ns).encode("utf-8")
            triples = len(dataset)
    if batch_size and fmt != "ntriples":
        raise click.UsageError("--batch-size needs --format ntriples (Turtle cannot be cut between lines)")

    credentials = Credentials(user, password or "") if user else None
    url = target_url(store, graph)
    click.echo(f"{'PUT' if replace else 'POST'} {url} ({len(data)} bytes, {CONTENT_TYPES[fmt]})", err=True)
    try:
        with click.progressbar(length=len(data), label="Uploading", file=sys.stderr,
                               show_pos=True) as bar:
            result = upload(data, fmt, store, graph, replace=replace, credentials=credentials, timeout=timeout,
                            batch_triples=batch_size, update_endpoint=update_endpoint, progress=bar.update)
    except PublishError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise click.exceptions.Exit(1) from None
    counted = f"{triples} triples, " if triples is not None else ""
    staged = f" via staging graph <{result.staging}>" if result.staging else ""
    click.echo(f"published {counted}{result.bytes_sent} bytes in {result.requests} request(s) to {result.url}"
               f"{staged} (HTTP {result.last_status})")

