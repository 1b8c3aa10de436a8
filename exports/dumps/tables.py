"""Flat CSV tables for people who never read RDF: one per catalogue, one per reviewed mapping set.

``occlink build`` writes them into ``OUT/tables/`` (UTF-8, comma-separated,
header row, ``\\n`` line ends, rows sorted) and lists them in the DCAT catalog
with licence, media type and checksum. They are read off the same triples the
dumps serialize (an rdflib Graph or the build's occlink.triples.TripleIndex), so a
table can never say something the RDF does not (``tests/test_tables.py`` compares them).

Catalogue tables (``tables/{catalog}.csv``), one row per concept of the scheme:

``code, zh, en, level, L, S, definition, tasks, aliases`` — ``L``/``S`` are the
green/digital markers (``true``/``false``; empty where the source publishes no
marker and none was inferred), ``level`` is ``major|medium|small|fine`` where the
catalogue has levels, ``aliases`` the Chinese alternative labels joined by ``|``.

Mapping-set tables (``tables/mappings/{crosswalk}.{kind}.csv``), one row per decision:

``subject_code, subject_zh, subject_en, predicate, object_code, object_zh, object_en,
confidence, status, reviewer, date, comment`` — ``status`` is ``accepted``,
``rejected`` or ``unsure``; ``confidence`` is a plain number.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from occlink.taxonomy.catalogs import available_catalogs, scheme_for
from occlink.taxonomy.namespaces import PAV, SSSOM, Namespaces

TABLES_DIR = "tables"
CATALOG_COLUMNS = ("code", "zh", "en", "level", "L", "S", "definition", "tasks", "aliases")
MAPPING_COLUMNS = ("subject_code", "subject_zh", "subject_en", "predicate", "object_code", "object_zh",
                   "object_en", "confidence", "status", "reviewer", "date", "comment")
STATUS = {"positive": "accepted", "negative": "rejected", "unsure": "unsure"}
# looked up once: a namespace attribute costs a call (and makes a new term) each time
_PREF, _ALT, _NOTATION, _DEFINITION, _IN_SCHEME = (SKOS.prefLabel, SKOS.altLabel, SKOS.notation, SKOS.definition,
                                                   SKOS.inScheme)


def _label(graph: Any, node, prop, lang: str) -> str:
    return " | ".join(sorted(str(v) for v in graph.objects(node, prop)
                             if isinstance(v, Literal) and v.language == lang))


def _flag(graph: Any, node, prop) -> str:
    values = {v.toPython() for v in graph.objects(node, prop) if isinstance(v, Literal)}
    return "true" if True in values else "false" if values else ""


def _reviewer(graph: Any, reviewer) -> str:
    """The reviewer's CURIE (its language-less rdfs:label, e.g. ``occrev:maintainers``), else its IRI."""
    if reviewer is None:
        return ""
    plain = sorted(str(v) for v in graph.objects(reviewer, RDFS.label) if isinstance(v, Literal) and not v.language)
    return plain[0] if plain else str(reviewer)


def catalog_rows(graph: Any, ns: Namespaces, catalog_id: str) -> list[dict[str, str]]:
    occ = ns.vocab
    level_p, green, digital, tasks = occ.level, occ.green, occ.digital, occ.mainTasks
    a, concept_class = RDF.type, SKOS.Concept
    rows: dict[str, dict[str, str]] = {}
    for concept in graph.subjects(_IN_SCHEME, scheme_for(catalog_id, ns)):
        if (concept, a, concept_class) not in graph:
            continue
        code = str(graph.value(concept, _NOTATION) or ns.compact(str(concept)))
        level = graph.value(concept, level_p)
        rows[code] = {
            "code": code,
            "zh": _label(graph, concept, _PREF, "zh"),
            "en": _label(graph, concept, _PREF, "en"),
            "level": str(level).rsplit("#", 1)[-1] if level is not None else "",
            "L": _flag(graph, concept, green),
            "S": _flag(graph, concept, digital),
            "definition": _label(graph, concept, _DEFINITION, "zh"),
            "tasks": _label(graph, concept, tasks, "zh"),
            "aliases": "|".join(sorted(str(v) for v in graph.objects(concept, _ALT)
                                       if isinstance(v, Literal) and v.language == "zh")),
        }
    return [rows[code] for code in sorted(rows)]


def mapping_rows(graph: Any, ns: Namespaces, mapping_set: Node) -> list[dict[str, str]]:
    kind = str(mapping_set).rsplit(".", 1)[-1]
    rows = []
    for axiom in graph.objects(mapping_set, SSSOM.mappings):
        subject, obj = graph.value(axiom, OWL.annotatedSource), graph.value(axiom, OWL.annotatedTarget)
        predicate = ns.compact(str(graph.value(axiom, OWL.annotatedProperty)))
        confidence = graph.value(axiom, SSSOM.confidence)
        reviewer = graph.value(axiom, PAV.authoredBy)
        rows.append({
            "subject_code": str(graph.value(subject, _NOTATION) or ns.compact(str(subject))),
            "subject_zh": _label(graph, subject, _PREF, "zh"),
            "subject_en": _label(graph, subject, _PREF, "en"),
            "predicate": predicate,
            "object_code": str(graph.value(obj, _NOTATION) or ns.compact(str(obj))),
            "object_zh": _label(graph, obj, _PREF, "zh"),
            "object_en": _label(graph, obj, _PREF, "en"),
            "confidence": f"{confidence.toPython():g}" if isinstance(confidence, Literal) else "",
            "status": STATUS.get(kind, kind),
            "reviewer": _reviewer(graph, reviewer),
            "date": str(graph.value(axiom, DCTERMS.created) or ""),
            "comment": " ".join(str(v) for v in graph.objects(axiom, RDFS.comment)),
        })
    return sorted(rows, key=lambda r: (r["subject_code"], r["object_code"], r["predicate"]))


def csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def tables(graph: Any, ns: Namespaces) -> dict[str, str]:
    """Relative path → CSV text for every catalogue in ``graph`` and every mapping set."""
    out = {}
    for catalog_id in available_catalogs():
        rows = catalog_rows(graph, ns, catalog_id)
        if rows:
            out[f"{TABLES_DIR}/{catalog_id}.csv"] = csv_text(CATALOG_COLUMNS, rows)
    for mapping_set in sorted(graph.subjects(RDF.type, SSSOM.MappingSet), key=str):
        name = str(mapping_set).rsplit("/", 1)[-1]
        out[f"{TABLES_DIR}/mappings/{name}.csv"] = csv_text(MAPPING_COLUMNS, mapping_rows(graph, ns, mapping_set))
    return out


def write_tables(ns: Namespaces, out_dir: Path, graph: Any) -> list[Path]:
    from occlink.files import write_atomic
    written = []
    for relative, text in sorted(tables(graph, ns).items()):
        path = Path(out_dir) / relative
        write_atomic(path, text)
        written.append(path)
    return written
