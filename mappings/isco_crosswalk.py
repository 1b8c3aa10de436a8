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

from occlink.errors import InputError, read_text
from occlink.mappings.sssom import MappingSet, source_curie, sssom_prefixes, write_sssom
from occlink.taxonomy.csco_table import Classification, default_classification
from occlink.taxonomy.isco_table import ESCO_OCCUPATION_IRI, IscoGroup, default_esco_occupations, default_isco
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, Namespaces

HERE = Path(__file__).parent
CURATION = HERE / "curation" / "csco2022-isco08.tsv"
QIANHAI_CURATION = HERE / "curation" / "qianhai2020-isco08.tsv"
QIANHAI_ESCO_CURATION = HERE / "curation" / "qianhai2020-esco.tsv"
CROSSWALK = "csco2022-isco08"
AUTHOR = "occrev:maintainers"
CURATION_DATE = "2026-12-04"
JUSTIFICATION = "semapv:ManualMappingCuration"
NO_TERM = "sssom:NoTermFound"
PREFIX_PREDICATES = {"~": "skos:closeMatch", "=": "skos:exactMatch", "<": "skos:narrowMatch"}
_TOKEN = re.compile(r"^([~=<?]?)(\d{1,4})$")
NOT_OFFICIAL = ("The occlink project's own correspondence between Chinese occupation lists and ISCO-08 "
                "(ILO) or ESCO, curated by the project; it is not an official correspondence of the Ministry "
                "of Human Resources and Social Security, of the list's publisher, of the ILO or of the "
                "European Commission.")


@dataclass(frozen=True)
class Decision:
    code: str
    targets: tuple[tuple[str, str], ...]   # (prefix, ISCO code)
    none: bool
    reason: str
    line: int


def read_curation(path: Path = CURATION, groups: dict[str, IscoGroup] | None = None,
                  classification: Classification | None = None, keys: set[str] | None = None) -> dict[str, Decision]:
    """Code → decision; refuses unknown codes (national codes, or ``keys``), unknown ISCO codes and
    duplicates (file:line)."""
    groups = groups or default_isco()
    known = keys if keys is not None else set((classification or default_classification()).records)
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
        if code not in known:
            raise InputError(f"unknown {'national code' if keys is None else 'id'} {code!r}", source=name,
                             line=number)
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


METHODS = {
    "csco2022-isco08": "Curated by national category with exceptions per occupation "
                       "(mappings/curation/csco2022-isco08.tsv, method in docs/international.md); the comment "
                       "gives the reason.",
    "beijing2023-isco08": "Derived: each Beijing entry is keyed by its national code and takes that national "
                          "occupation's curated ISCO-08 links (semapv:MappingChaining).",
    "qianhai2020-isco08": "Curated directly for each Qianhai occupation, with the chain through its reviewed "
                          "national mapping as evidence (mappings/curation/qianhai2020-isco08.tsv).",
    "qianhai2020-esco": "Qianhai occupations linked to an ESCO v1.0 occupation only where one clearly matches "
                        "(mappings/curation/qianhai2020-esco.tsv).",
}


def _metadata(crosswalk: str, kind: str) -> dict[str, object]:
    words = {"positive": "Accepted mappings", "negative": "Rejected mappings (no ISCO-08 group fits)",
             "unsure": "Undecided mappings"}
    source, target = crosswalk.split("-")
    return {
        "curie_map": sssom_prefixes(Namespaces(DEFAULT_BASE_IRI)),
        "mapping_set_id": f"https://w3id.org/occlink/mappings/{crosswalk}.{kind}",
        "mapping_set_title": f"{words[kind]}: {source} → {target}",
        "mapping_set_description": (
            f"{NOT_OFFICIAL} {METHODS[crosswalk]} ISCO-08 © ILO; ISCO group and ESCO occupation IRIs and "
            "titles as published by ESCO v1.0 © European Union."),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "subject_source": source_curie(source),
        "object_source": source_curie(target),
    }


def mapping_sets(links: list[Link], c: Classification | None = None,
                 groups: dict[str, IscoGroup] | None = None, *, crosswalk: str = CROSSWALK,
                 prefix: str = "csco", labels: dict[str, str] | None = None,
                 justification: str = JUSTIFICATION) -> dict[str, MappingSet]:
    c = c or default_classification()
    groups = groups or default_isco()
    labels = labels if labels is not None else {code: rec.name_zh for code, rec in c.records.items()}
    sets = {kind: MappingSet(_metadata(crosswalk, kind), []) for kind in ("positive", "negative", "unsure")}
    for link in links:
        row = {"subject_id": f"{prefix}:{link.code}", "subject_label": labels[link.code],
               "predicate_id": link.predicate,
               "object_id": f"isco:C{link.isco}" if link.isco else NO_TERM,
               "mapping_justification": justification, "confidence": link.confidence,
               "author_id": AUTHOR, "mapping_date": CURATION_DATE, "comment": link.comment}
        if link.isco:
            row["object_label"] = groups[link.isco].title_en
        sets[link.kind].rows.append(row)
    return sets


