"""Writing files safely: the project's one atomic writer and its all-or-nothing group commit.

Every file occlink writes goes through :func:`write_atomic` (or :func:`replace_all` when
several files must change together): the bytes go to a hidden temporary file in the same
folder, which is renamed over the target, so a reader or a killed process sees the old
file or the new one, never a torn one. Files get the mode the umask gives (``mkstemp``
alone would leave 0600), and a failure (a full disk, a read-only folder) is reported as
:class:`WriteError` naming the target, never the hidden temporary file.

This module imports nothing of occlink, so every room (taxonomy, mappings, shapes,
exports, cli) can use it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

TEMP_SUFFIX = ".tmp"


class WriteError(OSError):
    """A file could not be written. ``str()`` is one line naming the target (exit code 1)."""

    exit_code = 1

    def __init__(self, target: Path | str, exc: BaseException):
        errno = getattr(exc, "errno", None)
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        super().__init__(errno, reason, str(target))

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}"


def file_mode() -> int:
    """The mode a plain ``open(…, "w")`` would give: 0666 minus the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def temp_prefix(path: Path) -> str:
    """Hidden temporary files of ``path`` are ``.{name}.<random>.tmp`` beside it."""
    return f".{path.name}."


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _open_temp(path: Path) -> tuple[int, str]:
    """A fresh hidden temporary file beside ``path`` (its folder created); errors name ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise WriteError(path, exc) from None


def stage(path: Path, data: str | bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to a fresh temporary file beside ``path`` (mode from the umask,
    fsynced when ``durable``) and return it; nothing is left behind on failure."""
    path = Path(path)
    fd, tmp = _open_temp(path)
    try:
        try:
            view = memoryview(_as_bytes(data))
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, file_mode())
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteError(path, exc) from None
        raise
    return Path(tmp)


def fsync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (skipped where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes, *, durable: bool = False) -> None:
    """Write ``path`` via a temporary file and a rename: never a half-written output.
    ``durable`` also fsyncs the file and its folder (for decisions that must survive a crash)."""
    path = Path(path)
    tmp = stage(path, data, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteError(path, exc) from None
        raise
    if durable:
        fsync_folder(path.parent)


def replace_all(files: Mapping[Path, str | bytes], journal: Path) -> None:
    """Replace several files of one folder all-or-nothing.

    Every new file is staged and fsynced first; only then is the intent written to
    ``journal`` (atomically) and the renames done. A failure before the journal exists
    (e.g. a full disk) changes no target; a kill after it is completed by
    :func:`complete_journal` on the next run. The caller holds the folder's lock."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((stage(Path(path), data), Path(path)))
        plan = [[tmp.name, path.name] for tmp, path in staged]
        try:
            write_atomic(journal, json.dumps(plan) + "\n", durable=True)
        except WriteError as exc:
            raise WriteError(staged[0][1] if staged else journal, exc) from None
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    complete_journal(journal)


def complete_journal(journal: Path) -> bool:
    """Finish the renames an interrupted :func:`replace_all` recorded; True if there was one."""
    journal = Path(journal)
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        plan = []  # a journal is written atomically, so this is not ours to finish
    folder = journal.parent
    for tmp_name, target_name in plan:
        tmp = folder / tmp_name
        if tmp.exists():
            try:
                os.replace(tmp, folder / target_name)
            except OSError as exc:
                raise WriteError(folder / target_name, exc) from None
    fsync_folder(folder)
    journal.unlink(missing_ok=True)
    fsync_folder(folder)
    return True


def remove_stale_temps(targets: list[Path]) -> list[Path]:
    """Delete temporary files a killed writer left beside ``targets`` (call under the lock)."""
    removed = []
    for target in targets:
        target = Path(target)
        if not target.parent.is_dir():
            continue
        for tmp in target.parent.glob(f"{temp_prefix(target)}*{TEMP_SUFFIX}"):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


@contextlib.contextmanager
def atomic_stream(path: Path) -> Iterator[IO[str]]:
    """For output written piece by piece (streamed matching and coding): a UTF-8 text stream on a
    hidden temporary file beside ``path``, renamed over it only if the block ends without an error —
    :func:`write_atomic`'s guarantee without holding the whole text in memory."""
    path = Path(path)
    fd, tmp = _open_temp(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, (WriteError, BrokenPipeError)):
            raise WriteError(path, exc) from None
        raise
