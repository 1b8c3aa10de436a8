"""The compiled dataset on disk: every dump plus an Oxigraph store, built once and reused while fresh.

Every command that reads the dataset (``query``, ``serve``, ``stats``, ``validate``,
``export``, ``publish``, ``cite``, the Python API) opens this folder instead of
rebuilding the dataset in rdflib: the first use runs the same build as ``occlink
build`` into a per-user cache folder and loads the full N-Triples dump into an
embedded Oxigraph store beside the dumps (``store/``, the dataset in its one named
graph ``{base}dataset/occlink``); later uses open that store read-only, so any
number of processes (serve's workers, parallel ``occlink query`` runs) read it at once.

Freshness: the folder is named by a fingerprint of everything that shapes the
output (``dataset_fingerprint``): the installed occlink code and tables, the
decision sets in use (``$OCCLINK_MAPPINGS_DIR``, else the shipped ones), an
imported Beijing table, the base IRI and the occlink version. A decision recorded
by ``occlink review`` or an ``occlink import beijing`` changes the fingerprint, so
the next command builds a new folder; nothing has to be cleared by hand.

Folder: ``$OCCLINK_CACHE_DIR``, else ``$XDG_CACHE_HOME/occlink``, else
``~/.cache/occlink``; one subfolder ``{version}-{fingerprint}`` per build. A build
goes to a hidden sibling folder that is renamed into place when complete, so a
concurrent first use never sees a half-written folder, and of two processes
building at once the second uses the first one's (identical) folder. After a
build only the ``KEEP_FOLDERS`` most recently used folders are kept (each recorded
decision makes a new one); ``occlink cache clear`` deletes them all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from occlink import __version__
from occlink.errors import InputError
from occlink.taxonomy.context import CACHE_DIR_ENV, Context
from occlink.taxonomy.namespaces import Namespaces, default_base_iri

CACHE_ENV = CACHE_DIR_ENV
CACHE_LOCK = ".lock"  # a file in the cache root: builds hold it shared, ``cache clear`` exclusive
FULL_DUMP = "occlink.nt"
STORE_FOLDER = "store"
DERIVED_FOLDER = "derived"  # figures computed from the store at build time (not dumps: ``occlink build`` has none)
STATS_FILE = "stats.json"  # ``occlink stats`` of every catalog (exports/sparql/stats.py ``store_stats``)
INSPECTIONS_FILE = "inspected.json"  # the packaged example queries, inspected (exports/sparql/query.py)
LAYOUT = "dumps+store+stats 2"  # bump when the folder's layout changes: older folders are then never opened
_PACKAGE_ROOTS = ("occlink", "occlink.taxonomy", "occlink.mappings", "occlink.graph", "occlink.shapes",
                  "occlink.exports")
_SKIPPED_SUFFIXES = (".pyc",)
if TYPE_CHECKING:
    import pyoxigraph as ox
# files a user changes while occlink is installed: hashed on every call, never from the per-process cache
_DECISIONS_SUFFIX = ".sssom.tsv"
_IMPORTED_TABLES = ("beijing2023_urgent.tsv",)  # written by `occlink import beijing` (taxonomy/beijing_urgent.py)
KEEP_FOLDERS = 4  # compiled folders kept after a build (each review decision makes a new one)
_build_lock = threading.Lock()


# What a compiled folder is for: a run's context (base IRI, decisions folder, cache folder), or just
# the namespaces (the shipped decisions, the default cache folder).
Source = Context | Namespaces | None


def _context(source: Source) -> Context:
    if isinstance(source, Context):
        return source
    return Context(ns=source or Namespaces(default_base_iri()))


def cache_root(source: Source = None) -> Path:
    """The run's cache folder (``--``/``$OCCLINK_CACHE_DIR`` via the context), else the XDG user cache."""
    explicit = _context(source).cache_dir
    if explicit is not None:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "occlink"


def _is_user_data(package: str, relative: str) -> bool:
    return relative.endswith(_DECISIONS_SUFFIX) or (package == "occlink.taxonomy" and relative in _IMPORTED_TABLES)


