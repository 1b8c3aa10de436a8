"""The review store is safe to share (issue #11, findings 2, 3, 7, 8 and disk-full messages).

Concurrent processes lose no decision; a decision touching two sets is all-or-nothing;
file modes follow the umask; decisions never go into an installed package.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.files import WriteError, write_atomic
from occlink.mappings.decisions import JOURNAL_FILE, Crosswalk, DecisionStore, new_decision
from occlink.mappings.sssom import read_sssom

REPO = Path(__file__).resolve().parents[1]
CROSSWALK = Crosswalk("qianhai2020", "csco2022")
POSITIVE = "qianhai2020-csco2022.positive.sssom.tsv"
NEGATIVE = "qianhai2020-csco2022.negative.sssom.tsv"


def _occlink() -> list[str]:
    exe = shutil.which("occlink")
    return [exe] if exe else [sys.executable, "-m", "occlink.cli.main"]


def _pairs(path: Path) -> set[tuple[str, str, str]]:
    if not path.exists():
        return set()
    return {(r["subject_id"], r["object_id"], r["author_id"]) for r in read_sssom(path).rows}


def _eight_decisions(folder: str, worker: int) -> None:
    store = DecisionStore(Path(folder), CROSSWALK)
    for i in range(8):
        store.record(new_decision(f"qh:d{worker + 1:02d}", f"csco:2-02-38-{i + 1:02d}", "close", "negative",
                                  f"worker{worker}"))


def test_eight_processes_times_eight_decisions_all_on_disk(tmp_path):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_eight_decisions, args=(str(tmp_path), w)) for w in range(8)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(120)
        assert p.exitcode == 0
    assert len(_pairs(tmp_path / NEGATIVE)) == 64
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_eight_parallel_cli_rejects_all_kept(tmp_path):
    env = dict(os.environ, OCCLINK_MAPPINGS_DIR=str(tmp_path), OCCLINK_REVIEWER="tester")
    procs = [subprocess.Popen(_occlink() + ["review", "reject", f"qh:d{i + 1:02d}", "csco:2-02-38-01"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(8)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert len(_pairs(tmp_path / NEGATIVE)) == 8


def test_a_store_never_writes_from_a_stale_copy(tmp_path):
    session_store = DecisionStore(tmp_path, CROSSWALK)
    session_store.decisions()  # what an interactive session read at start
    DecisionStore(tmp_path, CROSSWALK).record(new_decision("qh:d02", "csco:2-02-38-01", "close", "negative", "bob"))
    session_store.record(new_decision("qh:d01", "csco:2-02-38-01", "close", "negative", "alice"))
    assert {p[0] for p in _pairs(tmp_path / NEGATIVE)} == {"qh:d01", "qh:d02"}


pexpect = pytest.importorskip("pexpect")


def test_interactive_session_and_concurrent_scripted_decision_both_kept(tmp_path):
    env = dict(os.environ, OCCLINK_MAPPINGS_DIR=str(tmp_path), OCCLINK_REVIEWER="pty", PYTHONUNBUFFERED="1")
    exe = _occlink()
    child = pexpect.spawn(exe[0], exe[1:] + ["review", "--top-k", "1"], env=env,
                          encoding="utf-8", timeout=120, dimensions=(40, 120))
    child.expect(r"\[1/")
    child.expect("Decide")
    child.send("x")  # the session rejects its first card
    child.expect("recorded")
    # meanwhile another reviewer decides by script
    done = subprocess.run(exe + ["review", "accept", "qh:s02", "csco:2-06-10-01", "--predicate", "exact",
                                 "--reviewer", "script"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    child.expect("Decide")
    child.send("x")  # the session's next write must not erase the scripted decision
    child.expect("recorded")
    child.expect("Decide")
    child.send("q")
    child.expect(pexpect.EOF)
    assert ("qh:s02", "csco:2-06-10-01", "occrev:script") in _pairs(tmp_path / POSITIVE)
    assert len(_pairs(tmp_path / NEGATIVE)) == 2


def test_disk_full_during_a_two_set_decision_changes_neither_set(tmp_path, monkeypatch):
    store = DecisionStore(tmp_path, CROSSWALK)
    store.record(new_decision("qh:d06", "csco:2-02-38-01", "close", "positive", "alice"))
    store.record(new_decision("qh:d07", "csco:2-02-38-01", "close", "negative", "alice"))
    before = {name: (tmp_path / name).read_bytes() for name in (POSITIVE, NEGATIVE)}
    real_fsync, calls = os.fsync, []

    def full_disk(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second set's temporary file
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(WriteError) as caught:  # accept → reject touches both sets
        store.record(new_decision("qh:d06", "csco:2-02-38-01", "close", "negative", "alice"))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert {name: (tmp_path / name).read_bytes() for name in (POSITIVE, NEGATIVE)} == before
    message = str(caught.value)
    assert "No space left on device" in message and message.count("\n") == 0
    assert ".tmp" not in message and (POSITIVE in message or NEGATIVE in message)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _killed_between_renames(folder: str) -> None:
    real_replace, calls = os.replace, []

    def replace_then_die(src, dst):
        if str(dst).endswith(".sssom.tsv"):
            calls.append(dst)
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst)

    os.replace = replace_then_die
    DecisionStore(Path(folder), CROSSWALK).record(
        new_decision("qh:d06", "csco:2-02-38-01", "close", "negative", "alice"))


def test_a_kill_between_renames_is_completed_by_the_next_run(tmp_path):
    store = DecisionStore(tmp_path, CROSSWALK)
    store.record(new_decision("qh:d06", "csco:2-02-38-01", "close", "positive", "alice"))
    worker = multiprocessing.get_context("fork").Process(target=_killed_between_renames, args=(str(tmp_path),))
    worker.start()
    worker.join(60)
    assert worker.exitcode == -signal.SIGKILL
    assert (tmp_path / JOURNAL_FILE).exists()  # interrupted mid-way: the intent is on disk
    decisions = DecisionStore(tmp_path, CROSSWALK).decisions()  # the next run completes it
    assert [(d.pair, d.kind) for d in decisions] == [(("qh:d06", "csco:2-02-38-01"), "negative")]
    assert not (tmp_path / JOURNAL_FILE).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_stale_temporary_files_are_cleaned_up(tmp_path):
    stale = tmp_path / f".{POSITIVE}.k1ll3d.tmp"
    stale.write_text("half", encoding="utf-8")
    DecisionStore(tmp_path, CROSSWALK).record(new_decision("qh:d06", "csco:2-02-38-01", "close", "negative", "a"))
    assert not stale.exists()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_written_files_follow_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        DecisionStore(tmp_path, CROSSWALK).record(
            new_decision("qh:d06", "csco:2-02-38-01", "close", "positive", "a"))
        write_atomic(tmp_path / "export.ttl", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / POSITIVE).stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "export.ttl").stat().st_mode) == mode


def test_disk_full_message_names_the_target_not_the_temp_file(tmp_path, monkeypatch):
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = tmp_path / "occlink.ttl"
    monkeypatch.setattr(os, "write", full)
    with pytest.raises(WriteError) as caught:
        write_atomic(target, "x" * 100_000)
    monkeypatch.setattr(os, "write", real_write)
    assert str(caught.value) == f"cannot write {target}: No space left on device"
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ installed package
def _installed_copy(tmp_path: Path) -> Path:
    source = tmp_path / "src"  # build from a copy: pip would leave build/ in the checkout
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist", "occlink-data", "results")
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    for room in ("occlink", "taxonomy", "mappings", "graph", "shapes", "cli", "exports"):
        shutil.copytree(REPO / room, source / room, ignore=ignore)
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                           "--target", str(target), str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"pip install --target failed: {done.stderr[-600:]}"
    return target


@pytest.mark.slow
def test_review_after_a_non_editable_install_never_writes_under_the_package(tmp_path):
    site = _installed_copy(tmp_path)
    package = site / "occlink"
    before = {p: p.stat().st_mtime_ns for p in package.rglob("*") if p.is_file()}
    env = {k: v for k, v in os.environ.items() if k != "OCCLINK_MAPPINGS_DIR"}
    env.update(PYTHONPATH=str(site), OCCLINK_REVIEWER="installed")
    cmd = [sys.executable, "-m", "occlink.cli.main"]
    done = subprocess.run(cmd + ["review", "accept", "qh:s02", "csco:2-06-10-01", "--predicate", "exact"],
                          env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "--mappings-dir" in done.stderr and "OCCLINK_MAPPINGS_DIR" in done.stderr
    bj_csv = tmp_path / "bj.csv"
    bj_csv.write_text("职业编码,职业名称,重点产业,紧缺程度\n", encoding="utf-8")
    done = subprocess.run(cmd + ["import", "beijing", str(bj_csv)], env=env, capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 2 and "--into" in done.stderr, done.stderr
    chosen = tmp_path / "decisions"
    done = subprocess.run(cmd + ["review", "accept", "qh:s02", "csco:2-06-10-01", "--predicate", "exact",
                                 "--mappings-dir", str(chosen)], env=env, capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (chosen / POSITIVE).exists()
    after = {p: p.stat().st_mtime_ns for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert {p: m for p, m in before.items() if "__pycache__" not in p.parts} == after


def test_source_checkout_writes_into_the_repository_folder():
    # the checkout's own folder, whether the suite runs on it (editable) or on an installed wheel
    from occlink.mappings.folder import is_source_checkout, writable_mappings_dir
    assert is_source_checkout(REPO / "mappings")
    env = {k: v for k, v in os.environ.items() if k != "OCCLINK_MAPPINGS_DIR"}
    try:
        os.environ.pop("OCCLINK_MAPPINGS_DIR", None)
        assert writable_mappings_dir(package_dir=REPO / "mappings") == REPO / "mappings"
    finally:
        os.environ.clear()
        os.environ.update(env)


def test_installed_layout_refuses_without_a_folder(tmp_path, monkeypatch):
    from occlink.errors import InputError
    from occlink.mappings.folder import writable_mappings_dir
    monkeypatch.delenv("OCCLINK_MAPPINGS_DIR", raising=False)
    fake = tmp_path / "lib" / "python3" / "site-packages" / "occlink" / "mappings"
    fake.mkdir(parents=True)
    with pytest.raises(InputError, match="--mappings-dir"):
        writable_mappings_dir(package_dir=fake)
    assert writable_mappings_dir(tmp_path, package_dir=fake) == tmp_path


def test_the_build_reads_decisions_from_the_chosen_folder(tmp_path):
    from occlink.mappings.graph import mapping_sets
    env = {"OCCLINK_MAPPINGS_DIR": str(tmp_path), "OCCLINK_REVIEWER": "alice"}
    result = CliRunner().invoke(cli, ["review", "accept", "qh:d06", "csco:2-02-38-01", "--predicate", "exact"],
                                env=env)
    assert result.exit_code == 0, result.output
    old = os.environ.get("OCCLINK_MAPPINGS_DIR")
    os.environ["OCCLINK_MAPPINGS_DIR"] = str(tmp_path)
    try:
        sets = mapping_sets()
    finally:
        if old is None:
            del os.environ["OCCLINK_MAPPINGS_DIR"]
        else:
            os.environ["OCCLINK_MAPPINGS_DIR"] = old
    assert [(c, k, [r["author_id"] for r in s.rows]) for c, k, s in sets] == [
        ("qianhai2020-csco2022", "positive", ["occrev:alice"])]
