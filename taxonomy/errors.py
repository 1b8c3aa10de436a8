"""Errors every reader raises for bad input: one line naming the file and row."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input. ``str()`` is the one line shown to the user (exit code 2)."""

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        where = source or ""
        if source and line is not None:
            where = f"{source}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
