"""``occlink review apply FILE.tsv``: a batch of decisions, validated first, recorded all-or-nothing.

The file is UTF-8 TSV with a header; columns ``subject_id``, ``object_id``, ``decision``
(accept|reject|unsure), and optionally ``predicate`` (exact|close|broad|narrow|related or
the skos: CURIE; required to accept, default close otherwise), ``confidence`` and ``comment``.
Any bad row refuses the whole file with one line naming it; nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from occlink.errors import InputError, read_text
from occlink.mappings.decisions import Decision
from occlink.mappings.review import ReviewSession

DECISION_WORDS = {"accept": "positive", "positive": "positive", "reject": "negative", "negative": "negative",
                  "unsure": "unsure"}
REQUIRED = ("subject_id", "object_id", "decision")
OPTIONAL = ("predicate", "confidence", "comment")


def read_batch(path: Path, session: ReviewSession, reviewer: str) -> list[Decision]:
    name = str(path)
    lines = read_text(path, name).splitlines()
    if not lines:
        raise InputError("empty file (expected a header: subject_id, object_id, decision, …)", source=name)
    header = [h.strip() for h in lines[0].split("\t")]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        problem = f"missing column(s) {', '.join(missing)}" if missing else f"unknown column(s) {', '.join(unknown)}"
        raise InputError(f"{problem} (columns: {', '.join(REQUIRED + OPTIONAL)})", source=name, line=1)
    out: list[Decision] = []
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) > len(header):
            raise InputError(f"{len(cells)} fields for {len(header)} columns", source=name, line=number)
        row = dict(zip(header, (c.strip() for c in cells + [""] * (len(header) - len(cells)))))
        try:
            out.append(_decision(row, session, reviewer))
        except InputError as exc:
            raise InputError(str(exc), source=name, line=number) from None
        pair = (out[-1].subject_id, out[-1].object_id)
        if pair in seen:
            raise InputError(f"{pair[0]} {pair[1]} is decided twice (first on line {seen[pair]})",
                             source=name, line=number)
        seen[pair] = number
    if not out:
        raise InputError("no decisions in the file", source=name)
    return out


def _decision(row: dict[str, str], session: ReviewSession, reviewer: str) -> Decision:
    kind = DECISION_WORDS.get(row["decision"].lower())
    if kind is None:
        raise InputError(f"decision {row['decision']!r} is not accept, reject or unsure")
    predicate = row.get("predicate", "")
    if not predicate:
        if kind == "positive":
            raise InputError("accept needs a predicate (exact, close, broad, narrow or related)")
        predicate = "close"
    confidence = None
    if row.get("confidence"):
        try:
            confidence = float(row["confidence"])
        except ValueError:
            raise InputError(f"confidence {row['confidence']!r} is not a number") from None
        if confidence != confidence:
            raise InputError("confidence is not a number (nan)")
    return session.decision(row["subject_id"], row["object_id"], kind, predicate, reviewer,
                            confidence=confidence, comment=row.get("comment", ""))
