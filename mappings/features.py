"""Feature extraction shared by the index (target labels) and the queries (source labels).

A label becomes a set of *features*: character bigrams (``z:``) for its Chinese
runs and stemmed tokens (``e:``) for its Latin runs, so mixed titles such as
"Java开发" or "首席技术官CTO" use both. Queries add *translated* features from
the lexicon (English tokens → Chinese terms → bigrams and back), which is how
"nurse" finds 护士 and 会计主管 finds "Accounting professional".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from occlink.mappings.lexicon import Lexicon
from occlink.mappings.normalize import (
    canonical,
    char_bigrams,
    en_core_and_head,
    en_tokens,
    has_cjk,
    normalize,
    strip_parentheticals,
    zh_core_and_head,
)
from occlink.mappings.synonyms import EN_SYNONYMS, ZH_SYNONYMS, clean_zh_title

PREFIX_CHARS = 5
_LATIN = re.compile(r"\.?[a-z0-9][a-z0-9+#]*")
_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9+#. ]*")


@dataclass(frozen=True)
class LabelText:
    """One label prepared for comparison."""

    text: str                 # as given
    norm: str                 # normalized (see normalize.normalize)
    compact: str              # normalized without spaces (what rapidfuzz compares)
    core: str                 # comparison core: head noun and seniority noise removed
    head: str                 # head class ("engineer", "manager", …) or ""
    cjk: bool                 # contains Chinese characters
    features: frozenset[str]  # native features


def split_runs(norm: str) -> tuple[list[str], list[str]]:
    """(Chinese runs, English tokens) of a normalized string."""
    zh_runs: list[str] = []
    tokens: list[str] = []
    for run in _RUNS.findall(norm):
        if has_cjk(run):
            zh_runs.append(run)
        else:
            tokens.extend(en_tokens(run))
    return zh_runs, tokens


def normalized(text: str) -> str:
    """The normalized form of a label that ``prepare`` works on (recruitment noise cleaned from Chinese
    titles, parentheticals dropped): all of its features derive from it."""
    cleaned = clean_zh_title(text) if has_cjk(text) else text
    return normalize(strip_parentheticals(cleaned)) or normalize(text)


def prepare(text: str) -> LabelText:
    norm = normalized(text)
    zh_runs, tokens = split_runs(norm)
    features = {f"z:{g}" for run in zh_runs for g in char_bigrams(run)}
    # single characters: a weak fallback for short titles whose bigrams are absent (车险 ~ 保险)
    features |= {f"c:{ch}" for run in zh_runs for ch in run}
    features |= {f"e:{canonical(t)}" for t in tokens}
    # word-prefix features bridge derivations (statistician ~ statistical, archivist ~ archival)
    features |= {f"p:{t[:PREFIX_CHARS]}" for t in tokens if len(t) > PREFIX_CHARS}
    cjk = bool(zh_runs)
    if cjk:
        core, head = zh_core_and_head(norm)
    else:
        core_tokens, head = en_core_and_head(tokens)
        core = " ".join(core_tokens)
    return LabelText(text, norm, norm.replace(" ", ""), core, head, cjk, frozenset(features))


_ZH_SYNONYM_MAX = max(len(k) for k in ZH_SYNONYMS)


def synonym_features(label: LabelText) -> frozenset[str]:
    """Features of the classification words that recruitment words stand for (synonyms.py)."""
    out: set[str] = set()
    zh_runs, _tokens = split_runs(label.norm)
    for run in zh_runs:
        for n in range(2, min(_ZH_SYNONYM_MAX, len(run)) + 1):
            for i in range(len(run) - n + 1):
                for term in ZH_SYNONYMS.get(run[i:i + n], ()):
                    out.update(f"z:{g}" for g in char_bigrams(term))
    for raw in _LATIN.findall(label.norm):
        if raw in ZH_SYNONYMS:          # Latin words in Chinese titles: java, ios …
            for term in ZH_SYNONYMS[raw]:
                out.update(f"z:{g}" for g in char_bigrams(term))
        for word in EN_SYNONYMS.get(raw, ()):
            out.add(f"e:{canonical(word)}")
    return frozenset(out - label.features)


def translated_features(label: LabelText, lexicon: Lexicon) -> frozenset[str]:
    """Features in the other script, proposed by the lexicon (never compared as text)."""
    zh_runs, tokens = split_runs(label.norm)
    out: set[str] = set()
    for term in lexicon.translate_en(tokens):
        out.update(f"z:{g}" for g in char_bigrams(term))
    for run in zh_runs:
        out.update(f"e:{t}" for t in lexicon.translate_zh(run))
    return frozenset(out - label.features)
