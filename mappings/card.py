"""The review card: what decides a pair, laid out for the terminal's width.

Subject and object each show both labels (project translations marked), aliases, the
hierarchy path, what the catalog says (definition and tasks; competencies, industry,
specialties and degree; the inclusion rule), markers and the served page; then the match
(which label matched, of what kind, the matcher's score and evidence), the subject's other
candidates and existing decisions, and what is pending on this card (comment, confidence).
Every line fits ``columns`` display columns (80 and wider; CJK counts two).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from occlink.mappings.concepts import CATALOG_NAMES, Concept, lookup
from occlink.mappings.decisions import PREDICATE_NAMES, Decision
from occlink.mappings.review import Pending, outcome_words
from occlink.mappings.text import field_lines, fit, rule, width

LONG_TEXT_LINES = 3  # definition, tasks, competencies: enough to judge, not a page
MATCH_FIELDS = {
    "skos:prefLabel": "preferred label",
    "skos:altLabel": "official alias",
    "skos:hiddenLabel": "occlink search title, not an official label",
}


@dataclass
class CardContext:
    """What the session knows beyond the pair itself."""

    position: str = ""                                       # e.g. "[3/26]"
    page: dict[str, str] = field(default_factory=dict)       # CURIE → served page
    decisions: list[Decision] = field(default_factory=list)  # the subject's decisions (shown)
    others: list[Pending] = field(default_factory=list)      # the subject's other candidates
    comment: str = ""                                        # typed on this card, not yet recorded
    confidence: float | None = None                          # set on this card by a number key
    blind: bool = False                                      # second review: hide this pair's decisions


def _label_kind(concept: Concept, text: str, field_curie: str) -> str:
    kind = MATCH_FIELDS.get(field_curie, field_curie or "label")
    if field_curie == "skos:prefLabel":
        lang = next((lg for lg, value in concept.labels.items() if value == text), None)
        if lang in concept.translated:
            kind = "preferred label, occlink project translation"
    return kind


def match_line(p: Pending) -> str:
    """Which labels matched and of what kind (a search title or a translation is never official)."""
    if p.chain is not None:
        return "no label match: composed from two mappings through the national classification"
    if p.confidence is None:
        return "not proposed by the matcher"
    text = f"{p.match_string!r} ({_label_kind(p.object, p.match_string, p.object_match_field)})"
    if p.subject_label:
        text += f" ← {p.subject_label!r} ({_label_kind(p.subject, p.subject_label, p.subject_match_field)})"
    return text


def _mapping_id(ref: str) -> str:
    """A source mapping's IRI, shortened to the part after ``/mappings/`` (the decision set and row)."""
    head, sep, tail = ref.partition("/mappings/")
    return f"occmap:{tail}" if sep else ref


def chain_lines(p: Pending, columns: int) -> list[str]:
    """``chained via <national code + label>: step 1 …, step 2 …`` — both source mappings of a chained
    candidate (predicate as the source states it, its confidence, the reviewed mapping or the key)."""
    chain = p.chain
    if chain is None:
        return []
    pivot = lookup(chain.pivot)
    lines = field_lines("chained via", f"{chain.pivot} {pivot.label('zh') if pivot else ''}".rstrip()
                        + " (semapv:MappingChaining)", columns)
    for number, step in ((1, chain.subject_step), (2, chain.object_step)):
        predicate = PREDICATE_NAMES.get(step.predicate, step.predicate)
        via = f" via {step.via} (national hierarchy)" if step.via else ""
        source = (f"reviewed mapping {_mapping_id(step.ref)}" if step.basis == "reviewed"
                  else f"keyed: {step.entry} is national occupation {step.via or chain.pivot} ({step.ref})")
        lines += field_lines(f"step {number}", f"{step.entry} {predicate} {chain.pivot}{via}, confidence "
                             f"{step.confidence:.2f}, {source}", columns)
    return lines


def _concept_lines(role: str, c: Concept, ctx: CardContext, columns: int) -> list[str]:
    lines = [rule(f"{role}  {c.id}  {CATALOG_NAMES.get(c.catalog, c.catalog)}", columns)]
    for lang in ("zh", "en"):
        if lang in c.labels:
            mark = "  [occlink project translation]" if lang in c.translated else ""
            lines += field_lines(lang, c.labels[lang] + mark, columns)
    if c.aliases:
        lines += _clip(field_lines("aliases", " · ".join(c.aliases), columns))
    if c.path:
        lines += field_lines("path", " › ".join(f"{label} ({i.partition(':')[2]})" for i, label in c.path),
                             columns)
    if c.markers:
        lines += field_lines("markers", ", ".join(c.markers), columns)
    for name, text in c.facts:
        lines += _clip(field_lines(name, text, columns))
    if ctx.page.get(c.id):
        lines += field_lines("page", ctx.page[c.id], columns)
    return lines


def _clip(lines: list[str], limit: int = LONG_TEXT_LINES) -> list[str]:
    if len(lines) <= limit:
        return lines
    last = lines[limit - 1]
    return lines[:limit - 1] + [last[:-1] + "…" if width(last) > 1 else last + "…"]


def render_card(p: Pending, ctx: CardContext, columns: int) -> str:
    columns = max(columns, 40)
    score = ("not a matcher proposal" if p.confidence is None
             else f"chained {p.confidence:.3f}" if p.chain is not None else f"matcher score {p.confidence:.3f}")
    proposed = PREDICATE_NAMES.get(p.predicate, p.predicate)
    head = f"{ctx.position} {p.subject.id} → {p.object.id}".strip()
    tail = f"{score} · proposes {proposed}"
    if width(head) + 2 + width(tail) <= columns:
        lines = [head + " " * (columns - width(head) - width(tail)) + tail]
    else:
        lines = [fit(head, columns).rstrip(), "  " + tail]
    lines += _concept_lines("subject", p.subject, ctx, columns)
    lines += _concept_lines("object", p.object, ctx, columns)
    lines.append(rule("match", columns))
    lines += field_lines("matched", match_line(p), columns)
    lines += chain_lines(p, columns)
    evidence = " · ".join(f"{k} {v:.2f}" for k, v in sorted(p.evidence.items()) if v)
    if evidence and p.chain is None:  # a chain's evidence is its two steps, shown above
        lines += field_lines("evidence", evidence, columns)
    others = [o for o in ctx.others if o.pair != p.pair]
    if others:
        lines += field_lines("candidates", " · ".join(
            f"{o.object.id} {o.object.label('zh')} {o.confidence:.2f}" for o in others if o.confidence is not None)
            or "—", columns)
    shown = [d for d in ctx.decisions if not (ctx.blind and d.pair == p.pair)]
    for d in shown:
        where = "this pair" if d.pair == p.pair else d.object_id
        lines += field_lines("decided", f"{where}: {outcome_words(d)} by {d.author_id} ({d.mapping_date})"
                             + (f" — {d.comment}" if d.comment else ""), columns)
    if ctx.blind:
        lines += field_lines("second look", "decided by another reviewer; their decision is hidden", columns)
    if ctx.comment:
        lines += field_lines("comment", f"{ctx.comment!r} (pending: goes with this card's decision)", columns)
    if ctx.confidence is not None:
        lines += field_lines("confidence", f"{ctx.confidence:.1f} for this card's decision", columns)
    return "\n".join(lines)
