"""Coding a researcher's table of job titles (``occlink code`` and ``occlink.mappings.api``).

Every input row comes out, in order, with every input column, plus the coding
columns (``CODE_COLUMNS``): the best candidate's code, Chinese and English names,
level, green and digital markers, predicate and confidence — and optionally
``alternatives`` (the next candidates). A row that cannot be coded keeps empty
coding cells and says why in ``reason`` (empty title, title too long, no
candidate, below the threshold, malformed row). Titles are deduplicated,
streamed and matched in parallel by ``bulk.BulkMatcher``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypedDict, TypeVar

from occlink.errors import InputError
from occlink.mappings.bulk import BulkMatcher, Hit, Subject, TableInput
from occlink.mappings.entries import MAX_LABEL_CHARS, Entry
from occlink.mappings.matcher import Floors, TargetIndex

CODE_COLUMNS = ("code", "name_zh", "name_en", "level", "green", "digital", "predicate", "confidence")
ALTERNATIVES_COLUMN = "alternatives"
REASON_COLUMN = "reason"
_TAG = re.compile(r"<[^<>]{0,200}>")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Spreadsheet formula guard for output cells: a cell starting with = + - @ gets a leading
    apostrophe — unless it is a number (-2, +3.5, -1e3), which must stay a number."""
    if value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def title_text(raw: str) -> str:
    """What is matched for a title cell: HTML tags dropped (entities are decoded by normalization)."""
    return " ".join(_TAG.sub(" ", raw).split())


@dataclass(frozen=True)
class Coded:
    """The coding of one title: the best hit (or None) and why not, plus alternatives."""

    best: Entry | None
    hit: Hit | None
    alternatives: tuple[tuple[Entry, Hit], ...]
    reason: str


def _code_of(entry: Entry) -> str:
    return entry.id.split(":", 1)[1]


def coding_cells(coded: Coded, alternatives: bool) -> list[str]:
    """The added cells of one row, in ``columns(…)`` order (CSV text; numbers as numbers)."""
    if coded.best is None or coded.hit is None:
        cells = [""] * len(CODE_COLUMNS)
    else:
        e, h = coded.best, coded.hit
        cells = [_code_of(e), e.pref_labels.get("zh", ""), e.pref_labels.get("en", ""), e.level or "",
                 str("green" in e.markers).lower(), str("digital" in e.markers).lower(), h.predicate,
                 f"{h.confidence:.4f}"]
    if alternatives:
        cells.append("|".join(f"{_code_of(e)} {h.confidence:.4f}" for e, h in coded.alternatives))
    cells.append(coded.reason)
    return cells


def coding_record(coded: Coded, alternatives: bool) -> dict[str, object]:
    """The same as a dict with Python values (None where empty, floats, booleans): DataFrame-ready."""
    if coded.best is None or coded.hit is None:
        record: dict[str, object] = {c: None for c in CODE_COLUMNS}
    else:
        e, h = coded.best, coded.hit
        record = {"code": _code_of(e), "name_zh": e.pref_labels.get("zh"), "name_en": e.pref_labels.get("en"),
                  "level": e.level, "green": "green" in e.markers, "digital": "digital" in e.markers,
                  "predicate": h.predicate, "confidence": h.confidence}
    if alternatives:
        record[ALTERNATIVES_COLUMN] = [{"code": _code_of(e), "confidence": h.confidence} for e, h in coded.alternatives]
    record[REASON_COLUMN] = coded.reason or None
    return record


_Item = TypeVar("_Item")


class Coder:
    """Codes titles against one target list; ``code`` yields (item, Coded) in input order."""

    def __init__(self, targets: list[Entry], *, alternatives: int = 0, threshold: float = 0.0, workers: int = 1,
                 index: TargetIndex | None = None):
        self.alternatives = alternatives
        self.threshold = threshold
        # the best candidate plus the alternatives, whatever their confidence (the threshold is applied here)
        self.bulk = BulkMatcher(targets, Floors(top_k=1 + alternatives, threshold=0.0), workers=workers, index=index)

    def __enter__(self) -> "Coder":
        self.bulk.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.bulk.__exit__(*exc)

    @property
    def index(self) -> TargetIndex:
        assert self.bulk.index is not None
        return self.bulk.index

    def code(self, items: Iterable[_Item], title_of: Callable[[_Item], tuple[str, str]]
             ) -> Iterator[tuple[_Item, Coded]]:
        """``title_of(item)`` → (title text, reason it cannot be coded or "")."""
        def subject(item):
            title, problem = title_of(item)
            if problem:
                return None
            return Subject(title)

        for item, hits in self.bulk.run(items, subject):
            title, problem = title_of(item)
            yield item, self._coded(hits, problem)

    def _coded(self, hits: tuple[Hit, ...] | None, problem: str) -> Coded:
        if hits is None:
            return Coded(None, None, (), problem)
        if not hits:
            return Coded(None, None, (), "no candidate (no word of the title is known to the classification)")
        pairs = tuple((self.bulk.entry(h), h) for h in hits)
        best_entry, best = pairs[0]
        if best.confidence < self.threshold:
            return Coded(None, None, pairs, f"best candidate {_code_of(best_entry)} below the threshold "
                                            f"({best.confidence:.4f} < {self.threshold:g})")
        return Coded(best_entry, best, pairs[1:], "")


