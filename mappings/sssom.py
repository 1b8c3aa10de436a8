"""SSSOM/TSV mapping sets: read (strictly validated) and write (deterministic).

A file is a YAML metadata block whose lines start with ``#`` followed by a
tab-separated table. The block is read with PyYAML's safe loader, every scalar
kept as text (SSSOM metadata values are strings); YAML errors become one
``file:line`` message.

Public API (used by ``occlink match``, ``occlink review`` and the dataset build):

* :class:`MappingSet` – ``metadata`` (dict; ``curie_map`` is a dict of prefix →
  IRI, list-valued keys are lists, everything else a string) and ``rows``
  (list of dicts keyed by SSSOM column names, values are strings).
* :func:`read_sssom` – parse and validate; every problem raises
  :class:`~occlink.errors.InputError` naming the file and line.
* :func:`write_sssom` / :func:`sssom_text` – byte-stable output: fixed metadata
  order, fixed column order, only columns that carry a value, sorted rows.
* :func:`packaged_mapping_files` – the ``*.sssom.tsv`` sets shipped in
  ``occlink.mappings``.
* :func:`format_score` – how confidences/similarities are written (4 decimals).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

import yaml

from occlink.errors import InputError, read_text
from occlink.taxonomy.catalogs import CATALOGS

# Column order of every file we write (the SSSOM slots occlink uses, in schema order).
COLUMNS: tuple[str, ...] = (
    "subject_id", "subject_label", "subject_category", "subject_source", "subject_match_field",
    "predicate_id", "predicate_modifier",
    "object_id", "object_label", "object_category", "object_source", "object_match_field",
    "mapping_justification", "confidence",
    "match_string", "similarity_score", "similarity_measure",
    "author_id", "author_label", "reviewer_id", "reviewer_label", "reviewer_agreement", "review_date",
    "creator_id", "mapping_date", "mapping_tool", "mapping_tool_version", "curation_rule", "see_also",
    "issue_tracker_item", "license", "comment",
)
# Further standard SSSOM slots accepted on reading (kept, written after COLUMNS).
EXTRA_COLUMNS: tuple[str, ...] = (
    "subject_type", "subject_source_version", "subject_preprocessing",
    "object_type", "object_source_version", "object_preprocessing",
    "predicate_label", "predicate_type", "creator_label", "mapping_provider", "mapping_cardinality",
    "publication_date", "curation_rule_text", "other", "record_id", "mapping_source",
    "semantic_similarity_score", "semantic_similarity_measure",
)
KNOWN_COLUMNS = frozenset(COLUMNS) | frozenset(EXTRA_COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = ("subject_id", "predicate_id", "object_id", "mapping_justification")

PREDICATES: tuple[str, ...] = (
    "skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch",
)
JUSTIFICATIONS: tuple[str, ...] = (
    "semapv:LexicalMatching", "semapv:LexicalSimilarityThresholdMatching", "semapv:ManualMappingCuration",
    "semapv:CompositeMatching", "semapv:MappingReview", "semapv:SemanticSimilarityThresholdMatching",
    "semapv:LogicalReasoning", "semapv:MappingChaining", "semapv:MappingInversion",
    "semapv:StructuralMatching", "semapv:BackgroundKnowledgeBasedMatching", "semapv:UnspecifiedMatching",
)
PREDICATE_MODIFIERS = ("Not",)
# Prefixes SSSOM treats as built in (a file need not declare them).
BUILTIN_PREFIXES: dict[str, str] = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "sssom": "https://w3id.org/sssom/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "linkml": "https://w3id.org/linkml/",
}
# Columns whose values are CURIEs (possibly several, separated by "|").
CURIE_COLUMNS = frozenset({
    "subject_id", "object_id", "predicate_id", "mapping_justification", "subject_category",
    "object_category", "subject_match_field", "object_match_field", "author_id", "reviewer_id",
    "creator_id", "similarity_measure", "subject_source", "object_source", "curation_rule",
})
SCORE_COLUMNS = ("confidence", "similarity_score", "semantic_similarity_score")
# SSSOM 1.1: -1.0 the reviewer disagrees, 0.0 the reviewer is unsure, 1.0 agrees.
AGREEMENT_COLUMNS = ("reviewer_agreement",)
DATE_COLUMNS = ("mapping_date", "publication_date", "review_date")
# occlink's own prefixes: every SSSOM file occlink writes (reviewed sets and ``occlink match`` output)
# declares exactly these, so that files merge without prefix clashes. ``occlink`` is the base: the
# concept schemes are ``occlink:csco/2022`` … (the ``subject_source``/``object_source`` CURIEs).
SET_PREFIX_NAMES: tuple[str, ...] = ("bj", "bjd", "csco", "esco", "escoscheme", "isco", "occ", "occmap", "qh")
REVIEWER_PREFIXES: dict[str, str] = {
    "orcid": "https://orcid.org/",
    "occrev": "https://w3id.org/occlink/reviewer/",
}
# occlink's own catalogs → their scheme's path under the base (from the registry).
CATALOG_SCHEME_PATHS: dict[str, str] = {c.id: c.path for c in CATALOGS.values() if c.path is not None}
UNSURE_AGREEMENT = "0.0"
# Metadata keys in the order we write them; others follow alphabetically.
METADATA_ORDER: tuple[str, ...] = (
    "curie_map", "mapping_set_id", "mapping_set_version", "mapping_set_title", "mapping_set_description",
    "license", "creator_id", "creator_label", "author_id", "reviewer_id", "mapping_tool", "mapping_tool_version",
    "mapping_date", "publication_date", "subject_source", "subject_source_version", "object_source",
    "object_source_version", "see_also", "comment", "extension_definitions",
)
CURIE_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*):(\S*)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_SCALAR = re.compile(r"^[^\s\"'#\[\]{}&*!|>%@`,-][^\t\n]*$")


@dataclass
class MappingSet:
    """One SSSOM mapping set: metadata plus rows (dicts of column → string)."""

    metadata: dict[str, object] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def curie_map(self) -> dict[str, str]:
        value = self.metadata.get("curie_map")
        return dict(value) if isinstance(value, dict) else {}

    def positive_rows(self) -> list[dict[str, str]]:
        """Rows asserting a mapping (``predicate_modifier`` is not ``Not``)."""
        return [r for r in self.rows if r.get("predicate_modifier", "") != "Not"]


def is_unsure(row: dict[str, str]) -> bool:
    """A reviewer looked at the row and could not decide (SSSOM 1.1 ``reviewer_agreement`` 0.0, the
    convention sssom-pydantic and biomappings use): how the unsure set stays recognisable after a merge."""
    value = row.get("reviewer_agreement", "")
    try:
        return bool(value) and float(value) == 0.0
    except ValueError:
        return False


def sssom_prefixes(ns) -> dict[str, str]:
    """The ``curie_map`` every occlink SSSOM file declares (see ``SET_PREFIX_NAMES``)."""
    own = ns.curie_map()
    return {**{k: own[k] for k in SET_PREFIX_NAMES}, "occlink": ns.base, **REVIEWER_PREFIXES}


# Referenced vocabularies keep their publisher's scheme IRIs (ESCO's), not occlink's: the catalogs'
# own (ISCO-08) come from the registry; ESCO occupations are a mapping target but no catalog.
EXTERNAL_SCHEME_CURIES: dict[str, str] = {"esco": "escoscheme:occupations"}


def source_curie(catalog_id: str) -> str:
    """A catalog's concept scheme as the CURIE SSSOM's ``subject_source``/``object_source`` take."""
    if catalog_id in EXTERNAL_SCHEME_CURIES:
        return EXTERNAL_SCHEME_CURIES[catalog_id]
    return CATALOGS[catalog_id].source_curie


def format_score(value: float) -> str:
    """Scores are written with 4 decimals (stable text, enough resolution for review)."""
    text = f"{value:.4f}"
    return "0.0000" if text == "-0.0000" else text


# ----------------------------------------------------------------------------- reading
def read_sssom(path: Path | str, *, name: str | None = None) -> MappingSet:
    """Read and validate an SSSOM/TSV file. Raises InputError(file, line) on any problem."""
    path = Path(path)
    label = name or str(path)
    return parse_sssom(read_text(path, label), label)


def parse_header(lines: list[str], name: str) -> tuple[dict, list[str], int]:
    """The ``#`` metadata block and the column header of SSSOM/TSV lines (shared with the SHACL
    loader, which turns rows into RDF instead of refusing them): (metadata, columns, header line)."""
    header_end = 0
    while header_end < len(lines) and lines[header_end].startswith("#"):
        header_end += 1
    metadata = _parse_metadata(lines[:header_end], name)
    if "curie_map" not in metadata:
        raise InputError("metadata block has no curie_map", source=name, line=1)
    if header_end >= len(lines) or not lines[header_end].strip():
        raise InputError("no column header after the metadata block", source=name, line=header_end + 1)
    header_line = header_end + 1
    columns = [c.strip() for c in lines[header_end].split("\t")]
    seen: set[str] = set()
    declared = extension_slots(metadata)
    for col in columns:
        if col in seen:
            raise InputError(f"duplicate column {col!r}", source=name, line=header_line)
        seen.add(col)
        if col not in KNOWN_COLUMNS and col not in declared:
            raise InputError(f"unknown column {col!r}", source=name, line=header_line)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(f"missing required column(s) {', '.join(missing)}", source=name, line=header_line)
    return metadata, columns, header_line


def extension_slots(metadata: dict[str, object]) -> frozenset[str]:
    """Columns a set declares in its ``extension_definitions`` (SSSOM 1.0: ``slot_name``, ``property``,
    ``type_hint``); such non-standard columns are allowed, undeclared ones are refused."""
    definitions = metadata.get("extension_definitions")
    if not isinstance(definitions, list):
        return frozenset()
    return frozenset(d["slot_name"] for d in definitions if isinstance(d, dict) and d.get("slot_name"))


def parse_sssom(text: str, name: str = "<sssom>") -> MappingSet:
    """Parse SSSOM/TSV text (see :func:`read_sssom`)."""
    if "\x00" in text:
        raise InputError("binary content (NUL byte)", source=name)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    metadata, columns, header_line = parse_header(lines, name)
    prefixes = {**BUILTIN_PREFIXES, **metadata["curie_map"]}  # type: ignore[dict-item]
    rows: list[dict[str, str]] = []
    keys: dict[tuple[str, str, str, str, str], int] = {}
    for offset, row in body_rows(lines, columns, header_line, name):
        _validate_row(row, prefixes, name, offset)
        # Two reviewers may record the same mapping (agreement); one author may not twice.
        key = (row["subject_id"], row["predicate_id"], row["object_id"], row.get("predicate_modifier", ""),
               row.get("author_id", ""))
        if key in keys:
            raise InputError(f"duplicate mapping {key[0]} {key[1]} {key[2]} (first on line {keys[key]})",
                             source=name, line=offset)
        keys[key] = offset
        rows.append(row)
    return MappingSet(metadata, rows)


def body_rows(lines: list[str], columns: list[str], header_line: int, name: str):
    """(line number, row) for every non-blank data line after the header; empty cells are left out.
    A line with the wrong number of cells is refused with its line number."""
    for offset, line in enumerate(lines[header_line:], start=header_line + 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise InputError(f"{len(cells)} cells, expected {len(columns)}", source=name, line=offset)
        yield offset, {col: cell.strip() for col, cell in zip(columns, cells) if cell.strip()}


def _validate_row(row: dict[str, str], prefixes: dict[str, str], name: str, line: int) -> None:
    for col in REQUIRED_COLUMNS:
        if not row.get(col):
            raise InputError(f"empty {col}", source=name, line=line)
    for col in CURIE_COLUMNS:
        for value in row.get(col, "").split("|") if row.get(col) else ():
            match = CURIE_RE.match(value)
            if not match:
                raise InputError(f"{col} {value!r} is not a CURIE", source=name, line=line)
            if match.group(1) not in prefixes:
                raise InputError(f"{col} {value!r} uses prefix {match.group(1)!r} missing from curie_map",
                                 source=name, line=line)
    if row["predicate_id"] not in PREDICATES:
        raise InputError(f"predicate_id {row['predicate_id']!r} not one of {', '.join(PREDICATES)}",
                         source=name, line=line)
    if row["mapping_justification"] not in JUSTIFICATIONS:
        raise InputError(f"mapping_justification {row['mapping_justification']!r} is not a known semapv "
                         "justification", source=name, line=line)
    modifier = row.get("predicate_modifier")
    if modifier and modifier not in PREDICATE_MODIFIERS:
        raise InputError(f"predicate_modifier {modifier!r} must be 'Not'", source=name, line=line)
    # scores lie in [0, 1], agreements in [-1, 1]
    for columns, low in ((SCORE_COLUMNS, 0.0), (AGREEMENT_COLUMNS, -1.0)):
        for col in columns:
            if col in row:
                try:
                    number = float(row[col])
                except ValueError:
                    raise InputError(f"{col} {row[col]!r} is not a number", source=name, line=line) from None
                if not low <= number <= 1.0:  # also refuses NaN
                    raise InputError(f"{col} {row[col]} is outside [{low:g}, 1]", source=name, line=line)
    for col in DATE_COLUMNS:
        if col in row and not DATE_RE.match(row[col]):
            raise InputError(f"{col} {row[col]!r} is not YYYY-MM-DD", source=name, line=line)


class _TextLoader(yaml.SafeLoader):
    """SSSOM metadata is text: every plain scalar stays a string (a version ``1.0``, a date or
    ``yes`` must not turn into a number, date or boolean); an empty value is null; a key may
    appear once per map."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                where = "metadata key" if node.start_mark.column == 0 else "key"
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate {where} {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_TextLoader.yaml_implicit_resolvers = {}
_TextLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])


