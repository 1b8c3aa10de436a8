"""ISCO-08 groups and ESCO occupations, read from the packaged tables (``regenerate_isco08`` writes them).

Lines starting with ``#`` carry the attribution to ESCO and the ILO and are skipped here.
A table that breaks the ISCO-08 structure (a code of the wrong length for its level, a parent
that does not exist) is refused with one line naming the file and row.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from occlink.errors import InputError, read_text
from occlink.taxonomy.csco_table import packaged_path

ISCO_TABLE = "isco08.tsv"
ESCO_TABLE = "esco_occupations.tsv"
ISCO_IRI = "http://data.europa.eu/esco/isco/C"
ESCO_OCCUPATION_IRI = "http://data.europa.eu/esco/occupation/"
LEVEL_DIGITS = {"major": 1, "sub-major": 2, "minor": 3, "unit": 4}


@dataclass(frozen=True)
class IscoGroup:
    code: str
    level: str          # major | sub-major | minor | unit
    iri: str
    title_en: str
    parent: str | None
    description_en: str


@dataclass(frozen=True)
class EscoOccupation:
    iri: str
    isco_unit: str
    pref_label_en: str
    alt_labels_en: tuple[str, ...]


def _rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    name = str(path)
    lines = read_text(path, name).splitlines()
    body = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    if not body:
        raise InputError("no header", source=name)
    header_line, header = body[0]
    fields = header.split("\t")
    missing = [c for c in columns if c not in fields]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", source=name, line=header_line)
    out = []
    for (number, _), row in zip(body[1:], csv.DictReader([line for _, line in body], delimiter="\t")):
        if None in row or any(row.get(c) is None for c in columns):
            raise InputError(f"expected {len(fields)} tab-separated fields", source=name, line=number)
        out.append((number, row))
    return out


def load_isco(path: Path | None = None) -> dict[str, IscoGroup]:
    """Code → group, in code order; checks levels, IRIs and parents."""
    path = path or packaged_path(ISCO_TABLE)
    groups: dict[str, IscoGroup] = {}
    for line, row in _rows(path, ["code", "level", "iri", "title_en", "parent", "description_en"]):
        code, level = row["code"].strip(), row["level"].strip()
        if level not in LEVEL_DIGITS or not re.fullmatch(rf"\d{{{LEVEL_DIGITS[level]}}}", code):
            raise InputError(f"code {code!r} does not fit level {level!r}", source=str(path), line=line)
        if row["iri"].strip() != f"{ISCO_IRI}{code}":
            raise InputError(f"IRI of {code} must be {ISCO_IRI}{code}", source=str(path), line=line)
        if code in groups:
            raise InputError(f"duplicate code {code}", source=str(path), line=line)
        parent = row["parent"].strip() or None
        if parent != (code[:-1] or None) or (parent is not None and parent not in groups):
            raise InputError(f"group {code} must follow its parent {code[:-1] or '(none)'}", source=str(path),
                             line=line)
        if not row["title_en"].strip():
            raise InputError(f"empty title for {code}", source=str(path), line=line)
        groups[code] = IscoGroup(code, level, f"{ISCO_IRI}{code}", row["title_en"].strip(), parent,
                                 row["description_en"].strip())
    return groups


def load_esco_occupations(path: Path | None = None, units: set[str] | None = None) -> list[EscoOccupation]:
    path = path or packaged_path(ESCO_TABLE)
    units = units if units is not None else {c for c, g in default_isco().items() if g.level == "unit"}
    out = []
    for line, row in _rows(path, ["iri", "isco_unit", "pref_label_en", "alt_labels_en"]):
        iri, unit = row["iri"].strip(), row["isco_unit"].strip()
        if not iri.startswith(ESCO_OCCUPATION_IRI) or unit not in units:
            raise InputError(f"ESCO occupation {iri!r} with unknown unit group {unit!r}", source=str(path),
                             line=line)
        out.append(EscoOccupation(iri, unit, row["pref_label_en"].strip(),
                                  tuple(a for a in row["alt_labels_en"].split("|") if a.strip())))
    return out


@lru_cache(maxsize=1)
def default_isco() -> dict[str, IscoGroup]:
    return load_isco()


@lru_cache(maxsize=1)
def default_esco_occupations() -> tuple[EscoOccupation, ...]:
    return tuple(load_esco_occupations())


def code_of(iri: str) -> str | None:
    """``http://data.europa.eu/esco/isco/C2512`` → ``2512`` (None for any other IRI)."""
    return iri[len(ISCO_IRI):] if iri.startswith(ISCO_IRI) and iri[len(ISCO_IRI):].isdigit() else None