def title_problem(raw: str | None) -> tuple[str, str]:
    """(text to match, reason it cannot be coded or "") for a title cell."""
    if raw is None:
        return "", "no title cell (short row)"
    text = title_text(raw)
    if not text:
        return "", "empty title"
    if len(text) > MAX_LABEL_CHARS:
        return "", f"title longer than {MAX_LABEL_CHARS} characters"
    return text, ""


# ----------------------------------------------------------------------------- CSV tables
@dataclass
class TableRow:
    line: int
    cells: list[str]
    problem: str = ""


def read_table(table: TableInput, title_col: str, id_col: str | None, delimiter: str = ","
               ) -> tuple[list[str], int, Iterator[TableRow]]:
    """(header, title column index, rows). A missing column is one InputError; odd rows are kept:
    short rows are padded, extra cells are joined into the last column, and the row says so."""
    reader = csv.reader(table.lines(), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"malformed CSV header ({exc})", source=table.name, line=1) from None
    if not header:
        raise InputError("empty file (no header row)", source=table.name)
    names = [h.strip() for h in header]
    for option, col in (("--title-col", title_col), ("--id-col", id_col)):
        if col is not None and col not in names:
            raise InputError(f"{option} {col!r} is not a column (columns: {', '.join(names)})", source=table.name,
                             line=1)
    title_at = names.index(title_col)

    def rows() -> Iterator[TableRow]:
        width = len(header)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(f"malformed CSV ({exc})", source=table.name, line=reader.line_num) from None
            row = TableRow(reader.line_num, cells)
            if len(cells) < width:
                row.problem = f"row has {len(cells)} fields, expected {width}" if cells else ""
                row.cells = cells + [""] * (width - len(cells))
            elif len(cells) > width:
                row.problem = f"row has {len(cells)} fields, expected {width} (extra fields joined into the last column)"
                row.cells = cells[:width - 1] + [delimiter.join(cells[width - 1:])]
            yield row

    return header, title_at, rows()


def output_header(header: list[str], alternatives: bool) -> list[str]:
    added = list(CODE_COLUMNS) + ([ALTERNATIVES_COLUMN] if alternatives else []) + [REASON_COLUMN]
    taken = set(header)
    # an input column with the same name keeps its name; ours gets a prefix
    return list(header) + [f"occlink_{c}" if c in taken else c for c in added]


class CodeCounts(TypedDict):
    """``code_table``'s summary: rows read, coded and not, why not (reason → rows), distinct titles matched."""
    rows: int
    coded: int
    not_coded: int
    reasons: dict[str, int]
    distinct: int


def code_table(table: TableInput, targets: list[Entry], write_row: Callable[[list[str]], None], *, title_col: str,
               id_col: str | None = None, alternatives: int = 0, threshold: float = 0.0, workers: int = 1,
               delimiter: str = ",", on_row: Callable[[int], None] | None = None,
               index: TargetIndex | None = None) -> CodeCounts:
    """Code every row of a CSV stream (see module docstring). Returns counts for the summary."""
    header, title_at, rows = read_table(table, title_col, id_col, delimiter)
    write_row([safe_cell(c) for c in output_header(header, alternatives > 0)])
    counts: CodeCounts = {"rows": 0, "coded": 0, "not_coded": 0, "reasons": {}, "distinct": 0}

    def title_of(row: TableRow) -> tuple[str, str]:
        if not any(c.strip() for c in row.cells):
            return "", "empty row"
        text, problem = title_problem(row.cells[title_at])
        return text, problem

    with Coder(targets, alternatives=alternatives, threshold=threshold, workers=workers, index=index) as coder:
        for row, coded in coder.code(rows, title_of):
            reason = "; ".join(r for r in (row.problem, coded.reason) if r)
            cells = coding_cells(Coded(coded.best, coded.hit, coded.alternatives, reason), alternatives > 0)
            write_row([safe_cell(c) for c in row.cells] + cells)
            counts["rows"] += 1
            if coded.best is not None:
                counts["coded"] += 1
            else:
                counts["not_coded"] += 1
                key = "below the threshold" if coded.reason.startswith("best candidate") else coded.reason.split(" (")[0]
                reasons = counts["reasons"]
                reasons[key] = reasons.get(key, 0) + 1
            if on_row is not None:
                on_row(table.consumed)
        counts["distinct"] = coder.bulk.matched
    return counts
