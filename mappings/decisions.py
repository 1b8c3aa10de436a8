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

Every change happens under an advisory lock on the folder (``.occlink-review.lock``), starts
from the sets as they are on disk, and rewrites every affected set all-or-nothing (temporary
files fsynced, an intent journal, renames; see ``occlink.files.replace_all``), so concurrent
reviewers lose nothing, a killed process leaves either the old or the new sets, and every
decision already reported as made is on disk.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from occlink.errors import InputError
from occlink.files import WriteError, complete_journal, file_mode, remove_stale_temps, replace_all

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no cross-process lock
    fcntl = None  # type: ignore[assignment]  # checked before every use
from occlink.mappings.sssom import (
    UNSURE_AGREEMENT,
    MappingSet,
    format_score,
    read_sssom,
    source_curie,
    sssom_prefixes,
    sssom_text,
)
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, Namespaces

KINDS = ("positive", "negative", "unsure")
JUSTIFICATION = "semapv:ManualMappingCuration"
SECOND_REVIEW = "semapv:MappingReview"  # a second reviewer re-judging a decided pair, blind
# The matcher's calibrated confidence, when a decision row copies it (a CURIE, as SSSOM asks).
SIMILARITY_MEASURE = "occ:matcherConfidence"
# Reviewer confidence when none is given: an unsure row never claims more than UNSURE_MAX.
DEFAULT_CONFIDENCE = {"positive": 0.9, "negative": 0.9, "unsure": 0.5}
UNSURE_MAX = 0.5
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
    """One reviewer's decision on one pair; ``to_row`` is its SSSOM row (see docs/review.md).

    ``confidence`` is the reviewer's; ``similarity_score``, ``match_string`` and the match
    fields are the matcher's, copied from the candidate the reviewer judged (absent for
    pairs the matcher did not propose). A second review (``semapv:MappingReview``) names the
    decision it re-judged and whether it agrees in ``other``."""

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
    similarity_score: float | None = None
    match_string: str = ""
    subject_match_field: str = ""
    object_match_field: str = ""
    justification: str = JUSTIFICATION
    other: str = ""
    # a chained candidate's provenance (semapv:MappingChaining): pivot_id, *_pivot_*, see_also
    chain: tuple[tuple[str, str], ...] = ()

    @property
    def pair(self) -> tuple[str, str]:
        return (self.subject_id, self.object_id)

    @property
    def outcome(self) -> tuple[str, str]:
        return (self.kind, self.predicate_id)

    def to_row(self) -> dict[str, str]:
        row = {
            "subject_id": self.subject_id,
            "subject_label": self.subject_label,
            "subject_match_field": self.subject_match_field,
            "predicate_id": self.predicate_id,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "object_match_field": self.object_match_field,
            "mapping_justification": self.justification,
            "match_string": self.match_string,
            "author_id": self.author_id,
            "mapping_date": self.mapping_date,
            "comment": self.comment,
            "other": self.other,
        }
        row.update(self.chain)
        if self.kind == "negative":
            row["predicate_modifier"] = "Not"
        if self.kind == "unsure":  # SSSOM 1.1: the reviewer is not sure (survives merging the sets)
            row.update(reviewer_id=self.author_id, reviewer_agreement=UNSURE_AGREEMENT,
                       review_date=self.mapping_date)
        if self.confidence is not None:
            row["confidence"] = format_score(self.confidence)
        if self.similarity_score is not None:
            row["similarity_score"] = format_score(self.similarity_score)
            row["similarity_measure"] = SIMILARITY_MEASURE
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
            similarity_score=float(row["similarity_score"]) if row.get("similarity_score") else None,
            match_string=row.get("match_string", ""), subject_match_field=row.get("subject_match_field", ""),
            object_match_field=row.get("object_match_field", ""),
            justification=row.get("mapping_justification", JUSTIFICATION), other=row.get("other", ""),
            chain=_chain_cells(row),
        )


