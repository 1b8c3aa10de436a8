"""``occlink review``: judge matcher candidates, interactively or by script (wiring only;
the queue, the card and the session live in ``occlink.mappings``)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from occlink.cli.main import namespaces, run_context
from occlink.errors import InputError
from occlink.mappings.decisions import DEFAULT_CONFIDENCE, PREDICATE_KEYS, REVIEWER_ENV, Crosswalk, reviewer_curie
from occlink.mappings.folder import MAPPINGS_DIR_ENV, readable_mappings_dir, writable_mappings_dir
from occlink.mappings.review import STATUSES, QueueFilter, ReviewSession
from occlink.taxonomy.catalogs import CATALOG_IDS

from .options import FiniteFloat

LIST_COLUMNS = ("status", "subject_id", "predicate_id", "object_id", "matcher_score", "reviewer_confidence",
                "author_id", "mapping_date", "justification", "subject_label", "object_label", "comment")


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
                     help="Up to K candidates per subject instead of the matcher's proposals (floors)."),
        click.option("--reviewer", default=None, metavar="ID",
                     help=f"ORCID iD or handle, stored as author_id (env {REVIEWER_ENV})."),
        click.option("--mappings-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help=f"Folder of the decision sets (env {MAPPINGS_DIR_ENV}; default the checkout's "
                          "mappings/; required when installed)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(func):
    options = [
        click.option("--min-score", type=FiniteFloat(0, 1), default=None,
                     help="Only pairs whose matcher score is at least this."),
        click.option("--subject", default=None, metavar="CURIE", help="Only this subject."),
        click.option("--object", "object_", default=None, metavar="CURIE", help="Only this object."),
        click.option("--predicate", type=click.Choice(list(PREDICATE_KEYS)), default=None,
                     help="Only pairs with this proposed (or decided) predicate."),
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
    chosen = s.get("mappings_dir") or run_context(ctx).mappings_dir
    folder = writable_mappings_dir(chosen) if writing else readable_mappings_dir(chosen)
    top_k = s.get("top_k")
    threshold = s.get("min_score") if top_k is not None else None
    return ReviewSession(namespaces(ctx), Crosswalk(source, target), folder, top_k=top_k, threshold=threshold)


def _where(ctx: click.Context) -> QueueFilter:
    s = _settings(ctx)
    return QueueFilter(min_score=s.get("min_score"), subject=s.get("subject"), object=s.get("object_"),
                       predicate=s.get("predicate"))


def _reviewer(ctx: click.Context) -> str:
    """The reviewer's CURIE; one clear error when none is given."""
    return reviewer_curie(_reviewer_value(ctx))


def _optional_reviewer(ctx: click.Context) -> str | None:
    value = _reviewer_value(ctx)
    return reviewer_curie(value) if value else None


def _reviewer_value(ctx: click.Context) -> str | None:
    return _settings(ctx).get("reviewer") or run_context(ctx).reviewer


@click.group(invoke_without_command=True)
@_common
@_filters
@click.option("--status", type=click.Choice(STATUSES), default="pending", show_default=True,
              help="pending proposals, unsure pairs (a second look), or decided pairs (second review).")
@click.option("--second-review", is_flag=True, help="Same as --status decided: re-judge others' decisions blind.")
@click.pass_context
def review(ctx: click.Context, source, target, top_k, reviewer, mappings_dir, min_score, subject, object_,
           predicate, status, second_review) -> None:
    """Review matcher candidates one card at a time (like ``git add -p``).

    Without a subcommand: interactive, single keys (press ? for help). Subcommands
    list, show, accept, reject, unsure, apply, withdraw, undo and conflicts work from scripts.
    """
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir,
           min_score=min_score, subject=subject, object_=object_, predicate=predicate)
    if ctx.invoked_subcommand is None:
        _interactive(ctx, "decided" if second_review else status)


# ---------------------------------------------------------------------------------- interactive
def _terminal():
    from occlink.mappings.session import Terminal
    from occlink.mappings.text import terminal_width

    def write(text: str, end: bool) -> None:
        click.echo(text, nl=end)

    return Terminal(getkey=click.getchar, readline=input, write=write, columns=terminal_width)


def _interactive(ctx: click.Context, status: str) -> None:
    from occlink.mappings.session import InteractiveReview
    reviewer = _reviewer(ctx)
    session = _session(ctx, writing=True)
    queue = session.queue(status, reviewer=reviewer, where=_where(ctx))
    if not queue:
        click.echo(f"Nothing to review: no {status} pair in {session.crosswalk.name} matches.")
        return
    mode = " (second review: others' decisions hidden)" if status == "decided" else ""
    from occlink.mappings.text import terminal_width, wrap
    intro = (f"Reviewing {session.crosswalk.source} → {session.crosswalk.target} as {reviewer}{mode}; "
             f"{len(queue)} {status} pair(s); decisions go to {session.store.folder}. Press ? for help.")
    click.echo("\n".join(wrap(intro, terminal_width())))
    result = InteractiveReview(session, queue, reviewer, _terminal(), second_review=status == "decided").run()
    reason = {"quit": "", "done": "Queue done. ", "eof": "End of input. ", "interrupt": "Interrupted. "}
    if result.reason == "no-terminal":
        click.echo("Error: occlink review needs a terminal for its single keys (use review accept|reject|"
                   f"unsure|apply from scripts). {result.summary()}", err=True)
    else:
        click.echo(reason.get(result.reason, "") + result.summary())
    ctx.exit(result.exit_code)


