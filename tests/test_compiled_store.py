"""The compiled dataset: an on-disk Oxigraph store beside the dumps, opened read-only while fresh.

Every test runs against a private cache folder ($OCCLINK_CACHE_DIR): the first
fixture builds it with two processes at once, as two first uses would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from occlink.exports.dumps import compiled as compiled_module
from occlink.exports.dumps.compiled import (
    CACHE_ENV,
    DERIVED_FOLDER,
    FULL_DUMP,
    STATS_FILE,
    STORE_FOLDER,
    compiled,
    compiled_stats,
    dataset_fingerprint,
    open_store,
)
from occlink.mappings.folder import MAPPINGS_DIR_ENV
from occlink.taxonomy.context import Context
from occlink.taxonomy.namespaces import Namespaces

NS = Namespaces()
SHIPPED_DECISIONS = Path(__file__).resolve().parents[1] / "mappings"
BUILD_ONE = ("from occlink.exports.dumps.compiled import compiled; "
             "print(compiled().folder)")


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (MAPPINGS_DIR_ENV, "OCCLINK_BASE_IRI")}
    return {**env, CACHE_ENV: str(cache), **extra}


def _occlink(cache: Path, *args: str, timeout: float = 600, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "occlink", *args], capture_output=True, text=True,
                          env=_env(cache, **extra), timeout=timeout)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """A cache built by two processes at once: both must end with the same good folder."""
    root = tmp_path_factory.mktemp("occlink-cache")
    procs = [subprocess.Popen([sys.executable, "-c", BUILD_ONE], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=_env(root)) for _ in range(2)]
    outputs = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    folders = {out.strip() for out, _ in outputs}
    assert len(folders) == 1
    folder = Path(folders.pop())
    assert (folder / FULL_DUMP).is_file() and (folder / STORE_FOLDER).is_dir()
    assert [p.name for p in root.iterdir() if p.name.startswith(".") and p.is_dir()] == []  # no staging left
    return root


def _run() -> Context:
    """The context a command would run with (the variables the test set, read once, as the CLI does)."""
    return Context.from_environment()


@pytest.fixture
def in_cache(cache, monkeypatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(cache))
    monkeypatch.delenv(MAPPINGS_DIR_ENV, raising=False)
    return cache


def test_store_holds_the_full_dump(in_cache):
    store, built = open_store(_run())
    lines = built.full_dump.read_bytes().count(b"\n")
    assert len(store) == lines > 50_000
    graph = ox.NamedNode(built.graph_iri)
    ai = ox.NamedNode(f"{NS.base}csco/2022/2-02-38-01")
    assert list(store.quads_for_pattern(ai, None, None, graph))


def test_readers_share_the_store_read_only(in_cache):
    """Several processes (serve's workers, parallel queries) hold the store open at the same time."""
    built = compiled(_run())
    script = ("import sys, time, pyoxigraph as ox; s = ox.Store.read_only(sys.argv[1]); print(len(s), flush=True); "
              "sys.stdin.read()")
    readers = [subprocess.Popen([sys.executable, "-c", script, str(built.store_path)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        counts = [r.stdout.readline().strip() for r in readers]  # all three have it open now
        proc = _occlink(in_cache, "query", "--example", "qianhai-summary", "--format", "json", timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["results"]["bindings"]
    finally:
        for r in readers:
            r.communicate("", timeout=30)
    assert len(set(counts)) == 1 and int(counts[0]) > 50_000


def test_fingerprint_covers_decisions_base_and_imported_table(tmp_path, monkeypatch):
    monkeypatch.delenv(MAPPINGS_DIR_ENV, raising=False)
    shipped = dataset_fingerprint(_run())
    assert dataset_fingerprint(Namespaces("https://example.org/occ/")) != shipped
    decisions = tmp_path / "decisions"
    decisions.mkdir()
    for path in SHIPPED_DECISIONS.glob("*.sssom.tsv"):
        shutil.copy(path, decisions / path.name)
    monkeypatch.setenv(MAPPINGS_DIR_ENV, str(decisions))
    assert dataset_fingerprint(_run()) == shipped  # the same decisions in another folder: the same dataset
    target = decisions / "qianhai2020-csco2022.positive.sssom.tsv"
    target.write_bytes(target.read_bytes() + b"\n")
    edited = dataset_fingerprint(_run())
    assert edited != shipped
    # an imported table (written into the taxonomy folder by `occlink import beijing`) is hashed when present;
    # a shipped table stands in for it here (the test must not write into the package)
    monkeypatch.setattr(compiled_module, "_IMPORTED_TABLES", ("qianhai2020.tsv",))
    assert dataset_fingerprint(_run()) != edited


def test_recorded_decision_is_queried_without_a_manual_step(in_cache, tmp_path):
    decisions = tmp_path / "decisions"
    decisions.mkdir()
    for path in SHIPPED_DECISIONS.glob("*.sssom.tsv"):
        shutil.copy(path, decisions / path.name)
    env = {MAPPINGS_DIR_ENV: str(decisions), "OCCLINK_REVIEWER": "tester"}
    listed = _occlink(in_cache, "review", "list", "--status", "pending", "--format", "tsv", **env)
    assert listed.returncode == 0, listed.stderr
    header, first = listed.stdout.splitlines()[:2]
    row = dict(zip(header.split("\t"), first.split("\t")))
    subject, obj = row["subject_id"], row["object_id"]
    ask = f"ASK {{ {subject} skos:exactMatch {obj} }}"
    before = _occlink(in_cache, "query", ask, "--format", "json", **env)
    assert before.returncode == 0, before.stderr
    assert json.loads(before.stdout)["boolean"] is False
    accepted = _occlink(in_cache, "review", "accept", subject, obj, "--predicate", "exact", **env)
    assert accepted.returncode == 0, accepted.stderr
    after = _occlink(in_cache, "query", ask, "--format", "json", **env)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout)["boolean"] is True


def test_stats_on_the_store_equal_the_graph_computation(in_cache):
    from occlink.exports.sparql.stats import store_stats
    from occlink.graph.dataset import cached_dataset
    from occlink.graph.stats import dataset_stats
    from occlink.taxonomy.catalogs import available_catalogs
    ids = available_catalogs()
    store, built = open_store(_run())
    expected = dataset_stats(cached_dataset(NS.base), ids, NS)
    assert store_stats(store, built.graph_iri, ids, NS) == expected
    assert expected["catalogs"][0]["concepts"] > 0
    proc = _occlink(in_cache, "stats", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == expected
    assert list(json.loads(proc.stdout)["catalogs"][0]) == list(expected["catalogs"][0])  # the printed key order


def test_stats_stored_at_build_equal_the_store_counts_for_any_choice(in_cache, tmp_path):
    """`occlink stats` reads the counts written when the store was built: the same as counting the store
    now, for every catalog alone and for all of them in another order; a missing file is counted afresh."""
    from occlink.exports.sparql.stats import store_stats
    from occlink.taxonomy.catalogs import available_catalogs
    store, built = open_store(_run())
    assert (built.folder / DERIVED_FOLDER / STATS_FILE).is_file()
    ids = available_catalogs()
    for choice in [[cid] for cid in ids] + [ids[::-1]]:
        assert compiled_stats(_run(), choice) == store_stats(store, built.graph_iri, choice, NS), choice
    copy = tmp_path / "cache"
    shutil.copytree(in_cache, copy)
    (copy / built.folder.name / DERIVED_FOLDER / STATS_FILE).write_text("{", encoding="utf-8")
    proc = _occlink(copy, "stats", "--format", "json", "--catalog", "qianhai2020")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == store_stats(store, built.graph_iri, ["qianhai2020"], NS)


def test_stored_inspections_are_the_inspections_of_the_examples(in_cache):
    """`occlink query --example` takes the inspection stored at build time: the one inspecting the text gives;
    any other text (or the same text under another base IRI) has none and is parsed."""
    from occlink.exports.dumps.compiled import stored_inspection
    from occlink.exports.sparql.examples import list_examples
    from occlink.exports.sparql.query import inspect_query, inspection_key
    examples = list_examples(NS)
    assert len(examples) > 10
    for example in examples:
        now = inspect_query(example.text, NS)
        expected = [now.text, now.form, list(now.default_graphs), list(now.named_graphs)]
        assert stored_inspection(_run(), inspection_key(example.text, NS)) == expected, example.name
    assert stored_inspection(_run(), inspection_key(examples[0].text + " ", NS)) is None
    assert stored_inspection(_run(), inspection_key(examples[0].text, Namespaces("https://example.org/occ/"))) is None


def test_every_example_gives_the_same_rows_on_the_disk_and_the_memory_store(in_cache):
    """`occlink query` reads the disk store, `occlink serve`'s workers the dump loaded in memory: each example
    orders its rows totally (and its concatenations), so both give the same answer, row for row."""
    from occlink.exports.sparql.examples import list_examples
    from occlink.exports.sparql.query import run_query, serving_store
    disk, built = open_store(_run())
    memory = serving_store(built.full_dump, built.graph_iri)
    for example in list_examples(NS):  # parameters unbound: the widest answer (national-occupation: every code)
        on_disk = run_query(NS, example.text, store=disk)
        assert on_disk.rows, example.name
        assert run_query(NS, example.text, store=memory).rows == on_disk.rows, example.name


def test_build_out_gives_the_compiled_files_byte_for_byte(in_cache, tmp_path):
    out = tmp_path / "out"
    proc = _occlink(in_cache, "build", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    folder = compiled(_run()).folder
    built = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and p.name != ".occlink-build")
    cached = sorted(p.relative_to(folder) for p in folder.rglob("*")
                    if p.is_file() and not {STORE_FOLDER, DERIVED_FOLDER} & set(p.relative_to(folder).parts))
    assert built == cached and len(built) > 10
    for rel in built:
        assert (out / rel).read_bytes() == (folder / rel).read_bytes(), rel


def test_export_copies_the_compiled_dump(in_cache, tmp_path):
    from occlink.exports.dumps.serialize import serialize
    from occlink.graph.dataset import dataset_graph
    target = tmp_path / "qianhai.ttl"
    proc = _occlink(in_cache, "export", "--format", "turtle", "--catalog", "qianhai2020", "--out", str(target))
    assert proc.returncode == 0, proc.stderr
    graph = dataset_graph(NS, ["qianhai2020"])
    assert target.read_text(encoding="utf-8") == serialize(graph, "turtle", NS)
    assert f"{len(graph)} triples" in proc.stderr


def test_damaged_store_is_rebuilt_without_a_traceback(in_cache, tmp_path):
    damaged = tmp_path / "cache"
    shutil.copytree(in_cache, damaged)
    store_dir = damaged / compiled(_run()).folder.name / STORE_FOLDER
    for path in store_dir.iterdir():
        if path.is_file():
            path.write_bytes(b"not a database")
    proc = _occlink(damaged, "stats", "--catalog", "qianhai2020")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "qianhai2020" in proc.stdout
    rebuilt = _occlink(damaged, "query", "ASK { ?s ?p ?o }", "--format", "json")
    assert rebuilt.returncode == 0 and json.loads(rebuilt.stdout)["boolean"] is True, rebuilt.stderr


def test_cache_info_and_clear(tmp_path, monkeypatch):
    monkeypatch.delenv(MAPPINGS_DIR_ENV, raising=False)
    root = tmp_path / "cache"
    fingerprint = dataset_fingerprint(_run())
    for name in (f"0.1.0-{fingerprint}", "0.1.0-0000000000000000"):
        folder = root / name
        (folder / STORE_FOLDER).mkdir(parents=True)
        (folder / FULL_DUMP).write_text("", encoding="utf-8")
        (folder / "catalog.ttl").write_text("", encoding="utf-8")
    (root / ".0.1.0-half-written").mkdir()
    info = _occlink(root, "cache", "info")
    assert info.returncode == 0, info.stderr
    assert f"fingerprint  {fingerprint}" in info.stdout
    states = {line.split()[1]: line.split()[0] for line in info.stdout.splitlines()[2:]}
    assert states == {f"0.1.0-{fingerprint}": "current", "0.1.0-0000000000000000": "stale"}
    cleared = _occlink(root, "cache", "clear")
    assert cleared.returncode == 0 and "removed 3 folder(s)" in cleared.stdout, cleared.stderr
    assert [p.name for p in root.iterdir()] == [".lock"]  # only the lock file builds and clears share


def test_cache_clear_waits_for_a_build_in_progress(tmp_path, monkeypatch):
    """`occlink cache clear` while another process builds must not delete that build's staging folder
    (the build would then fail): it waits for builds in progress, then clears."""
    import threading

    import occlink.exports.dumps.build as build_module
    from occlink.exports.dumps import compiled as compiled_module
    root = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(root))
    monkeypatch.delenv(MAPPINGS_DIR_ENV, raising=False)
    started, release = threading.Event(), threading.Event()

    def slow_build(ns, out, mappings_dir=None):  # stands in for the build: writes the full dump, slowly
        started.set()
        assert release.wait(60)
        (Path(out) / FULL_DUMP).write_text("<urn:x:s> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")

    monkeypatch.setattr(build_module, "build_dataset", slow_build)
    outcome: dict[str, object] = {}

    def build() -> None:
        try:
            outcome["folder"] = compiled_module.compiled(_run()).folder
        except Exception as exc:  # reported by the assertion below
            outcome["error"] = exc

    builder = threading.Thread(target=build)
    builder.start()
    assert started.wait(60)
    staging = [p for p in root.iterdir() if p.name.startswith(".") and p.is_dir()]
    assert len(staging) == 1
    clearer = threading.Thread(target=lambda: outcome.setdefault("cleared", compiled_module.clear_cache(_run())))
    clearer.start()
    clearer.join(1.0)
    assert clearer.is_alive() and staging[0].is_dir()  # waiting, staging folder untouched
    release.set()
    builder.join(60)
    clearer.join(60)
    assert "error" not in outcome, outcome.get("error")
    assert Path(outcome["folder"]).name in {p.name for p in outcome["cleared"]}  # cleared after the build


def test_unwritable_cache_is_one_clear_line(tmp_path):
    """A cache folder that cannot be created (its parent is a file): one error line naming it, exit 2."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    result = _occlink(blocker / "cache", "stats", timeout=300)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "cannot write the dataset cache" in lines[0] and str(blocker / "cache") in lines[0]
    assert not (blocker.parent / "cache").exists()
