"""``occlink evaluate``: precision, recall, F1, top-1 accuracy and recall@k of predicted mappings."""

from __future__ import annotations

import json
from pathlib import Path

import click

from occlink.mappings.evaluate import GOLD_PREDICATES, as_text, combine_gold
from occlink.mappings.evaluate import evaluate as run_evaluate
from occlink.mappings.sssom import read_sssom

_file = click.Path(exists=False, dir_okay=False, path_type=Path)
_PREDICATES = ("exact", "close", "broad", "narrow", "related")


@click.command()
@click.option("--gold", "golds", required=True, multiple=True, type=_file,
              help="Gold mapping set (SSSOM/TSV); repeat for several files, e.g. the positive and negative sets.")
@click.option("--predictions", required=True, type=_file, help="Predicted mappings (SSSOM/TSV, e.g. from occlink match).")
@click.option("--gold-predicate", "gold_predicates", multiple=True, type=click.Choice(_PREDICATES),
              help="Accepted gold predicates that count as positives (repeatable; default exact, close, broad, "
                   "narrow: relatedMatch is not a positive unless named).")
@click.option("--k", "k", type=click.IntRange(min=1), default=5, show_default=True, help="Cut-off for recall@k.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def evaluate(golds: tuple[Path, ...], predictions: Path, gold_predicates: tuple[str, ...], k: int, fmt: str) -> None:
    """Score PREDICTIONS against GOLD (definitions in docs/matching.md)."""
    chosen = tuple(f"skos:{p}Match" for p in gold_predicates) or GOLD_PREDICATES
    gold, warnings = combine_gold([(str(g), read_sssom(g)) for g in golds], chosen)
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    metrics = run_evaluate(gold, read_sssom(predictions), k=k)
    if fmt == "json":
        click.echo(json.dumps(metrics.as_dict(), sort_keys=True, indent=2))
    else:
        click.echo(as_text(metrics), nl=False)
