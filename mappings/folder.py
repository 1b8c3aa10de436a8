"""Where review decisions live, so that they never land inside an installed package.

* ``--mappings-dir DIR``, else ``$OCCLINK_MAPPINGS_DIR`` (passed in as ``explicit`` from the run's
  context, ``taxonomy/context.py``);
* else, when occlink runs from a source checkout, the repository's ``mappings/`` folder
  (decisions can be committed there);
* else writing is refused with one line saying how to choose a folder, because a
  reinstall would delete whatever was written into site-packages.

Reading (``occlink build``, ``review list``/``conflicts``) uses the same folder when one is
chosen and otherwise the shipped sets, so the build publishes what was reviewed.
"""

from __future__ import annotations

from pathlib import Path

from occlink.errors import InputError
from occlink.taxonomy.context import MAPPINGS_DIR_ENV

PACKAGE_DIR = Path(__file__).resolve().parent


def is_source_checkout(package_dir: Path = PACKAGE_DIR) -> bool:
    """True when this room is the repository's own folder (``pyproject.toml`` beside it),
    not a copy installed under site-packages or a ``pip install --target`` folder."""
    root = package_dir.parent
    return (root / "pyproject.toml").is_file() and not any(
        part in ("site-packages", "dist-packages") for part in package_dir.parts)


def chosen_mappings_dir(explicit: Path | str | None = None) -> Path | None:
    """The folder the user chose (``--mappings-dir``, else ``$OCCLINK_MAPPINGS_DIR`` as the run's
    context read it: ``Context.mappings_dir``), or None."""
    if explicit is not None and str(explicit).strip():
        return Path(explicit)
    return None


def writable_mappings_dir(explicit: Path | str | None = None, *, package_dir: Path = PACKAGE_DIR) -> Path:
    """Where decisions are written (see module docstring); refuses inside an installed package."""
    chosen = chosen_mappings_dir(explicit)
    if chosen is not None:
        return chosen
    if is_source_checkout(package_dir):
        return package_dir
    raise InputError(f"occlink is installed as a package, so decisions have no default folder: pass "
                     f"--mappings-dir DIR or set {MAPPINGS_DIR_ENV}=DIR (copy the shipped sets there "
                     f"first to start from them: {package_dir}/*.sssom.tsv)")


def readable_mappings_dir(explicit: Path | str | None = None) -> Path:
    """Where decisions are read from: the chosen folder, else the shipped sets."""
    return chosen_mappings_dir(explicit) or PACKAGE_DIR