def own_links(decisions: dict[str, Decision]) -> list[Link]:
    """Links of lists without hierarchy (every entry has its own row)."""
    out = []
    for key in sorted(decisions):
        out.extend(resolve_own(decisions[key]))
    return out


def resolve_own(own: Decision) -> list[Link]:
    if own.none:
        return [Link(own.code, "", "skos:exactMatch", "negative", "0.9000", own.reason)]
    links = []
    for index, (prefix, isco) in enumerate(own.targets):
        if prefix == "?":
            links.append(Link(own.code, isco, "skos:broadMatch", "unsure", "0.5000", own.reason))
            continue
        predicate = PREFIX_PREDICATES.get(prefix) or ("skos:broadMatch" if index == 0 else "skos:relatedMatch")
        links.append(Link(own.code, isco, predicate, "positive", "0.9000" if index == 0 else "0.6000",
                          own.reason if index == 0 else f"Part of the work: {own.reason}"))
    return links


def beijing_links(national: list[Link], entry_codes: set[str]) -> list[Link]:
    """A Beijing entry is the national occupation of its code: it takes that occupation's links."""
    return [Link(l.code, l.isco, l.predicate, l.kind, l.confidence, f"Through its national code {l.code}: {l.comment}")
            for l in national if l.code in entry_codes]


def beijing_entry_codes() -> set[str]:
    from occlink.taxonomy.beijing_graph import beijing_graph
    from occlink.taxonomy.namespaces import Namespaces
    ns = Namespaces()
    return {str(o)[len(str(ns.csco)):] for o in beijing_graph(ns).objects(None, ns.vocab.nationalOccupation)}


def qianhai_labels() -> dict[str, str]:
    from occlink.taxonomy.qianhai_table import default_list
    return {key: o.name_en for key, o in default_list().occupations.items()}


ESCO_PREDICATES = {"~": "skos:closeMatch", "=": "skos:exactMatch", ">": "skos:broadMatch"}


def read_esco_curation(path: Path = QIANHAI_ESCO_CURATION, keys: set[str] | None = None) -> list[dict[str, str]]:
    """Rows id, predicate+ESCO preferred label, reason → SSSOM rows (the label must name one ESCO occupation)."""
    name = str(path)
    by_label: dict[str, list] = {}
    for occupation in default_esco_occupations():
        by_label.setdefault(occupation.pref_label_en, []).append(occupation)
    keys = keys if keys is not None else set(qianhai_labels())
    labels = qianhai_labels()
    rows = []
    for number, line in enumerate(read_text(path, name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 3 or not parts[2]:
            raise InputError("expected id, predicate+label and reason separated by tabs", source=name, line=number)
        key, target, reason = parts
        if key not in keys:
            raise InputError(f"unknown id {key!r}", source=name, line=number)
        predicate = ESCO_PREDICATES.get(target[:1])
        found = by_label.get(target[1:])
        if predicate is None or not found or len(found) != 1:
            raise InputError(f"{target!r} is not a predicate sign and one ESCO occupation's preferred label",
                             source=name, line=number)
        rows.append({"subject_id": f"qh:{key}", "subject_label": labels[key], "predicate_id": predicate,
                     "object_id": "esco:" + found[0].iri[len(ESCO_OCCUPATION_IRI):],
                     "object_label": found[0].pref_label_en, "mapping_justification": JUSTIFICATION,
                     "confidence": "0.9000", "author_id": AUTHOR, "mapping_date": CURATION_DATE,
                     "comment": f"{reason} (ESCO unit group {found[0].isco_unit})"})
    return rows


def all_mapping_sets() -> dict[str, dict[str, MappingSet]]:
    """Every ISCO/ESCO crosswalk the project ships, by crosswalk name then kind."""
    national = resolve_links(read_curation(CURATION))
    qh_labels = qianhai_labels()
    bj = beijing_links(national, beijing_entry_codes())
    c = default_classification()
    out = {
        CROSSWALK: mapping_sets(national),
        "beijing2023-isco08": mapping_sets(bj, crosswalk="beijing2023-isco08", prefix="bj",
                                           labels={code: rec.name_zh for code, rec in c.records.items()},
                                           justification="semapv:MappingChaining"),
        "qianhai2020-isco08": mapping_sets(own_links(read_curation(QIANHAI_CURATION, keys=set(qh_labels))),
                                           crosswalk="qianhai2020-isco08", prefix="qh", labels=qh_labels),
    }
    esco = {kind: MappingSet(_metadata("qianhai2020-esco", kind), []) for kind in ("positive",)}
    esco["positive"].rows.extend(read_esco_curation())
    out["qianhai2020-esco"] = esco
    return out


def write_crosswalk(folder: Path = HERE) -> dict[str, int]:
    counts = {}
    for crosswalk, sets in all_mapping_sets().items():
        for kind, mapping_set in sets.items():
            if kind != "positive" and not mapping_set.rows:
                continue  # no empty negative/unsure files
            write_sssom(mapping_set, folder / f"{crosswalk}.{kind}.sssom.tsv")
            counts[f"{crosswalk}.{kind}"] = len(mapping_set.rows)
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