# ---------------------------------------------------------------------------------- scriptable
def _format_option(choices=("table", "json")):
    def decorate(func):
        return click.option("--format", "fmt", type=click.Choice(list(choices)), default="table",
                            show_default=True, help="Output format.")(func)
    return decorate


def _emit(lines: list[str], total_label: str) -> None:
    """Write lines to stdout; a reader that stops early (``| head``) ends it quietly with one line."""
    written = 0
    try:
        for line in lines:
            sys.stdout.write(line + "\n")
            written += 1
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more to say to a closed pipe
        click.echo(f"output closed after {written} of {len(lines)} line(s); {total_label}", err=True)
        return
    click.echo(total_label, err=True)


def _cell(value) -> str:
    if value is None:
        return ""
    return f"{value:.4f}" if isinstance(value, float) else str(value)


@review.command("list")
@_common
@_filters
@_format_option(("table", "tsv", "json"))
@click.option("--status", type=click.Choice(("all",) + ("pending", "unsure", "decided")), default="all",
              show_default=True, help="Pending proposals, unsure decisions, all decisions, or everything.")
@click.pass_context
def list_cmd(ctx, source, target, top_k, reviewer, mappings_dir, min_score, subject, object_, predicate, fmt,
             status) -> None:
    """List pending proposals and decisions, one meaning per column (see docs/review.md)."""
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir,
           min_score=min_score, subject=subject, object_=object_, predicate=predicate)
    session = _session(ctx)
    rows = session.list_rows(status, reviewer=_optional_reviewer(ctx), where=_where(ctx))
    if fmt == "json":
        _emit(json.dumps([{k: r[k] for k in LIST_COLUMNS} for r in rows], ensure_ascii=False, indent=2)
              .split("\n"), f"{len(rows)} row(s)")
        return
    cells = [[_cell(r[k]) for k in LIST_COLUMNS] for r in rows]
    if fmt == "tsv":
        lines = ["\t".join(LIST_COLUMNS)] + ["\t".join(c) for c in cells]
    else:
        from occlink.mappings.text import table, terminal_width
        lines = table(list(LIST_COLUMNS), cells, terminal_width(160) if sys.stdout.isatty() else 400)
    _emit(lines, f"{len(rows)} row(s)")


@review.command("show")
@_common
@_format_option()
@click.argument("subject")
@click.argument("object_", metavar="OBJECT")
@click.pass_context
def show_cmd(ctx, source, target, top_k, reviewer, mappings_dir, fmt, subject, object_) -> None:
    """Show one pair's card: both concepts, the matcher's score and evidence, its decisions."""
    from occlink.mappings.card import CardContext, render_card
    from occlink.mappings.review import Pending
    from occlink.mappings.text import terminal_width
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    session = _session(ctx)
    s, o = session.check_pair(subject, object_)
    decisions = session.store.for_pair(s.id, o.id)
    candidate = session.candidate(s.id, o.id)
    if candidate is None:  # not among the proposals: score it anyway, so the card says why
        candidate = session.score_pair(s.id, o.id) or Pending(s, o, None, "skos:closeMatch")
    if fmt == "json":
        click.echo(json.dumps(candidate.as_dict() | {
            "proposed": session.candidate(s.id, o.id) is not None,
            "decisions": [d.to_row() | {"status": d.kind} for d in decisions]},
            ensure_ascii=False, indent=2, sort_keys=True))
        return
    ctx_card = CardContext(page={c.id: session.page(c) for c in (s, o)},
                           decisions=[d for d in session.store.decisions() if d.subject_id == s.id],
                           others=session.candidates_of(s.id))
    click.echo(render_card(candidate, ctx_card, terminal_width()))
    if not decisions:
        click.echo("  (no decision on this pair yet)")


def _warn_conflicts(session: ReviewSession, subject: str, obj: str) -> None:
    from occlink.mappings.conflicts import conflicts_involving
    for conflict in conflicts_involving(session.store.decisions(), subject, obj):
        click.echo(f"Warning: conflict ({conflict.kind}): {conflict.message}", err=True)


