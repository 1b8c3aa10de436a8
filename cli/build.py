"""build, export, stats."""

from __future__ import annotations

import json
from pathlib import Path

import click

from occlink.taxonomy.catalogs import available_catalogs

from .main import namespaces, run_context
from .options import catalog_option, format_option

# The build and export modules import rdflib (~0.1 s): each command imports what it uses, so `stats`
# pays for none of them. The default folder repeats exports/dumps/build.py's (a test checks they agree).
DEFAULT_OUT = Path("occlink-data")


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder for the dumps (created if missing).")
def build(out_dir: Path) -> None:
    """Build the whole dataset: every catalog, the reviewed crosswalks and the metadata.

    Writes Turtle, JSON-LD and N-Triples dumps (all and per catalog), the JSON-LD
    context and the SSSOM mapping sets into OUT.
    """
    from occlink.exports.dumps.build import build_folder
    written = build_folder(namespaces(), out_dir, run_context().mappings_dir)
    for path in written:
        click.echo(str(path))


@click.command()
@format_option(["turtle", "jsonld", "ntriples", "site"], "turtle")
@catalog_option
@click.option("--out", "out_path", type=click.Path(path_type=Path), required=True,
              help="File to write ('-' for standard output); a folder for --format site.")
def export(fmt: str, catalogs: tuple[str, ...], out_path: Path) -> None:
    """Export the dataset (or one catalog) in one format. Two runs give byte-identical files."""
    from occlink.exports.dumps.folders import write_output
    from occlink.exports.dumps.serialize import FORMATS, serialize
    ns = namespaces()
    if fmt == "site":
        from occlink.exports.site.static_site import export_site
        export_site(ns, out_path, mappings_dir=run_context().mappings_dir)
        click.echo(str(out_path))
        return
    from occlink.exports.dumps.compiled import compiled_dump
    ready = compiled_dump(run_context(), fmt, catalogs)  # the compiled folder's file: the same bytes, no rebuild
    if ready is not None:
        data, triples = ready[0].read_bytes(), ready[1]
    else:
        from occlink.graph.dataset import dataset_graph
        graph = dataset_graph(ns, list(catalogs) or None, mappings_dir=run_context().mappings_dir)
        data, triples = serialize(graph, fmt, ns).encode("utf-8"), len(graph)
    if str(out_path) == "-":
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_output(out_path, data)
        click.echo(f"{out_path}: {triples} triples ({FORMATS[fmt][1]})", err=True)


@click.command()
@format_option(["table", "json"], "table")
@catalog_option
def stats(fmt: str, catalogs: tuple[str, ...]) -> None:
    """Count concepts, occupations and green/digital markers per catalog.

    Counts are those of the whole published dataset (the dumps and their VoID
    description); --catalog chooses the rows.
    """
    from occlink.exports.dumps.compiled import compiled_stats
    ids = list(catalogs) or available_catalogs()
    # counts of the whole published dataset (counted on the compiled store when it was built), so they
    # agree with the dumps and VoID
    result = compiled_stats(run_context(), ids)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    columns = ["id", "concepts", "occupations", "green", "digital", "both", "en_labels", "zh_labels", "triples"]
    rows = [[str(c.get(k, "")) for k in columns] for c in result["catalogs"]]
    from occlink.mappings.text import table
    click.echo("\n".join(table(columns, rows, underline=True)))
