"""``occlink review``: judge matcher candidates, interactively or by script."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import click

from occlink.cli.main import namespaces
from occlink.mappings.conflicts import conflicts_involving, find_conflicts
from occlink.mappings.decisions import PREDICATE_KEYS, PREDICATE_NAMES, REVIEWER_ENV, Crosswalk, reviewer_curie
from occlink.mappings.folder import MAPPINGS_DIR_ENV, readable_mappings_dir, writable_mappings_dir
from occlink.mappings.review import DEFAULT_TOP_K, Card, Pending, ReviewSession
from occlink.taxonomy.catalogs import CATALOG_IDS
from occlink.taxonomy.errors import InputError

DEFAULT_CONFIDENCE = 0.9
KEYS = {"e": "exact", "c": "close", "b": "broad", "n": "narrow", "r": "related"}
HELP = """\
  e  accept as exactMatch      c  accept as closeMatch     b  accept as broadMatch
  n  accept as narrowMatch     r  accept as relatedMatch
  x  reject                    u  mark unsure              s  skip (decide later)
  m  add a comment to the next decision
  z  undo the last step        q  quit                     ?  this help
Every decision is written to disk the moment you make it."""


def _settings(ctx: click.Context) -> dict:
    return ctx.meta.setdefault("occlink.review", {})


def _common(func):
    """Options accepted by ``review`` and by each subcommand (the subcommand's value wins)."""
    options = [
        click.option("--source", type=click.Choice(CATALOG_IDS), default=None,
                     help="Source catalog (default qianhai2020)."),
        click.option("--target", type=click.Choice(CATALOG_IDS), default=None,
                     help="Target catalog (default csco2022)."),
        click.option("--top-k", type=click.IntRange(1, 50), default=None,
                     help=f"Candidates per source concept (default {DEFAULT_TOP_K})."),
        click.option("--reviewer", default=None, metavar="ID",
                     help=f"ORCID iD or handle, stored as author_id (env {REVIEWER_ENV})."),
        click.option("--mappings-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help=f"Folder of the decision sets (env {MAPPINGS_DIR_ENV}; default the checkout's mappings/; required when installed)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _merge(ctx: click.Context, **values) -> dict:
    settings = _settings(ctx)
    for key, value in values.items():
        if value is not None:
            settings[key] = value
    return settings


def _session(ctx: click.Context, *, writing: bool = False) -> ReviewSession:
    s = _settings(ctx)
    source, target = s.get("source") or "qianhai2020", s.get("target") or "csco2022"
    if source == target:
        raise click.UsageError("--source and --target must differ")
    chosen = s.get("mappings_dir")
    folder = writable_mappings_dir(chosen) if writing else readable_mappings_dir(chosen)
    return ReviewSession(namespaces(ctx), Crosswalk(source, target), folder, top_k=s.get("top_k") or DEFAULT_TOP_K)


def _reviewer(ctx: click.Context) -> str:
    import os
    return reviewer_curie(_settings(ctx).get("reviewer") or os.environ.get(REVIEWER_ENV))


@click.group(invoke_without_command=True)
@_common
@click.option("--confidence", type=click.FloatRange(0, 1), default=DEFAULT_CONFIDENCE, show_default=True,
              help="Reviewer confidence stored with interactive decisions.")
@click.pass_context
def review(ctx: click.Context, source, target, top_k, reviewer, mappings_dir, confidence) -> None:
    """Review matcher candidates one at a time (like ``git add -p``).

    Without a subcommand: interactive, single keys (press ? for help). Subcommands
    list, show, accept, reject, unsure and conflicts do the same from scripts.
    """
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    if ctx.invoked_subcommand is None:
        _interactive(ctx, confidence)


# ---------------------------------------------------------------------------------- display
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - (1 if len(text) > len(out) + 1 else 0):
            return out + "…" + " " * max(0, width - used - 1)
        out, used = out + ch, used + w
    return out + " " * (width - used)


def _card_rows(card: Card) -> list[tuple[str, str]]:
    return [
        ("id", card.id + (f"  ({card.notation})" if card.notation and card.notation not in card.id else "")),
        ("zh", card.labels.get("zh", "—")),
        ("en", card.labels.get("en", "—")),
        ("markers", ", ".join(card.markers) or "—"),
        ("parent", f"{card.parent_id} {card.parent_label}".strip() or "—"),
        ("definition", card.definition or "—"),
    ]


def side_by_side(left: Card, right: Card, width: int = 100) -> str:
    col = max(20, (width - 14) // 2)
    lines = []
    for (name, a), (_, b) in zip(_card_rows(left), _card_rows(right)):
        if name == "definition":
            lines.append(f"  {'definition':<10}  source: {a}")
            lines.append(f"  {'':<10}  target: {b}")
        else:
            lines.append(f"  {name:<10}  {_fit(a, col)} │ {b}")
    return "\n".join(lines)


def describe(p: Pending, position: str) -> str:
    evidence = ", ".join(f"{k}={v:.2f}" for k, v in sorted(p.evidence.items()) if v)
    head = (f"{position} {p.subject.id} → {p.object.id}   score {p.confidence:.3f}, "
            f"proposed {p.predicate}")
    # A search title is the project's own wording, not the catalog's: the reviewer must know.
    origin = " (occlink search title, not an official label)" if p.evidence.get("search_title") else ""
    tail = f"  evidence    matched {p.match_string!r}{origin}" + (f"; {evidence}" if evidence else "")
    return "\n".join([head, side_by_side(p.subject, p.object), tail])


def _warn_conflicts(session: ReviewSession, subject: str, obj: str) -> None:
    for conflict in conflicts_involving(session.store.decisions(), subject, obj):
        click.echo(f"Warning: conflict ({conflict.kind}): {conflict.message}", err=True)


# ---------------------------------------------------------------------------------- interactive
def _interactive(ctx: click.Context, confidence: float) -> None:
    reviewer = _reviewer(ctx)
    session = _session(ctx, writing=True)
    queue = session.pending()
    if not queue:
        click.echo("Nothing to review: every candidate already has a decision.")
        return
    total = len(queue)
    steps: list[tuple[int, bool]] = []  # (queue index, was a decision) for undo
    index, comment = 0, ""
    click.echo(f"Reviewing {session.crosswalk.source} → {session.crosswalk.target} as {reviewer}; "
               f"decisions go to {session.store.folder}. Press ? for help.")
    while index < total:
        p = queue[index]
        click.echo("")
        click.echo(describe(p, f"[{index + 1}/{total}]"))
        click.echo("Decide [e,c,b,n,r,x,u,s,m,z,q,?] ", nl=False)
        key = click.getchar()
        click.echo(key)
        if key in KEYS or key in ("x", "u"):
            kind = "positive" if key in KEYS else ("negative" if key == "x" else "unsure")
            predicate = KEYS.get(key) or PREDICATE_NAMES.get(p.predicate, "close")
            session.decide(p.subject.id, p.object.id, kind, predicate, reviewer,
                           confidence=confidence, comment=comment)
            click.echo(f"  recorded: {kind} {PREDICATE_KEYS[predicate]}")
            if kind == "positive":
                _warn_conflicts(session, p.subject.id, p.object.id)
            steps.append((index, True))
            index, comment = index + 1, ""
        elif key == "s":
            steps.append((index, False))
            index += 1
        elif key == "m":
            comment = click.prompt("  comment", default="", show_default=False).strip()
        elif key == "z":
            if not steps:
                click.echo("  nothing to undo")
                continue
            index, decided = steps.pop()
            if decided:
                undone = session.undo()
                click.echo(f"  undone: {undone.kind} {undone.subject_id} → {undone.object_id}" if undone else "")
            else:
                click.echo("  back one step")
        elif key in ("q", "\x03", "\x04"):
            break
        elif key == "?":
            click.echo(HELP)
        else:
            click.echo("  unknown key; press ? for help")
    decided = sum(1 for _, d in steps if d)
    click.echo(f"{decided} decision(s) recorded, {total - index} candidate(s) left.")


# ---------------------------------------------------------------------------------- scriptable
def _format_option(func):
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                        show_default=True, help="Output format.")(func)


@review.command("list")
@_common
@_format_option
@click.option("--status", type=click.Choice(["all", "pending", "decided"]), default="all", show_default=True,
              help="Pending candidates, existing decisions, or both.")
@click.pass_context
def list_cmd(ctx, source, target, top_k, reviewer, mappings_dir, fmt, status) -> None:
    """List pending candidates and existing decisions."""
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    session = _session(ctx)
    rows: list[dict] = []
    if status in ("all", "decided"):
        for d in sorted(session.store.decisions(), key=lambda d: (d.subject_id, d.object_id, d.author_id)):
            rows.append({"status": d.kind, "subject_id": d.subject_id, "subject_label": d.subject_label,
                         "predicate_id": d.predicate_id, "object_id": d.object_id, "object_label": d.object_label,
                         "confidence": d.confidence, "author_id": d.author_id, "mapping_date": d.mapping_date,
                         "comment": d.comment})
    if status in ("all", "pending"):
        for p in session.pending():
            rows.append({"status": "pending", "subject_id": p.subject.id, "subject_label": p.subject.label("en"),
                         "predicate_id": p.predicate, "object_id": p.object.id, "object_label": p.object.label("zh"),
                         "confidence": round(p.confidence, 4), "author_id": None, "mapping_date": None,
                         "comment": None})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
        return
    for r in rows:
        conf = "" if r["confidence"] is None else f"{r['confidence']:.2f}"
        click.echo("\t".join([r["status"], r["subject_id"], r["predicate_id"], r["object_id"], conf,
                              r["author_id"] or "", f"{r['subject_label']} → {r['object_label']}"]))
    click.echo(f"{len(rows)} row(s)", err=True)


@review.command("show")
@_common
@_format_option
@click.argument("subject")
@click.argument("object_", metavar="OBJECT")
@click.pass_context
def show_cmd(ctx, source, target, top_k, reviewer, mappings_dir, fmt, subject, object_) -> None:
    """Show one pair side by side, with its decisions."""
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    session = _session(ctx)
    s_card, o_card = session.check_pair(subject, object_)
    decisions = session.store.for_pair(s_card.id, o_card.id)
    if fmt == "json":
        click.echo(json.dumps({"subject": s_card.as_dict(), "object": o_card.as_dict(),
                               "decisions": [d.to_row() | {"status": d.kind} for d in decisions]},
                              ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(f"{s_card.id} → {o_card.id}")
    click.echo(side_by_side(s_card, o_card))
    for d in decisions:
        conf = "" if d.confidence is None else f" confidence {d.confidence:.2f}"
        click.echo(f"  decision    {d.kind} {d.predicate_id} by {d.author_id} on {d.mapping_date}{conf}"
                   + (f" — {d.comment}" if d.comment else ""))
    if not decisions:
        click.echo("  decision    none yet")


def _decide(ctx, kind, subject, object_, predicate, confidence, comment) -> None:
    session = _session(ctx, writing=True)
    reviewer = _reviewer(ctx)
    decision = session.decide(subject, object_, kind, predicate, reviewer, confidence=confidence, comment=comment)
    click.echo(f"{kind}: {decision.subject_id} {decision.predicate_id} {decision.object_id} "
               f"({decision.author_id}) → {session.store.path(kind)}")
    _warn_conflicts(session, decision.subject_id, decision.object_id)


def _decision_command(kind: str, default_predicate: str | None, doc: str):
    @review.command({"positive": "accept", "negative": "reject", "unsure": "unsure"}[kind], help=doc)
    @_common
    @click.argument("subject")
    @click.argument("object_", metavar="OBJECT")
    @click.option("--predicate", type=click.Choice(list(PREDICATE_KEYS)), default=default_predicate,
                  required=default_predicate is None, help="SKOS mapping predicate.")
    @click.option("--confidence", type=click.FloatRange(0, 1), default=DEFAULT_CONFIDENCE, show_default=True,
                  help="Your confidence in this decision.")
    @click.option("--comment", default="", help="Why (one line).")
    @click.pass_context
    def command(ctx, source, target, top_k, reviewer, mappings_dir, subject, object_, predicate, confidence,
                comment):
        _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
        if predicate is None:
            raise click.UsageError("Missing option '--predicate' (exact, close, broad, narrow or related).")
        _decide(ctx, kind, subject, object_, predicate, confidence, comment)
    return command


accept_cmd = _decision_command("positive", None, "Accept SUBJECT → OBJECT with --predicate.")
reject_cmd = _decision_command("negative", "close",
                               "Reject SUBJECT → OBJECT (stored as predicate_modifier Not; default predicate close).")
unsure_cmd = _decision_command("unsure", "close", "Mark SUBJECT → OBJECT as unsure.")


@review.command("conflicts")
@_common
@_format_option
@click.pass_context
def conflicts_cmd(ctx, source, target, top_k, reviewer, mappings_dir, fmt) -> None:
    """Report conflicting decisions (exit 1 when there are any)."""
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    session = _session(ctx)
    found = find_conflicts(session.store.decisions())
    if fmt == "json":
        click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=2, sort_keys=True))
    else:
        for c in found:
            click.echo(f"{c.kind}\t{c.message}")
        click.echo(f"{len(found)} conflict(s) in {session.crosswalk.name}", err=True)
    if found:
        ctx.exit(1)


__all__ = ["review", "InputError"]