def _decision_command(kind: str, default_predicate: str | None, doc: str):
    @review.command({"positive": "accept", "negative": "reject", "unsure": "unsure"}[kind], help=doc)
    @_common
    @click.argument("subject")
    @click.argument("object_", metavar="OBJECT")
    @click.option("--predicate", type=click.Choice(list(PREDICATE_KEYS)), default=default_predicate,
                  required=default_predicate is None, help="SKOS mapping predicate.")
    @click.option("--confidence", type=FiniteFloat(0, 1), default=None,
                  help=f"Your confidence in this decision (default {DEFAULT_CONFIDENCE[kind]}"
                       + ("; at most 0.5 for unsure)." if kind == "unsure" else ")."))
    @click.option("--comment", default="", help="Why (one line).")
    @click.pass_context
    def command(ctx, source, target, top_k, reviewer, mappings_dir, subject, object_, predicate, confidence,
                comment):
        _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
        if predicate is None:
            raise click.UsageError("Missing option '--predicate' (exact, close, broad, narrow or related).")
        session = _session(ctx, writing=True)
        decision = session.decide(subject, object_, kind, predicate, _reviewer(ctx), confidence=confidence,
                                  comment=comment)
        click.echo(f"{kind}: {decision.subject_id} {decision.predicate_id} {decision.object_id} "
                   f"({decision.author_id}) → {session.store.path(kind)}")
        _warn_conflicts(session, decision.subject_id, decision.object_id)
    return command


accept_cmd = _decision_command("positive", None, "Accept SUBJECT → OBJECT with --predicate.")
reject_cmd = _decision_command("negative", "close",
                               "Reject SUBJECT → OBJECT (stored as predicate_modifier Not; default predicate close).")
unsure_cmd = _decision_command("unsure", "close", "Mark SUBJECT → OBJECT as unsure (a second look later).")


@review.command("apply")
@_common
@click.argument("batch", metavar="FILE.tsv", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def apply_cmd(ctx, source, target, top_k, reviewer, mappings_dir, batch) -> None:
    """Record a batch of decisions from FILE.tsv: every row is validated first; all or nothing.

    Columns: subject_id, object_id, decision (accept|reject|unsure) and optionally
    predicate, confidence, comment.
    """
    from occlink.mappings.batch import read_batch
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    session = _session(ctx, writing=True)
    decisions = read_batch(batch, session, _reviewer(ctx))
    session.decide_all(decisions)
    counts = {k: sum(1 for d in decisions if d.kind == k) for k in ("positive", "negative", "unsure")}
    click.echo(f"{batch}: {len(decisions)} decision(s) recorded ({counts['positive']} accepted, "
               f"{counts['negative']} rejected, {counts['unsure']} unsure) in {session.store.folder}")
    for d in decisions:
        _warn_conflicts(session, d.subject_id, d.object_id)


@review.command("withdraw")
@_common
@click.argument("subject")
@click.argument("object_", metavar="OBJECT")
@click.pass_context
def withdraw_cmd(ctx, source, target, top_k, reviewer, mappings_dir, subject, object_) -> None:
    """Remove your own decision on SUBJECT → OBJECT (others' decisions stay)."""
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    session = _session(ctx, writing=True)
    me = _reviewer(ctx)
    change = session.withdraw(subject, object_, me)
    if change is None:
        raise InputError(f"{me} has no decision on {subject} → {object_} to withdraw")
    for d in change.removed:
        click.echo(f"withdrawn: {d.kind} {d.subject_id} {d.predicate_id} {d.object_id} ({d.author_id})")


@review.command("undo")
@_common
@click.pass_context
def undo_cmd(ctx, source, target, top_k, reviewer, mappings_dir) -> None:
    """Undo your most recent step in this crosswalk (a decision, an apply batch or a withdrawal)."""
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    session = _session(ctx, writing=True)
    me = _reviewer(ctx)
    changes = session.store.undo_last(me)
    if not changes:
        raise InputError(f"{me} has nothing to undo in {session.crosswalk.name} ({session.store.folder})")
    for change in changes:
        if change.added:
            d = change.added
            click.echo(f"undone: {d.kind} {d.subject_id} {d.predicate_id} {d.object_id} ({d.author_id})")
        for d in change.removed:
            click.echo(f"restored: {d.kind} {d.subject_id} {d.predicate_id} {d.object_id} ({d.author_id})")


@review.command("conflicts")
@_common
@_format_option()
@click.pass_context
def conflicts_cmd(ctx, source, target, top_k, reviewer, mappings_dir, fmt) -> None:
    """Report conflicting decisions (exit 1 when there are any)."""
    from occlink.mappings.conflicts import find_conflicts
    _merge(ctx, source=source, target=target, top_k=top_k, reviewer=reviewer, mappings_dir=mappings_dir)
    session = _session(ctx)
    found = find_conflicts(session.store.decisions())
    if fmt == "json":
        click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=2, sort_keys=True))
    else:
        _emit([f"{c.kind}\t{c.message}" for c in found], f"{len(found)} conflict(s) in {session.crosswalk.name}")
    if found:
        ctx.exit(1)


__all__ = ["review", "InputError"]
