"""``occlink validate``: SHACL validation of the dataset or of given files."""

from __future__ import annotations

from pathlib import Path

import click

from occlink.shapes.report import FORMATTERS
from occlink.shapes.validate import ENGINES, Report, validate_files, validate_store
from occlink.taxonomy.context import Context

from .main import namespaces, run_context
from .options import format_option


@click.command()
# A plain path: the loader reports a missing file or a folder as one line naming it (exit 2);
# click's own checks would print a four-line usage error.
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              metavar="FILE", help="RDF (.ttl, .nt, .jsonld/.json) or SSSOM (.sssom.tsv) file to validate "
                                   "(repeatable; files are checked together). Default: the built dataset.")
@format_option(sorted(FORMATTERS), "text")
@click.option("--engine", type=click.Choice(ENGINES), default="native", show_default=True,
              help="native: shapes compiled to SPARQL on Oxigraph (fast); pyshacl: the reference "
                   "W3C SHACL engine (slow, independent).")
@click.option("--timing", is_flag=True, help="Print load/validate times on standard error.")
@click.pass_context
def validate(ctx: click.Context, data: tuple[Path, ...], fmt: str, engine: str, timing: bool) -> None:
    """Check the dataset (or FILE…) against the SHACL shapes.

    Exit 0 when it conforms (warnings, such as the national source's known
    defects, are allowed), 1 when a shape is violated, 2 when a file cannot be read.
    """
    ns = namespaces(ctx)
    report = validate_files(list(data), ns, engine) if data else _validate_compiled(run_context(ctx), engine)
    click.echo(FORMATTERS[fmt](report, ns), nl=False)
    if timing:
        click.echo(" ".join(f"{k}={v:.2f}s" for k, v in report.seconds.items()), err=True)
    ctx.exit(0 if report.conforms else 1)


def _validate_compiled(context: Context, engine: str) -> Report:
    """The built dataset, read from the compiled folder (built once when missing or stale)."""
    import time

    import pyoxigraph as ox

    from occlink.exports.dumps.compiled import compiled
    started = time.perf_counter()
    ns = context.ns
    built = compiled(context)
    store = ox.Store()  # the shapes query the default graph: load the full dump there (about 0.3 s)
    store.bulk_load(path=str(built.full_dump), format=ox.RdfFormat.N_TRIPLES)
    return validate_store(store, ns, ["built dataset"], {"load": time.perf_counter() - started}, engine)
