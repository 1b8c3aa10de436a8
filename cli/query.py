"""``occlink query``: SPARQL over the dataset, from text, a file or a named example."""

from __future__ import annotations

from pathlib import Path

import click

from occlink.errors import InputError
from occlink.exports.sparql.query import DEFAULT_TIMEOUT

from .main import namespaces, run_context
from .options import FiniteFloat


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", source=str(path)) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=str(path)) from None


@click.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the query from this .rq file.")
@click.option("--example", "example_name", metavar="NAME", help="Run a named example (see --list).")
@click.option("--list", "list_only", is_flag=True, help="List the named examples and exit.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Result format (CONSTRUCT/DESCRIBE always print Turtle).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (repeatable). VALUE: <iri>, prefix:local, \"text\"@lang, "
                   "integer, true/false, else a string.")
@click.option("--timeout", type=FiniteFloat(0, low_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds the query may run; past it, it is stopped (exit 1).")
@click.option("--limit", type=click.IntRange(min=0), default=0, show_default=True,
              help="Most rows (or triples) to print; 0 = all (results are streamed).")
def query(sparql: str | None, query_file: Path | None, example_name: str | None, list_only: bool,
          fmt: str, params: tuple[str, ...], timeout: float, limit: int) -> None:
    """Run a read-only SPARQL query over the dataset.

    Give the query as SPARQL, --file Q.rq or --example NAME. The project's
    prefixes (csco:, qh:, bj:, bjd:, occ:, occmap:, skos:, dct:, schema:, …)
    are predeclared. Updates and SERVICE are refused. The query runs in a
    worker process that is stopped after --timeout seconds. CSV/TSV string
    cells starting with = + - @ get a leading apostrophe (spreadsheet formula
    injection), numbers never do; JSON is the SPARQL 1.1 results format.

    \b
    Examples:
      occlink query --list
      occlink query --example national-by-level
      occlink query 'SELECT ?c WHERE { ?c skos:notation "2-02-38-01" }' --format json
      occlink query --example national-occupation --param code=2-02-38-01 --format csv
    """
    from occlink.exports.sparql.examples import list_examples, load_example

    if list_only:
        for example in list_examples():
            click.echo(f"{example.name}\t{example.title}\t{example.description}")
        return
    given = [x for x in (sparql, query_file, example_name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of SPARQL, --file or --example (or --list)")
    ns = namespaces()
    if example_name:
        text = load_example(example_name, ns).text
    elif query_file:
        text = _read_file(query_file)
    else:
        text = sparql or ""
    if not text.strip():
        raise InputError("empty query", source=str(query_file) if query_file else None)

    from occlink.exports.sparql.query import QueryBudget, parse_params, stream_query
    from occlink.exports.sparql.results import StreamWriter

    writer = StreamWriter(fmt, lambda chunk: click.echo(chunk, nl=False), ns)
    try:
        stream_query(ns, text, parse_params(params, text, ns), QueryBudget(timeout, limit or None), writer,
                     run_context())
    except InputError as exc:
        if query_file and exc.source is None:  # name the file the bad query came from
            raise type(exc)(str(exc), source=str(query_file)) from None
        raise
    if writer.truncated:
        click.echo(f"occlink: output capped at --limit {limit}", err=True)
