"""Cross-lingual evidence: an English↔Chinese lexicon for translating query terms.

Two sources, both from the project's own data:

* ``taxonomy/glossary.tsv`` — curated zh/en term pairs (project-made, reviewed);
* alignments mined from the national classification's parallel labels (every
  concept has a Chinese name and an English project translation, 2,047 pairs):
  an English token is aligned with the Chinese substring (2–4 characters) that
  co-occurs with it most consistently (Dice coefficient over label pairs).

The lexicon only proposes search terms; scores are computed on real labels.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from occlink.mappings.normalize import en_tokens, normalize
from occlink.taxonomy.csco_table import default_classification, packaged_path

MIN_DICE = 0.45       # weaker alignments are mostly noise
MIN_PAIRS = 3         # an alignment seen once is an anecdote


@dataclass(frozen=True)
class Lexicon:
    en_to_zh: dict[tuple[str, ...], tuple[str, ...]]   # English token phrase (stemmed) → Chinese terms
    zh_to_en: dict[str, tuple[str, ...]]               # Chinese term → English tokens (stemmed)
    max_phrase: int
    max_zh: int = 8                                    # longest Chinese term (bounds the scan)

    def translate_en(self, tokens: list[str]) -> list[str]:
        """Chinese terms for an English token sequence (longest glossary phrases first)."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_phrase, len(tokens) - i), 0, -1):
                terms = self.en_to_zh.get(tuple(tokens[i:i + n]))
                if terms:
                    out.extend(terms)
                    i += n
                    break
            else:
                i += 1
        return out

    def translate_zh(self, text: str) -> list[str]:
        """English tokens for Chinese terms found in ``text`` (longest match first, no overlap)."""
        out: list[str] = []
        i = 0
        longest = self.max_zh
        while i < len(text):
            for n in range(min(longest, len(text) - i), 1, -1):
                tokens = self.zh_to_en.get(text[i:i + n])
                if tokens:
                    out.extend(tokens)
                    i += n
                    break
            else:
                i += 1
        return out


def glossary_rows() -> list[tuple[str, str]]:
    path = packaged_path("glossary.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [((row.get("zh") or "").strip(), (row.get("en") or "").strip())
                for row in csv.DictReader(handle, delimiter="\t")
                if (row.get("zh") or "").strip() and (row.get("en") or "").strip()]


def mined_alignments() -> dict[str, tuple[str, int, float]]:
    """English token → (Chinese substring, pair count, Dice) mined from the parallel labels."""
    c = default_classification()
    token_count: Counter[str] = Counter()
    gram_count: Counter[str] = Counter()
    pair_count: dict[str, Counter[str]] = defaultdict(Counter)
    for code in sorted(c.records):
        en = c.labels_en.get(code)
        if not en:
            continue
        zh = normalize(c.records[code].name_zh).replace(" ", "")
        tokens = set(en_tokens(normalize(en)))
        grams = {zh[i:i + n] for n in (2, 3, 4) for i in range(len(zh) - n + 1)}
        token_count.update(tokens)
        gram_count.update(grams)
        for token in tokens:
            pair_count[token].update(grams)
    out: dict[str, tuple[str, int, float]] = {}
    for token in sorted(pair_count):
        best: tuple[float, int, str] | None = None
        for gram, both in pair_count[token].items():
            if both < MIN_PAIRS:
                continue
            dice = 2 * both / (token_count[token] + gram_count[gram])
            key = (round(dice, 6), len(gram), gram)
            if best is None or key > best:
                best = key
        if best and best[0] >= MIN_DICE:
            out[token] = (best[2], pair_count[token][best[2]], best[0])
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    en_to_zh: dict[tuple[str, ...], list[str]] = {}
    zh_to_en: dict[str, list[str]] = {}
    for zh, en in glossary_rows():
        zh_norm = normalize(zh).replace(" ", "")
        tokens = tuple(en_tokens(normalize(en)))
        if not tokens or not zh_norm:
            continue
        en_to_zh.setdefault(tokens, [])
        if zh_norm not in en_to_zh[tokens]:
            en_to_zh[tokens].append(zh_norm)
        zh_to_en.setdefault(zh_norm, list(tokens))
    for token, (gram, _count, _dice) in mined_alignments().items():
        en_to_zh.setdefault((token,), [gram])  # the glossary wins over mined alignments
        zh_to_en.setdefault(gram, [token])
    max_phrase = max((len(k) for k in en_to_zh), default=1)
    return Lexicon({k: tuple(v) for k, v in en_to_zh.items()}, {k: tuple(v) for k, v in zh_to_en.items()},
                   max_phrase, max((len(k) for k in zh_to_en), default=0))