def _chain_cells(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    if not row.get("pivot_id"):
        return ()
    from occlink.mappings.chaining import DECISION_CHAIN_COLUMNS
    return tuple((c, row[c]) for c in DECISION_CHAIN_COLUMNS if row.get(c))


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
        "mapping_set_id": ns.expand(f"occmap:{crosswalk.name}.{kind}"),  # a string: no rdflib here
        "mapping_set_title": f"{words[kind]}: {crosswalk.source} → {crosswalk.target}",
        "mapping_set_description": (
            f"Manually reviewed {kind} decisions between {crosswalk.source} and {crosswalk.target} "
            "(occlink review). author_id is the reviewer; confidence is the reviewer's confidence."),
        "license": LICENSE,
        "subject_source": source_curie(crosswalk.source),
        "object_source": source_curie(crosswalk.target),
    }


LOCK_FILE = ".occlink-review.lock"
JOURNAL_FILE = ".occlink-review.journal"


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Exclusive advisory lock (``fcntl.flock``) on the folder's lock file: one
    read-modify-write at a time across processes. Released when the process dies."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, file_mode())
    except OSError as exc:
        raise WriteError(folder / LOCK_FILE, exc) from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class DecisionStore:
    """The decisions of one crosswalk in one mappings folder.

    Every change is a transaction under the folder lock: finish any interrupted change,
    remove temporary files a killed writer left, re-read the sets from disk, change them,
    write every affected set all-or-nothing. Nothing is written from a stale copy."""

    def __init__(self, folder: Path, crosswalk: Crosswalk):
        self.folder = Path(folder)
        self.crosswalk = crosswalk

    def path(self, kind: str) -> Path:
        return self.folder / self.crosswalk.filename(kind)

    # -- reading -------------------------------------------------------------------------
    def _load(self) -> list[Decision]:
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
        return loaded

    def decisions(self) -> list[Decision]:
        """The decisions on disk now (an interrupted change is completed first when the
        folder is writable; a read-only folder, e.g. the shipped sets, is read as it is)."""
        if (self.folder / JOURNAL_FILE).exists() and os.access(self.folder, os.W_OK):
            with self._transaction():
                return self._load()
        return self._load()

    def for_pair(self, subject_id: str, object_id: str) -> list[Decision]:
        return [d for d in self.decisions() if d.pair == (subject_id, object_id)]

    def decided_pairs(self) -> set[tuple[str, str]]:
        return {d.pair for d in self.decisions()}

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with folder_lock(self.folder):
            complete_journal(self.folder / JOURNAL_FILE)
            remove_stale_temps([self.path(kind) for kind in KINDS] + [self.log_path, self.folder / JOURNAL_FILE])
            yield

    def record(self, decision: Decision) -> Change:
        """Add a decision, replacing the same reviewer's earlier decision on that pair."""
        return self.record_all([decision])[0]

    def record_all(self, decisions: list[Decision]) -> list[Change]:
        """Several decisions in one all-or-nothing change (``occlink review apply``)."""
        for decision in decisions:
            if decision.kind not in KINDS:
                raise ValueError(decision.kind)
        with self._transaction():
            current = self._load()
            changes, kinds = [], set()
            for decision in decisions:
                removed = [d for d in current if d.pair == decision.pair and d.author_id == decision.author_id]
                current = [d for d in current if d not in removed] + [decision]
                kinds |= {decision.kind} | {d.kind for d in removed}
                changes.append(Change(decision, removed))
            self._save(current, kinds, log=self._log() + [_log_entry(changes)])
        return changes

    def withdraw(self, subject_id: str, object_id: str, author_id: str) -> Change | None:
        """Remove this reviewer's decision on the pair (None when there is none)."""
        with self._transaction():
            current = self._load()
            removed = [d for d in current if d.pair == (subject_id, object_id) and d.author_id == author_id]
            if not removed:
                return None
            change = Change(None, removed)
            self._save([d for d in current if d not in removed], {d.kind for d in removed},
                       log=self._log() + [_log_entry([change])])
        return change

    def undo(self, change: Change) -> None:
        """Put back what ``change`` did (and forget it in the undo log)."""
        with self._transaction():
            self._undo_locked([change])

    def undo_last(self, author_id: str) -> list[Change]:
        """Undo this reviewer's most recent step (a decision, a batch, a withdrawal) from the
        folder's undo log; [] when there is none. ``occlink review undo``."""
        with self._transaction():
            log = self._log()
            for entry in reversed(log):
                changes = _changes_of(entry)
                if entry.get("author") == author_id and changes:
                    self._undo_locked(changes)
                    return changes
        return []

    def _undo_locked(self, changes: list[Change]) -> None:
        current = self._load()
        kinds: set[str] = set()
        for change in reversed(changes):  # compared as written (scores are kept to 4 decimals)
            added = _written(change.added) if change.added else None
            current = [d for d in current if _written(d) != added]
            present = {_written(d) for d in current}
            current += [d for d in change.removed if _written(d) not in present]
            kinds |= {d.kind for d in change.removed} | ({change.added.kind} if change.added else set())
        entry = _log_entry(changes)
        log = self._log()
        for i in range(len(log) - 1, -1, -1):
            if log[i].get("changes") == entry["changes"]:
                del log[i]
                break
        self._save(current, kinds, log=log)

    # -- the undo log: one JSON line per step, written in the same all-or-nothing change --
    @property
    def log_path(self) -> Path:
        return self.folder / f".{self.crosswalk.name}.undo.jsonl"

    def _log(self) -> list[dict]:
        try:
            text = self.log_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError):
            return []  # the log only serves undo; a damaged one starts afresh
        out = []
        for line in text.splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def _save(self, decisions: list[Decision], kinds: set[str], log: list[dict] | None = None) -> None:
        files: dict[Path, str] = {}
        for kind in sorted(kinds):
            rows = [d.to_row() for d in decisions if d.kind == kind]
            metadata = set_metadata(self.crosswalk, kind)
            if any(d.chain for d in decisions if d.kind == kind):  # declare the chained rows' columns
                from occlink.mappings.chaining import extension_definitions
                metadata["extension_definitions"] = extension_definitions()
            files[self.path(kind)] = sssom_text(MappingSet(metadata, rows))
        if log is not None:
            files[self.log_path] = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                                           for e in log[-UNDO_STEPS:])
        replace_all(files, self.folder / JOURNAL_FILE)


