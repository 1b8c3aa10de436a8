"""The national classification → ISCO-08: the project's curated correspondence, written as SSSOM.

The curation (``mappings/curation/csco2022-isco08.tsv``) is project work: one row per national
code that needed a decision — ``code``, ``targets`` (ISCO-08 codes, the first primary), ``reason``.
A category's primary target also applies to every descendant without a row of its own (most
occupations of a small category share a unit group); its other targets do not propagate, so that an
occupation never inherits a shotgun of links.

Predicates (docs/international.md): a national concept is usually narrower than its ISCO-08 group
→ ``skos:broadMatch``; ``~`` marks the same scope with small differences (``skos:closeMatch``),
``=`` the same scope (``skos:exactMatch``), ``<`` an ISCO group narrower than the national concept
(``skos:narrowMatch``); further targets are ``skos:relatedMatch`` (part of the work falls there).
``?`` sends a target to the unsure set; ``NONE`` records that no ISCO-08 group fits (negative set,
object ``sssom:NoTermFound``). Rows of medium-level categories only serve as defaults for their
descendants; links are published for small categories, occupations and childless major groups.

    python -m occlink.mappings.isco_crosswalk        # rewrites mappings/csco2022-isco08.*.sssom.tsv
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from occlink.taxonomy.csco_table import Classification, default_classification
from occlink.taxonomy.errors import InputError, read_text
from occlink.taxonomy.isco_table import ISCO_IRI, IscoGroup, default_isco

from .sssom import MappingSet, write_sssom

HERE = Path(__file__).parent
CURATION = HERE / "curation" / "csco2022-isco08.tsv"
CROSSWALK = "csco2022-isco08"
AUTHOR = "occrev:maintainers"
CURATION_DATE = "2026-12-04"
JUSTIFICATION = "semapv:ManualMappingCuration"
NO_TERM = "sssom:NoTermFound"
PREFIX_PREDICATES = {"~": "skos:closeMatch", "=": "skos:exactMatch", "<": "skos:narrowMatch"}
_TOKEN = re.compile(r"^([~=<?]?)(\d{1,4})$")
NOT_OFFICIAL = ("The occlink project's own correspondence between the 2022 national classification and "
                "ISCO-08 (ILO), curated by the project; it is not an official correspondence of the "
                "Ministry of Human Resources and Social Security or of the ILO.")


@dataclass(frozen=True)
class Decision:
    code: str
    targets: tuple[tuple[str, str], ...]   # (prefix, ISCO code)
    none: bool
    reason: str
    line: int


def read_curation(path: Path = CURATION, groups: dict[str, IscoGroup] | None = None,
                  classification: Classification | None = None) -> dict[str, Decision]:
    """Code → decision; refuses unknown national codes, unknown ISCO codes and duplicates (file:line)."""
    groups = groups or default_isco()
    c = classification or default_classification()
    name = str(path)
    out: dict[str, Decision] = {}
    for number, line in enumerate(read_text(path, name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise InputError(f"expected code, targets and reason separated by tabs, got {len(parts)} fields",
                             source=name, line=number)
        code, targets, reason = (p.strip() for p in parts)
        if code not in c.records:
            raise InputError(f"unknown national code {code!r}", source=name, line=number)
        if code in out:
            raise InputError(f"duplicate row for {code} (first on line {out[code].line})", source=name, line=number)
        if not reason:
            raise InputError(f"no reason for {code}", source=name, line=number)
        tokens: list[tuple[str, str]] = []
        none = targets == "NONE"
        for token in ([] if none else targets.split()):
            match = _TOKEN.match(token)
            if not match or match[2] not in groups:
                raise InputError(f"{token!r} is not an ISCO-08 group", source=name, line=number)
            if any(t[1] == match[2] for t in tokens):
                raise InputError(f"ISCO-08 group {match[2]} listed twice for {code}", source=name, line=number)
            tokens.append((match[1], match[2]))
        if not none and not tokens:
            raise InputError(f"no targets for {code}", source=name, line=number)
        out[code] = Decision(code, tuple(tokens), none, reason, number)
    return out


@dataclass(frozen=True)
class Link:
    code: str
    isco: str            # ISCO-08 code, or "" for "no group fits"
    predicate: str
    kind: str            # positive | negative | unsure
    confidence: str
    comment: str


def _published(code: str, c: Classification, children: dict[str, list[str]]) -> bool:
    level = c.records[code].level
    return level in ("small", "fine") or (level == "major" and not children.get(code))


def resolve_links(decisions: dict[str, Decision], c: Classification | None = None) -> list[Link]:
    """Every published link, own rows first, inherited primaries for the rest."""
    c = c or default_classification()
    children = c.children()
    links: list[Link] = []
    for code in sorted(c.records):
        if not _published(code, c, children):
            continue
        own = decisions.get(code)
        if own is not None:
            if own.none:
                links.append(Link(code, "", "skos:exactMatch", "negative", "0.9000", own.reason))
                continue
            for index, (prefix, isco) in enumerate(own.targets):
                if prefix == "?":
                    links.append(Link(code, isco, "skos:broadMatch", "unsure", "0.5000", own.reason))
                    continue
                predicate = PREFIX_PREDICATES.get(prefix) or ("skos:broadMatch" if index == 0 else "skos:relatedMatch")
                links.append(Link(code, isco, predicate, "positive", "0.9000" if index == 0 else "0.6000",
                                  own.reason if index == 0 else f"Part of the work: {own.reason}"))
            continue
        ancestor = c.parent(code)
        while ancestor is not None and ancestor not in decisions:
            ancestor = c.parent(ancestor)
        if ancestor is None:
            continue
        decision = decisions[ancestor]
        if decision.none or not decision.targets or decision.targets[0][0] == "?":
            continue
        isco = decision.targets[0][1]
        links.append(Link(code, isco, "skos:broadMatch", "positive", "0.8500",
                          f"As its national category {ancestor}: {decision.reason}"))
    return links


def _metadata(kind: str) -> dict[str, object]:
    words = {"positive": "Accepted mappings", "negative": "Rejected mappings (no ISCO-08 group fits)",
             "unsure": "Undecided mappings"}
    return {
        "curie_map": {"csco": "https://w3id.org/occlink/csco/2022/", "isco": ISCO_IRI[:-1],
                      "occmap": "https://w3id.org/occlink/mappings/",
                      "occrev": "https://w3id.org/occlink/reviewer/"},
        "mapping_set_id": f"https://w3id.org/occlink/mappings/{CROSSWALK}.{kind}",
        "mapping_set_title": f"{words[kind]}: csco2022 → isco08",
        "mapping_set_description": (
            f"{NOT_OFFICIAL} Curated by national category with exceptions per occupation "
            "(mappings/curation/csco2022-isco08.tsv, method in docs/international.md); the comment gives "
            "the reason. ISCO-08 © ILO, group IRIs and titles as published by ESCO v1.0 © European Union."),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "subject_source": "https://w3id.org/occlink/csco/2022",
        "object_source": "http://data.europa.eu/esco/concept-scheme/isco",
    }


def mapping_sets(links: list[Link], c: Classification | None = None,
                 groups: dict[str, IscoGroup] | None = None) -> dict[str, MappingSet]:
    c = c or default_classification()
    groups = groups or default_isco()
    sets = {kind: MappingSet(_metadata(kind), []) for kind in ("positive", "negative", "unsure")}
    for link in links:
        row = {"subject_id": f"csco:{link.code}", "subject_label": c.records[link.code].name_zh,
               "predicate_id": link.predicate,
               "object_id": f"isco:C{link.isco}" if link.isco else NO_TERM,
               "mapping_justification": JUSTIFICATION, "confidence": link.confidence,
               "author_id": AUTHOR, "mapping_date": CURATION_DATE, "comment": link.comment}
        if link.isco:
            row["object_label"] = groups[link.isco].title_en
        sets[link.kind].rows.append(row)
    return sets


def write_crosswalk(folder: Path = HERE, curation: Path = CURATION) -> dict[str, int]:
    links = resolve_links(read_curation(curation))
    counts = {}
    for kind, mapping_set in mapping_sets(links).items():
        write_sssom(mapping_set, folder / f"{CROSSWALK}.{kind}.sssom.tsv")
        counts[kind] = len(mapping_set.rows)
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        counts = write_crosswalk()
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(", ".join(f"{kind}: {n}" for kind, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
