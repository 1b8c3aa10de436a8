"""Search titles: everyday job titles for the national occupations, written by the occlink project.

Why: the official catalog names occupations in administrative language
(软件工程技术人员, "Human resources management professional") and lists
recruitment aliases for only some of them. Job ads and CVs say 程序员,
"software developer", 仓管员, "forklift driver". ``csco22_search_titles.tsv``
holds such titles (English and Chinese) for every occupation, plus generic
titles for the few categories that a title names as a whole ("registered
nurse" → 护理人员), so the matcher can find the concept from the words people
actually use.

They are *project work, not official data*: every row says so in its
``source`` column, and they are used for matching only — the published
graph of the national classification does not contain them. A hit on a
search title is reported as ``object_match_field skos:hiddenLabel`` (a
search-only label in SKOS terms) and is never evidence of an exact match.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from occlink.errors import InputError
from occlink.taxonomy.csco_table import Classification, default_classification, packaged_path, read_tsv

SEARCH_TITLES_FILE = "csco22_search_titles.tsv"
COLUMNS = ["code", "lang", "title", "source"]
PROJECT_SOURCE = "occlink project"   # the only author of this table
LANGS = ("en", "zh")
MAX_TITLE_CHARS = 80


def load_search_titles(classification: Classification | None = None,
                       path: Path | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """code → lang → titles (file order). Bad rows are refused with file:row and the reason."""
    c = classification or default_classification()
    path = path or packaged_path(SEARCH_TITLES_FILE)
    name = str(path)
    rows = read_tsv(path, name, COLUMNS)
    out: dict[str, dict[str, list[str]]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise InputError(f"expected {len(COLUMNS)} tab-separated fields", source=name, line=line)
        code, lang, title, source = (row[k].strip() for k in COLUMNS)
        record = c.records.get(code)
        if record is None:
            raise InputError(f"code {code!r} is not in the classification", source=name, line=line)
        if not record.is_occupation and record.name_zh.startswith("其他"):
            raise InputError(f"code {code} is a residual category (其他…): no title names it", source=name, line=line)
        if lang not in LANGS:
            raise InputError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}", source=name, line=line)
        if not title or len(title) > MAX_TITLE_CHARS:
            raise InputError(f"title must have 1–{MAX_TITLE_CHARS} characters", source=name, line=line)
        if source != PROJECT_SOURCE:
            raise InputError(f"source must be {PROJECT_SOURCE!r} (these titles are project work), "
                             f"got {source!r}", source=name, line=line)
        key = (code, lang, title.casefold())
        if key in seen:
            raise InputError(f"duplicate title {title!r} for {code} (first on row {seen[key]})",
                             source=name, line=line)
        seen[key] = line
        out.setdefault(code, {}).setdefault(lang, []).append(title)
    return {code: {lang: tuple(titles) for lang, titles in sorted(by_lang.items())}
            for code, by_lang in out.items()}


@lru_cache(maxsize=1)
def default_search_titles() -> dict[str, dict[str, tuple[str, ...]]]:
    path = packaged_path(SEARCH_TITLES_FILE)
    return load_search_titles(path=path) if path.exists() else {}
