"""Dumps of more triples than memory holds: sorted runs on disk, merged into each format.

Each chunk of triples (the dataset, one synthetic replica, …) is put in plain form
(exports.dumps.records), sorted and spilled to two runs — its N-Triples lines, and its
statements grouped by subject — then dropped. The runs are merged (``heapq.merge``)
into the dumps, a subject found in several chunks into one node; the formats are
written by the same functions as in memory, so the bytes are those
``serialize(union of the chunks, fmt, ns)`` gives (tests/test_stream.py). Memory holds
one chunk while spilling, then a few records per run while merging.
"""

from __future__ import annotations

import heapq
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from rdflib.term import Node

from occlink.exports.dumps.jsonld import DOCUMENT_TAIL, _NodeWriter, document_head
from occlink.exports.dumps.records import (
    Plain,
    TermTexts,
    TurtleTerms,
    TurtleWriterError,
    check_turtle,
    group_by_subject,
    plain_triples,
    turtle_block,
)
from occlink.exports.dumps.serialize import FORMATS, OTHER_LINE_BREAKS
from occlink.taxonomy.namespaces import Namespaces

_BATCH = 256  # subjects per pickled batch: the merge holds about one batch per run
_CACHE_LIMIT = 400_000  # term texts kept between chunks (the vocabulary's recur; a replica's do not)
_FLUSH = 4096  # rendered pieces buffered before a write


class _Runs:
    """The sorted runs of the chunks spilled so far, in a temporary folder."""

    def __init__(self, folder: Path, ns: Namespaces, with_nt: bool, with_groups: bool):
        self.folder = folder
        self.texts = TermTexts(ns)
        self.with_nt, self.with_groups = with_nt, with_groups
        self.nt_runs: list[Path] = []
        self.group_runs: list[Path] = []
        self.odd_lines: set[str] = set()  # N-Triples lines str.splitlines() would split (serialize._nt_text)
        self.spilled = 0

    def spill(self, chunk: Iterable[tuple[Node, Node, Node]]) -> None:
        plain = set(plain_triples(chunk))  # a chunk is a set of triples, as an rdflib graph is
        index = self.spilled
        self.spilled += 1
        if self.with_nt:
            lines = self.texts.nt_lines(plain)
            lines.sort()
            if OTHER_LINE_BREAKS.search("".join(lines)):
                self.odd_lines.update(line for line in lines if OTHER_LINE_BREAKS.search(line))
                lines = [line for line in lines if not OTHER_LINE_BREAKS.search(line)]
            path = self.folder / f"run{index:05d}.nt"
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(lines)
            self.nt_runs.append(path)
            del lines
        if self.with_groups:
            groups = group_by_subject(plain)
            try:
                check_turtle(groups)
            except TurtleWriterError:
                raise ValueError("blank nodes cannot be written by the streamed dumps") from None
            records = sorted(groups.items(), key=itemgetter(0))
            path = self.folder / f"run{index:05d}.groups"
            with path.open("wb") as handle:
                for start in range(0, len(records), _BATCH):
                    pickle.dump(records[start:start + _BATCH], handle, protocol=pickle.HIGHEST_PROTOCOL)
            self.group_runs.append(path)
        if self.texts.size() > _CACHE_LIMIT:
            self.texts.clear()


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="\n") as handle:  # "\n" alone ends a line
        yield from handle


def _records(path: Path) -> Iterator[tuple[str, dict[str, list[Plain]]]]:
    with path.open("rb") as handle:
        while True:
            try:
                batch = pickle.load(handle)
            except EOFError:
                return
            yield from batch


def _merged_groups(runs: list[Path]) -> Iterator[tuple[str, dict[str, list[Plain]]]]:
    """(subject, predicate → objects) in subject order, one item per subject across all runs."""
    merged = heapq.merge(*map(_records, runs), key=itemgetter(0))
    current = next(merged, None)
    while current is not None:
        subject, props = current
        for current in merged:
            if current[0] != subject:
                break
            # the subject is in several chunks: the union of its statements
            for predicate, objects in current[1].items():
                found = props.get(predicate)
                props[predicate] = objects if found is None else list(dict.fromkeys(found + objects))
        else:
            current = None
        yield subject, props


