"""ISCO-08 unit groups as match targets: ESCO's occupation labels are evidence for their unit group.

ESCO links each of its 2,942 occupations (about 30,000 English labels) to one ISCO-08 unit group;
those labels become the unit group's search-only titles, so that "software developer" or "welder"
finds 2512 or 7212 although ISCO's own titles are plural and generic. Like the national search
titles they are matched, never published (a hit is reported as ``skos:hiddenLabel``).
"""

from __future__ import annotations

from dataclasses import replace

from occlink.mappings.entries import Entry
from occlink.taxonomy.isco_table import code_of, default_esco_occupations


def with_esco_labels(entries: list[Entry]) -> list[Entry]:
    by_unit: dict[str, list[str]] = {}
    for occupation in default_esco_occupations():
        labels = by_unit.setdefault(occupation.isco_unit, [])
        for label in (occupation.pref_label_en, *occupation.alt_labels_en):
            if label not in labels:
                labels.append(label)
    out = []
    for entry in entries:
        unit = code_of("http://data.europa.eu/esco/isco/" + entry.id.partition(":")[2])
        unit_labels = by_unit.get(unit or "")
        out.append(replace(entry, search_labels={"en": tuple(unit_labels)}) if unit_labels else entry)
    return out