def _package_files() -> list[tuple[str, str, Path]]:
    import importlib.resources as resources
    files: list[tuple[str, str, Path]] = []
    for package in _PACKAGE_ROOTS:
        root = Path(str(resources.files(package)))
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and not p.name.endswith(_SKIPPED_SUFFIXES)):
            files.append((package, path.relative_to(root).as_posix(), path))
    return files


@lru_cache(maxsize=8)
def package_fingerprint(base: str) -> str:
    """sha256 (16 hex digits) of the installed occlink code and tables (not the files a user edits:
    decision sets, an imported table — ``dataset_fingerprint`` reads those fresh), and the base IRI."""
    digest = hashlib.sha256(f"{__version__}\n{base}\n{LAYOUT}\n".encode())
    for package, relative, path in _package_files():
        if not _is_user_data(package, relative):
            digest.update(f"{package}/{relative}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _user_data_files(mappings_dir: Path | None) -> list[tuple[str, Path]]:
    """The decision sets in use and an imported Beijing table, as (label, path), in a stable order."""
    import importlib.resources as resources

    chosen = mappings_dir
    folder = chosen if chosen is not None else Path(str(resources.files("occlink.mappings")))
    files: list[tuple[str, Path]] = []
    if folder.is_dir():
        files += [(f"decisions/{p.name}", p) for p in sorted(folder.iterdir(), key=lambda p: p.name)
                  if p.name.endswith(_DECISIONS_SUFFIX) and p.is_file()]
    taxonomy = Path(str(resources.files("occlink.taxonomy")))
    files += [(f"imported/{name}", taxonomy / name) for name in _IMPORTED_TABLES if (taxonomy / name).is_file()]
    return files


def dataset_fingerprint(source: Source) -> str:
    """sha256 (16 hex digits) of everything that shapes the compiled dataset: the package fingerprint
    plus the contents of the decision sets in use and of an imported Beijing table (read on every call)."""
    context = _context(source)
    digest = hashlib.sha256(f"{package_fingerprint(context.ns.base)}\n".encode())
    for label, path in _user_data_files(context.mappings_dir):
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read ({exc.strerror or exc})", source=str(path)) from None
        digest.update(f"{label}\n{len(content)}\n".encode())
        digest.update(content)
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Compiled:
    """A complete compiled folder: the dumps and ``store/`` (the dataset in graph ``graph_iri``)."""

    folder: Path
    graph_iri: str

    @property
    def store_path(self) -> Path:
        return self.folder / STORE_FOLDER

    @property
    def full_dump(self) -> Path:
        return self.folder / FULL_DUMP


def store_graph_iri(ns: Namespaces) -> str:
    """The store's one graph: the whole dataset's IRI (the SPARQL engine's default graph)."""
    return f"{ns.base}dataset/occlink"


def _complete(folder: Path) -> bool:
    return (folder / FULL_DUMP).is_file() and (folder / "catalog.ttl").is_file() and (folder / STORE_FOLDER).is_dir()


def is_fresh(source: Source = None) -> bool:
    """True when the compiled folder for the current fingerprint exists (nothing is built)."""
    return _complete(cache_root(source) / f"{__version__}-{dataset_fingerprint(source)}")


def compiled(source: Source = None) -> Compiled:
    """The compiled dataset for a run's context (or namespaces: the shipped decisions), built on
    first use and whenever stale."""
    context = _context(source)
    ns = context.ns
    target = cache_root(context) / f"{__version__}-{dataset_fingerprint(context)}"
    if not _complete(target):
        with _build_lock:
            if not _complete(target):
                _build(context, target)
                prune(keep=KEEP_FOLDERS, source=context)
    else:
        try:
            os.utime(target)  # most recently used: pruning keeps it
        except OSError:
            pass
    return Compiled(target, store_graph_iri(ns))


def compiled_dir(source: Source = None) -> Path:
    """The folder holding the full build (default base IRI, shipped decisions), building it on first use."""
    return compiled(source).folder


def load_store_folder(nt_path: Path, store_path: Path, graph_iri: str) -> None:
    """Write an on-disk Oxigraph store holding the N-Triples file in graph ``graph_iri``."""
    import pyoxigraph as ox
    store = ox.Store(str(store_path))
    store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri))
    store.flush()
    del store  # closes the database before the folder is renamed


