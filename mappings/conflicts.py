"""Conflicting review decisions, reported (never silently resolved).

* ``positive-and-negative`` — one pair is both accepted and rejected (by anyone);
* ``reviewer-disagreement`` — reviewers gave one pair different outcomes or predicates;
* ``multiple-exact`` — one subject is an exactMatch of two or more targets of the same scheme
  (exactMatch is meant to be 1:1 within a scheme).
"""

from __future__ import annotations

from dataclasses import dataclass

from occlink.mappings.decisions import PREDICATE_NAMES, Decision


@dataclass(frozen=True)
class Conflict:
    kind: str
    subject_id: str
    object_ids: tuple[str, ...]
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "subject_id": self.subject_id, "object_ids": list(self.object_ids),
                "message": self.message}


def _who(d: Decision) -> str:
    verb = {"positive": "accepted", "negative": "rejected", "unsure": "unsure about"}[d.kind]
    return f"{d.author_id} {verb} {PREDICATE_NAMES.get(d.predicate_id, d.predicate_id)}"


def find_conflicts(decisions: list[Decision]) -> list[Conflict]:
    by_pair: dict[tuple[str, str], list[Decision]] = {}
    for d in decisions:
        by_pair.setdefault(d.pair, []).append(d)
    out: list[Conflict] = []
    for (subject, obj), group in sorted(by_pair.items()):
        group = sorted(group, key=lambda d: (d.author_id, d.kind, d.predicate_id))
        kinds = {d.kind for d in group}
        detail = "; ".join(_who(d) for d in group)
        if {"positive", "negative"} <= kinds:
            out.append(Conflict("positive-and-negative", subject, (obj,),
                                f"{subject} → {obj} is both accepted and rejected: {detail}"))
        elif len({d.author_id for d in group}) > 1 and len({(d.kind, d.predicate_id) for d in group}) > 1:
            out.append(Conflict("reviewer-disagreement", subject, (obj,),
                                f"reviewers disagree on {subject} → {obj}: {detail}"))
    exact: dict[tuple[str, str], set[str]] = {}
    for d in decisions:
        if d.kind == "positive" and d.predicate_id == "skos:exactMatch":
            scheme = d.object_id.partition(":")[0]
            exact.setdefault((d.subject_id, scheme), set()).add(d.object_id)
    for (subject, _scheme), objects in sorted(exact.items()):
        if len(objects) > 1:
            targets = tuple(sorted(objects))
            out.append(Conflict("multiple-exact", subject, targets,
                                f"{subject} is an exactMatch of {len(targets)} concepts of one scheme: "
                                f"{', '.join(targets)}"))
    return out


def conflicts_involving(decisions: list[Decision], subject_id: str, object_id: str) -> list[Conflict]:
    return [c for c in find_conflicts(decisions) if c.subject_id == subject_id
            and (object_id in c.object_ids or c.kind == "multiple-exact")]
