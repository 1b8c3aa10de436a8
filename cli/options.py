"""Options shared by several commands, so every command spells them the same way."""

from __future__ import annotations

import click

from occlink.taxonomy.catalogs import CATALOG_IDS

catalog_option = click.option(
    "--catalog", "catalogs", multiple=True, type=click.Choice(CATALOG_IDS),
    help="Limit to this catalog (repeatable). Default: every catalog.")


def format_option(choices: list[str], default: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")
