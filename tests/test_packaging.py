"""The wheel ships what the code opens: every package-data glob matches a file, and a wheel built from the
checkout holds every tracked file of the package folders (the suite itself runs against the installed wheel
in .ci/run, so a data file missing from the wheel also fails there)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = CONFIG["tool"]["setuptools"]


def package_folder(package: str) -> Path:
    """The checkout folder of a package, by the longest ``package-dir`` prefix (``occlink.exports.site`` →
    ``exports/site``)."""
    mapping = SETUPTOOLS["package-dir"]
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in mapping:
            return ROOT / mapping[prefix] / Path(*parts[cut:])
    return ROOT / Path(*parts)


def tracked_files() -> list[str]:
    """Repository-relative paths of the files under the package folders (git's list when in a checkout)."""
    folders = sorted({package_folder(p).relative_to(ROOT).parts[0] for p in SETUPTOOLS["packages"]})
    if (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "--", *folders], cwd=ROOT, capture_output=True, text=True,
                                check=True, timeout=60).stdout.splitlines()
        return [path for path in listed if (ROOT / path).is_file()]
    return sorted(str(p.relative_to(ROOT)) for folder in folders for p in (ROOT / folder).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def wheel_name(path: str) -> str:
    """Where a checkout file lands in the wheel (``taxonomy/csco22.tsv`` → ``occlink/taxonomy/csco22.tsv``)."""
    for package in sorted(SETUPTOOLS["packages"], key=len, reverse=True):
        folder = package_folder(package).relative_to(ROOT).as_posix()
        if path.startswith(folder + "/") and "/" not in path[len(folder) + 1:]:
            return package.replace(".", "/") + "/" + path[len(folder) + 1:]
    for package in SETUPTOOLS["package-data"]:   # data in sub-folders of a package
        folder = package_folder(package).relative_to(ROOT).as_posix()
        if path.startswith(folder + "/"):
            return package.replace(".", "/") + "/" + path[len(folder) + 1:]
    return path


@pytest.mark.parametrize(("package", "pattern"), [(package, pattern)
                                                  for package, globs in SETUPTOOLS["package-data"].items()
                                                  for pattern in globs])
def test_every_package_data_glob_matches_a_file(package, pattern):
    folder = package_folder(package)
    assert folder.is_dir(), f"{package}: no folder {folder}"
    assert [p for p in folder.glob(pattern) if p.is_file()], f"{package}: {pattern} matches nothing in {folder}"


def test_every_package_folder_is_a_listed_package():
    """A folder with an __init__.py that is not listed would be left out of the wheel silently."""
    listed = {package_folder(p) for p in SETUPTOOLS["packages"]}
    for path in tracked_files():
        if path.endswith("/__init__.py"):
            assert (ROOT / path).parent in listed, f"{path}: its package is not in [tool.setuptools] packages"


@pytest.mark.slow
def test_the_wheel_holds_every_tracked_file_of_the_package(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=600)
    [wheel] = tmp_path.glob("occlink-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    missing = [path for path in tracked_files() if wheel_name(path) not in shipped]
    assert not missing, f"tracked files missing from the wheel: {missing}"
    assert "occlink/py.typed" in shipped
    assert not [name for name in shipped if "/calibrate.py" in name or "/benchmark.py" in name], \
        "developer tools ship in the wheel"


def test_the_runtime_never_imports_a_maintenance_script():
    """taxonomy/regenerate_*.py read source files only a maintainer has; the loaders hold what they share."""
    import ast
    offenders = []
    for path in tracked_files():
        if not path.endswith(".py") or Path(path).name.startswith("regenerate_"):
            continue
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            offenders += [f"{path}:{node.lineno}" for name in names if ".regenerate_" in name]
    assert not offenders, f"runtime modules import a maintenance script: {offenders}"


def test_commands_the_tests_start_import_the_same_occlink_as_the_suite():
    """Under a wheel install the checkout's ``occlink/`` (the core only) must not shadow the installed package in
    the processes tests start from the checkout (.ci/run sets PYTHONSAFEPATH=1 for that)."""
    import occlink
    started = subprocess.run([sys.executable, "-c", "import occlink, occlink.taxonomy; print(occlink.__file__)"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert Path(started.stdout.strip()) == Path(occlink.__file__)
