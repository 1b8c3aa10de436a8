"""Deterministic, compacted JSON-LD with a readable ``@context``.

rdflib's JSON-LD writer is neither compact nor byte-stable, so occlink writes
JSON-LD itself from the sorted triples: one node object per subject, keys in
a fixed order, short terms from ``context()`` where a property's values fit
the term's shape, CURIEs otherwise. The output parses back to the same graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter

from rdflib.term import Node

from occlink.exports.dumps.records import (
    RDF_TYPE,
    XSD_BOOLEAN,
    XSD_INTEGER,
    XSD_STRING,
    Groups,
    Plain,
    TermTexts,
    group_by_subject,
    plain_triples,
    sorted_subjects,
)
from occlink.taxonomy.namespaces import Namespaces

# term → (property CURIE, shape); shape is "id" (IRI values), "lang" (language map),
# "string" (plain strings), "bool" or "int" (native JSON values).
TERMS: dict[str, tuple[str, str]] = {
    "prefLabel": ("skos:prefLabel", "lang"),
    "altLabel": ("skos:altLabel", "lang"),
    "hiddenLabel": ("skos:hiddenLabel", "lang"),
    "definition": ("skos:definition", "lang"),
    "scopeNote": ("skos:scopeNote", "lang"),
    "note": ("skos:note", "lang"),
    "notation": ("skos:notation", "string"),
    "inScheme": ("skos:inScheme", "id"),
    "broader": ("skos:broader", "id"),
    "narrower": ("skos:narrower", "id"),
    "related": ("skos:related", "id"),
    "topConceptOf": ("skos:topConceptOf", "id"),
    "hasTopConcept": ("skos:hasTopConcept", "id"),
    "member": ("skos:member", "id"),
    "exactMatch": ("skos:exactMatch", "id"),
    "closeMatch": ("skos:closeMatch", "id"),
    "broadMatch": ("skos:broadMatch", "id"),
    "narrowMatch": ("skos:narrowMatch", "id"),
    "relatedMatch": ("skos:relatedMatch", "id"),
    "title": ("dct:title", "lang"),
    "description": ("dct:description", "lang"),
    "label": ("rdfs:label", "lang"),
    "comment": ("rdfs:comment", "lang"),
    "source": ("dct:source", "id"),
    "license": ("dct:license", "id"),
    "publisher": ("dct:publisher", "id"),
    "creator": ("dct:creator", "id"),
    "level": ("occ:level", "id"),
    "sourceLevel": ("occ:sourceLevel", "int"),
    "green": ("occ:green", "bool"),
    "digital": ("occ:digital", "bool"),
    "mainTasks": ("occ:mainTasks", "lang"),
    # --- appended: dataset metadata (DCAT, VoID, PROV, SPDX checksums) -------------------
    "dataset": ("dcat:dataset", "id"),
    "distribution": ("dcat:distribution", "id"),
    "mediaType": ("dcat:mediaType", "id"),
    "identifier": ("dct:identifier", "string"),
    "rights": ("dct:rights", "id"),
    "isPartOf": ("dct:isPartOf", "id"),
    "hasPart": ("dct:hasPart", "id"),
    "alternative": ("dct:alternative", "lang"),
    "versionInfo": ("owl:versionInfo", "string"),
    "triples": ("void:triples", "int"),
    "entities": ("void:entities", "int"),
    "classes": ("void:classes", "int"),
    "properties": ("void:properties", "int"),
    "distinctSubjects": ("void:distinctSubjects", "int"),
    "classPartition": ("void:classPartition", "id"),
    "class": ("void:class", "id"),
    "subset": ("void:subset", "id"),
    "rootResource": ("void:rootResource", "id"),
    "vocabulary": ("void:vocabulary", "id"),
    "uriSpace": ("void:uriSpace", "string"),
    "subjectsTarget": ("void:subjectsTarget", "id"),
    "objectsTarget": ("void:objectsTarget", "id"),
    "linkPredicate": ("void:linkPredicate", "id"),
    "used": ("prov:used", "id"),
    "wasGeneratedBy": ("prov:wasGeneratedBy", "id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "id"),
    "wasAttributedTo": ("prov:wasAttributedTo", "id"),
    "wasAssociatedWith": ("prov:wasAssociatedWith", "id"),
    "actedOnBehalfOf": ("prov:actedOnBehalfOf", "id"),
    "checksum": ("spdx:checksum", "id"),
    "algorithm": ("spdx:algorithm", "id"),
    # --- appended: SKOS-XL labels, notes and vocabulary structure -------------------------
    "xlPrefLabel": ("skosxl:prefLabel", "id"),
    "literalForm": ("skosxl:literalForm", "lang"),
    "editorialNote": ("skos:editorialNote", "lang"),
    "subClassOf": ("rdfs:subClassOf", "id"),
    "subPropertyOf": ("rdfs:subPropertyOf", "id"),
    "range": ("rdfs:range", "id"),
    # --- appended: national-table provenance and project translations ---------------------
    "rank": ("occ:rank", "int"),
    "sourceRow": ("occ:sourceRow", "int"),
    "hasSourceDefect": ("occ:hasSourceDefect", "id"),
    "defectKind": ("occ:defectKind", "string"),
    "affectsCode": ("occ:affectsCode", "string"),
    "translationOf": ("occ:translationOf", "lang"),
    # --- appended: Qianhai 2020 and Beijing 2023 ------------------------------------------
    "basis": ("occ:basis", "id"),
    "commissionedBy": ("occ:commissionedBy", "id"),
    "competencyRequirement": ("occ:competencyRequirement", "id"),
    "component": ("occ:component", "id"),
    "demandDuration": ("occ:demandDuration", "id"),
    "inclusionRule": ("occ:inclusionRule", "id"),
    "industry": ("occ:industry", "id"),
    "minimumDegree": ("occ:minimumDegree", "id"),
    "preferredDegree": ("occ:preferredDegree", "id"),
    "nationalOccupation": ("occ:nationalOccupation", "id"),
    "orientation": ("occ:orientation", "id"),
    "salaryBasis": ("occ:salaryBasis", "id"),
    "specialtyCategory": ("occ:specialtyCategory", "id"),
    "supplySeverity": ("occ:supplySeverity", "id"),
    "enterprisesSurveyedMoreThan": ("occ:enterprisesSurveyedMoreThan", "int"),
    "enterprisesSurveyedPhrase": ("occ:enterprisesSurveyedPhrase", "lang"),
    "listNumber": ("occ:listNumber", "int"),
    "listIsExhaustive": ("occ:listIsExhaustive", "bool"),
    "minimumYearsOfExperience": ("occ:minimumYearsOfExperience", "int"),
    "newOccupationCount": ("occ:newOccupationCount", "int"),
    "reportedCount": ("occ:reportedCount", "int"),
    "reportedOccupationCount": ("occ:reportedOccupationCount", "int"),
    "researchMethod": ("occ:researchMethod", "lang"),
    "sourcePhrase": ("occ:sourcePhrase", "lang"),
    "sourceTable": ("occ:sourceTable", "int"),
    "preference": ("occ:preference", "lang"),
    "specialty": ("occ:specialty", "lang"),
    "specialtiesOpen": ("occ:specialtiesOpen", "bool"),
    "usesNationalTerm": ("occ:usesNationalTerm", "bool"),
    "name": ("schema:name", "lang"),
    "educationRequirements": ("schema:educationRequirements", "id"),
    "experienceRequirements": ("schema:experienceRequirements", "id"),
    "monthsOfExperience": ("schema:monthsOfExperience", "int"),
    # --- appended: reviewed crosswalks (SSSOM) and inferred markers -----------------------
    "mappings": ("sssom:mappings", "id"),
    "mappingJustification": ("sssom:mapping_justification", "id"),
    "authoredBy": ("pav:authoredBy", "id"),
    "reviewerId": ("sssom:reviewer_id", "id"),
    "subjectSource": ("sssom:subject_source", "id"),
    "objectSource": ("sssom:object_source", "id"),
    "subjectLabel": ("sssom:subject_label", "string"),
    "objectLabel": ("sssom:object_label", "string"),
    "predicateModifier": ("sssom:predicate_modifier", "id"),
    "annotatedSource": ("owl:annotatedSource", "id"),
    "annotatedProperty": ("owl:annotatedProperty", "id"),
    "annotatedTarget": ("owl:annotatedTarget", "id"),
    "crosswalk": ("occ:crosswalk", "string"),
    "reviewOutcome": ("occ:reviewOutcome", "string"),
    "mappingCount": ("occ:mappingCount", "int"),
    "hasInferredMarker": ("occ:hasInferredMarker", "id"),
    "markerOf": ("occ:markerOf", "id"),
    "markerProperty": ("occ:markerProperty", "id"),
}


def context(ns: Namespaces) -> dict:
    ctx: dict[str, object] = {}
    for prefix, iri in sorted(ns.curie_map().items()):
        ctx[prefix] = iri
    for term, (curie, shape) in TERMS.items():
        entry: dict[str, str] = {"@id": curie}
        if shape == "id":
            entry["@type"] = "@id"
        elif shape == "lang":
            entry["@container"] = "@language"
        ctx[term] = entry
    return ctx


def _fits(shape: str, value: Plain) -> bool:
    if shape == "id":
        return type(value) is str and value[:2] != "_:"
    if isinstance(value, str):
        return False
    lexical, language, datatype = value
    if shape == "lang":
        return language != ""
    if shape == "string":
        return language == "" and datatype in ("", XSD_STRING)
    if shape == "bool":
        return datatype == XSD_BOOLEAN and lexical in ("true", "false")
    if shape == "int":
        return datatype == XSD_INTEGER and lexical.lstrip("-").isdigit()
    return False


def _value_object(value: Plain, texts: TermTexts) -> dict[str, str]:
    if isinstance(value, str):
        return {"@id": value if value[:2] == "_:" else texts.compact(value)}
    lexical, language, datatype = value
    obj: dict[str, str] = {"@value": lexical}
    if language:
        obj["@language"] = language
    elif datatype and datatype != XSD_STRING:
        obj["@type"] = texts.compact(datatype)
    return obj


def _sort_key(value: Plain) -> tuple:
    """Blank nodes, then literals, then IRIs (the order of rdflib's class names), each by text."""
    if type(value) is str:
        return (0, value, "", "") if value[:2] == "_:" else (2, value, "", "")
    return (1, *value)


def _lexical(value: Plain) -> str:
    """``str()`` of the rdflib term: the IRI, the blank node's id, the literal's lexical form."""
    if type(value) is str:
        return value[2:] if value[:2] == "_:" else value
    return value[0]


_NODE_INDENT = "  "  # a node object's indent inside the document's "@graph" list
_VALUE_INDENT = _NODE_INDENT + " "  # its keys'
_LIST_OPEN = "[\n" + _VALUE_INDENT + " "  # a list (or map) as a node's value, as _emit writes it
_LIST_SEPARATOR = ",\n" + _VALUE_INDENT + " "
_LIST_CLOSE = "\n" + _VALUE_INDENT + "]"
_MAP_OPEN = "{\n" + _VALUE_INDENT + " "
_MAP_CLOSE = "\n" + _VALUE_INDENT + "}"


_NO_TERM = ("", "")
_first = itemgetter(0)  # a node's keys are distinct: sorting by key alone is sorting the pairs


class _NodeWriter:
    """Node objects of one dump: the property table is resolved once (IRI → short term, shape)."""

    def __init__(self, ns: Namespaces, texts: TermTexts):
        self.texts = texts
        self.by_term: dict[str, tuple[str, str]] = {
            ns.expand(curie): (term, shape) for term, (curie, shape) in TERMS.items()}

    def node(self, s: str, props: dict[str, list[Plain]]) -> dict[str, object]:
        return dict(self.entries(s, props))

    def entries(self, s: str, props: dict[str, list[Plain]]) -> list[tuple[str, object]]:
        """The node object's (key, value) pairs in order: ``@id``, ``@type``, then the keys sorted."""
        texts = self.texts
        cached, compact = texts.compacted.get, texts.compact
        head: list[tuple[str, object]] = [("@id", s if s[:2] == "_:" else cached(s) or compact(s))]
        types = props.get(RDF_TYPE)
        if types is not None:
            head.append(("@type", sorted(compact(_lexical(t)) for t in types)))
        keyed: list[tuple[str, object]] = []
        for p, values in props.items():
            if p == RDF_TYPE:
                continue
            if len(values) > 1:
                values = sorted(set(values), key=_sort_key)
            term, shape = self.by_term.get(p, _NO_TERM)
            out: object = None
            if shape == "id":
                if all(type(v) is str and v[:2] != "_:" for v in values):
                    out = [cached(v) or compact(v) for v in values]  # type: ignore[arg-type]  # IRIs
            elif shape == "lang":
                if all(type(v) is tuple and v[1] for v in values):
                    if len(values) == 1:
                        out = {values[0][1]: values[0][0]}
                    else:
                        langs: dict[str, list[str]] = defaultdict(list)
                        for v in values:
                            langs[v[1]].append(v[0])  # checked above: a literal with a language
                        out = {k: (vs[0] if len(vs) == 1 else vs) for k, vs in sorted(langs.items())}
            elif term and all(_fits(shape, v) for v in values):
                if shape == "bool":
                    out = [v[0] == "true" for v in values]
                elif shape == "int":
                    out = [int(v[0]) for v in values]
                else:
                    out = [v[0] for v in values]
            if out is not None:
                if type(out) is list and len(out) == 1:  # type: ignore[arg-type]
                    out = out[0]  # type: ignore[index]
                keyed.append((term, out))
            else:
                objs = [_value_object(v, texts) for v in values]
                keyed.append((cached(p) or compact(p), objs[0] if len(objs) == 1 else objs))
        keyed.sort(key=_first)
        return head + keyed

    def emit(self, s: str, props: dict[str, list[Plain]], out: list[str]) -> None:
        """The node as ``_emit`` writes it inside the document's ``@graph`` list (strings, lists of
        strings and language maps written inline, the rest by ``_emit``)."""
        separator = "{\n" + _VALUE_INDENT
        for key, value in self.entries(s, props):
            out.append(separator)
            out.append(_encode_string(key))
            out.append(": ")
            if isinstance(value, str):
                out.append(_encode_string(value))
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                out.append(_LIST_OPEN + _LIST_SEPARATOR.join(map(_encode_string, value)) + _LIST_CLOSE)
            elif isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
                out.append(_MAP_OPEN + _LIST_SEPARATOR.join(
                    f"{_encode_string(k)}: {_encode_string(v)}" for k, v in value.items()) + _MAP_CLOSE)
            else:
                _emit(value, _VALUE_INDENT, out)
            separator = ",\n" + _VALUE_INDENT
        out.append("\n" + _NODE_INDENT + "}")


def node_objects(graph: Iterable[tuple[Node, Node, Node]], ns: Namespaces,
                 texts: TermTexts | None = None) -> list[dict]:
    writer = _NodeWriter(ns, texts or TermTexts(ns))
    groups = group_by_subject(plain_triples(graph))
    return [writer.node(s, groups[s]) for s in sorted_subjects(groups)]


_encode_string = json.encoder.encode_basestring  # json.dumps(..., ensure_ascii=False)'s string form


def _emit(value: object, indent: str, out: list[str]) -> None:
    """``json.dumps(value, ensure_ascii=False, indent=1)`` byte for byte, without the pure-Python
    encoder that ``indent`` switches json to (it was a third of a JSON-LD dump's time)."""
    if isinstance(value, str):
        out.append(_encode_string(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + " "
        separator = "{\n" + inner
        for key, item in value.items():
            out.append(separator)
            out.append(_encode_string(key))
            out.append(": ")
            _emit(item, inner, out)
            separator = ",\n" + inner
        out.append("\n" + indent + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = indent + " "
        separator = "[\n" + inner
        for item in value:
            out.append(separator)
            _emit(item, inner, out)
            separator = ",\n" + inner
        out.append("\n" + indent + "]")
    else:  # bool, int, float, None: json's own scalar forms
        out.append(json.dumps(value))



def document_head(ns: Namespaces, context_url: str | None = None) -> str:
    """The document up to its first node object: what ``_emit`` writes for ``{"@context": …, "@graph": [``."""
    out = ['{\n "@context": ']
    _emit(context_url or context(ns), " ", out)
    out.append(',\n "@graph": ')
    return "".join(out)


def write_nodes(groups: Groups, subjects: Iterable[str], writer: _NodeWriter, out: list[str]) -> None:
    """The ``@graph`` list (``[]`` when empty), as ``_emit`` writes it inside the document."""
    separator = "[\n" + _NODE_INDENT
    for s in subjects:
        out.append(separator)
        writer.emit(s, groups[s], out)
        separator = ",\n" + _NODE_INDENT
    out.append("[]" if separator[0] == "[" else "\n ]")


DOCUMENT_TAIL = "\n}\n"


def to_jsonld(graph: Iterable[tuple[Node, Node, Node]], ns: Namespaces, *, context_url: str | None = None,
              texts: TermTexts | None = None, groups: Groups | None = None) -> str:
    """Serialize; the context is embedded unless ``context_url`` names the published file.

    ``texts`` shares term texts between dumps; ``groups`` is ``graph`` already grouped by subject
    (exports.dumps.serialize.Prepared)."""
    texts = texts or TermTexts(ns)
    if groups is None:
        groups = group_by_subject(plain_triples(graph))
    out = [document_head(ns, context_url)]
    write_nodes(groups, sorted_subjects(groups), _NodeWriter(ns, texts), out)
    out.append(DOCUMENT_TAIL)
    return "".join(out)


def context_document(ns: Namespaces) -> str:
    return json.dumps({"@context": context(ns)}, ensure_ascii=False, indent=2) + "\n"
