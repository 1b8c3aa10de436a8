"""``occlink code``: code a table of job titles (every row and column kept, coding columns added)."""

from __future__ import annotations

import contextlib
import csv
import sys
from pathlib import Path

import click

from occlink.errors import InputError
from occlink.exports.dumps.match_output import (
    PROVENANCE_SUFFIX,
    provenance,
    provenance_line,
    provenance_path,
    write_provenance,
)
from occlink.files import atomic_stream
from occlink.mappings.bulk import TableInput, default_workers
from occlink.mappings.coding import code_table
from occlink.mappings.entries import catalog_entries

from .main import namespaces
from .options import FiniteFloat
from .progress import byte_progress, closed_pipe_is_fine


@click.command()
@click.argument("file", metavar="FILE|-")
@click.option("--title-col", required=True, metavar="COL", help="The column holding the job title.")
@click.option("--id-col", default=None, metavar="COL", help="A column identifying rows (checked to exist; kept).")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Input encoding (e.g. gb18030, gbk); the output is always UTF-8.")
@click.option("--delimiter", default=",", show_default=True, help="Input field separator (one character; \\t for tab).")
@click.option("--target", type=click.Choice(["csco2022", "beijing2023"]), default="csco2022", show_default=True,
              help="The list to code with.")
@click.option("--alternatives", type=click.IntRange(0, 20), default=0, show_default=True,
              help="Also list the next K candidates (column 'alternatives': 'code confidence|…').")
@click.option("--threshold", type=FiniteFloat(0.0, 1.0), default=0.0, show_default=True,
              help="Leave a row uncoded when its best candidate's confidence is below this.")
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None,
              help="Parallel matching processes (default: all cores; 1 for a file under 256 KiB).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--provenance", "provenance_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write what the output was made against (dataset IRI, version and sha256, tool, target, input, "
                   f"counts) to this JSON file. Default with --out FILE: FILE{PROVENANCE_SUFFIX}.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary (the provenance file is still written).")
def code(file: str, title_col: str, id_col: str | None, encoding: str, delimiter: str, target: str,
         alternatives: int, threshold: float, workers: int | None, out_path: Path | None,
         provenance_file: Path | None, quiet: bool) -> None:
    """Code FILE (a CSV; '-' reads standard input) with occupation codes.

    Every input row and column comes out in order, followed by code, name_zh,
    name_en, level, green, digital, predicate, confidence (alternatives on
    request) and reason — empty codes and the reason for rows that cannot be
    coded. Identical titles are matched once; a count goes to stderr, with the
    dataset's version and sha256 (also written to FILE.provenance.json beside --out).
    """
    delimiter = "\t" if delimiter in ("\\t", "tab") else delimiter
    if len(delimiter) != 1:
        raise InputError(f"--delimiter {delimiter!r} must be one character")
    if file != "-" and not Path(file).is_file():
        raise InputError(f"{file!r} is not a file (use '-' for standard input)")
    if out_path is not None and file != "-" and out_path.exists() and out_path.resolve() == Path(file).resolve():
        raise InputError(f"--out {out_path} is the input file")
    sidecar = provenance_file or (provenance_path(out_path) if out_path is not None else None)
    for taken, what in ((out_path, "--out"), (None if file == "-" else Path(file), "input file")):
        if sidecar is not None and taken is not None and sidecar.resolve() == taken.resolve():
            raise InputError(f"--provenance {sidecar} is the {what}")
    record = provenance(namespaces(), "occlink code", target, input="stdin" if file == "-" else Path(file).name,
                        title_column=title_col, alternatives=alternatives, threshold=threshold)
    targets = catalog_entries(target, namespaces())
    table = TableInput(file, encoding)
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(closed_pipe_is_fine())
            handle = stack.enter_context(atomic_stream(out_path)) if out_path is not None else sys.stdout
            writer = csv.writer(handle, lineterminator="\n")
            progress = stack.enter_context(byte_progress(table.size, quiet=quiet, label="coding"))
            counts = code_table(table, targets, writer.writerow, title_col=title_col, id_col=id_col,
                                alternatives=alternatives, threshold=threshold,
                                workers=workers or default_workers(table.size), delimiter=delimiter, on_row=progress)
    finally:
        table.close()
    counted = {"rows": counts["rows"], "coded": counts["coded"], "not_coded": counts["not_coded"],
               "reasons": dict(sorted(counts["reasons"].items()))}
    if sidecar is not None:
        write_provenance(sidecar, {**record, "counts": counted}, out_path)
    if not quiet:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(counts["reasons"].items(), key=lambda kv: (-kv[1], kv[0])))
        click.echo(f"{counts['rows']} rows: {counts['coded']} coded, {counts['not_coded']} not coded"
                   + (f" ({reasons})" if reasons else "") + f"; {counts['distinct']} distinct titles matched"
                   + (f" → {out_path}" if out_path is not None else ""), err=True)
        click.echo(provenance_line(record) + (f" → {sidecar}" if sidecar is not None else ""), err=True)
