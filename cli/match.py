"""``occlink match``: propose mappings between two occupation lists."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from occlink.errors import InputError
from occlink.exports.dumps.folders import write_output
from occlink.exports.dumps.match_output import (
    PROVENANCE_SUFFIX,
    StreamRenderer,
    provenance,
    provenance_line,
    provenance_path,
    render,
    write_provenance,
)
from occlink.files import atomic_stream
from occlink.mappings.bulk import TableInput, default_workers, stream_match
from occlink.mappings.chaining import pivot_links, propose
from occlink.mappings.entries import CSV_PREFIX, TARGET_CSV_PREFIX, Entry, is_catalog_ref, load_entries
from occlink.mappings.folder import readable_mappings_dir
from occlink.mappings.matcher import BEST_THRESHOLD, DEFAULT_THRESHOLD, Floors
from occlink.taxonomy.catalogs import CATALOG_IDS, PUBLISHED_IDS

from .main import namespaces, run_context
from .options import FiniteFloat
from .progress import byte_progress, closed_pipe_is_fine


def _load(ref: str, option: str, prefix: str) -> list[Entry]:
    if not is_catalog_ref(ref) and not Path(ref).exists():
        raise InputError(f"{option} {ref!r} is neither a catalog id ({', '.join(CATALOG_IDS)}) "
                         "nor an existing CSV file")
    return load_entries(ref, namespaces(), prefix=prefix)


@click.command()
@click.option("--source", required=True, metavar="CATALOG|CSV|-",
              help="What to map: a catalog id, or a CSV (id,label[,lang][,alt_labels]; '-' = standard input), "
                   "streamed.")
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
@click.option("--chain/--no-chain", default=True, show_default=True,
              help="Also propose candidates chained through reviewed (or keyed) links to national concepts.")
@click.option("--mappings-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Decision sets to chain through (default: $OCCLINK_MAPPINGS_DIR, else the shipped sets).")
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None,
              help="Parallel matching processes for a CSV source (default: all cores; 1 for a file under 256 KiB).")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of a CSV source (e.g. gb18030).")
@click.option("--provenance", "provenance_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write what the candidates were made against (dataset IRI, version and sha256, tool, source, "
                   f"target, counts) to this JSON file. Default with --out FILE: FILE{PROVENANCE_SUFFIX}.")
@click.option("--quiet", is_flag=True, help="No progress bar and no provenance line on stderr.")
def match_command(source: str, target: str, top_k: int | None, threshold: float | None, fmt: str,
                  out_path: Path | None, chain: bool, mappings_dir: Path | None, workers: int | None, encoding: str,
                  provenance_file: Path | None, quiet: bool) -> None:
    """Propose candidate mappings from SOURCE entries to TARGET entries.

    Every label (pref and alt, Chinese and English) is compared; national
    occupations are also found by the project's search titles (everyday job
    titles, reported as skos:hiddenLabel, never exactMatch). The confidence
    is a calibrated combination of lexical, cross-lingual and hierarchy
    evidence (docs/matching.md). Between two lists linked to the national
    classification, candidates chained through it are proposed too. A CSV
    source is streamed: rows come out in input order, identical titles are
    matched once, --workers processes share one index. CSV ids become src:<id>.

    The dataset's version and sha256 are recorded: in the SSSOM header, on
    stderr for a table or JSON, and in FILE.provenance.json beside --out.
    """
    sidecar = provenance_file or (provenance_path(out_path) if out_path is not None else None)
    for ref, option in ((source, "--source"), (target, "--target")):
        if is_catalog_ref(ref) or ref == "-" or not Path(ref).exists():
            continue
        for written, name in ((out_path, "--out"), (sidecar, "--provenance")):
            if written is not None and Path(ref).resolve() == written.resolve():
                raise InputError(f"{name} {written} is the {option} file: choose another file (the input is kept)")
    if sidecar is not None and out_path is not None and sidecar.resolve() == out_path.resolve():
        raise InputError(f"--provenance {sidecar} is the --out file")
    if source == target and is_catalog_ref(source):
        raise InputError("--source and --target are the same catalog")
    record = provenance(namespaces(), "occlink match", target if is_catalog_ref(target) else Path(target).name,
                        source=source if is_catalog_ref(source) or source == "-" else Path(source).name,
                        format=fmt, top_k=top_k, threshold=threshold)
    if not is_catalog_ref(source):
        counts = _stream(source, target, Floors(top_k, threshold), fmt, out_path, workers, encoding, quiet)
        _record(record, {k: counts[k] for k in ("rows", "distinct", "candidates", "without_candidate")}, sidecar,
                out_path, say=fmt != "sssom" and not quiet)
        return
    sources = _load(source, "--source", CSV_PREFIX)
    targets = _load(target, "--target", TARGET_CSV_PREFIX)
    # Chaining through the national pivot needs the reviewed decisions (and keyed entries) of both lists.
    links = pivot_links(sources + targets, namespaces(), readable_mappings_dir(mappings_dir or run_context().mappings_dir)) if chain else None
    candidates = propose(sources, targets, links, top_k=top_k, threshold=threshold)
    csv_files = _csv_files(source, target)
    text = render(candidates, fmt, namespaces(), source, target if is_catalog_ref(target) else Path(target).name,
                  csv_files)
    if out_path is not None:
        write_output(out_path, text)
        click.echo(f"{len(candidates)} candidates → {out_path}", err=True)
    else:
        click.echo(text, nl=False)
    _record(record, {"candidates": len(candidates)}, sidecar, out_path, say=fmt != "sssom" and not quiet)


def _record(record: dict[str, object], counts: dict[str, int], sidecar: Path | None, out_path: Path | None, *,
            say: bool) -> None:
    """The provenance: to the sidecar file (when there is one) and, when ``say`` (a table or JSON list,
    which has no header of its own to carry it), one line on stderr."""
    if sidecar is not None:
        write_provenance(sidecar, {**record, "counts": counts}, out_path)
    if say:
        click.echo(provenance_line(record) + (f" → {sidecar}" if sidecar is not None else ""), err=True)


def _csv_files(source: str, target: str) -> dict[str, str]:
    # CSV ids are local to their file: the curie_map names the file in a URN.
    return {prefix: f"urn:occlink:csv:{_slug(Path(ref).name if ref != '-' else 'stdin')}:"
            for ref, prefix in ((source, CSV_PREFIX), (target, TARGET_CSV_PREFIX)) if not is_catalog_ref(ref)}


def _stream(source: str, target: str, floors: Floors, fmt: str, out_path: Path | None, workers: int | None,
            encoding: str, quiet: bool) -> dict[str, int]:
    if source != "-" and not Path(source).exists():
        raise InputError(f"--source {source!r} is neither a catalog id ({', '.join(PUBLISHED_IDS)}) "
                         "nor an existing CSV file")
    targets = _load(target, "--target", TARGET_CSV_PREFIX)
    source_name = "stdin" if source == "-" else Path(source).name
    target_name = target if is_catalog_ref(target) else Path(target).name
    prefixes = {CSV_PREFIX} | {e.id.split(":", 1)[0] for e in targets[:1]}
    renderer = StreamRenderer(fmt, namespaces(), source_name, target_name, _csv_files(source, target), prefixes)
    table = TableInput(source, encoding)
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(closed_pipe_is_fine())
            handle = stack.enter_context(atomic_stream(out_path)) if out_path is not None else sys.stdout

            def write(text: str) -> None:  # stream_match has no use for the count write() returns
                handle.write(text)

            progress = stack.enter_context(byte_progress(table.size, quiet=quiet, label="matching"))
            counts = stream_match(table, targets, floors, renderer, write, prefix=CSV_PREFIX,
                                  workers=workers or default_workers(table.size), on_row=progress)
    finally:
        table.close()
    if out_path is not None:
        click.echo(f"{counts['rows']} rows ({counts['distinct']} distinct titles matched), {counts['candidates']} "
                   f"candidates, {counts['without_candidate']} rows without a candidate → {out_path}", err=True)
    return counts


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)


match = match_command  # the name COMMANDS expects ("match:match")
