"""import: load official tables a maintainer has into the package data."""

from __future__ import annotations

from pathlib import Path

import click

from occlink.errors import InputError
from occlink.taxonomy.beijing_import import import_beijing
from occlink.taxonomy.beijing_urgent import URGENT_FILE
from occlink.taxonomy.csco_table import packaged_path


@click.group("import")
def import_group() -> None:
    """Load an official table into the package data (validated; all or nothing)."""


@import_group.command("beijing")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "into", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Normalized table to write (default: taxonomy/{URGENT_FILE} of a source checkout; "
                   "required when occlink is installed).")
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing.")
def beijing(csv_file: Path, into: Path | None, dry_run: bool) -> None:
    """Load the official Beijing 2023 urgent-need table (CSV, UTF-8 with or without BOM).

    Columns (Chinese or English headers): code/职业编码, occupation/职业名称,
    key industry/重点产业, urgency/紧缺程度, and optionally description/职业描述,
    median annual salary/年薪中位数参考值 (CNY per year). Any bad row refuses the
    whole file (exit 2) and nothing is written.
    """
    target = into or (None if dry_run else _default_into())
    result = import_beijing(csv_file, target, dry_run=dry_run)
    for warning in result.table.warnings():
        click.echo(f"warning: {csv_file}: {warning}", err=True)
    if dry_run:
        click.echo(f"{csv_file}: {result.rows} rows valid (dry run, nothing written)")
    else:
        click.echo(f"{csv_file}: {result.rows} rows imported into {target}")


def _default_into() -> Path:
    """The checkout's packaged table; never a file inside an installed package (a reinstall
    would delete it)."""
    from occlink.mappings.folder import is_source_checkout
    path = packaged_path(URGENT_FILE)
    if not is_source_checkout(path.resolve().parent):
        raise InputError(f"occlink is installed as a package, so the import has no default target: "
                         f"pass --into FILE (e.g. --into ./{URGENT_FILE})")
    return path