def _write_ntriples(runs: _Runs, target: Path) -> int:
    """The merged lines, each once; returns the number of distinct triples."""
    count = 0

    def distinct() -> Iterator[str]:
        nonlocal count
        for line, _ in groupby(heapq.merge(*map(_lines, runs.nt_runs))):
            count += 1
            yield line

    lines: Iterable[str] = distinct()
    if runs.odd_lines:  # as serialize._nt_text: split where str.splitlines() splits, sorted in
        count += len(runs.odd_lines)
        lines = heapq.merge(lines, sorted(f"{piece}\n" for line in runs.odd_lines
                                          for piece in line.splitlines() if piece.strip()))
    with target.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(lines)
    return count


def _write_grouped(runs: _Runs, ns: Namespaces, turtle: Path | None, jsonld: Path | None, folder: Path) -> int:
    """Turtle and JSON-LD in one pass over the merged subjects; returns the number of triples."""
    texts = runs.texts
    text = TurtleTerms(texts)
    writer = _NodeWriter(ns, texts)
    body_path = folder / "body.ttl"
    count = 0
    with (body_path.open("w", encoding="utf-8", newline="\n") if turtle else open(os.devnull, "w")) as body, \
            (jsonld.open("w", encoding="utf-8", newline="\n") if jsonld else open(os.devnull, "w")) as out:
        ttl: list[str] = []
        js: list[str] = [document_head(ns)]
        separator, block_separator = "[\n  ", ""
        for subject, props in _merged_groups(runs.group_runs):
            count += sum(map(len, props.values()))
            if turtle:
                ttl.append(block_separator)
                ttl.append(turtle_block(subject, props, text))
                text.note_used({subject: props})
                block_separator = "\n"
            if jsonld:
                js.append(separator)
                writer.emit(subject, props, js)
                separator = ",\n  "
            if len(ttl) > _FLUSH or len(js) > _FLUSH:
                body.write("".join(ttl))
                out.write("".join(js))
                ttl.clear()
                js.clear()
            if texts.size() > _CACHE_LIMIT:
                texts.clear()
        body.write("".join(ttl))
        js.append("[]" if separator[0] == "[" else "\n ]")
        js.append(DOCUMENT_TAIL)
        out.write("".join(js))
    if turtle:
        with turtle.open("w", encoding="utf-8", newline="\n") as out, body_path.open(encoding="utf-8", newline="\n") as body:
            out.write(text.header(ns) + "\n")
            shutil.copyfileobj(body, out, 1 << 20)
        body_path.unlink()
    return count


def write_streamed(chunks: Iterable[Iterable[tuple[Node, Node, Node]]], ns: Namespaces, outputs: dict[str, Path],
                   *, work_dir: Path | None = None) -> int:
    """Write the union of ``chunks`` to ``outputs`` (format → path, formats of serialize.FORMATS)
    through sorted runs in a temporary folder (in ``work_dir`` if given); returns the number of triples.

    Each path is replaced at once when all are written. Blank nodes and IRIs Turtle cannot hold are
    refused (ValueError): the in-memory writers fall back to rdflib for those, a stream cannot."""
    unknown = sorted(set(outputs) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}")
    with tempfile.TemporaryDirectory(prefix="occlink-runs-", dir=work_dir) as tmp:
        folder = Path(tmp)
        runs = _Runs(folder, ns, with_nt="ntriples" in outputs,
                     with_groups="turtle" in outputs or "jsonld" in outputs)
        for chunk in chunks:
            runs.spill(chunk)
            del chunk  # the next chunk is made with this one dropped
        staged = {fmt: folder / f"out.{FORMATS[fmt][0]}" for fmt in outputs}
        count = 0
        if "ntriples" in staged:
            count = _write_ntriples(runs, staged["ntriples"])
            for path in runs.nt_runs:
                path.unlink()
        if runs.with_groups:
            try:
                grouped = _write_grouped(runs, ns, staged.get("turtle"), staged.get("jsonld"), folder)
            except TurtleWriterError as exc:
                raise ValueError(f"{exc}; the streamed dumps cannot fall back to rdflib's writer") from None
            count = count or grouped
        for fmt, path in outputs.items():
            shutil.move(str(staged[fmt]), str(path))
    return count
