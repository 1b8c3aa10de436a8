"""Candidates → SSSOM mapping set, table or JSON (what ``occlink match`` prints)."""

from __future__ import annotations

import json
from datetime import date

from occlink import __version__
from occlink.taxonomy.namespaces import Namespaces

from occlink.exports.results import neutralize  # spreadsheet formula injection (= + - @)

from .chaining import Chain, chain_columns, extension_definitions
from .matcher import Candidate
from .sssom import MappingSet, format_score, sssom_text

TOOL = "occlink match"


def mapping_set(candidates: list[Candidate], ns: Namespaces, source: str, target: str,
                csv_files: dict[str, str] | None = None, mapping_date: str | None = None) -> MappingSet:
    """A SSSOM set of matcher proposals (semapv:LexicalMatching or semapv:MappingChaining; author = the tool)."""
    curie_map = {k: v for k, v in ns.curie_map().items()}
    for prefix, note in sorted((csv_files or {}).items()):
        curie_map[prefix] = note
    used = {c.subject.id.split(":", 1)[0] for c in candidates} | {c.object.id.split(":", 1)[0] for c in candidates}
    # pivots of chained rows are national concepts: their prefix must be declared too
    used |= {c.chain.pivot.split(":", 1)[0] for c in candidates if isinstance(c.chain, Chain)}
    curie_map = {k: v for k, v in curie_map.items() if k in used or k in ("skos", "semapv", "occ")}
    day = mapping_date or date.today().isoformat()
    rows = []
    for c in candidates:
        row = {
            "subject_id": c.subject.id, "subject_label": neutralize(c.subject_label),
            "predicate_id": c.predicate,
            "object_id": c.object.id, "object_label": neutralize(c.object.label("zh")),
            "mapping_justification": c.justification,
            "confidence": format_score(c.confidence),
            "mapping_tool": TOOL,
            "mapping_date": day,
        }
        if isinstance(c.chain, Chain):
            row.update(chain_columns(c.chain))
        else:
            row.update({
                "match_string": neutralize(c.match_string),
                "subject_match_field": c.subject_match_field, "object_match_field": c.object_match_field,
                "similarity_score": format_score(c.evidence.get("cosine", 0.0)),
                "similarity_measure": "occ:idfCosineBigramToken",
            })
        rows.append(row)
    chained = any(isinstance(c.chain, Chain) for c in candidates)
    metadata: dict[str, object] = {
        "curie_map": curie_map,
        "mapping_set_id": f"{ns.mapping}candidates/{_slug(source)}-{_slug(target)}",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "mapping_tool": TOOL,
        "mapping_tool_version": __version__,
        "mapping_date": day,
        "subject_source": source,
        "object_source": target,
        "comment": "Unreviewed candidates proposed by the occlink matcher; confidence is a calibrated "
                   "logistic combination of lexical evidence (see docs/matching.md).",
    }
    if chained:
        metadata["comment"] = (
            "Unreviewed candidates proposed by the occlink matcher: lexical (semapv:LexicalMatching, calibrated "
            "confidence) and chained through a national concept (semapv:MappingChaining; see_also and the "
            "subject_pivot_*/object_pivot_* columns name both source mappings; see docs/matching.md).")
        metadata["extension_definitions"] = extension_definitions()
    return MappingSet(metadata, rows)


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
        "mapping_justification": c.justification,
        **({"chain": chain_columns(c.chain)} if isinstance(c.chain, Chain) else {}),
    } for c in candidates]
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render(candidates: list[Candidate], fmt: str, ns: Namespaces, source: str, target: str,
           csv_files: dict[str, str] | None = None) -> str:
    if fmt == "sssom":
        return sssom_text(mapping_set(candidates, ns, source, target, csv_files))
    if fmt == "json":
        return as_json(candidates)
    return as_table(candidates)
