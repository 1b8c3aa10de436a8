"""The one Jinja2 environment of the HTML pages (templates in ``templates/``).

Every ``{{ value }}`` is escaped (autoescape); only ``Markup`` passes unchanged. The escaping is
``html.escape`` — the pages' escaping before they had templates (``&quot;``, ``&#x27;``), so the
published bytes did not change with them — applied by ``finalize``, after which autoescape sees
``Markup`` and leaves it alone.

Whitespace: the page bodies are written one element per line for reading, but the HTML they
produce has no line breaks there (that is what the pages have always been). So in every template
but the layout ``page.html``, the template's own text loses each line break and the indentation
after it; ``{{ "\\n" }}`` writes a real one. Values are never touched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

LAYOUT = "page.html"
_BREAK = re.compile(r"\n[ \t]*")


def _escape(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


class JoinLines(Extension):
    """Drop line breaks (and the indentation after them) from the template text of the bodies."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        for token in stream:
            if token.type == "data" and stream.name != LAYOUT:
                yield Token(token.lineno, "data", _BREAK.sub("", token.value))
            else:
                yield token


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("occlink.exports.site", "templates"),
        autoescape=True,
        finalize=_escape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=[JoinLines],
    )


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
