"""A byte-based progress bar on stderr for streamed commands (silent when not a terminal or --quiet)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

import click


@contextlib.contextmanager
def byte_progress(total: int | None, *, quiet: bool, label: str) -> Iterator[Callable[[int], None]]:
    """``update(bytes consumed so far)``; a no-op when the bar is not shown (unknown size: a pipe)."""
    if quiet or not total or not sys.stderr.isatty():
        yield lambda _consumed: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True) as bar:
        shown = 0

        def update(consumed: int) -> None:
            nonlocal shown
            if consumed > shown:
                bar.update(min(consumed, total) - shown)
                shown = min(consumed, total)

        yield update


@contextlib.contextmanager
def closed_pipe_is_fine() -> Iterator[None]:
    """``occlink code … | head``: the reader closing the pipe ends the run quietly (exit 141, as a shell
    expects), not with a one-line error about a broken pipe."""
    try:
        yield
    except BrokenPipeError:
        import os
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's final flush of stdout must not fail again
        raise SystemExit(141) from None
