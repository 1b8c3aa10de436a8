"""Which concepts the three Chinese catalogs hold, and their labels, read straight from the packaged tables.

A scripted review decision only checks two IDs and copies two labels. Loading the full tables
(row validation, the source-defect audit, the hierarchy) takes about 0.1 s and building the
graphs far longer; this reads only the columns it needs with csv's C reader (a few
milliseconds) and imports nothing heavy. The full loaders stay the authority:
tests/test_label_index.py checks this index against them on every concept.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

# The packaged tables (the same files csco_table, qianhai_table and beijing_urgent load).
NATIONAL_TABLE = "csco22.tsv"
NATIONAL_ENGLISH = "csco22_en.tsv"
QIANHAI_TABLE = "qianhai2020.tsv"
BEIJING_IMPORTED = "beijing2023_urgent.tsv"


@dataclass(frozen=True)
class ConceptLabels:
    """A concept's preferred labels and markers (``en`` of a national code and ``zh`` of a Qianhai
    occupation are project translations)."""

    zh: str
    en: str
    green: bool = False
    digital: bool = False
    occupation: bool = True  # national: rank 4 in the source and no children


def _packaged(filename: str) -> Path:
    return Path(str(resources.files("occlink.taxonomy").joinpath(filename)))


def _rows(table: str | Path, quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a TSV (a packaged one by file name; comment lines starting with '#'
    skipped), read with the quoting its own loader uses."""
    path = table if isinstance(table, Path) else _packaged(table)
    text = path.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=quoting))
    return (rows[0], rows[1:]) if rows else ([], [])


def _prefix(code: str) -> str:
    """The code prefix its descendants share ('' for a fine-level code, which has none)."""
    major, medium, small, fine = code.split("-")
    if fine != "00":
        return ""
    if small != "00":
        return f"{major}-{medium}-{small}-"
    if medium != "00":
        return f"{major}-{medium}-"
    return f"{major}-"


@lru_cache(maxsize=1)
def national() -> dict[str, ConceptLabels]:
    """Every national code (categories too) → its labels. Of duplicate rows, the first with a
    definition is used, as the full loader does."""
    header, rows = _rows(NATIONAL_TABLE)
    col = {name: i for i, name in enumerate(header)}
    code_i, level_i, name_i, definition_i = col["code"], col["source_level"], col["name_zh"], col["definition"]
    green_i, digital_i = col["green"], col["digital"]
    chosen: dict[str, list[str]] = {}
    for row in rows:
        code = row[code_i].strip()
        if code not in chosen or (not chosen[code][definition_i].strip() and row[definition_i].strip()):
            chosen[code] = row
    english_header, english_rows = _rows(NATIONAL_ENGLISH)
    en_col = {name: i for i, name in enumerate(english_header)}
    english = {r[en_col["code"]].strip(): r[en_col["label_en"]].strip() for r in english_rows}
    # A code has children when another code shares the prefix of its level ("2-02-", "2-02-38-").
    sharing = Counter(c[:n] for c in chosen for n in (2, 5, 8))
    out: dict[str, ConceptLabels] = {}
    for code, row in chosen.items():
        prefix = _prefix(code)
        has_children = bool(prefix) and sharing[prefix] > 1
        out[code] = ConceptLabels(row[name_i].strip(), english.get(code, ""), row[green_i] == "1",
                                  row[digital_i] == "1", row[level_i] == "4" and not has_children)
    return out


@lru_cache(maxsize=4)
def beijing(imported: Path | None = None) -> frozenset[str]:
    """National codes that have a Beijing urgent-need entry: marked (L or S) national occupations
    (the catalog's rule) and the codes of the imported official table (default: the packaged
    ``beijing2023_urgent.tsv``), when there is one."""
    marked = {code for code, c in national().items() if c.occupation and (c.green or c.digital)}
    path = imported or _packaged(BEIJING_IMPORTED)
    if not path.exists():
        return frozenset(marked)
    header, rows = _rows(path, csv.QUOTE_NONE)  # as beijing_urgent reads it
    code_i = header.index("code")
    return frozenset(marked | {row[code_i].strip() for row in rows})


@lru_cache(maxsize=1)
def qianhai() -> dict[str, ConceptLabels]:
    """Qianhai occupation id (d01…, s01…) → its labels."""
    header, rows = _rows(QIANHAI_TABLE)
    col = {name: i for i, name in enumerate(header)}
    return {row[col["id"]].strip(): ConceptLabels(row[col["name_zh"]].strip(), row[col["name_en"]].strip())
            for row in rows}
