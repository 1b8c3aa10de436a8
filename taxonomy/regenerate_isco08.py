"""Regenerate ``taxonomy/isco08.tsv`` and ``taxonomy/esco_occupations.tsv`` from the ESCO v1.0 English CSV export.

ISCO-08 enters the project only through this script. It reads ``ISCOGroups_en.csv`` and
``occupations_en.csv`` of the ESCO v1.0 export and writes two normalized, diff-able tables that
keep only what occlink uses:

* ``isco08.tsv`` — the 619 ISCO-08 groups: code, level (major, sub-major, minor, unit), ESCO's IRI
  for the group, English title, parent code and the first paragraph of the ILO description (what the
  group does; used by the matcher and shown on pages);
* ``esco_occupations.tsv`` — the ESCO occupations: IRI, ISCO-08 unit group, preferred label and
  alternative labels (evidence for the unit group when matching; targets of the Qianhai → ESCO links).

Both start with comment lines carrying the attribution that ESCO's reuse terms require.

    python -m occlink.taxonomy.regenerate_isco08 /path/to/esco-1.0
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

ISCO_FILE = "ISCOGroups_en.csv"
OCCUPATIONS_FILE = "occupations_en.csv"
ISCO_IRI = "http://data.europa.eu/esco/isco/C"
OCCUPATION_IRI = "http://data.europa.eu/esco/occupation/"
LEVELS = {1: "major", 2: "sub-major", 3: "minor", 4: "unit"}
ISCO_COLUMNS = ["code", "level", "iri", "title_en", "parent", "description_en"]
OCCUPATION_COLUMNS = ["iri", "isco_unit", "pref_label_en", "alt_labels_en"]
ATTRIBUTION = (
    "# Source: ESCO v1.0 English CSV export (European Skills, Competences, Qualifications and Occupations),\n"
    "# (c) European Union, European Commission; reuse authorised provided the source is acknowledged\n"
    "# (Commission Decision 2011/833/EU). ISCO-08: International Standard Classification of Occupations,\n"
    "# (c) International Labour Organization (ILO). Normalized by occlink (taxonomy/regenerate_isco08.py);\n"
    "# only the columns occlink uses are kept. See taxonomy/LICENSES/README.md.\n")
_CODE = re.compile(r"^\d{1,4}$")


def _rows(text: str, name: str, required: list[str]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{name}: missing columns {', '.join(missing)}")
    return list(reader)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def first_paragraph(description: str) -> str:
    """The ILO description's lead paragraph (what the group does), on one line."""
    return _clean(description.strip().split("\n", 1)[0]) if description.strip() else ""


def derive_isco(text: str) -> list[dict[str, str]]:
    rows = []
    for number, row in enumerate(_rows(text, ISCO_FILE, ["conceptUri", "code", "preferredLabel", "description"]),
                                 start=2):
        code, iri = row["code"].strip(), row["conceptUri"].strip()
        if not _CODE.match(code) or iri != f"{ISCO_IRI}{code}":
            raise ValueError(f"{ISCO_FILE}: row {number}: unexpected code {code!r} or IRI {iri!r}")
        rows.append({"code": code, "level": LEVELS[len(code)], "iri": iri,
                     "title_en": _clean(row["preferredLabel"]), "parent": code[:-1],
                     "description_en": first_paragraph(row["description"])})
    rows.sort(key=lambda r: (r["code"]))
    codes = {r["code"] for r in rows}
    for r in rows:
        if r["parent"] and r["parent"] not in codes:
            raise ValueError(f"{ISCO_FILE}: group {r['code']} has no parent group {r['parent']}")
    return rows


def derive_occupations(text: str, unit_codes: set[str]) -> list[dict[str, str]]:
    rows = []
    for number, row in enumerate(_rows(text, OCCUPATIONS_FILE, ["conceptUri", "iscoGroup", "preferredLabel",
                                                                "altLabels"]), start=2):
        iri, unit = row["conceptUri"].strip(), row["iscoGroup"].strip()
        if not iri.startswith(OCCUPATION_IRI) or unit not in unit_codes:
            raise ValueError(f"{OCCUPATIONS_FILE}: row {number}: unexpected IRI {iri!r} or unit group {unit!r}")
        pref = _clean(row["preferredLabel"])
        alts = []
        for alt in row["altLabels"].split("\n"):
            alt = _clean(alt).replace("|", "/")
            if alt and alt != pref and alt not in alts:
                alts.append(alt)
        rows.append({"iri": iri, "isco_unit": unit, "pref_label_en": pref, "alt_labels_en": "|".join(alts)})
    rows.sort(key=lambda r: (r["isco_unit"], r["pref_label_en"], r["iri"]))
    return rows


def table_text(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    buffer.write(ATTRIBUTION)
    writer = csv.DictWriter(buffer, columns, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(args[0])
    from occlink.errors import InputError, read_text
    from occlink.files import write_atomic
    try:
        isco = derive_isco(read_text(folder / ISCO_FILE))
        occupations = derive_occupations(read_text(folder / OCCUPATIONS_FILE),
                                         {r["code"] for r in isco if r["level"] == "unit"})
    except (InputError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    here = Path(__file__).parent
    write_atomic(here / "isco08.tsv", table_text(isco, ISCO_COLUMNS))
    write_atomic(here / "esco_occupations.tsv", table_text(occupations, OCCUPATION_COLUMNS))
    print(f"wrote {len(isco)} ISCO-08 groups and {len(occupations)} ESCO occupations to {here}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
