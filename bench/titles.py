"""Deterministic synthetic job titles with their true national codes (the match benchmark).

Each title is drawn from a real national occupation (source level 4): one of its
aliases (recruitment-style names such as 算法工程师, when it has any), its Chinese
name, or its English label, then roughened the way job ads are:

* Chinese: seniority prefixes (高级, 资深, 初级, 中级, 助理, 实习), ad suffixes
  (（急招）, 岗, /储备, （北京）), the generic tail 人员 dropped or swapped;
* English: seniority prefixes (Senior, Junior, Lead, Assistant), the generic head
  swapped for a common synonym (technician → specialist/engineer, worker →
  operative, personnel → staff …), lower-casing.

The true code is the occupation the title was drawn from, so recall@k is
measured against ground truth, not against another matcher.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from occlink.taxonomy.csco_table import Classification, default_classification

ZH_PREFIXES = ["高级", "资深", "初级", "中级", "助理", "实习", "见习"]
ZH_SUFFIXES = ["（急招）", "岗", "/储备干部", "（北京）", "（深圳前海）", "主管", "专员"]
EN_PREFIXES = ["Senior ", "Junior ", "Lead ", "Assistant ", "Trainee "]
EN_SYNONYMS = {
    "technician": ["specialist", "engineer", "tech"],
    "worker": ["operative", "hand", "staff"],
    "personnel": ["staff", "employee"],
    "operator": ["op", "machinist"],
    "professional": ["specialist", "expert"],
    "head": ["director", "chief"],
    "manager": ["lead", "supervisor"],
}


@dataclass(frozen=True)
class Title:
    id: str
    label: str
    lang: str
    true_code: str


def _noisy_zh(rng: random.Random, base: str) -> str:
    text = base
    if text.endswith("人员") and len(text) > 4 and rng.random() < 0.3:
        text = text[:-2]
    if rng.random() < 0.35:
        text = rng.choice(ZH_PREFIXES) + text
    if rng.random() < 0.3:
        text = text + rng.choice(ZH_SUFFIXES)
    return text


def _noisy_en(rng: random.Random, base: str) -> str:
    words = base.split()
    last = words[-1].lower() if words else ""
    if last in EN_SYNONYMS and rng.random() < 0.5:
        words[-1] = rng.choice(EN_SYNONYMS[last])
    text = " ".join(words)
    if rng.random() < 0.35:
        text = rng.choice(EN_PREFIXES) + text
    if rng.random() < 0.3:
        text = text.lower()
    return text


def generate_titles(n: int, seed: int = 0, classification: Classification | None = None) -> list[Title]:
    c = classification or default_classification()
    rng = random.Random(f"occlink-bench-titles-{seed}")
    occupations = sorted(code for code, rec in c.records.items() if rec.is_occupation)
    titles: list[Title] = []
    for i in range(n):
        code = rng.choice(occupations)
        rec = c.records[code]
        roll = rng.random()
        if rec.aliases and roll < 0.45:
            label, lang = _noisy_zh(rng, rng.choice(rec.aliases)), "zh"
        elif roll < 0.7 or code not in c.labels_en:
            label, lang = _noisy_zh(rng, rec.name_zh), "zh"
        else:
            label, lang = _noisy_en(rng, c.labels_en[code]), "en"
        titles.append(Title(f"t{i:06d}", label, lang, code))
    return titles


def write_titles_csv(path: Path, titles: list[Title]) -> None:
    """The matcher's CSV input shape: id,label,lang (true codes go to a side file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "label", "lang", "true_code"])
        for t in titles:
            writer.writerow([t.id, t.label, t.lang, t.true_code])


def read_titles_csv(path: Path) -> list[Title]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Title(r["id"], r["label"], r["lang"], r["true_code"]) for r in csv.DictReader(handle)]


def distinct_titles(n: int, seed: int = 0) -> list[Title]:
    """``n`` synthetic titles with pairwise different labels (generated until there are n)."""
    seen: set[str] = set()
    out: list[Title] = []
    batch = n
    round_ = 0
    while len(out) < n:
        for t in generate_titles(batch, seed=seed * 1000 + round_):
            if t.label not in seen:
                seen.add(t.label)
                out.append(Title(f"d{len(out):07d}", t.label, t.lang, t.true_code))
                if len(out) == n:
                    break
        round_ += 1
    return out


def write_postings_csv(path: Path, titles: list[Title], rows: int, *, zipf_s: float = 1.0, seed: int = 0) -> dict:
    """``rows`` job postings drawn from ``titles`` with Zipf(s) frequencies (rank r has weight 1/r^s;
    the rank order is a seeded shuffle), written as ``id,label,lang``. Returns what was drawn."""
    import bisect
    import itertools
    rng = random.Random(f"occlink-bench-postings-{seed}")
    order = list(range(len(titles)))
    rng.shuffle(order)
    cumulative = list(itertools.accumulate(1.0 / (r + 1) ** zipf_s for r in range(len(titles))))
    total = cumulative[-1]
    used: set[int] = set()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "label", "lang"])
        for i in range(rows):
            t = titles[order[bisect.bisect_left(cumulative, rng.random() * total)]]
            used.add(id(t))
            writer.writerow([f"p{i:07d}", t.label, t.lang])
    return {"rows": rows, "distinct_pool": len(titles), "distinct_drawn": len(used), "zipf_s": zipf_s}
