"""The interactive review: one card at a time, single keys (like ``git add -p``).

The terminal is injected (``Terminal``: read a key, read a line, write, width), so the
same session runs in a real terminal, a pseudo-terminal under test and click's test runner.
Every decision is written at once (under the store's lock, from the sets as they are on
disk); a comment or a confidence belongs to the card it was typed on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from occlink.mappings.card import CardContext, render_card
from occlink.mappings.decisions import DEFAULT_CONFIDENCE, PREDICATE_NAMES, UNSURE_MAX, Change
from occlink.mappings.review import Pending, ReviewSession
from occlink.mappings.text import wrap

ACCEPT_KEYS = {"e": "exact", "c": "close", "b": "broad", "n": "narrow", "r": "related"}
HELP = [
    ("e c b n r", "accept as exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch"),
    ("x", "reject (the proposed predicate, with predicate_modifier Not)"),
    ("X", "reject this and the rest of this subject's candidates in the queue (one step)"),
    ("u", f"unsure (a second look later; confidence at most {UNSURE_MAX})"),
    ("1-9, 0", "your confidence for this card's decision: 0.1-0.9, 0 = 1.0 (default: accept/reject "
               f"{DEFAULT_CONFIDENCE['positive']}, unsure {DEFAULT_CONFIDENCE['unsure']})"),
    ("m", "comment for this card's decision (stays with this card)"),
    ("s", "skip (decide later)"),
    ("k", "back to the previous card (decisions stay; z undoes)"),
    ("g", "go to card number …"),
    ("/", "search forward by id or label"),
    ("z", "undo the last step (removes its decisions from disk)"),
    ("q", "quit (Ctrl-D too; Ctrl-C stops at once)"),
    ("?", "this help"),
]
PROMPT = "Decide [e,c,b,n,r,x,X,u,0-9,m,s,k,g,/,z,q,?] "


@dataclass
class Terminal:
    getkey: Callable[[], str]
    readline: Callable[[str], str]
    write: Callable[[str, bool], None]   # (text, end the line)
    columns: Callable[[], int]


@dataclass
class Outcome:
    decided: int
    skipped: int
    pending: int
    reason: str = "quit"      # quit | done | eof | interrupt | no-terminal
    exit_code: int = 0
    unsaved_comments: int = 0  # typed on cards left undecided: never moved to another pair

    def summary(self) -> str:
        text = f"{self.decided} decided, {self.skipped} skipped, {self.pending} still pending in this queue."
        if self.unsaved_comments:
            text += f" {self.unsaved_comments} comment(s) on undecided cards were not recorded."
        return text


@dataclass
class _Step:
    index: int
    changes: list[Change] = field(default_factory=list)


class InteractiveReview:
    def __init__(self, session: ReviewSession, queue: list[Pending], reviewer: str, terminal: Terminal, *,
                 second_review: bool = False):
        self.session = session
        self.queue = queue
        self.reviewer = reviewer
        self.term = terminal
        self.second_review = second_review
        self.index = 0
        self.done: dict[int, list[Change]] = {}
        self.skipped: set[int] = set()
        self.comments: dict[int, str] = {}
        self.confidences: dict[int, float] = {}
        self.steps: list[_Step] = []

    # -- output --------------------------------------------------------------------------
    def say(self, text: str) -> None:
        for line in text.split("\n"):
            self.term.write(line, True)

    def card(self) -> str:
        p = self.queue[self.index]
        decisions = [d for d in self.session.store.decisions() if d.subject_id == p.subject.id]
        ctx = CardContext(
            position=f"[{self.index + 1}/{len(self.queue)}]",
            page={c.id: self.session.page(c) for c in (p.subject, p.object)},
            decisions=decisions, others=self.session.candidates_of(p.subject.id),
            comment=self.comments.get(self.index, ""), confidence=self.confidences.get(self.index),
            blind=self.second_review)
        return render_card(p, ctx, self.term.columns())

    def outcome(self, reason: str, exit_code: int = 0) -> Outcome:
        decided = len(self.done)
        return Outcome(decided, len(self.skipped - set(self.done)), len(self.queue) - decided, reason, exit_code,
                       len(self.comments))

    # -- the loop ------------------------------------------------------------------------
    def run(self) -> Outcome:
        try:
            return self._loop()
        except EOFError:
            return self.outcome("eof")
        except KeyboardInterrupt:
            return self.outcome("interrupt", 130)

    def _loop(self) -> Outcome:
        shown = -1
        while self.index < len(self.queue):
            if shown != self.index:
                self.say("")
                self.say(self.card())
                shown = self.index
            self.term.write(self.prompt(), False)
            try:
                key = self.term.getkey()
            except OSError:
                self.term.write("", True)
                return self.outcome("no-terminal", 2)
            if key == "":
                raise EOFError
            self.term.write(key if key.isprintable() else "", True)
            if not self.handle(key):
                return self.outcome("quit")
            if key == "z":
                shown = -1
        return self.outcome("done")

    def prompt(self) -> str:
        pending = []
        if self.index in self.comments:
            pending.append("comment pending")
        if self.index in self.confidences:
            pending.append(f"confidence {self.confidences[self.index]:.1f}")
        return PROMPT + (f"({', '.join(pending)}) " if pending else "")

    def handle(self, key: str) -> bool:
        """One key; False ends the session."""
        p = self.queue[self.index]
        if key in ACCEPT_KEYS or key in ("x", "u"):
            kind = "positive" if key in ACCEPT_KEYS else ("negative" if key == "x" else "unsure")
            predicate = ACCEPT_KEYS.get(key) or PREDICATE_NAMES.get(p.predicate, "close")
            self._decide([self.index], kind, predicate)
        elif key == "X":
            rest = [i for i in range(self.index, len(self.queue))
                    if self.queue[i].subject.id == p.subject.id and i not in self.done]
            self._decide(rest, "negative", None)
        elif key in "0123456789" and len(key) == 1:
            self.confidences[self.index] = 1.0 if key == "0" else int(key) / 10
            self.say(f"  confidence {self.confidences[self.index]:.1f} for this card's decision")
        elif key == "m":
            text = self.term.readline("  comment for this card: ").strip()
            if text:
                self.comments[self.index] = text
                self.say(f"  comment kept with {p.subject.id} → {p.object.id} until you decide it")
            else:
                self.comments.pop(self.index, None)
        elif key == "s":
            self.skipped.add(self.index)
            self.steps.append(_Step(self.index))
            self.index += 1
        elif key == "k":
            if self.index == 0:
                self.say("  already at the first card")
            else:
                self.index -= 1
        elif key == "g":
            self._goto()
        elif key == "/":
            self._search()
        elif key == "z":
            self._undo()
        elif key in ("q", "\x04"):
            return False
        elif key == "\x03":
            raise KeyboardInterrupt
        elif key == "?":
            self.say("\n".join(self._help()))
        else:
            self.say("  unknown key; press ? for help")
        return True

    def _help(self) -> list[str]:
        columns = self.term.columns()
        out = []
        for keys, text in HELP:
            body = wrap(text, max(20, columns - 12))
            out += [f"  {keys:<8}  {line}" if i == 0 else f"  {'':<8}  {line}" for i, line in enumerate(body)]
        out.append("  Every decision is written to disk the moment you make it.")
        return out

    def _decide(self, indices: list[int], kind: str, predicate: str | None) -> None:
        decisions = []
        for i in indices:
            p = self.queue[i]
            confidence = self.confidences.get(i)
            if kind == "unsure" and confidence is not None and confidence > UNSURE_MAX:
                self.say(f"  not recorded: an unsure decision cannot claim confidence {confidence:.1f} "
                         f"(press a number key ≤ {int(UNSURE_MAX * 10)} first)")
                return
            decisions.append(self.session.decision(
                p.subject.id, p.object.id, kind, predicate or PREDICATE_NAMES.get(p.predicate, "close"),
                self.reviewer, confidence=confidence, comment=self.comments.get(i, ""), candidate=p,
                second_review=self.second_review))
        changes = self.session.decide_all(decisions)
        for i, change in zip(indices, changes):
            self.done[i] = [change]
            self.comments.pop(i, None)
        self.steps.append(_Step(self.index, changes))
        for d in decisions:
            note = f"  recorded: {d.kind} {d.predicate_id} {d.subject_id} → {d.object_id} confidence {d.confidence:.2f}"
            if d.other:
                note += f" ({d.other.replace('second_review_of=', 'second review: ')})"
            self.say(note)
            if d.comment:
                self.say(f"  with comment {d.comment!r}")
        from occlink.mappings.conflicts import conflicts_involving
        current = self.session.store.decisions()
        for d in decisions:
            for conflict in conflicts_involving(current, d.subject_id, d.object_id):
                self.say(f"  warning: conflict ({conflict.kind}): {conflict.message}")
        self._advance()

    def _advance(self) -> None:
        self.index += 1
        while self.index < len(self.queue) and self.index in self.done:
            self.index += 1

    def _undo(self) -> None:
        if not self.steps:
            self.say("  nothing to undo")
            return
        step = self.steps.pop()
        for change in reversed(step.changes):
            self.session.store.undo(change)
            if change in self.session.history:
                self.session.history.remove(change)
        for i, changes in list(self.done.items()):
            if any(c in step.changes for c in changes):
                del self.done[i]
        self.skipped.discard(step.index)
        self.index = step.index
        what = ", ".join(f"{c.added.kind} {c.added.subject_id} → {c.added.object_id}" for c in step.changes
                         if c.added)
        self.say(f"  undone: {what}" if what else "  back one step")

    def _goto(self) -> None:
        text = self.term.readline(f"  go to card (1-{len(self.queue)}): ").strip()
        if text.isdigit() and 1 <= int(text) <= len(self.queue):
            self.index = int(text) - 1
        else:
            self.say(f"  no card {text!r}")

    def _search(self) -> None:
        text = self.term.readline("  search (id or label): ").strip().lower()
        if not text:
            return
        order = list(range(self.index + 1, len(self.queue))) + list(range(0, self.index + 1))
        for i in order:
            p = self.queue[i]
            hay = " ".join([p.subject.id, p.object.id, *p.subject.labels.values(), *p.object.labels.values()])
            if text in hay.lower():
                self.index = i
                return
        self.say(f"  no card matches {text!r}")

