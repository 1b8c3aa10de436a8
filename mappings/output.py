"""Candidates → SSSOM mapping set, table or JSON (what ``occlink match`` prints)."""

from __future__ import annotations

import json
from datetime import date

from occlink import __version__
from occlink.taxonomy.namespaces import Namespaces

from occlink.exports.results import neutralize  # spreadsheet formula injection (= + - @)

from .matcher import Candidate
from .sssom import CATALOG_SCHEME_PATHS, MappingSet, format_score, source_curie, sssom_prefixes, sssom_text

TOOL = "occlink match"


def mapping_set(candidates: list[Candidate], ns: Namespaces, source: str, target: str,
                csv_files: dict[str, str] | None = None, mapping_date: str | None = None) -> MappingSet:
    """A SSSOM set of matcher proposals (justification semapv:LexicalMatching, author = the tool)."""
    # the same prefixes as the reviewed sets, plus one per CSV file (its ids are local to it)
    curie_map = sssom_prefixes(ns)
    for prefix, note in sorted((csv_files or {}).items()):
        curie_map[prefix] = note
    day = mapping_date or date.today().isoformat()
    rows = []
    for c in candidates:
        rows.append({
            "subject_id": c.subject.id, "subject_label": neutralize(c.subject_label),
            "predicate_id": c.predicate,
            "object_id": c.object.id, "object_label": neutralize(c.object.label("zh")),
            "mapping_justification": "semapv:LexicalMatching",
            "confidence": format_score(c.confidence),
            "match_string": neutralize(c.match_string),
            "subject_match_field": c.subject_match_field, "object_match_field": c.object_match_field,
            "similarity_score": format_score(c.evidence.get("cosine", 0.0)),
            "similarity_measure": "occ:idfCosineBigramToken",
            "mapping_tool": TOOL,
            "mapping_date": day,
        })
    metadata: dict[str, object] = {
        "curie_map": curie_map,
        "mapping_set_id": f"{ns.mapping}candidates/{_slug(source)}-{_slug(target)}",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "mapping_tool": TOOL,
        "mapping_tool_version": __version__,
        "mapping_date": day,
        "comment": "Unreviewed candidates proposed by the occlink matcher; confidence is a calibrated "
                   "logistic combination of lexical evidence (see docs/matching.md)." + "".join(
                       f" {role} file: {ref}." for role, ref in (("Subject", source), ("Object", target))
                       if ref not in CATALOG_SCHEME_PATHS),
    }
    # subject_source/object_source are CURIEs of the concept schemes; a CSV file has no IRI of its own
    # (its name is in the comment; its ids are CURIEs of the file's prefix)
    # (its name is in the comment; its ids are CURIEs of the file's prefix). The dataset version and
    # checksum say exactly which data the candidates were made against.
    facts = dataset_facts(ns)
    for key, ref in (("subject_source", source), ("object_source", target)):
        if ref in CATALOG_SCHEME_PATHS:
            metadata[key] = source_curie(ref)
            metadata[f"{key}_version"] = facts
    metadata["comment"] = f"{metadata['comment']} Made against the occlink dataset {facts}."
    return MappingSet(metadata, rows)


def dataset_facts(ns: Namespaces) -> str:
    """Which compiled dataset the candidates were made against: ``0.1.0 sha256:…`` of occlink.nt
    (what ``occlink cite`` prints and the DCAT catalog lists)."""
    from occlink.exports.compiled import dataset_checksum
    return f"{__version__} sha256:{dataset_checksum(ns)}"


def _slug(ref: str) -> str:
    base = ref.rsplit("/", 1)[-1]
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in base.rsplit(".", 1)[0]) or "source"


def as_table(candidates: list[Candidate]) -> str:
    lines = ["subject_id\tsubject_label\trank\tobject_id\tobject_label\tpredicate_id\tconfidence\tmatch_string"]
    rank = 0
    previous = None
    for c in candidates:
        rank = rank + 1 if c.subject.id == previous else 1
        previous = c.subject.id
        lines.append("\t".join([c.subject.id, neutralize(c.subject_label), str(rank), c.object.id,
                                neutralize(c.object.label("zh")), c.predicate, format_score(c.confidence),
                                neutralize(c.match_string)]))
    return "\n".join(lines) + "\n"


def as_json(candidates: list[Candidate]) -> str:
    items = [{
        "subject_id": c.subject.id, "subject_label": c.subject_label, "object_id": c.object.id,
        "object_label": c.object.label("zh"), "predicate_id": c.predicate,
        "confidence": float(format_score(c.confidence)), "match_string": c.match_string,
        "evidence": {k: c.evidence[k] for k in sorted(c.evidence)},
    } for c in candidates]
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render(candidates: list[Candidate], fmt: str, ns: Namespaces, source: str, target: str,
           csv_files: dict[str, str] | None = None) -> str:
    if fmt == "sssom":
        return sssom_text(mapping_set(candidates, ns, source, target, csv_files))
    if fmt == "json":
        return as_json(candidates)
    return as_table(candidates)
