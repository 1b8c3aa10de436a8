"""build, export, stats."""

from __future__ import annotations

import json
from pathlib import Path

import click

from occlink.exports.dumps.build import DEFAULT_OUT, build_folder
from occlink.exports.dumps.folders import write_output
from occlink.exports.dumps.serialize import FORMATS, serialize
from occlink.graph.dataset import dataset_graph
from occlink.graph.stats import dataset_stats
from occlink.taxonomy.catalogs import available_catalogs

from .main import namespaces, run_context
from .options import catalog_option, format_option


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder for the dumps (created if missing).")
def build(out_dir: Path) -> None:
    """Build the whole dataset: every catalog, the reviewed crosswalks and the metadata.

    Writes Turtle, JSON-LD and N-Triples dumps (all and per catalog), the JSON-LD
    context and the SSSOM mapping sets into OUT.
    """
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
    ns = namespaces()
    if fmt == "site":
        from occlink.exports.site.static_site import export_site
        export_site(ns, out_path)
        click.echo(str(out_path))
        return
    graph = dataset_graph(ns, list(catalogs) or None, mappings_dir=run_context().mappings_dir)
    text = serialize(graph, fmt, ns)
    if str(out_path) == "-":
        click.echo(text, nl=False)
    else:
        write_output(out_path, text)
        click.echo(f"{out_path}: {len(graph)} triples ({FORMATS[fmt][1]})", err=True)


@click.command()
@format_option(["table", "json"], "table")
@catalog_option
def stats(fmt: str, catalogs: tuple[str, ...]) -> None:
    """Count concepts, occupations and green/digital markers per catalog."""
    ns = namespaces()
    ids = list(catalogs) or available_catalogs()
    # the whole dataset (metadata included) unless --catalog: the counts are those of the dumps and VoID
    chosen = run_context().mappings_dir
    graph = (dataset_graph(ns, mappings_dir=chosen) if not catalogs
             else dataset_graph(ns, ids, with_mappings=True, with_metadata=False, mappings_dir=chosen))
    result = dataset_stats(graph, ids, ns)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    columns = ["id", "concepts", "occupations", "green", "digital", "both", "en_labels", "zh_labels", "triples"]
    rows = [[str(c.get(k, "")) for k in columns] for c in result["catalogs"]]
    from occlink.mappings.text import table
    click.echo("\n".join(table(columns, rows, underline=True)))
