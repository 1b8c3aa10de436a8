"""Deterministic synthetic national-like classifications for the 10× / 100× scales.

Why replicas: the code space ``[1-8]-\\d\\d-\\d\\d-\\d\\d`` has only 8 × 99 = 792 medium
slots, and the real table already uses 73 medium groups, so a single scheme
cannot hold 100 copies of the hierarchy with its real fan-out. Each synthetic
replica is therefore a classification of its own, with **the same codes and
hierarchy as the real table** (same depth, fan-out, duplicate rows, missing
parents, markers per position — so marker rates are exact), published as its
own concept scheme in its own namespace (``{base}csco/2022-bench-rNNN/``).
Only the text differs: Chinese names, English labels and aliases are
recombinations of real parts (modifier of one real name + head of another of
the same level), alias counts per code are kept, definitions and tasks are
real texts of another code of the same level. Replica r is seeded by r, so a
scale is byte-identical across runs.

A replica is written as the two TSV files the real loader reads
(``csco_table.load_table(path, translations_path)``), so the graph is built
through the real code path (``csco_graph(ns, classification)``).
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Namespace

from occlink.taxonomy.csco_table import TABLE_COLUMNS, TRANSLATION_COLUMNS, packaged_path
from occlink.taxonomy.namespaces import Namespaces

HEAD_MIN_SHARE = 4  # a suffix is a "head" when at least this many names of a level end with it


@dataclass(frozen=True)
class ReplicaNamespaces(Namespaces):
    """The dataset namespaces with the national concepts moved to one replica's namespace."""

    replica: int = 1

    @cached_property
    def csco(self) -> Namespace:
        return Namespace(f"{self.base}csco/2022-bench-r{self.replica:03d}/")

    @property
    def csco_scheme(self):
        return Namespace(self.base)[f"csco/2022-bench-r{self.replica:03d}"]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _heads(words: list[str], max_len: int) -> list[str]:
    """Frequent suffixes (shared by ≥ HEAD_MIN_SHARE names), longest first."""
    counts: Counter[str] = Counter()
    for word in set(words):
        for n in range(1, min(max_len, len(word) - 1) + 1):
            counts[word[-n:]] += 1
    return sorted((h for h, c in counts.items() if c >= HEAD_MIN_SHARE), key=lambda h: (-len(h), h))


def split_zh(name: str, heads: list[str]) -> tuple[str, str]:
    """(modifier, head) — the longest frequent suffix that leaves a modifier of ≥ 2 characters."""
    for head in heads:
        if name.endswith(head) and len(name) - len(head) >= 2:
            return name[: -len(head)], head
    return name[:-1], name[-1:]


def split_en(label: str) -> tuple[str, str]:
    """(modifier, head) of an English label: the last word is the head ('… technician')."""
    words = label.split()
    if len(words) < 2:
        return label, ""
    return " ".join(words[:-1]), words[-1]


class PartPools:
    """Real name parts of the shipped table, by level."""

    def __init__(self, rows: list[dict[str, str]], labels_en: dict[str, str]):
        self.by_level: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            self.by_level.setdefault(row["level"], []).append(row)
        names = [r["name_zh"] for r in rows]
        aliases = sorted({a for r in rows for a in r["aliases"].split("|") if a})
        self.zh_heads = _heads(names, 6)
        self.alias_heads = _heads(aliases, 5)
        self.aliases = aliases
        self.parts: dict[str, list[tuple[str, str, str, str]]] = {}
        for level, level_rows in self.by_level.items():
            seen: dict[str, tuple[str, str, str, str]] = {}
            for r in level_rows:
                zh_mod, zh_head = split_zh(r["name_zh"], self.zh_heads)
                en_mod, en_head = split_en(labels_en.get(r["code"], r["name_zh"]))
                seen[r["code"]] = (zh_mod, zh_head, en_mod, en_head)
            self.parts[level] = [seen[c] for c in sorted(seen)]
        self.texts: dict[str, list[tuple[str, str]]] = {
            level: sorted({(r["definition"], r["tasks"]) for r in level_rows})
            for level, level_rows in self.by_level.items()
        }

    def name(self, rng: random.Random, level: str) -> tuple[str, str]:
        a = rng.choice(self.parts[level])
        b = rng.choice(self.parts[level])
        zh = a[0] + b[1]
        en = f"{a[2]} {b[3]}".strip() if b[3] else a[2]
        return zh, en

    def alias(self, rng: random.Random) -> str:
        a, _ = split_zh(rng.choice(self.aliases), self.alias_heads)
        _, head = split_zh(rng.choice(self.aliases), self.alias_heads)
        return a + head


def _real_tables() -> tuple[list[dict[str, str]], dict[str, str]]:
    rows = read_rows(packaged_path("csco22.tsv"))
    labels = {r["code"]: r["label_en"] for r in read_rows(packaged_path("csco22_en.tsv"))}
    return rows, labels


def replica_tables(replica: int, rows: list[dict[str, str]], labels_en: dict[str, str],
                   pools: PartPools) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The rows of replica ``replica`` (≥ 1): same codes/structure/markers, recombined text."""
    rng = random.Random(f"occlink-bench-replica-{replica}")
    names: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    texts: dict[str, tuple[str, str]] = {}
    aliases: dict[str, str] = {}
    for code in sorted({r["code"] for r in rows}):
        first = next(r for r in rows if r["code"] == code)
        level = first["level"]
        for _ in range(20):  # unique names within a replica, like the real table
            zh, en = pools.name(rng, level)
            if zh not in used:
                break
        used.add(zh)
        names[code] = (zh, en)
        texts[code] = rng.choice(pools.texts[level])
        count = len([a for a in first["aliases"].split("|") if a])
        aliases[code] = "|".join(pools.alias(rng) for _ in range(count))
    out_rows = []
    for r in rows:
        definition, tasks = texts[r["code"]]
        # keep "empty definition" where the real row has none (drives duplicate-row choice)
        out_rows.append({
            **r,
            "name_zh": names[r["code"]][0],
            "definition": definition if r["definition"].strip() else "",
            "tasks": tasks if r["tasks"].strip() else "",
            "aliases": aliases[r["code"]] if r["aliases"] else "",
        })
    out_labels = [{"code": c, "name_zh": names[c][0], "label_en": names[c][1]}
                  for c in sorted(labels_en) if c in names]
    return out_rows, out_labels


def _write_tsv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter="\t", lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_replicas(out_dir: Path, scale: int) -> list[tuple[int, Path, Path]]:
    """Write replicas 1..scale-1 (replica 0 is the shipped table) as csco22-style TSV pairs."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, labels = _real_tables()
    pools = PartPools(rows, labels)
    written = []
    for replica in range(1, scale):
        table, translations = replica_tables(replica, rows, labels, pools)
        table_path = out_dir / f"csco22-r{replica:03d}.tsv"
        en_path = out_dir / f"csco22-r{replica:03d}_en.tsv"
        _write_tsv(table_path, TABLE_COLUMNS, table)
        _write_tsv(en_path, TRANSLATION_COLUMNS, translations)
        written.append((replica, table_path, en_path))
    return written