UNDO_STEPS = 500  # steps kept in a folder's undo log


def _written(d: Decision) -> tuple:
    return (d.kind, tuple(sorted(d.to_row().items())))


def _log_entry(changes: list[Change]) -> dict:
    def row(d: Decision) -> list:
        return [d.kind, d.to_row()]
    author = next((c.added.author_id for c in changes if c.added),
                  next((d.author_id for c in changes for d in c.removed), ""))
    return {"author": author, "changes": [{"added": row(c.added) if c.added else None,
                                           "removed": [row(d) for d in c.removed]} for c in changes]}


def _changes_of(entry: dict) -> list[Change]:
    out = []
    for c in entry.get("changes", []):
        added = Decision.from_row(c["added"][1], c["added"][0], "undo log") if c.get("added") else None
        out.append(Change(added, [Decision.from_row(r, k, "undo log") for k, r in c.get("removed", [])]))
    return out


def new_decision(subject_id: str, object_id: str, predicate: str, kind: str, reviewer: str, *,
                 confidence: float | None = None, comment: str = "", subject_label: str = "",
                 object_label: str = "", today: date | None = None, **matcher) -> Decision:
    """A validated decision; ``confidence`` defaults per kind (DEFAULT_CONFIDENCE); ``matcher``
    takes the candidate's similarity_score, match_string, match fields, justification, other."""
    if kind not in KINDS:
        raise InputError(f"unknown decision {kind!r}")
    if confidence is None:
        confidence = DEFAULT_CONFIDENCE[kind]
    if not 0.0 <= confidence <= 1.0:
        raise InputError(f"confidence {confidence} is outside [0, 1]")
    if kind == "unsure" and confidence > UNSURE_MAX:
        raise InputError(f"an unsure decision cannot claim confidence {confidence:g} (at most {UNSURE_MAX})")
    for name, value in (("comment", comment), ("subject_label", subject_label), ("object_label", object_label)):
        if any(ch in value for ch in "\t\r\n"):
            raise InputError(f"{name} must be one line without tabs")
    return Decision(subject_id, object_id, predicate_curie(predicate), kind, reviewer_curie(reviewer),
                    (today or date.today()).isoformat(), confidence, comment.strip(),
                    subject_label, object_label, **matcher)


def with_labels(decision: Decision, subject_label: str, object_label: str) -> Decision:
    return replace(decision, subject_label=decision.subject_label or subject_label,
                   object_label=decision.object_label or object_label)
