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


def read_text(path, name: str | None = None, *, hint: str = "") -> str:
    """Every reader's front door: read ``path`` as UTF-8 (a BOM is accepted, spreadsheets add one)
    and refuse unreadable, non-UTF-8 or binary files with one line naming the file.
    ``hint`` is appended to the encoding complaint (e.g. how to re-save the file)."""
    label = name or str(path)
    return decode_text(read_bytes(path, label), label, hint=hint)


def read_bytes(path, name: str | None = None) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=name or str(path)) from None


def decode_text(raw: bytes, name: str, *, hint: str = "") -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start}){hint}", source=name) from None
    if "\x00" in text:
        raise InputError("binary content (NUL byte)", source=name)
    return text
