"""Candidates → SSSOM mapping set, table or JSON (what ``occlink match`` prints)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Set
from datetime import date
from pathlib import Path

from occlink import __version__
from occlink.exports.sparql.results import neutralize  # spreadsheet formula injection (= + - @)
from occlink.mappings.chaining import Chain, chain_columns, extension_definitions
from occlink.mappings.matcher import Candidate
from occlink.mappings.sssom import (
    CATALOG_SCHEME_PATHS,
    MappingSet,
    format_score,
    source_curie,
    sssom_prefixes,
    sssom_text,
)
from occlink.taxonomy.namespaces import Namespaces

TOOL = "occlink match"


def mapping_set(candidates: list[Candidate], ns: Namespaces, source: str, target: str,
                csv_files: dict[str, str] | None = None, mapping_date: str | None = None) -> MappingSet:
    """A SSSOM set of matcher proposals (semapv:LexicalMatching or semapv:MappingChaining; author = the tool)."""
    day = mapping_date or date.today().isoformat()
    chains = [c.chain for c in candidates if isinstance(c.chain, Chain)]
    chained = bool(chains)
    used = {c.subject.id.split(":", 1)[0] for c in candidates} | {c.object.id.split(":", 1)[0] for c in candidates}
    used |= {chain.pivot.split(":", 1)[0] for chain in chains}
    metadata = set_metadata(ns, source, target, csv_files, day, chained=chained, used=used)
    return MappingSet(metadata, [sssom_row(c, day) for c in candidates])


def sssom_row(c: Candidate, day: str) -> dict[str, str]:
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
    return row


def set_metadata(ns: Namespaces, source: str, target: str, csv_files: dict[str, str] | None, day: str, *,
                 chained: bool = False, used: Set[str] = frozenset()) -> dict[str, object]:
    # the same prefixes as the reviewed sets, plus one per CSV file (its ids are local to it), plus any
    # other project prefix the ids use (isco:, esco: for the ISCO/ESCO targets)
    curie_map = sssom_prefixes(ns)
    own = ns.curie_map()
    for prefix in sorted(used):
        if prefix not in curie_map and prefix in own:
            curie_map[prefix] = own[prefix]
    for prefix, note in sorted((csv_files or {}).items()):
        curie_map[prefix] = note
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
    # (its name is in the comment; its ids are CURIEs of the file's prefix). The dataset version and
    # checksum say exactly which data the candidates were made against.
    facts = dataset_facts(ns)
    for key, ref in (("subject_source", source), ("object_source", target)):
        if ref in CATALOG_SCHEME_PATHS:
            metadata[key] = source_curie(ref)
            metadata[f"{key}_version"] = facts
    if chained:
        metadata["comment"] = (
            "Unreviewed candidates proposed by the occlink matcher: lexical (semapv:LexicalMatching, calibrated "
            "confidence) and chained through a national concept (semapv:MappingChaining; see_also and the "
            "subject_pivot_*/object_pivot_* columns name both source mappings; see docs/matching.md)." + "".join(
                f" {role} file: {ref}." for role, ref in (("Subject", source), ("Object", target))
                if ref not in CATALOG_SCHEME_PATHS))
        metadata["extension_definitions"] = extension_definitions()
    metadata["comment"] = f"{metadata['comment']} Made against the occlink dataset {facts}."
    return metadata


def dataset_facts(ns: Namespaces) -> str:
    """Which compiled dataset the candidates were made against: ``0.1.0 sha256:…`` of occlink.nt
    (what ``occlink cite`` prints and the DCAT catalog lists)."""
    from occlink.exports.dumps.compiled import dataset_checksum
    return f"{__version__} sha256:{dataset_checksum(ns)}"


# --------------------------------------------------------------------------------- provenance
# What a table of codes or candidates was made against. SSSOM carries it in its own header; a CSV,
# TSV or JSON list has no place for it that researchers' readers keep (a '#' line breaks
# pandas.read_csv, a constant column bloats every row), so it goes to stderr and to a JSON file
# beside the output: FILE.provenance.json (docs/matching.md "Provenance of coded tables").
PROVENANCE_SUFFIX = ".provenance.json"


def provenance(ns: Namespaces, tool: str, target: str, **facts: object) -> dict[str, object]:
    """The dataset (IRI, version, sha256 of occlink.nt — what ``occlink cite`` prints), the tool and
    its version, the target list, the day, and any ``facts`` of the run (input, counts, options)."""
    from occlink.exports.dumps.compiled import FULL_DUMP, dataset_checksum, dataset_version
    from occlink.graph.citation import dataset_iri
    return {"tool": tool, "tool_version": __version__, "date": date.today().isoformat(), "target": target,
            "dataset": {"iri": dataset_iri(ns), "version": dataset_version(), "sha256": dataset_checksum(ns),
                        "checksum_of": FULL_DUMP},
            **facts}


def provenance_line(record: dict[str, object]) -> str:
    """One line for stderr naming the dataset a run was made against."""
    dataset = record["dataset"]
    assert isinstance(dataset, dict)
    return (f"made against occlink dataset {dataset['version']} sha256:{dataset['sha256']} "
            f"({dataset['checksum_of']}; occlink cite)")


def provenance_path(out_path: Path) -> Path:
    """The default sidecar of an output file: ``coded.csv`` → ``coded.csv.provenance.json``."""
    return out_path.with_name(out_path.name + PROVENANCE_SUFFIX)


def write_provenance(path: Path, record: dict[str, object], output: Path | None = None) -> None:
    """Write the sidecar atomically; with ``output``, also its name and sha256 (ties the two files)."""
    from occlink.files import write_atomic
    if output is not None:
        digest = hashlib.sha256()
        with output.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        record = {**record, "output": {"file": output.name, "sha256": digest.hexdigest()}}
    write_atomic(path, json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _slug(ref: str) -> str:
    base = ref.rsplit("/", 1)[-1]
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in base.rsplit(".", 1)[0]) or "source"


TABLE_HEADER = ("subject_id\tsubject_label\trank\tobject_id\tobject_label\tpredicate_id\tconfidence\tmatch_string"
                "\tmapping_justification")


def table_line(c: Candidate, rank: int) -> str:
    return "\t".join([c.subject.id, neutralize(c.subject_label), str(rank), c.object.id,
                      neutralize(c.object.label("zh")), c.predicate, format_score(c.confidence),
                      neutralize(c.match_string), c.justification])


def as_table(candidates: list[Candidate]) -> str:
    lines = [TABLE_HEADER]
    rank = 0
    previous = None
    for c in candidates:
        rank = rank + 1 if c.subject.id == previous else 1
        previous = c.subject.id
        lines.append(table_line(c, rank))
    return "\n".join(lines) + "\n"


def json_item(c: Candidate) -> dict[str, object]:
    return {
        "subject_id": c.subject.id, "subject_label": c.subject_label, "object_id": c.object.id,
        "object_label": c.object.label("zh"), "predicate_id": c.predicate,
        "confidence": float(format_score(c.confidence)), "match_string": c.match_string,
        "evidence": {k: c.evidence[k] for k in sorted(c.evidence)},
        "mapping_justification": c.justification,
        **({"chain": chain_columns(c.chain)} if isinstance(c.chain, Chain) else {}),
    }


def as_json(candidates: list[Candidate]) -> str:
    return json.dumps([json_item(c) for c in candidates], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# Columns of streamed SSSOM output (lexical candidates of CSV rows; fixed before the first row).
STREAM_SSSOM_COLUMNS = ("subject_id", "subject_label", "subject_match_field", "predicate_id", "object_id",
                        "object_label", "object_match_field", "mapping_justification", "confidence",
                        "match_string", "similarity_score", "similarity_measure", "mapping_date", "mapping_tool")


class StreamRenderer:
    """The same three formats, written piece by piece (rows in input order, each subject's candidates
    best first), for ``occlink match`` on a CSV source of any size."""

    def __init__(self, fmt: str, ns: Namespaces, source: str, target: str, csv_files: dict[str, str] | None,
                 prefixes: set[str], mapping_date: str | None = None):
        self.fmt = fmt
        self.day = mapping_date or date.today().isoformat()
        self.metadata = set_metadata(ns, source, target, csv_files, self.day, used=prefixes)
        self.first = True
        self._tails: dict = {}

    def start(self) -> str:
        if self.fmt == "sssom":
            metadata = sssom_text(MappingSet(self.metadata, []))
            lines = metadata.splitlines()[:-1]  # drop the minimal column header: ours is fixed
            return "\n".join(lines + ["\t".join(STREAM_SSSOM_COLUMNS)]) + "\n"
        if self.fmt == "json":
            return "["
        return TABLE_HEADER + "\n"

    def rows(self, candidates: list[Candidate]) -> str:
        """One subject's candidates, best first."""
        if not candidates:
            return ""
        if self.fmt == "sssom":
            out = []
            for c in candidates:
                row = sssom_row(c, self.day)
                for col, value in row.items():
                    if any(ch in str(value) for ch in "\t\n\r"):
                        raise ValueError(f"{col} of {row.get('subject_id')} contains a tab or newline")
                out.append("\t".join(row.get(col, "") for col in STREAM_SSSOM_COLUMNS))
            return "\n".join(out) + "\n"
        if self.fmt == "json":
            parts = []
            for c in candidates:
                text = json.dumps(json_item(c), ensure_ascii=False, indent=2, sort_keys=True)
                parts.append(("\n" if self.first else ",\n") + "\n".join("  " + ln for ln in text.splitlines()))
                self.first = False
            return "".join(parts)
        return "\n".join(table_line(c, rank) for rank, c in enumerate(candidates, start=1)) + "\n"

    def hit_rows(self, subject_id: str, texts, hits, entry_of) -> str:
        """Table or SSSOM rows straight from bulk hits (no per-row objects: postings repeat, so the part
        of a row that depends only on the hit is rendered once and remembered)."""
        out = []
        for rank, hit in enumerate(hits, start=1):
            tail = self._tails.get(hit)
            if tail is None:
                tail = self._tail(hit, entry_of(hit))
                if len(self._tails) > 500_000:
                    self._tails.clear()
                self._tails[hit] = tail
            label = neutralize(texts[hit.subject_label])
            if self.fmt == "sssom":
                out.append(f"{subject_id}\t{label}\t{hit.subject_match_field}\t{tail}")
            else:
                out.append(f"{subject_id}\t{label}\t{rank}\t{tail}")
        return "\n".join(out) + "\n"

    def _tail(self, hit, entry) -> str:
        label = neutralize(entry.label("zh"))
        if self.fmt == "sssom":
            cells = [hit.predicate, entry.id, label, hit.object_match_field, "semapv:LexicalMatching",
                     format_score(hit.confidence), neutralize(hit.match_string), format_score(hit.similarity),
                     "occ:idfCosineBigramToken", self.day, TOOL]
            assert len(cells) + 3 == len(STREAM_SSSOM_COLUMNS)
        else:
            cells = [entry.id, label, hit.predicate, format_score(hit.confidence), neutralize(hit.match_string),
                     "semapv:LexicalMatching"]
        text = "\t".join(cells)
        if "\n" in text or "\r" in text or text.count("\t") != len(cells) - 1:
            raise ValueError(f"a label of {entry.id} contains a tab or newline")
        return text

    def end(self) -> str:
        if self.fmt == "json":
            return "]\n" if self.first else "\n]\n"
        return ""


def render(candidates: list[Candidate], fmt: str, ns: Namespaces, source: str, target: str,
           csv_files: dict[str, str] | None = None) -> str:
    if fmt == "sssom":
        return sssom_text(mapping_set(candidates, ns, source, target, csv_files))
    if fmt == "json":
        return as_json(candidates)
    return as_table(candidates)