def _parse_metadata(lines: list[str], name: str) -> dict[str, object]:
    """The ``#`` block parsed as YAML (``#`` stripped from each line, so YAML's line numbers are
    the file's); any YAML error becomes one line naming the file and line."""
    text = "\n".join(raw[1:] for raw in lines)
    try:
        loaded = yaml.load(text, Loader=_TextLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "cannot read metadata"
        raise InputError(f"cannot read metadata: {problem}", source=name,
                         line=min(mark.line + 1, len(lines)) if mark else 1) from None
    except yaml.YAMLError as error:
        raise InputError(f"cannot read metadata: {error}", source=name, line=1) from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise InputError(f"cannot read metadata line {lines[0][1:].strip()!r}: not key: value",
                         source=name, line=1)
    metadata: dict[str, object] = {
        str(key): {} if value is None else _nulls_to_text(value) for key, value in loaded.items()}
    curie_map = metadata.get("curie_map")
    if curie_map is not None:
        if not isinstance(curie_map, dict) or not curie_map:
            raise InputError("curie_map must be a non-empty map of prefix: IRI", source=name, line=1)
        for prefix, iri in curie_map.items():
            if not isinstance(iri, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", prefix) \
                    or not re.match(r"^[a-z][a-z0-9+.-]*:", iri):
                raise InputError(f"curie_map entry {prefix!r}: {iri!r} is not prefix: IRI", source=name, line=1)
    return metadata


def _nulls_to_text(value: object) -> object:
    """A nested empty value reads as the empty string (a top-level empty key is an empty map)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return {str(k): _nulls_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nulls_to_text(v) for v in value]
    return value


# ----------------------------------------------------------------------------- writing
def _scalar(value: str) -> str:
    if value and _PLAIN_SCALAR.match(value) and ": " not in value and " #" not in value \
            and not value.endswith((":", " ")):
        return value
    return json.dumps(value, ensure_ascii=False)


def _metadata_lines(metadata: dict[str, object]) -> list[str]:
    order = [k for k in METADATA_ORDER if k in metadata]
    order += sorted(k for k in metadata if k not in METADATA_ORDER)
    out: list[str] = []
    for key in order:
        value = metadata[key]
        if isinstance(value, dict):
            out.append(f"#{key}:")
            out.extend(f"#  {k}: {_scalar(str(v))}" for k, v in sorted(value.items()))
        elif isinstance(value, (list, tuple)):
            out.append(f"#{key}:")
            for item in value:
                if isinstance(item, dict):  # a list of maps (extension_definitions), keys in given order
                    first = True
                    for k, v in item.items():
                        out.append(f"#  {'- ' if first else '  '}{k}: {_scalar(str(v))}")
                        first = False
                else:
                    out.append(f"#  - {_scalar(str(item))}")
        elif value is not None and str(value) != "":
            out.append(f"#{key}: {_scalar(str(value))}")
    return out


def _row_key(row: dict[str, str]) -> tuple[str, ...]:
    return (row.get("subject_id", ""), row.get("object_id", ""), row.get("predicate_id", ""),
            row.get("predicate_modifier", ""), row.get("mapping_justification", ""))


def sssom_text(mapping_set: MappingSet) -> str:
    """The set as SSSOM/TSV text: stable header, fixed column order, sorted rows."""
    declared = extension_slots(mapping_set.metadata)
    for row in mapping_set.rows:
        for col, value in row.items():
            if col not in KNOWN_COLUMNS and col not in declared:
                raise ValueError(f"unknown SSSOM column {col!r}")
            if any(ch in str(value) for ch in "\t\n\r"):
                raise ValueError(f"{col} of {row.get('subject_id')} contains a tab or newline")
    used = {col for row in mapping_set.rows for col, value in row.items() if value not in ("", None)}
    used |= set(REQUIRED_COLUMNS)
    columns = [c for c in COLUMNS if c in used] + sorted(c for c in EXTRA_COLUMNS if c in used)
    # declared extension columns last, in their declaration order
    definitions = mapping_set.metadata.get("extension_definitions")
    columns += [d["slot_name"] for d in definitions if isinstance(d, dict) and d.get("slot_name") in used] \
        if isinstance(definitions, list) else []
    out = io.StringIO()
    for line in _metadata_lines(mapping_set.metadata):
        out.write(line + "\n")
    out.write("\t".join(columns) + "\n")
    for row in sorted(mapping_set.rows, key=_row_key):
        out.write("\t".join(str(row.get(c, "") or "") for c in columns) + "\n")
    return out.getvalue()


def write_sssom(mapping_set: MappingSet, target: Path | str | IO[str]) -> None:
    """Write the set to a path (atomically: temp file + rename) or to a text stream."""
    text = sssom_text(mapping_set)
    if isinstance(target, (str, Path)):
        from occlink.files import write_atomic
        write_atomic(Path(target), text)
    else:
        target.write(text)


def packaged_mapping_files(chosen: Path | None = None) -> list[Path]:
    """The curated ``*.sssom.tsv`` decision sets, sorted by name: those of the folder the
    reviewer chose (the run context's ``mappings_dir``, see ``mappings/folder.py``), else the shipped ones."""
    folder = chosen or resources.files("occlink.mappings")
    if not Path(str(folder)).is_dir():
        return []
    return sorted((Path(str(p)) for p in folder.iterdir() if p.name.endswith(".sssom.tsv")),
                  key=lambda p: p.name)
