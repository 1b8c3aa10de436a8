"""Replace a whole output folder at once: write a sibling, swap it in.

``occlink build --out D`` and ``occlink export --format site --out D`` write
into a hidden sibling ``.D.occlink-stage-*`` and only then swap it with D,
so a kill at any moment leaves either the complete old D or the complete new
one — never a mix, and the checksums in ``catalog.ttl`` always describe the
files next to it.

The swap is one ``renameat2(RENAME_EXCHANGE)`` where Linux offers it (ext4,
tmpfs, btrfs, xfs). Elsewhere D is renamed aside to ``.D.occlink-old-*`` and
the new folder renamed in; a kill between those two renames leaves D missing
and the complete old folder aside, which the next run (or ``recover``) puts
back first. A folder on its way out is renamed ``.D.occlink-trash-*`` before
it is deleted, so an ``-old-`` folder is always complete and a ``-stage-`` or
``-trash-`` folder is always garbage: the next run deletes those.

Runs on the same parent folder are serialized by ``flock`` on the parent
folder itself (no lock file is left behind).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from occlink.errors import InputError
from occlink.files import write_atomic

T = TypeVar("T")
STAGE, ASIDE, TRASH = "occlink-stage-", "occlink-old-", "occlink-trash-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(InputError):
    """An output could not be written (disk full, permissions): one line naming the target, exit 1."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message, source=source)
        self.reason = message


def _sibling(out_dir: Path, tag: str) -> str:
    return f".{out_dir.name}.{tag}"


def write_output(path: Path, data: str | bytes) -> None:
    """``write_atomic`` whose errors name ``path`` (never the hidden temporary file)."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", source=str(path)) from None


@contextmanager
def _parent_lock(parent: Path) -> Iterator[None]:
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def recover(out_dir: Path) -> None:
    """Undo what a killed run left: put a complete old folder back if D is missing; delete garbage."""
    parent = out_dir.parent
    if not parent.is_dir():
        return
    asides = sorted(parent.glob(_sibling(out_dir, ASIDE) + "*"))
    if asides and not out_dir.exists():
        os.rename(asides[0], out_dir)
        asides = asides[1:]
    for tag in (STAGE, TRASH):
        for leftover in parent.glob(_sibling(out_dir, tag) + "*"):
            shutil.rmtree(leftover, ignore_errors=True)
    for aside in asides:  # D exists, so these are old copies on their way out
        shutil.rmtree(aside, ignore_errors=True)


def _discard(folder: Path, out_dir: Path) -> None:
    trash = Path(tempfile.mkdtemp(prefix=_sibling(out_dir, TRASH), dir=out_dir.parent))
    os.rename(folder, trash / "folder")
    shutil.rmtree(trash, ignore_errors=True)


def _swap_in(stage: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(stage, out_dir)
    elif _exchange(stage, out_dir):
        _discard(stage, out_dir)  # stage now holds the old folder
    else:
        aside = Path(tempfile.mkdtemp(prefix=_sibling(out_dir, ASIDE), dir=out_dir.parent))
        os.rmdir(aside)  # only the name is reserved: D itself is renamed there
        os.rename(out_dir, aside)
        os.rename(stage, out_dir)
        _discard(aside, out_dir)


def _shown(exc: OSError, stage: Path, out_dir: Path) -> str:
    if exc.filename:
        name = Path(os.fsdecode(exc.filename))
        try:
            return str(out_dir / name.relative_to(stage))
        except ValueError:
            return str(name)
    return str(out_dir)


def replace_folder(out_dir: Path, write: Callable[[Path], T], *, may_replace: Callable[[Path], bool],
                   refusal: str) -> T:
    """Run ``write(stage)`` on an empty sibling folder, then swap it in as ``out_dir``.

    ``may_replace(out_dir)`` says whether an existing non-empty ``out_dir`` is one
    this writer made (else ``InputError(refusal)``). Errors name ``out_dir``'s
    files, not the stage's; on any error or interruption ``out_dir`` is untouched.
    """
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("exists and is not a folder", source=str(out_dir))
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create: {exc.strerror or exc}", source=str(out_dir.parent)) from None
    with _parent_lock(out_dir.parent):
        recover(out_dir)
        if out_dir.is_dir() and any(out_dir.iterdir()) and not may_replace(out_dir):
            raise InputError(refusal, source=str(out_dir))
        try:
            stage = Path(tempfile.mkdtemp(prefix=_sibling(out_dir, STAGE), dir=out_dir.parent))
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=str(out_dir)) from None
        try:
            result = write(stage)
            umask = os.umask(0)  # mkdtemp creates 0700; the published folder gets the usual mode
            os.umask(umask)
            os.chmod(stage, 0o777 & ~umask)
            _swap_in(stage, out_dir)
        except OutputError as exc:
            shutil.rmtree(stage, ignore_errors=True)
            source = Path(exc.source) if exc.source else stage
            try:
                source = out_dir / source.relative_to(stage)
            except ValueError:
                pass
            raise OutputError(exc.reason, source=str(source)) from None
        except OSError as exc:
            shutil.rmtree(stage, ignore_errors=True)
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=_shown(exc, stage, out_dir)) from None
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
    return result
