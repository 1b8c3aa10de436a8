"""Curated review decisions: three SSSOM sets per crosswalk (the Biomappings practice).

For a crosswalk ``SOURCE → TARGET`` the decisions live in::

    {dir}/{SOURCE}-{TARGET}.positive.sssom.tsv   accepted mappings (published as SKOS)
    {dir}/{SOURCE}-{TARGET}.negative.sssom.tsv   rejected candidates (predicate_modifier Not)
    {dir}/{SOURCE}-{TARGET}.unsure.sssom.tsv     genuinely unclear, kept for a second look

Every row is a manual curation: ``mapping_justification semapv:ManualMappingCuration``,
``author_id`` (the reviewer), ``mapping_date``, ``confidence`` (the reviewer's), labels and
an optional comment. A reviewer has at most one decision per (subject, object) pair:
deciding again replaces the earlier decision of the same reviewer (other reviewers'
decisions stay, so disagreements remain visible to ``occlink review conflicts``).

Every change rewrites the affected set files through a temporary file that is fsynced and
then renamed over the old one (and the folder is fsynced), so a killed process leaves
either the old or the new file, never a torn one, and every decision already reported as
made is on disk.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from occlink.taxonomy.errors import InputError
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, Namespaces

from .sssom import (REVIEWER_PREFIXES, UNSURE_AGREEMENT, MappingSet, format_score, read_sssom, source_curie,
                    sssom_prefixes, sssom_text)

KINDS = ("positive", "negative", "unsure")
JUSTIFICATION = "semapv:ManualMappingCuration"
PREDICATE_KEYS = {
    "exact": "skos:exactMatch",
    "close": "skos:closeMatch",
    "broad": "skos:broadMatch",
    "narrow": "skos:narrowMatch",
    "related": "skos:relatedMatch",
}
PREDICATE_NAMES = {v: k for k, v in PREDICATE_KEYS.items()}

# Reviewer identities are CURIEs: ORCID iDs or project handles (REVIEWER_PREFIXES, from .sssom).
MAINTAINERS = "occrev:maintainers"
REVIEWER_ENV = "OCCLINK_REVIEWER"
_ORCID = re.compile(r"^(?:https?://orcid\.org/|orcid:)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_HANDLE = re.compile(r"^(?:occrev:)?([A-Za-z0-9][A-Za-z0-9_.-]{0,63})$")
CATALOG_PREFIX = {"csco2022": "csco", "qianhai2020": "qh", "beijing2023": "bj"}
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def reviewer_curie(value: str | None) -> str:
    """Normalise a reviewer id: ORCID iD → ``orcid:…``, handle → ``occrev:…``."""
    text = (value or "").strip()
    if not text:
        raise InputError(f"a reviewer is required: pass --reviewer or set {REVIEWER_ENV} "
                         "(an ORCID iD such as 0000-0002-1825-0097 or a handle such as jdoe)")
    match = _ORCID.match(text)
    if match:
        return f"orcid:{match.group(1)}"
    match = _HANDLE.match(text)
    if match:
        return f"occrev:{match.group(1)}"
    raise InputError(f"reviewer {text!r} is neither an ORCID iD nor a handle of letters, digits, '_', '.', '-'")


def predicate_curie(value: str) -> str:
    """Accept ``exact`` or ``skos:exactMatch`` (and the other four SKOS mapping predicates)."""
    if value in PREDICATE_KEYS:
        return PREDICATE_KEYS[value]
    if value in PREDICATE_NAMES:
        return value
    raise InputError(f"unknown predicate {value!r} (choose from {', '.join(PREDICATE_KEYS)})")


@dataclass(frozen=True)
class Decision:
    subject_id: str
    object_id: str
    predicate_id: str
    kind: str  # positive | negative | unsure
    author_id: str
    mapping_date: str
    confidence: float | None = None
    comment: str = ""
    subject_label: str = ""
    object_label: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return (self.subject_id, self.object_id)

    def to_row(self) -> dict[str, str]:
        row = {
            "subject_id": self.subject_id,
            "subject_label": self.subject_label,
            "predicate_id": self.predicate_id,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "mapping_justification": JUSTIFICATION,
            "author_id": self.author_id,
            "mapping_date": self.mapping_date,
            "comment": self.comment,
        }
        if self.kind == "negative":
            row["predicate_modifier"] = "Not"
        if self.kind == "unsure":  # SSSOM 1.1: the reviewer is not sure (survives merging the sets)
            row.update(reviewer_id=self.author_id, reviewer_agreement=UNSURE_AGREEMENT,
                       review_date=self.mapping_date)
        if self.confidence is not None:
            row["confidence"] = format_score(self.confidence)
        return {k: v for k, v in row.items() if v}

    @classmethod
    def from_row(cls, row: dict[str, str], kind: str, source: str) -> "Decision":
        author = row.get("author_id", "")
        if not author:
            raise InputError(f"decision {row['subject_id']} {row['object_id']} has no author_id", source=source)
        return cls(
            subject_id=row["subject_id"], object_id=row["object_id"], predicate_id=row["predicate_id"],
            kind=kind, author_id=author, mapping_date=row.get("mapping_date", ""),
            confidence=float(row["confidence"]) if row.get("confidence") else None,
            comment=row.get("comment", ""), subject_label=row.get("subject_label", ""),
            object_label=row.get("object_label", ""),
        )


@dataclass(frozen=True)
class Crosswalk:
    source: str
    target: str

    @property
    def name(self) -> str:
        return f"{self.source}-{self.target}"

    def filename(self, kind: str) -> str:
        return f"{self.name}.{kind}.sssom.tsv"


@dataclass
class Change:
    """What one ``record`` did, so that ``undo`` can put it back exactly."""

    added: Decision | None
    removed: list[Decision] = field(default_factory=list)


def set_metadata(crosswalk: Crosswalk, kind: str, ns: Namespaces | None = None) -> dict[str, object]:
    """The metadata block of a decision file (written against the default base IRI)."""
    ns = ns or Namespaces(DEFAULT_BASE_IRI)
    curie_map = sssom_prefixes(ns)
    words = {"positive": "Accepted mappings", "negative": "Rejected candidate mappings",
             "unsure": "Undecided candidate mappings"}
    return {
        "curie_map": curie_map,
        "mapping_set_id": f"{ns.mapping}{crosswalk.name}.{kind}",
        "mapping_set_title": f"{words[kind]}: {crosswalk.source} → {crosswalk.target}",
        "mapping_set_description": (
            f"Manually reviewed {kind} decisions between {crosswalk.source} and {crosswalk.target} "
            "(occlink review). author_id is the reviewer; confidence is the reviewer's confidence."),
        "license": LICENSE,
        "subject_source": source_curie(crosswalk.source),
        "object_source": source_curie(crosswalk.target),
    }


def fsync_write(path: Path, text: str) -> None:
    """Atomic and durable: temp file in the same folder, fsync, rename, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # some platforms cannot open folders; the rename is still atomic
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class DecisionStore:
    """The decisions of one crosswalk in one mappings folder."""

    def __init__(self, folder: Path, crosswalk: Crosswalk):
        self.folder = Path(folder)
        self.crosswalk = crosswalk
        self._decisions: list[Decision] | None = None

    def path(self, kind: str) -> Path:
        return self.folder / self.crosswalk.filename(kind)

    # -- reading -------------------------------------------------------------------------
    def decisions(self) -> list[Decision]:
        if self._decisions is None:
            loaded: list[Decision] = []
            for kind in KINDS:
                path = self.path(kind)
                if not path.exists():
                    continue
                mapping_set = read_sssom(path)
                for row in mapping_set.rows:
                    negated = row.get("predicate_modifier") == "Not"
                    if negated != (kind == "negative"):
                        raise InputError(
                            f"row {row['subject_id']} {row['object_id']}: predicate_modifier Not belongs "
                            "in the negative set and only there", source=str(path))
                    loaded.append(Decision.from_row(row, kind, str(path)))
            self._decisions = loaded
        return list(self._decisions)

    def for_pair(self, subject_id: str, object_id: str) -> list[Decision]:
        return [d for d in self.decisions() if d.pair == (subject_id, object_id)]

    def decided_pairs(self) -> set[tuple[str, str]]:
        return {d.pair for d in self.decisions()}

    # -- writing -------------------------------------------------------------------------
    def record(self, decision: Decision) -> Change:
        """Add a decision, replacing the same reviewer's earlier decision on that pair."""
        if decision.kind not in KINDS:
            raise ValueError(decision.kind)
        current = self.decisions()
        removed = [d for d in current if d.pair == decision.pair and d.author_id == decision.author_id]
        kept = [d for d in current if d not in removed]
        self._save(kept + [decision], {decision.kind} | {d.kind for d in removed})
        return Change(decision, removed)

    def undo(self, change: Change) -> None:
        current = [d for d in self.decisions() if d != change.added]
        kinds = {d.kind for d in change.removed} | ({change.added.kind} if change.added else set())
        self._save(current + change.removed, kinds)

    def _save(self, decisions: list[Decision], kinds: set[str]) -> None:
        for kind in sorted(kinds):
            rows = [d.to_row() for d in decisions if d.kind == kind]
            text = sssom_text(MappingSet(set_metadata(self.crosswalk, kind), rows))
            fsync_write(self.path(kind), text)
        self._decisions = decisions


def new_decision(subject_id: str, object_id: str, predicate: str, kind: str, reviewer: str, *,
                 confidence: float | None = None, comment: str = "", subject_label: str = "",
                 object_label: str = "", today: date | None = None) -> Decision:
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        raise InputError(f"confidence {confidence} is outside [0, 1]")
    for name, value in (("comment", comment), ("subject_label", subject_label), ("object_label", object_label)):
        if any(ch in value for ch in "\t\r\n"):
            raise InputError(f"{name} must be one line without tabs")
    return Decision(subject_id, object_id, predicate_curie(predicate), kind, reviewer_curie(reviewer),
                    (today or date.today()).isoformat(), confidence, comment.strip(),
                    subject_label, object_label)


def with_labels(decision: Decision, subject_label: str, object_label: str) -> Decision:
    return replace(decision, subject_label=decision.subject_label or subject_label,
                   object_label=decision.object_label or object_label)
