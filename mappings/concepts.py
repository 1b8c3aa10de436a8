"""What a reviewer needs to know about one concept, read from the catalogs' tables.

A scripted decision only has to check two IDs and copy two labels, so this looks them up
in the packaged tables (a few milliseconds) instead of building the catalog graphs. The
facts are those the graphs publish: labels with which of them are project translations,
aliases, the hierarchy path, definition and tasks (national), competencies, industry,
specialties and degree (Qianhai), the inclusion rule (Beijing), green/digital markers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

from occlink.errors import InputError
from occlink.taxonomy import label_index

if TYPE_CHECKING:
    from occlink.taxonomy.beijing_urgent import UrgentRecord, UrgentTable

PREFIX_CATALOG = {"csco": "csco2022", "qh": "qianhai2020", "bj": "beijing2023"}
CATALOG_PREFIX = {v: k for k, v in PREFIX_CATALOG.items()}
CATALOG_NAMES = {"csco2022": "national classification 2022", "qianhai2020": "Qianhai 2020",
                 "beijing2023": "Beijing 2023"}


@dataclass(frozen=True)
class Concept:
    """One concept of a catalog, as the card shows it."""

    id: str                                   # CURIE
    catalog: str                              # csco2022 | qianhai2020 | beijing2023
    labels: dict[str, str]                    # lang → preferred label
    translated: tuple[str, ...] = ()          # languages whose label is a project translation
    aliases: tuple[str, ...] = ()             # official alternative labels (zh)
    path: tuple[tuple[str, str], ...] = ()    # (CURIE, label) from the top down to the parent
    markers: tuple[str, ...] = ()             # green, digital
    facts: tuple[tuple[str, str], ...] = field(default=())  # (name, text) in display order

    def label(self, lang: str = "zh") -> str:
        return self.labels.get(lang) or next(iter(self.labels.values()), self.id)

    @property
    def national(self) -> str | None:
        """The national concept this one is keyed by (a Beijing entry *is* a national occupation)."""
        return f"csco:{self.id.partition(':')[2]}" if self.catalog == "beijing2023" else None

    def fact(self, name: str) -> str:
        return next((text for key, text in self.facts if key == name), "")

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "catalog": self.catalog, "labels": dict(sorted(self.labels.items())),
                "project_translations": list(self.translated), "aliases": list(self.aliases),
                "path": [{"id": i, "label": label} for i, label in self.path], "markers": list(self.markers),
                "parent": {"id": self.path[-1][0], "label": self.path[-1][1]} if self.path else None,
                "facts": {name: text for name, text in self.facts}}


@lru_cache(maxsize=1)
def _classification():
    from occlink.taxonomy.csco_table import default_classification
    return default_classification()


@lru_cache(maxsize=1)
def _qianhai():
    from occlink.taxonomy.qianhai_table import default_list
    return default_list().occupations


def _national_path(code: str) -> tuple[tuple[str, str], ...]:
    from occlink.taxonomy.csco_table import structural_ancestors
    records = _classification().records
    ancestors = [a for a in structural_ancestors(code) if a in records and a != code]
    return tuple((f"csco:{a}", records[a].name_zh) for a in reversed(ancestors))


def _national(code: str, curie: str, catalog: str) -> Concept | None:
    c = _classification()
    record = c.records.get(code)
    if record is None:
        return None
    labels = {"zh": record.name_zh}
    if c.labels_en.get(code):
        labels["en"] = c.labels_en[code]
    markers = tuple(m for m, on in (("green", record.green), ("digital", record.digital)) if on)
    facts = [("definition", record.definition), ("tasks", record.tasks)]
    return Concept(curie, catalog, labels, ("en",) if "en" in labels else (), tuple(record.aliases),
                   _national_path(code), markers, tuple((k, v) for k, v in facts if v))


@lru_cache(maxsize=1)
def _imported_beijing() -> UrgentTable | None:
    from occlink.taxonomy.beijing_urgent import load_urgent_table
    return load_urgent_table(_classification())


def beijing_concept(code: str, imported: UrgentTable | None) -> Concept | None:
    """A Beijing urgent-need entry as its graph has it: the national occupation's labels and
    markers, the rule (or the imported table) that lists it and the table's own attributes —
    and, marked ↳, the national concept's aliases, hierarchy, definition and tasks, which the
    entry does not have (the graph links them through occ:nationalOccupation, never copies them)."""
    national = _national(code, f"csco:{code}", "csco2022")
    rows = imported.by_code().get(code, []) if imported is not None else []
    if national is None:
        return None
    marked = _classification().records[code].is_occupation and bool(national.markers)
    if not marked and not rows:
        return None
    from occlink.taxonomy import beijing_catalog as cat
    facts: list[tuple[str, str]] = []
    if marked:
        facts.append(("rule", f"{cat.RULE_SECTION}: national occupation marked green (L) or digital (S)"
                              f" — csco:{code} is {', '.join(national.markers)}"))
    aliases: tuple[str, ...] = ()
    if rows:
        assert imported is not None
        facts.append(("listed", f"imported official table {imported.source_file}"))
        if len(rows) > 1:
            facts.append(("types of job", " · ".join(r.occupation_zh for r in rows)))
        else:
            facts += _imported_facts(rows[0], cat)
            if rows[0].occupation_zh != national.label("zh"):
                aliases = (rows[0].occupation_zh,)  # the table's own name for it (skos:altLabel)
    facts.append(("national", f"csco:{code} {national.label('zh')} (↳ its facts, not Beijing's)"))
    if national.aliases:
        facts.append(("↳ aliases", " · ".join(national.aliases)))
    if national.path:
        facts.append(("↳ path", " › ".join(f"{label} ({i.partition(':')[2]})" for i, label in national.path)))
    facts += [(f"↳ {name}", text) for name, text in national.facts]
    return Concept(f"bj:{code}", "beijing2023", national.labels, national.translated, aliases, (),
                   national.markers, tuple(facts))


def _imported_facts(row: UrgentRecord, cat: ModuleType) -> list[tuple[str, str]]:
    from occlink.taxonomy.beijing_urgent import format_salary
    industries = {t.key: t.label_en for t in cat.KEY_INDUSTRIES}
    urgency = {t.key: t.label_en for t in cat.URGENCY_LEVELS}
    industry = industries.get(row.key_industry, "") if row.key_industry else (
        f"{row.key_industry_label} (the table's own, not one of the 15 key industries)")
    facts = [("key industry", industry), ("urgency", urgency.get(row.urgency, row.urgency)),
             ("median salary", f"{format_salary(row.salary_cny)} {cat.SALARY_UNIT_EN}" if row.salary_cny is not None
              else ""), ("description", row.description_zh)]
    return [(k, v) for k, v in facts if v]


def _qianhai_concept(local: str, curie: str) -> Concept | None:
    o = _qianhai().get(local)
    if o is None:
        return None
    from occlink.taxonomy.qianhai_values import DEGREE
    degree = DEGREE.get(o.degree_min)
    preferred = ", ".join(value.label_en if (value := DEGREE.get(d)) else d for d in o.degree_preferred)
    specialties = "; ".join(o.specialties) + (" and other related specialties" if o.specialties_open else "")
    facts = [("industry", o.industry_heading or o.industry),
             *((f"competency {n}", text) for n, text in enumerate(o.competencies, start=1)),
             ("specialties", specialties),
             ("degree", (degree.label_en if degree else o.degree_min) + (f" (preferred: {preferred})" if preferred
                                                                          else "")),
             ("experience", o.experience_phrase)]
    path = ((f"qh:orientation/{o.orientation}", f"Table {o.table}: {o.orientation}"),)
    return Concept(curie, "qianhai2020", {"en": o.name_en, "zh": o.name_zh}, ("zh",), (), path, (),
                   tuple((k, v) for k, v in facts if v))


def lookup(curie: str) -> Concept | None:
    """The concept a CURIE names in one of the three catalogs, or None."""
    prefix, _, local = curie.partition(":")
    if prefix == "csco":
        return _national(local, curie, "csco2022")
    if prefix == "bj":
        if local not in label_index.beijing():
            return None  # urgent-need entries: marked national occupations, plus an imported table's
        return beijing_concept(local, _imported_beijing())
    if prefix == "qh":
        return _qianhai_concept(local, curie)
    return None


def brief(curie: str) -> Concept | None:
    """The concept a CURIE names with its labels and markers only (no hierarchy, no facts), read
    from the small label index: what a scripted decision needs, in milliseconds."""
    prefix, _, local = curie.partition(":")
    if prefix in ("csco", "bj"):
        found = label_index.national().get(local)
        if found is None or (prefix == "bj" and local not in label_index.beijing()):
            return None
        markers = tuple(m for m, on in (("green", found.green), ("digital", found.digital)) if on)
        labels = {"zh": found.zh, "en": found.en} if found.en else {"zh": found.zh}
        return Concept(curie, PREFIX_CATALOG[prefix], labels, ("en",) if found.en else (), markers=markers)
    if prefix == "qh":
        occupation = label_index.qianhai().get(local)
        if occupation is None:
            return None
        return Concept(curie, "qianhai2020", {"en": occupation.en, "zh": occupation.zh}, ("zh",))
    return None


def require(curie: str, catalog: str, role: str, *, full: bool = True) -> Concept:
    """The concept (``full=False``: its labels only, see ``brief``), or one line saying why
    ``curie`` is not a concept of ``catalog``."""
    concept = lookup(curie.strip()) if full else brief(curie.strip())
    if concept is None or concept.catalog != catalog:
        expected = CATALOG_PREFIX.get(catalog, "?")
        raise InputError(f"{role} {curie} is not a concept of {catalog} (expected {expected}:…)")
    return concept
