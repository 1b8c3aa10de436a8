"""``occlink build``: every dump, written into a staged folder that replaces the output folder at once."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from occlink.exports.dumps.folders import replace_folder, write_output
from occlink.exports.dumps.jsonld import context_document, to_jsonld
from occlink.exports.dumps.serialize import FORMATS, Prepared, TermTexts, serialize, to_turtle
from occlink.files import write_atomic
from occlink.graph.dataset import Triple, catalog_part, dataset_triples, no_gc, vocabulary_triples
from occlink.graph.distributions import catalog_document, metadata_triples
from occlink.taxonomy.catalogs import available_catalogs
from occlink.taxonomy.namespaces import Namespaces

DEFAULT_OUT = Path("occlink-data")
MARKER = ".occlink-build"
MARKER_TEXT = "occlink dumps; `occlink build` replaces this folder\n"


def _is_build_folder(folder: Path) -> bool:
    """A folder ``occlink build`` may replace: it has the marker, or it is an unmarked earlier build."""
    return (folder / MARKER).is_file() or ((folder / "catalog.ttl").is_file() and (folder / "occlink.nt").is_file())


def build_folder(ns: Namespaces, out_dir: Path, mappings_dir: Path | None = None) -> list[Path]:
    """``occlink build``: write every dump into a sibling of ``out_dir`` and swap it in (exports.folders).

    Returns the written files under their final names in ``out_dir``."""
    def write(stage: Path) -> list[Path]:
        written = build_dataset(ns, stage, mappings_dir)
        write_output(stage / MARKER, MARKER_TEXT)
        return [p.relative_to(stage) for p in written]

    relative = replace_folder(out_dir, write, may_replace=_is_build_folder,
                              refusal="folder is not empty and was not written by `occlink build`; "
                                      "choose an empty or new folder")
    return [Path(out_dir) / p for p in relative]


def build_dataset(ns: Namespaces, out_dir: Path, mappings_dir: Path | None = None) -> list[Path]:
    """Write every dump into ``out_dir`` in place (``build_folder`` stages and swaps; the site writer stages).

    The reviewed decisions are those of ``mappings_dir`` (the run's chosen folder), else the shipped sets."""
    with no_gc():  # ~10⁶ long-lived terms and strings: the cyclic collector would rescan them over and over
        return _write_dumps(ns, out_dir, mappings_dir)


def _write_dumps(ns: Namespaces, out_dir: Path, mappings_dir: Path | None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    # plain triples from the source tables to the writers, no rdflib Graph (occlink.triples):
    # the writers only iterate, the tables ask the dataset's indexes
    full = dataset_triples(ns, mappings_dir=mappings_dir)
    parts: dict[str, Iterable[Triple]] = {"occlink": list(full)}
    vocabulary = vocabulary_triples(ns)
    for catalog_id in available_catalogs():
        parts[catalog_id] = catalog_part(ns, catalog_id, vocabulary)
    texts = TermTexts(ns)  # the catalogs' terms are the dataset's: each term's text is made once
    for name, triples in parts.items():
        prepared = Prepared(triples, texts)  # converted and grouped once for the three formats
        for fmt, (ext, _) in FORMATS.items():
            path = out_dir / f"{name}.{ext}"
            write_output(path, serialize(prepared, fmt, ns))
            written.append(path)
        del prepared
    context = out_dir / "context.jsonld"
    write_output(context, context_document(ns))
    written.append(context)
    from occlink.mappings.sssom import packaged_mapping_files
    for source in packaged_mapping_files(mappings_dir):
        target = out_dir / "mappings" / source.name
        write_output(target, source.read_bytes())
        written.append(target)
    from occlink.exports.dumps.tables import write_tables  # flat CSV per catalogue and mapping set
    written.extend(write_tables(ns, out_dir, full))
    # the metadata part of occlink.nt, cut from the triples it was written from (not read back)
    written.extend(write_catalog_metadata(ns, out_dir, written, metadata_triples(ns, parts["occlink"])))
    return written


def write_catalog_metadata(ns: Namespaces, out_dir: Path, written_paths: list[Path],
                           metadata: Iterable[Triple] | None = None) -> list[Path]:
    """Write OUT/catalog.ttl and OUT/catalog.jsonld describing the files in ``written_paths``
    (``metadata``: the full dump's metadata triples, else read from OUT/occlink.nt)."""
    graph = catalog_document(ns, Path(out_dir), [Path(p) for p in written_paths], metadata)
    outputs = {Path(out_dir) / "catalog.ttl": to_turtle(graph, ns),
               Path(out_dir) / "catalog.jsonld": to_jsonld(graph, ns)}
    for path, text in outputs.items():
        write_atomic(path, text)
    return list(outputs)

