"""Terminal text: display width (CJK characters take two columns), fitting, wrapping, tables.

The one text/table helper of the review room; ``review list``, ``review conflicts``, the
card and the summaries all render through it so they fit the terminal's width.
"""

from __future__ import annotations

import shutil
import unicodedata

DEFAULT_WIDTH = 100


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    if text.isascii():  # no combining or wide character in ASCII: one column each (query tables of 10⁴ cells)
        return len(text)
    return sum(char_width(ch) for ch in text)


def terminal_width(default: int = DEFAULT_WIDTH) -> int:
    """The terminal's columns (COLUMNS wins), at least 40."""
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def fit(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` display columns (with … when cut), padded with spaces."""
    if width(text) <= columns:
        return text + " " * (columns - width(text))
    out, used = "", 0
    for ch in text:
        w = char_width(ch)
        if used + w > columns - 1:
            break
        out, used = out + ch, used + w
    return out + "…" + " " * (columns - used - 1)


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` display columns; breaks at spaces, or anywhere in CJK text."""
    columns = max(columns, 4)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used, last_space = "", 0, -1
        for ch in paragraph:
            w = char_width(ch)
            if used + w > columns:
                if ch == " ":
                    lines.append(line.rstrip())
                    line, used, last_space = "", 0, -1
                    continue
                if last_space > 0:
                    lines.append(line[:last_space].rstrip())
                    line = line[last_space + 1:]
                else:
                    lines.append(line)
                    line = ""
                used, last_space = width(line), -1
            if ch == " ":
                last_space = len(line)
            line, used = line + ch, used + w
        lines.append(line.rstrip())
    return lines


def field_lines(name: str, text: str, columns: int, name_width: int = 12, indent: str = "  ") -> list[str]:
    """``name  text`` with the text wrapped under itself to fit ``columns``."""
    head = indent + fit(name, name_width) + " "
    body = wrap(text, columns - width(head))
    return [(head if i == 0 else " " * width(head)) + line for i, line in enumerate(body)]


def rule(title: str, columns: int) -> str:
    """``── title ─────`` across the width."""
    head = fit(f"── {title}", columns - 2).rstrip() + " "
    return head + "─" * max(0, columns - width(head))


def column_widths(headers: list[str], rows: list[list[str]]) -> list[int]:
    """Display width of each column: its widest cell, header included."""
    return [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]


def table_line(cells: list[str], widths: list[int]) -> str:
    """One row padded to ``widths`` (never cut; a longer cell just pushes the rest right)."""
    return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()


def table(headers: list[str], rows: list[list[str]], columns: int | None = None, *, flexible: int = -1,
          underline: bool = False) -> list[str]:
    """Aligned columns separated by two spaces, the one terminal table of occlink (review lists,
    query results, stats). With ``columns`` the ``flexible`` column (default: the last) takes the
    remaining width and is cut with … when the terminal is narrow; without, nothing is cut.
    ``underline`` puts a row of dashes under the headers."""
    if not headers:
        return []
    widths = column_widths(headers, rows)
    if columns is not None:
        flexible = flexible % len(headers)
        fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(headers) - 1)
        widths[flexible] = max(8, min(widths[flexible], columns - fixed))
        rows = [[fit(c, widths[i]) for i, c in enumerate(cells)] for cells in rows]
        headers = [fit(h, widths[i]) for i, h in enumerate(headers)]
    out = [table_line(headers, widths)]
    if underline:
        out.append(table_line(["-" * w for w in widths], widths))
    return out + [table_line(cells, widths) for cells in rows]
