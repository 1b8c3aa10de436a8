"""Attributes of the Beijing urgent-need entries that only the official table carries.

``beijing2023_urgent.tsv`` (package data) is written by ``occlink import beijing``
from a maintainer-supplied official table; it is absent until then, and absent
values stay absent. Both the importer and the graph builder check rows with
``check_row`` so a hand-edited file cannot slip past the rules.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from occlink.errors import InputError
from occlink.taxonomy.beijing_catalog import KEY_INDUSTRY_SPELLINGS, URGENCY_SPELLINGS
from occlink.taxonomy.csco_table import CODE_RE, Classification, packaged_path

URGENT_FILE = "beijing2023_urgent.tsv"
COLUMNS = ["code", "occupation_zh", "key_industry", "urgency", "median_annual_salary_cny", "description_zh"]
SALARY_RE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


@dataclass(frozen=True)
class UrgentRecord:
    code: str
    occupation_zh: str         # the catalog lists types of jobs (工种): several may share one code
    key_industry: str          # key of beijing_catalog.KEY_INDUSTRIES, or "" when the table names another
    urgency: str               # key of beijing_catalog.URGENCY_LEVELS
    salary_cny: Decimal | None  # median annual salary, CNY per year
    description_zh: str
    key_industry_label: str = ""  # the table's own industry when it is none of the 15 (II.(II).1 gives criteria)

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.occupation_zh)


@dataclass(frozen=True)
class UrgentTable:
    records: dict[tuple[str, str], UrgentRecord]  # keyed by (national code, occupation name)
    source_file: str           # name of the imported official file
    source_sha256: str

    def by_code(self) -> dict[str, list[UrgentRecord]]:
        out: dict[str, list[UrgentRecord]] = {}
        for key in sorted(self.records):
            out.setdefault(key[0], []).append(self.records[key])
        return out

    def warnings(self) -> list[str]:
        return [f"{r.code} {r.occupation_zh}: key industry {r.key_industry_label!r} is not one of the 15 of "
                "section II.(I).1; kept as the table's own value" for _, r in sorted(self.records.items())
                if r.key_industry_label]


class RowError(ValueError):
    """A rule a row breaks (the caller adds file and row number)."""


def parse_salary(text: str) -> Decimal | None:
    text = text.strip().replace("，", ",")
    if not text:
        return None
    if text.startswith("-") and SALARY_RE.match(text[1:]):
        raise RowError(f"salary {text} is negative (CNY per year, e.g. 250000)")
    if not SALARY_RE.match(text):
        raise RowError(f"salary {text!r} is not a number (CNY per year, e.g. 250000)")
    value = Decimal(text.replace(",", ""))
    if value <= 0:
        raise RowError(f"salary must be positive, got {text}")
    return value


# Limits and refusals added with the bad-input suite (tests/test_bad_input.py): a pasted
# paragraph is not a name, and a cell starting with = + - @ is a spreadsheet formula, which
# would run when the written TSV is opened in a spreadsheet.
MAX_NAME_CHARS = 200
MAX_DESCRIPTION_CHARS = 4000
FORMULA_START = ("=", "+", "-", "@")


def _check_text(what: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise RowError(f"{what} is {len(text)} characters long (at most {limit})")
    if text.startswith(FORMULA_START):
        raise RowError(f"{what} {text[:20]!r} starts with {text[0]!r} (looks like a spreadsheet formula)")


def check_row(fields: dict[str, str], classification: Classification) -> UrgentRecord:
    """Validate one row (raw spellings allowed) and return it normalized."""
    code = fields.get("code", "").strip()
    if not code:
        raise RowError("empty national code")
    if not CODE_RE.match(code):
        raise RowError(f"malformed national code {code!r} (want e.g. 2-02-38-01)")
    record = classification.records.get(code)
    if record is None:
        raise RowError(f"national code {code} is not in the 2022 classification")
    if not record.is_occupation:
        raise RowError(f"national code {code} is a category, not an occupation")
    occupation = " ".join(fields.get("occupation", "").split())
    if not occupation:
        raise RowError("empty occupation name")
    _check_text("occupation name", occupation, MAX_NAME_CHARS)
    industry, industry_label = _key_industry(fields.get("key_industry", ""))
    urgency = _controlled(fields, "urgency", "urgency", URGENCY_SPELLINGS,
                          "general, relatively or severely urgent shortage")
    salary = parse_salary(fields.get("median_annual_salary", ""))
    description = " ".join(fields.get("description", "").split())
    if description:
        _check_text("description", description, MAX_DESCRIPTION_CHARS)
    return UrgentRecord(code, occupation, industry, urgency, salary, description, industry_label)


def _key_industry(raw: str) -> tuple[str, str]:
    """(key of one of the 15, "") when it names one; ("", the table's own wording) otherwise.

    Section II.(II).1 states criteria for the urgent-need table's industries, not a list, so an
    industry outside the 15 of component I is the table's own value, kept as written.
    """
    text = " ".join(raw.split())
    if not text:
        raise RowError("empty key industry")
    key = KEY_INDUSTRY_SPELLINGS.get(text.casefold())
    if key:
        return key, ""
    _check_text("key industry", text, MAX_NAME_CHARS)
    return "", text


def _controlled(fields: dict[str, str], column: str, name: str, spellings: dict[str, str], hint: str) -> str:
    """A value from a closed list, accepted in any of its documented spellings (case-insensitive)."""
    raw = fields.get(column, "").strip()
    if not raw:
        raise RowError(f"empty {name}")
    value = spellings.get(raw.casefold())
    if value is None:
        raise RowError(f"unknown {name} {raw!r} ({hint})")
    return value

def format_salary(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def render_table(table: UrgentTable) -> str:
    """The normalized TSV: provenance comment lines, header, one row per (code, name), sorted."""
    lines = [f"# source_file: {table.source_file}", f"# source_sha256: {table.source_sha256}",
             "\t".join(COLUMNS)]
    for key in sorted(table.records):
        r = table.records[key]
        lines.append("\t".join([r.code, r.occupation_zh, r.key_industry or r.key_industry_label, r.urgency,
                                format_salary(r.salary_cny), r.description_zh]))
    return "\n".join(lines) + "\n"


def load_urgent_table(classification: Classification, path: Path | None = None) -> UrgentTable | None:
    """The imported table, or None when no official table has been imported."""
    path = path or packaged_path(URGENT_FILE)
    if not path.exists():
        return None
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", source=name) from None
    lines = text.splitlines()
    meta: dict[str, str] = {}
    body_start = 0
    for body_start, line in enumerate(lines):  # noqa: B007 (the first non-comment line is read below)
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        meta[key.strip()] = value.strip()
    for key in ("source_file", "source_sha256"):
        if not meta.get(key):
            raise InputError(f"missing '# {key}:' provenance line", source=name, line=1)
    reader = csv.DictReader(lines[body_start:], delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames != COLUMNS:
        raise InputError(f"header must be {' '.join(COLUMNS)}", source=name, line=body_start + 1)
    records: dict[tuple[str, str], UrgentRecord] = {}
    for n, row in enumerate(reader, start=body_start + 2):
        fields = {"code": row["code"] or "", "occupation": row["occupation_zh"] or "",
                  "key_industry": row["key_industry"] or "", "urgency": row["urgency"] or "",
                  "median_annual_salary": row["median_annual_salary_cny"] or "",
                  "description": row["description_zh"] or ""}
        try:
            record = check_row(fields, classification)
        except RowError as exc:
            raise InputError(str(exc), source=name, line=n) from None
        if record.key in records:
            raise InputError(f"duplicate entry {record.code} {record.occupation_zh}", source=name, line=n)
        records[record.key] = record
    return UrgentTable(records, meta["source_file"], meta["source_sha256"])
