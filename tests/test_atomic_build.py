"""build / export --format site replace their folder at once: kill -9, crash windows, disk full, input==output."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace

from occlink.cli.main import cli
from occlink.exports.dumps import folders
from occlink.exports.dumps.folders import OutputError, recover, replace_folder

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
OLD_BASE = "https://example.org/old/"


def _occlink(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "occlink.cli.main", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _consistent_base(folder: Path) -> str:
    """Assert every file catalog.ttl lists is there with its checksum and nothing else is; return the base IRI."""
    catalog = Graph().parse(folder / "catalog.ttl", format="turtle")
    listed = {}
    for dist in catalog.subjects(predicate=DCAT.byteSize):
        name = str(catalog.value(dist, DCT.identifier))
        checksum = catalog.value(dist, SPDX.checksum)
        listed[name] = str(catalog.value(checksum, SPDX.checksumValue))
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"catalog.ttl", "catalog.jsonld"} <= present - set(listed) <= {"catalog.ttl", "catalog.jsonld", ".occlink-build"}
    assert set(listed) <= present
    for name, sha in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha, name
    # the whole dump: ISCO-08 keeps ESCO's IRIs, which sort before either base
    return "old" if f"<{OLD_BASE}" in (folder / "occlink.nt").read_text(encoding="utf-8") else "new"


def _leftovers(folder: Path) -> list[str]:
    """Hidden siblings of the folder: what an interrupted run leaves (stage, old copy, trash)."""
    return sorted(p.name for p in folder.parent.glob(f".{folder.name}.*"))


def _fresh(root: Path, pattern: str, since: float) -> int:
    """How many files matching ``pattern`` anywhere under ``root`` (hidden folders included) are newer than ``since``."""
    count = 0
    try:
        for path in root.rglob(pattern):
            try:
                count += path.stat().st_mtime > since
            except OSError:
                pass  # renamed or removed meanwhile
    except OSError:
        pass  # a folder renamed during the walk: look again next time
    return count


def _kill_when(process: subprocess.Popen, root: Path, ready) -> bool:
    """kill -9 the process as soon as ``ready(root, start)`` holds; False if it finished first."""
    start = time.time()
    deadline = time.monotonic() + 600
    while process.poll() is None and time.monotonic() < deadline:
        if ready(root, start):
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
            return True
        time.sleep(0.02)
    process.wait(timeout=600)
    return False


@pytest.mark.slow
def test_kill_9_mid_build_leaves_the_old_folder_complete_and_the_next_run_cleans_up(tmp_path):
    out = tmp_path / "D"
    old = _occlink("--base-iri", OLD_BASE, "build", "--out", str(out))
    assert old.wait(timeout=600) == 0, old.stderr.read()
    assert _consistent_base(out) == "old"

    # mid-build: some dumps written into the stage, the catalog not yet
    time.sleep(1.1)  # file times below tell this run's files from the old build's
    killed = _kill_when(_occlink("build", "--out", str(out)), tmp_path,
                        lambda root, start: _fresh(root, "*.nt", start) >= 2)
    assert killed, "the build finished before it could be killed"
    assert _consistent_base(out) == "old"
    assert _leftovers(out), "the killed run's stage should still be there (the next run removes it)"

    # as late as possible: the catalog is written, the swap is about to happen
    _kill_when(_occlink("build", "--out", str(out)), tmp_path,
               lambda root, start: _fresh(root, "catalog.*", start) >= 1)
    assert _consistent_base(out) in ("old", "new")

    final = _occlink("build", "--out", str(out))
    assert final.wait(timeout=600) == 0, final.stderr.read()
    assert _consistent_base(out) == "new"
    assert _leftovers(out) == []


def _write_files(files: dict[str, str]):
    def write(stage: Path) -> int:
        for name, text in files.items():
            (stage / name).write_text(text, encoding="utf-8")
        return len(files)
    return write


def _replace(out: Path, files: dict[str, str]) -> int:
    return replace_folder(out, _write_files(files), may_replace=lambda f: (f / "mark").exists(), refusal="foreign")


def test_swap_without_rename_exchange_and_a_kill_between_the_two_renames(tmp_path, monkeypatch):
    out = tmp_path / "D"
    _replace(out, {"mark": "", "a": "old"})
    monkeypatch.setattr(folders, "_exchange", lambda a, b: False)  # e.g. a file system without RENAME_EXCHANGE
    real_rename, calls = os.rename, []

    def killed_after_first_rename(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:
            raise KeyboardInterrupt  # stands for kill -9 between the two renames
        real_rename(src, dst)

    monkeypatch.setattr(folders.os, "rename", killed_after_first_rename)
    with pytest.raises(KeyboardInterrupt):
        _replace(out, {"mark": "", "a": "new"})
    monkeypatch.setattr(folders.os, "rename", real_rename)
    assert not out.exists() and len(_leftovers(out)) == 1  # the old folder is aside, complete

    recover(out)  # what every next run does first
    assert (out / "a").read_text(encoding="utf-8") == "old" and _leftovers(out) == []
    _replace(out, {"mark": "", "a": "new", "b": "added"})
    assert sorted(p.name for p in out.iterdir()) == ["a", "b", "mark"]
    assert (out / "a").read_text(encoding="utf-8") == "new" and _leftovers(out) == []


def test_swap_with_rename_exchange_keeps_nothing_old(tmp_path):
    out = tmp_path / "D"
    _replace(out, {"mark": "", "a": "old", "gone": "x"})
    _replace(out, {"mark": "", "a": "new"})
    assert sorted(p.name for p in out.iterdir()) == ["a", "mark"] and _leftovers(out) == []


def test_a_killed_runs_stage_and_trash_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "D"
    _replace(out, {"mark": "", "a": "old"})
    for tag in ("stage-x1", "trash-x2", "old-x3"):  # what kill -9 leaves at different moments
        leftover = tmp_path / f".D.occlink-{tag}"
        leftover.mkdir()
        (leftover / "big").write_bytes(b"0" * 1000)
    _replace(out, {"mark": "", "a": "new"})
    assert _leftovers(out) == [] and (out / "a").read_text(encoding="utf-8") == "new"


def test_a_failed_write_leaves_the_folder_and_names_the_target(tmp_path):
    out = tmp_path / "D"
    _replace(out, {"mark": "", "a": "old"})

    def full(stage: Path) -> None:
        (stage / "mark").write_text("", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(stage / "sub" / "x.nt"))

    with pytest.raises(OutputError) as caught:
        replace_folder(out, full, may_replace=lambda f: True, refusal="")
    assert str(caught.value) == f"{out / 'sub' / 'x.nt'}: cannot write: No space left on device"
    assert caught.value.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["a", "mark"] and _leftovers(out) == []


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--out", str(mine)])
    assert result.exit_code == 2 and "not written by `occlink build`" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["notes.txt"] and _leftovers(mine) == []


def _disk_full_at(monkeypatch, name: str) -> None:
    real = folders.write_atomic

    def write_atomic(path, data):
        if Path(path).name == name:  # what a full disk raises from write(): no file name
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(folders, "write_atomic", write_atomic)


def test_disk_full_during_build_names_the_target_file(tmp_path, monkeypatch):
    out = tmp_path / "D"
    out.mkdir()
    (out / ".occlink-build").write_text("", encoding="utf-8")
    (out / "occlink.nt").write_text("old", encoding="utf-8")
    _disk_full_at(monkeypatch, "csco2022.ttl")
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {out / 'csco2022.ttl'}: cannot write: No space left on device"
    assert (out / "occlink.nt").read_text(encoding="utf-8") == "old" and _leftovers(out) == []


def test_disk_full_during_export_names_the_target_file(tmp_path, monkeypatch):
    _disk_full_at(monkeypatch, "x.nt")
    out = tmp_path / "x.nt"
    result = CliRunner().invoke(cli, ["export", "--format", "ntriples", "--catalog", "beijing2023", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {out}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_killed_site_export_leaves_nothing_behind_the_next_run(tmp_path):
    out = tmp_path / "www"
    code = ("import sys; from occlink.exports.site.static_site import export_site; from occlink.taxonomy.namespaces import "
            "Namespaces; export_site(Namespaces(), sys.argv[1], only='csco/2022/2-02-38-01')")
    first = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    time.sleep(1.1)
    process = subprocess.Popen([sys.executable, "-c", code, str(out)], stderr=subprocess.DEVNULL)
    killed = _kill_when(process, tmp_path, lambda root, start: _fresh(root, "index.html", start) >= 1)
    assert killed, "the export finished before it could be killed"
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _leftovers(out)
    again = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert _leftovers(out) == []
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


