"""The Qianhai 2020 list as transcribed in ``qianhai2020.tsv`` (Tables 1 and 2) and
``qianhai2020_table3.tsv`` (Table 3), read and checked row by row.

IDs: Table 1 no. N → ``dNN`` (demand-oriented), Table 2 no. N → ``sNN``
(strategy-oriented). Lists inside a cell are separated by ``|``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from occlink.errors import InputError
from occlink.taxonomy.csco_table import packaged_path, read_tsv
from occlink.taxonomy.qianhai_values import DEGREE, DURATION, INDUSTRY, ORIENTATION, PREFERENCE, SEVERITY

TABLE_FILE = "qianhai2020.tsv"
TABLE3_FILE = "qianhai2020_table3.tsv"
COLUMNS = [
    "id", "table", "list_no", "orientation", "industry", "industry_heading", "name_en", "name_zh",
    "name_zh_national_term", "competency_1", "competency_2", "competency_3", "specialties",
    "specialties_open", "education_phrase", "degree_min", "degree_preferred", "qualification_preferred", "preference_phrase",
    "experience_years", "experience_phrase", "duration", "duration_phrase", "severity", "severity_phrase",
]
TABLE3_COLUMNS = ["category", "category_en", "category_zh", "position", "id", "name_en_as_listed"]
ID_RE = re.compile(r"^(?P<prefix>[ds])(?P<no>\d{2})$")
YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class QianhaiOccupation:
    id: str
    table: int                      # 1 demand-oriented, 2 strategy-oriented
    list_no: int
    orientation: str
    industry: str
    industry_heading: str           # the table's group heading, verbatim
    name_en: str
    name_zh: str                    # project translation
    name_zh_national_term: bool     # the translation reuses a term of the national classification
    competencies: tuple[str, str, str]
    specialties: tuple[str, ...]
    specialties_open: bool          # "… and other related specialties": the list is not exhaustive
    education_phrase: str
    degree_min: str
    degree_preferred: tuple[str, ...]
    qualification_preferred: tuple[str, ...]  # preferred beyond a degree (postdoctoral education)
    preference_phrase: str
    experience_years: int           # "More than N years" → N
    experience_phrase: str
    duration: str
    duration_phrase: str
    severity: str
    severity_phrase: str
    line: int


@dataclass(frozen=True)
class SpecialtyCategory:
    number: int
    label_en: str
    label_zh: str                   # project translation
    members: tuple[str, ...]        # occupation ids in the order listed


@dataclass(frozen=True)
class QianhaiList:
    occupations: dict[str, QianhaiOccupation]
    categories: tuple[SpecialtyCategory, ...]


def _rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    return list(enumerate(read_tsv(path, str(path), columns), start=2))


def _check(cond: bool, message: str, path: Path, line: int) -> None:
    if not cond:
        raise InputError(message, source=str(path), line=line)


def _occupation(row: dict[str, str], path: Path, line: int) -> QianhaiOccupation:
    def get(col: str) -> str:
        return (row.get(col) or "").strip()

    rid = get("id")
    m = ID_RE.match(rid)
    _check(m is not None, f"malformed id {rid!r} (want d01…d29 or s01…s21)", path, line)
    assert m is not None  # _check raised otherwise
    table = 1 if m["prefix"] == "d" else 2
    _check(get("table") == str(table), f"{rid}: table {get('table')!r} does not match the id", path, line)
    _check(get("list_no") == str(int(m["no"])), f"{rid}: list_no {get('list_no')!r} does not match the id",
           path, line)
    expected_orientation = ORIENTATION.values[table - 1].key
    _check(get("orientation") == expected_orientation,
           f"{rid}: orientation must be {expected_orientation!r} for Table {table}", path, line)
    for col, scheme in (("industry", INDUSTRY), ("duration", DURATION), ("severity", SEVERITY),
                        ("degree_min", DEGREE)):
        _check(scheme.get(get(col)) is not None,
               f"{rid}: unknown {col} {get(col)!r} (choose from {', '.join(v.key for v in scheme.values)})",
               path, line)
    preferred = tuple(v for v in get("degree_preferred").split("|") if v)
    for value in preferred:
        _check(DEGREE.get(value) is not None, f"{rid}: unknown preferred degree {value!r}", path, line)
    qualifications = tuple(v for v in get("qualification_preferred").split("|") if v)
    for value in qualifications:
        _check(PREFERENCE.get(value) is not None, f"{rid}: unknown preferred qualification {value!r}", path, line)
    for col in ("name_en", "name_zh", "competency_1", "competency_2", "competency_3", "specialties",
                "education_phrase", "experience_phrase", "duration_phrase", "severity_phrase", "industry_heading"):
        _check(bool(get(col)), f"{rid}: empty {col}", path, line)
    for col in ("specialties_open", "name_zh_national_term"):
        _check(get(col) in YES_NO, f"{rid}: {col} must be yes or no", path, line)
    years = get("experience_years")
    _check(years.isdigit() and int(years) > 0, f"{rid}: experience_years must be a positive integer", path, line)
    _check(f"More than {int(years)} years" in get("experience_phrase"),
           f"{rid}: experience_years {years} does not match the phrase", path, line)
    return QianhaiOccupation(
        id=rid, table=table, list_no=int(m["no"]), orientation=get("orientation"), industry=get("industry"),
        industry_heading=get("industry_heading"), name_en=get("name_en"), name_zh=get("name_zh"),
        name_zh_national_term=YES_NO[get("name_zh_national_term")],
        competencies=(get("competency_1"), get("competency_2"), get("competency_3")),
        specialties=tuple(s for s in get("specialties").split("|") if s),
        specialties_open=YES_NO[get("specialties_open")], education_phrase=get("education_phrase"),
        degree_min=get("degree_min"), degree_preferred=preferred,
        qualification_preferred=qualifications, preference_phrase=get("preference_phrase"),
        experience_years=int(years), experience_phrase=get("experience_phrase"), duration=get("duration"),
        duration_phrase=get("duration_phrase"), severity=get("severity"), severity_phrase=get("severity_phrase"),
        line=line,
    )


def load_occupations(path: Path | None = None) -> dict[str, QianhaiOccupation]:
    path = path or packaged_path(TABLE_FILE)
    out: dict[str, QianhaiOccupation] = {}
    for line, row in _rows(path, COLUMNS):
        occ = _occupation(row, path, line)
        _check(occ.id not in out, f"duplicate id {occ.id}", path, line)
        out[occ.id] = occ
    return dict(sorted(out.items()))


def load_categories(occupations: dict[str, QianhaiOccupation], path: Path | None = None) -> tuple[SpecialtyCategory, ...]:
    path = path or packaged_path(TABLE3_FILE)
    grouped: dict[int, list[tuple[int, dict[str, str]]]] = {}
    for line, row in _rows(path, TABLE3_COLUMNS):
        rid = row["id"].strip()
        _check(rid in occupations, f"unknown occupation id {rid!r}", path, line)
        # Table 3 repeats the names; a mismatch means one of the two transcriptions is wrong.
        _check(occupations[rid].name_en == row["name_en_as_listed"].strip(),
               f"{rid}: name {row['name_en_as_listed']!r} differs from Tables 1/2", path, line)
        _check(row["category"].strip().isdigit() and row["position"].strip().isdigit(),
               "category and position must be integers", path, line)
        grouped.setdefault(int(row["category"]), []).append((line, row))
    categories = []
    for number in sorted(grouped):
        rows = sorted(grouped[number], key=lambda item: int(item[1]["position"]))
        first = rows[0][1]
        categories.append(SpecialtyCategory(number, first["category_en"].strip(), first["category_zh"].strip(),
                                            tuple(r["id"].strip() for _, r in rows)))
    return tuple(categories)


def load_list(table: Path | None = None, table3: Path | None = None) -> QianhaiList:
    occupations = load_occupations(table)
    return QianhaiList(occupations, load_categories(occupations, table3))


@lru_cache(maxsize=1)
def default_list() -> QianhaiList:
    return load_list()
