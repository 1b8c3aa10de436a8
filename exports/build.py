"""``occlink build``: every dump, written atomically into one folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from occlink.taxonomy.catalogs import available_catalogs
from occlink.taxonomy.namespaces import Namespaces

from .dataset import dataset_graph
from .jsonld import context_document
from .serialize import FORMATS, serialize, write_atomic

DEFAULT_OUT = Path("occlink-data")


def build_dataset(ns: Namespaces, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    full = dataset_graph(ns)
    parts = {"occlink": full}
    for catalog_id in available_catalogs():
        parts[catalog_id] = dataset_graph(ns, [catalog_id], with_mappings=False, with_metadata=False)
    for name, graph in parts.items():
        for fmt, (ext, _) in FORMATS.items():
            path = out_dir / f"{name}.{ext}"
            write_atomic(path, serialize(graph, fmt, ns))
            written.append(path)
    context = out_dir / "context.jsonld"
    write_atomic(context, context_document(ns))
    written.append(context)
    if importlib.util.find_spec("occlink.mappings.sssom") is not None:
        from occlink.mappings.sssom import packaged_mapping_files
        for source in packaged_mapping_files():
            target = out_dir / "mappings" / source.name
            write_atomic(target, source.read_bytes())
            written.append(target)
    from occlink.exports.tables import write_tables  # flat CSV per catalogue and mapping set
    written.extend(write_tables(ns, out_dir, full))
    if importlib.util.find_spec("occlink.exports.metadata") is not None:
        from occlink.exports.metadata import write_catalog_metadata
        written.extend(write_catalog_metadata(ns, out_dir, written))
    return written
