"""Options shared by several commands, so every command spells them the same way."""

from __future__ import annotations

import math

import click

from occlink.taxonomy.catalogs import CATALOG_IDS

catalog_option = click.option(
    "--catalog", "catalogs", multiple=True, type=click.Choice(CATALOG_IDS),
    help="Limit to this catalog (repeatable). Default: every catalog.")


def format_option(choices: list[str], default: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


class FiniteFloat(click.ParamType):
    """A finite number in [low, high] (``low_open``: strictly above low). ``nan`` and ``inf`` are refused:
    click's FloatRange lets nan through (every comparison with nan is false). The refusal is one line."""

    name = "number"

    def __init__(self, low: float | None = None, high: float | None = None, *, low_open: bool = False):
        self.low, self.high, self.low_open = low, high, low_open

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        from occlink.errors import InputError
        option = param.opts[0] if param is not None else "value"
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(f"{option} {value!r} is not a number") from None
        below = self.low is not None and (number <= self.low if self.low_open else number < self.low)
        if not math.isfinite(number) or below or (self.high is not None and number > self.high):
            low = "" if self.low is None else f"{self.low:g} {'<' if self.low_open else '<='} "
            high = "" if self.high is None else f" <= {self.high:g}"
            raise InputError(f"{option} {value!r} must be a finite number {low}x{high}".replace("  ", " "))
        return number
