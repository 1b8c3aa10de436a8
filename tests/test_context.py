"""One explicit context per run (taxonomy/context.py): built by the click group, passed down.

Only ``Context.from_environment`` reads occlink's environment variables; the structural test
parses the package and fails on any other read of an ``OCCLINK_*`` variable.
"""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

from occlink.cli.main import cli, namespaces, run_context
from occlink.taxonomy.context import Context
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, BaseIRIError, default_base_iri

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("occlink", "taxonomy", "mappings", "graph", "shapes", "exports", "cli")
READER = "taxonomy/context.py"
ALLOWED = {
    # The compiled dataset's cache folder: exports/dumps/compiled.py is being rebuilt as the persistent
    # store (#12.1); Context.cache_dir carries the same variable for it to take when that lands.
    "exports/dumps/compiled.py": "OCCLINK_CACHE_DIR",
}


def _constants(tree: ast.AST) -> dict[str, str]:
    """Module-level NAME = "string" assignments (e.g. ``CACHE_ENV = "OCCLINK_CACHE_DIR"``)."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value.value
    return out


def _environment_reads(source: str) -> list[tuple[int, str]]:
    """(line, variable) for every os.environ[...] / os.environ.get(...) / os.getenv(...) of an OCCLINK_ name,
    the name given literally or through a constant (imported constants count by their ``_ENV`` suffix)."""
    tree = ast.parse(source)
    constants = _constants(tree)

    def name_of(arg: ast.expr) -> str | None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        if isinstance(arg, ast.Name):
            return constants.get(arg.id, f"OCCLINK_<{arg.id}>" if arg.id.endswith("_ENV") else None)
        return None

    found = []
    for node in ast.walk(tree):
        arg = None
        if isinstance(node, ast.Call) and node.args:
            func = ast.unparse(node.func)
            # any ``.get`` of an OCCLINK_ name counts: an alias (``env = os.environ``) must not hide a read
            if func.endswith((".get", "getenv", "environ.pop", "environ.setdefault")):
                arg = node.args[0]
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            arg = node.slice
        name = name_of(arg) if arg is not None else None
        if name is not None and name.startswith("OCCLINK_"):
            found.append((node.lineno, name))
    return found


def test_only_the_context_reads_occlink_variables():
    offenders = []
    for path in sorted(p for room in ROOMS for p in (ROOT / room).rglob("*.py") if "__pycache__" not in p.parts):
        rel = path.relative_to(ROOT).as_posix()
        for line, name in _environment_reads(path.read_text(encoding="utf-8")):
            if rel != READER and ALLOWED.get(rel) != name:
                offenders.append(f"{rel}:{line}: {name}")
    assert offenders == []


def test_the_check_sees_a_read():
    source = ('import os\nMAPPINGS_DIR_ENV = "OCCLINK_MAPPINGS_DIR"\n'
              'a = os.environ.get(MAPPINGS_DIR_ENV, "")\nb = os.environ["OCCLINK_DEBUG"]\n'
              'c = os.getenv(REVIEWER_ENV)\nd = os.environ.get("HOME")\n')
    assert _environment_reads(source) == [(3, "OCCLINK_MAPPINGS_DIR"), (4, "OCCLINK_DEBUG"),
                                          (5, "OCCLINK_<REVIEWER_ENV>")]
    assert _environment_reads((ROOT / READER).read_text(encoding="utf-8"))  # the reader is seen too


def test_options_then_environment_then_defaults(tmp_path):
    env = {"OCCLINK_BASE_IRI": "http://example.org/env", "OCCLINK_MAPPINGS_DIR": str(tmp_path),
           "OCCLINK_REVIEWER": "alice", "OCCLINK_CACHE_DIR": str(tmp_path / "cache"), "OCCLINK_DEBUG": "1"}
    from_env = Context.from_environment(environ=env)
    assert from_env.ns.base == "http://example.org/env/"
    assert (from_env.mappings_dir, from_env.reviewer, from_env.cache_dir, from_env.debug) == (
        tmp_path, "alice", tmp_path / "cache", True)
    chosen = Context.from_environment("http://example.org/opt/", tmp_path / "opt", environ=env)
    assert (chosen.ns.base, chosen.mappings_dir) == ("http://example.org/opt/", tmp_path / "opt")
    default = Context.from_environment(environ={"OCCLINK_MAPPINGS_DIR": "  "})
    assert (default.ns.base, default.mappings_dir, default.reviewer, default.debug) == (
        DEFAULT_BASE_IRI, None, None, False)
    with pytest.raises(BaseIRIError):
        Context.from_environment(environ={"OCCLINK_BASE_IRI": "ftp://nope/"})


def test_the_module_level_default_no_longer_reads_the_environment(monkeypatch):
    monkeypatch.setenv("OCCLINK_BASE_IRI", "http://example.org/hidden/")
    assert default_base_iri() == DEFAULT_BASE_IRI  # only a run's context picks the variable up


def test_the_group_builds_the_context_once_and_commands_read_it(monkeypatch, tmp_path):
    monkeypatch.setenv("OCCLINK_BASE_IRI", "http://example.org/env/")
    monkeypatch.setenv("OCCLINK_MAPPINGS_DIR", str(tmp_path))
    seen = []

    @click.command()
    def probe() -> None:
        seen.append((run_context(), namespaces()))

    ctx = click.Context(cli)
    with ctx:
        ctx.invoke(cli.callback, base_iri=None)
        built = ctx.obj
        ctx.invoke(probe)
    assert isinstance(built, Context) and built.ns.base == "http://example.org/env/"
    assert built.mappings_dir == tmp_path
    assert seen == [(built, built.ns)]  # the same object, not a second lookup

    ctx = click.Context(cli)
    with ctx:  # the option wins over the variable
        ctx.invoke(cli.callback, base_iri="http://example.org/opt")
        assert ctx.obj.ns.base == "http://example.org/opt/"


def test_build_reads_the_decisions_folder_the_context_carries(tmp_path):
    # OCCLINK_MAPPINGS_DIR reaches the build only through the group's context: the built folder
    # publishes the sets of the chosen folder (here one set), not the shipped ones.
    from click.testing import CliRunner

    from occlink.mappings.sssom import packaged_mapping_files
    shipped = packaged_mapping_files()
    chosen = tmp_path / "decisions"
    chosen.mkdir()
    (chosen / shipped[0].name).write_bytes(shipped[0].read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)], env={"OCCLINK_MAPPINGS_DIR": str(chosen)})
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "mappings").glob("*.sssom.tsv")) == [shipped[0].name]
    assert len(shipped) > 1
