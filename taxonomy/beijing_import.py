"""Load the official Beijing urgent-need table (CSV) into the package data.

All or nothing: every row is checked first; one bad row refuses the whole file
(first bad row named, with its row number and reason) and nothing is written.
Row numbers count the header as row 1, as a spreadsheet shows them (a cell with a
quoted line break is still one row). Entries are keyed by national code +
occupation name: the catalog lists types of jobs (工种), so several rows may
share one national code.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from occlink.errors import InputError, decode_text, read_bytes
from occlink.taxonomy.beijing_urgent import COLUMNS, RowError, UrgentRecord, UrgentTable, check_row, render_table
from occlink.taxonomy.csco_table import Classification, default_classification

# Accepted headers (compared after trimming, case-folding and dropping spaces/underscores) → field.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "national code", "occupation code", "职业编码", "职业代码", "编码", "代码"),
    "occupation": ("occupation", "occupation name", "职业名称", "职业（工种）", "职业(工种)", "职业（工种）名称",
                   "职业(工种)名称", "职业"),
    "key_industry": ("key industry", "industry", "重点产业", "产业", "重点行业"),
    "description": ("description", "职业描述", "职业（工种）描述", "职业(工种)描述", "描述"),
    "urgency": ("urgency", "urgency rating", "紧缺程度", "紧缺等级", "紧缺度"),
    "median_annual_salary": ("median annual salary", "median annual salary cny", "salary",
                             "年薪中位数", "年薪中位数参考值", "年薪中位数参考值（元）", "年薪中位数参考值(元)",
                             "年薪中位数（元）", "年薪中位数(元)"),
}
IGNORED_HEADERS = ("no", "no.", "serial", "序号")
REQUIRED = ("code", "occupation", "key_industry", "urgency")


def _norm(header: str) -> str:
    return "".join(ch for ch in header.strip().casefold() if ch not in " _")


_LOOKUP = {_norm(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases}


@dataclass(frozen=True)
class ImportResult:
    table: UrgentTable
    rows: int
    written: Path | None


def map_header(header: list[str], source: str) -> dict[int, str]:
    """Column index → field; unknown or repeated headers are refused (a typo would silently drop data)."""
    out: dict[int, str] = {}
    for i, raw in enumerate(header):
        key = _norm(raw)
        if key in {_norm(h) for h in IGNORED_HEADERS} or not key and i == len(header) - 1:
            continue
        field = _LOOKUP.get(key)
        if field is None:
            raise InputError(f"unknown column {raw!r} (see docs/catalogs.md for the template)", source=source, line=1)
        if field in out.values():
            raise InputError(f"column {raw!r} repeats {field}", source=source, line=1)
        out[i] = field
    missing = [f for f in REQUIRED if f not in out.values()]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", source=source, line=1)
    return out


def read_official_table(path: Path, classification: Classification | None = None) -> UrgentTable:
    classification = classification or default_classification()
    name = str(path)
    raw = read_bytes(path, name)
    text = decode_text(raw, name, hint="; save the table as CSV UTF-8")
    # The whole text goes to the csv module: a quoted newline stays in its cell and U+2028
    # (which str.splitlines would treat as a line break) is ordinary text.
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"not a readable CSV table ({exc})", source=name) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError("empty file (expected a header row)", source=name, line=1)
    columns = map_header(rows[0], name)

    records: dict[tuple[str, str], UrgentRecord] = {}
    errors: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines (e.g. a trailing one) are not rows
        if len(row) > len(rows[0]):
            errors.append(f"{name}:{line}: {len(row)} cells but the header has {len(rows[0])}")
            continue
        fields = {field: (row[i] if i < len(row) else "") for i, field in columns.items()}
        try:
            record = check_row(fields, classification)
            if record.key in records:
                raise RowError(f"duplicate entry {record.code} {record.occupation_zh} (same code and name)")
        except RowError as exc:
            errors.append(f"{name}:{line}: {exc}")
            continue
        records[record.key] = record
    if errors:
        more = f" (and {len(errors) - 1} more bad row(s))" if len(errors) > 1 else ""
        raise InputError(f"{errors[0]}{more}; nothing imported")
    if not records:
        raise InputError("no data rows; nothing imported", source=name, line=2)
    return UrgentTable(records, path.name, hashlib.sha256(raw).hexdigest())


def import_beijing(path: Path, into: Path | None, *, dry_run: bool = False,
                   classification: Classification | None = None) -> ImportResult:
    from occlink.files import write_atomic  # write via temp file + rename

    table = read_official_table(path, classification)
    if dry_run:
        return ImportResult(table, len(table.records), None)
    if into is None:  # only a dry run may leave the target out
        raise ValueError("import_beijing: a target file is required unless dry_run")
    write_atomic(into, render_table(table))
    return ImportResult(table, len(table.records), into)


__all__ = ["COLUMNS", "HEADER_ALIASES", "ImportResult", "import_beijing", "map_header", "read_official_table"]
