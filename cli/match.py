"""``occlink match``: propose mappings between two occupation lists."""

from __future__ import annotations

from pathlib import Path

import click

from occlink.exports.folders import write_output
from occlink.mappings.entries import CSV_PREFIX, TARGET_CSV_PREFIX, Entry, is_catalog_ref, load_entries
from occlink.mappings.matcher import BEST_THRESHOLD, DEFAULT_THRESHOLD
from occlink.mappings.matcher import match as run_match
from occlink.mappings.output import render
from occlink.taxonomy.errors import InputError

from .main import namespaces
from .options import FiniteFloat


def _load(ref: str, option: str, prefix: str) -> list[Entry]:
    if not is_catalog_ref(ref) and not Path(ref).exists():
        raise InputError(f"{option} {ref!r} is neither a catalog id (csco2022, qianhai2020, beijing2023, isco08) "
                         "nor an existing CSV file")
    return load_entries(ref, namespaces(), prefix=prefix)


@click.command()
@click.option("--source", required=True, metavar="CATALOG|CSV", help="What to map: a catalog id or a CSV (id,label[,lang][,alt_labels]).")
@click.option("--target", required=True, metavar="CATALOG|CSV", help="What to map onto: a catalog id or a CSV.")
@click.option("--top-k", type=click.IntRange(min=1, max=100), default=None,
              help="Up to K candidates per source entry, best first (default: the proposals above the threshold).")
@click.option("--threshold", type=FiniteFloat(0.0, 1.0), default=None,
              help=f"Minimum confidence. Default without --top-k: {DEFAULT_THRESHOLD} for runner-ups and "
                   f"{BEST_THRESHOLD} for each source entry's best candidate; with --top-k: 0. "
                   "Giving a value applies it to every candidate.")
@click.option("--format", "fmt", type=click.Choice(["sssom", "table", "json"]), default="sssom", show_default=True,
              help="Output format.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
def match_command(source: str, target: str, top_k: int | None, threshold: float | None, fmt: str,
                  out_path: Path | None) -> None:
    """Propose candidate mappings from SOURCE entries to TARGET entries.

    Every label (pref and alt, Chinese and English) is compared; national
    occupations are also found by the project's search titles (everyday job
    titles, reported as skos:hiddenLabel, never exactMatch). The confidence
    is a calibrated combination of lexical, cross-lingual and hierarchy
    evidence (docs/matching.md). CSV ids become src:<id>.
    """
    for ref, option in ((source, "--source"), (target, "--target")):
        if out_path is not None and not is_catalog_ref(ref) and Path(ref).resolve() == out_path.resolve():
            raise InputError(f"--out {out_path} is the {option} file: choose another file (the input is kept)")
    sources = _load(source, "--source", CSV_PREFIX)
    targets = _load(target, "--target", TARGET_CSV_PREFIX)
    if source == target and is_catalog_ref(source):
        raise InputError("--source and --target are the same catalog")
    candidates = run_match(sources, targets, top_k=top_k, threshold=threshold)
    # CSV ids are local to their file: the curie_map names the file in a URN.
    csv_files = {prefix: f"urn:occlink:csv:{_slug(Path(ref).name)}:"
                 for ref, prefix in ((source, CSV_PREFIX), (target, TARGET_CSV_PREFIX)) if not is_catalog_ref(ref)}
    text = render(candidates, fmt, namespaces(), source if is_catalog_ref(source) else Path(source).name,
                  target if is_catalog_ref(target) else Path(target).name, csv_files)
    if out_path is not None:
        write_output(out_path, text)
        click.echo(f"{len(candidates)} candidates → {out_path}", err=True)
    else:
        click.echo(text, nl=False)


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)


match = match_command  # the name COMMANDS expects ("match:match")
