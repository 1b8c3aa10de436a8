"""``occlink evaluate``: precision, recall, F1, top-1 accuracy and recall@k of predicted mappings."""

from __future__ import annotations

import json
from pathlib import Path

import click

from occlink.mappings.evaluate import as_text
from occlink.mappings.evaluate import evaluate as run_evaluate
from occlink.mappings.sssom import read_sssom

_file = click.Path(exists=False, dir_okay=False, path_type=Path)


@click.command()
@click.option("--gold", required=True, type=_file, help="Gold mapping set (SSSOM/TSV).")
@click.option("--predictions", required=True, type=_file, help="Predicted mappings (SSSOM/TSV, e.g. from occlink match).")
@click.option("--k", "k", type=click.IntRange(min=1), default=5, show_default=True, help="Cut-off for recall@k.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def evaluate(gold: Path, predictions: Path, k: int, fmt: str) -> None:
    """Score PREDICTIONS against GOLD (definitions in docs/matching.md)."""
    metrics = run_evaluate(read_sssom(gold), read_sssom(predictions), k=k)
    if fmt == "json":
        click.echo(json.dumps(metrics.as_dict(), sort_keys=True, indent=2))
    else:
        click.echo(as_text(metrics), nl=False)