@contextmanager
def _cache_lock(root: Path, *, exclusive: bool) -> Iterator[None]:
    """Builds share the cache root's lock; ``cache clear`` takes it alone, so it waits for builds in
    progress instead of deleting their staging folders under them (and a build waits for a clear)."""
    import fcntl
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / CACHE_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(f"cannot write the dataset cache ({exc.strerror or exc}); set {CACHE_ENV} to a "
                         "writable folder", source=str(root)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


def _build(context: Context, target: Path) -> None:
    with _cache_lock(target.parent, exclusive=False):
        _build_staged(context, target)


def _build_staged(context: Context, target: Path) -> None:
    from occlink.exports.dumps.build import build_dataset
    ns = context.ns
    if target.exists():  # incomplete or damaged (e.g. a store deleted by hand): set it aside first
        discard_folder(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise InputError(f"cannot write the dataset cache ({exc.strerror or exc}); set {CACHE_ENV} to a "
                         "writable folder", source=str(target.parent)) from None
    try:
        build_dataset(ns, staging, context.mappings_dir)
        load_store_folder(staging / FULL_DUMP, staging / STORE_FOLDER, store_graph_iri(ns))
        write_stats(staging, store_graph_iri(ns), ns)
        write_inspections(staging, ns)
        try:
            os.replace(staging, target)
        except OSError:  # another process finished first: use its (identical) build
            if not _complete(target):
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def write_stats(folder: Path, graph_iri: str, ns: Namespaces) -> None:
    """Count the store's stats once, when it is built: they depend on nothing else, so ``occlink stats``
    reads them instead of running its 37 queries in every process."""
    import json

    import pyoxigraph as ox

    from occlink.exports.sparql.stats import store_stats
    from occlink.taxonomy.catalogs import available_catalogs
    store = ox.Store.read_only(str(folder / STORE_FOLDER))
    result = store_stats(store, graph_iri, available_catalogs(), ns)
    del store
    (folder / DERIVED_FOLDER).mkdir(exist_ok=True)
    # key order kept (no sort_keys): `occlink stats --format json` prints the dict as store_stats made it
    (folder / DERIVED_FOLDER / STATS_FILE).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


def write_inspections(folder: Path, ns: Namespaces) -> None:
    """Inspect every packaged example once, when the folder is built: a command running an example then
    skips rdflib's SPARQL parser (~0.2 s to import and parse in each process)."""
    import json

    from occlink.exports.sparql.examples import list_examples
    from occlink.exports.sparql.query import inspection_key, inspection_record
    found = {inspection_key(e.text, ns): inspection_record(e.text, ns) for e in list_examples(ns)}
    (folder / DERIVED_FOLDER).mkdir(exist_ok=True)
    (folder / DERIVED_FOLDER / INSPECTIONS_FILE).write_text(json.dumps(found, ensure_ascii=False, sort_keys=True),
                                                            encoding="utf-8")


def stored_inspection(source: Source, key: str) -> list | None:
    """The inspection stored under ``key`` by ``write_inspections`` in a fresh compiled folder, else None
    (nothing is built here: a query that is refused must not wait for a build)."""
    import json
    folder = cache_root(source) / f"{__version__}-{dataset_fingerprint(source)}"
    try:
        found = json.loads((folder / DERIVED_FOLDER / INSPECTIONS_FILE).read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, list) and len(found) == 4 else None


def compiled_stats(source: Source, catalog_ids: list[str]) -> dict:
    """``store_stats`` of ``catalog_ids`` (in that order), read from the compiled folder; counted on the
    store when the file is missing or unreadable."""
    import json
    built = compiled(source)
    try:
        stored = json.loads((built.folder / DERIVED_FOLDER / STATS_FILE).read_text(encoding="utf-8"))
        by_id = {c["id"]: c for c in stored["catalogs"]}
        return {"triples": stored["triples"], "catalogs": [by_id[cid] for cid in catalog_ids]}
    except (OSError, ValueError, KeyError, TypeError):
        from occlink.exports.sparql.stats import store_stats
        store, built = open_store(source)
        return store_stats(store, built.graph_iri, catalog_ids, _context(source).ns)


def discard_folder(folder: Path) -> None:
    """Move a compiled folder out of the way (rename first, so no reader sees it half-deleted), then delete it."""
    try:
        aside = Path(tempfile.mkdtemp(prefix=f".discard-{folder.name}.", dir=folder.parent))
        os.replace(folder, aside / folder.name)
    except OSError:
        return  # already gone (another process discarded it)
    shutil.rmtree(aside, ignore_errors=True)


def open_store(source: Source = None) -> tuple[ox.Store, Compiled]:
    """The compiled store, opened read-only (several processes may hold it); a store that cannot be
    opened is discarded and rebuilt once."""
    import pyoxigraph as ox
    for attempt in range(2):
        built = compiled(source)
        try:
            return ox.Store.read_only(str(built.store_path)), built
        except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
            if attempt:
                raise InputError(f"cannot open the compiled store ({' '.join(str(exc).split())[:200]}); "
                                 f"delete the cache folder (occlink cache clear)",
                                 source=str(built.store_path)) from None
            discard_folder(built.folder)
    raise AssertionError("unreachable")


def compiled_dump(source: Source, fmt: str, catalogs: list[str] | tuple[str, ...]) -> tuple[Path, int] | None:
    """The compiled folder's dump of the whole dataset (no catalog) or of one catalog in ``fmt``, with its
    triple count — the same bytes ``serialize(dataset_graph(ns, catalogs), fmt)`` gives — or None when
    the folder has no such file (several catalogs together)."""
    from occlink.exports.dumps.serialize import FORMATS
    if len(catalogs) > 1 or fmt not in FORMATS:
        return None
    name = catalogs[0] if catalogs else FULL_DUMP.split(".")[0]
    folder = compiled_dir(source)
    path, ntriples = folder / f"{name}.{FORMATS[fmt][0]}", folder / f"{name}.nt"
    if not (path.is_file() and ntriples.is_file()):
        return None
    with ntriples.open("rb") as lines:
        return path, sum(1 for _ in lines)


@lru_cache(maxsize=8)
def _checksum(folder: str) -> str:
    from occlink.graph.distributions import file_facts
    return file_facts(Path(folder) / FULL_DUMP)[1]


def dataset_checksum(source: Source = None) -> str:
    """sha256 (hex) of the full N-Triples dump ``occlink.nt`` — the same value the DCAT catalog lists
    for that file and ``sha256sum occlink-data/occlink.nt`` prints after ``occlink build``."""
    return _checksum(str(compiled_dir(source)))


def dataset_version() -> str:
    """The dataset's version: the occlink release that built it (``owl:versionInfo``, ``dcat:version``)."""
    return __version__


def cache_folders(source: Source = None) -> list[Path]:
    """The compiled folders in the cache (complete ones only), newest first."""
    root = cache_root(source)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and _complete(p)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def prune(keep: int, source: Source = None) -> list[Path]:
    """Discard all but the ``keep`` most recently used compiled folders; returns the discarded ones."""
    stale = cache_folders(source)[keep:]
    for folder in stale:
        discard_folder(folder)
    return stale


def clear_cache(source: Source = None) -> list[Path]:
    """Delete every compiled folder (and leftover staging folders); returns what was removed."""
    root = cache_root(source)
    if not root.is_dir():
        return []
    removed: list[Path] = []
    with _cache_lock(root, exclusive=True):
        for path in sorted(root.iterdir()):
            if path.is_dir() and (path.name.startswith(".") or (path / FULL_DUMP).is_file()
                                  or (path / STORE_FOLDER).is_dir()):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed
