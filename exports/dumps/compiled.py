"""The compiled dataset on disk, built once per version of occlink and cached.

A researcher who installs occlink gets the dumps, the CSV tables and the DCAT
catalog without running ``occlink build``: the first call that needs them
(``occlink.dataset()``, ``occlink cite``, the dataset checksum that ``occlink
match`` records) runs the same build into a per-user cache folder, and every
later call reuses it.

Why a cache rather than prebuilt dumps in the wheel: the dumps (about 40 MB in
three formats for four graphs) would be generated files that must be kept in
step with the sources on every commit, and they depend on the base IRI
(``--base-iri``). The build is deterministic, so building on first use gives
byte-identical files to the ones a maintainer would ship, costs one build (about
10 s) per installation, and can never be stale: the folder is keyed by a
fingerprint of the installed package (code and data) and the base IRI.

Folder: ``$OCCLINK_CACHE_DIR``, else ``$XDG_CACHE_HOME/occlink``, else
``~/.cache/occlink``; one subfolder ``{version}-{fingerprint}`` per build. A
build goes to a temporary sibling folder that is renamed into place when
complete, so concurrent first uses never see a half-written folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from occlink import __version__
from occlink.taxonomy.namespaces import Namespaces, default_base_iri

CACHE_ENV = "OCCLINK_CACHE_DIR"
FULL_DUMP = "occlink.nt"
_PACKAGE_ROOTS = ("occlink", "occlink.taxonomy", "occlink.mappings", "occlink.shapes", "occlink.exports")
_SKIPPED_SUFFIXES = (".pyc",)


def cache_root() -> Path:
    explicit = os.environ.get(CACHE_ENV, "").strip()
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "occlink"


@lru_cache(maxsize=8)
def package_fingerprint(base: str) -> str:
    """sha256 (16 hex digits) of every installed occlink file that can change the build, and the base IRI."""
    import importlib.resources as resources
    digest = hashlib.sha256(f"{__version__}\n{base}\n".encode())
    for package in _PACKAGE_ROOTS:
        root = Path(str(resources.files(package)))
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and not p.name.endswith(_SKIPPED_SUFFIXES)):
            digest.update(f"{package}/{path.relative_to(root).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def compiled_dir(ns: Namespaces | None = None) -> Path:
    """The folder holding the full build for ``ns`` (default base IRI), building it on first use."""
    ns = ns or Namespaces(default_base_iri())
    target = cache_root() / f"{__version__}-{package_fingerprint(ns.base)}"
    if (target / FULL_DUMP).is_file() and (target / "catalog.ttl").is_file():
        return target
    from occlink.exports.dumps.build import build_dataset
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        from occlink.errors import InputError
        raise InputError(f"cannot write the dataset cache ({exc.strerror or exc}); set {CACHE_ENV} to a "
                         "writable folder", source=str(target.parent)) from None
    try:
        build_dataset(ns, staging)
        try:
            os.replace(staging, target)
        except OSError:  # another process finished first: use its (identical) build
            if not (target / FULL_DUMP).is_file():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


@lru_cache(maxsize=8)
def _checksum(base: str) -> str:
    from occlink.graph.distributions import file_facts
    return file_facts(compiled_dir(Namespaces(base)) / FULL_DUMP)[1]


def dataset_checksum(ns: Namespaces | None = None) -> str:
    """sha256 (hex) of the full N-Triples dump ``occlink.nt`` — the same value the DCAT catalog lists
    for that file and ``sha256sum occlink-data/occlink.nt`` prints after ``occlink build``."""
    return _checksum((ns or Namespaces(default_base_iri())).base)


def dataset_version() -> str:
    """The dataset's version: the occlink release that built it (``owl:versionInfo``, ``dcat:version``)."""
    return __version__
