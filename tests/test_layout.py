"""The rooms import one way: core → taxonomy → mappings → graph → shapes → exports → cli.

Every import in the package (module level or inside a function) is parsed; an
import of a room later in the flow fails the test with the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOW = ["occlink", "occlink.taxonomy", "occlink.mappings", "occlink.graph", "occlink.shapes",
        "occlink.exports", "occlink.cli"]
FOLDERS = {"occlink": "occlink", "occlink.taxonomy": "taxonomy", "occlink.mappings": "mappings",
           "occlink.graph": "graph", "occlink.shapes": "shapes", "occlink.exports": "exports",
           "occlink.cli": "cli"}
# The Python API sits on top of everything, like the command line.
FACADES = {ROOT / "occlink" / "api.py": "occlink.cli", ROOT / "occlink" / "__init__.py": "occlink.cli",
           ROOT / "occlink" / "__main__.py": "occlink.cli"}


def room_of(module: str) -> str:
    parts = module.split(".")
    candidate = ".".join(parts[:2])
    return candidate if candidate in FLOW else "occlink"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Absolute module names imported by ``path`` (relative imports resolved against its package)."""
    package = room_package(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return [(line, m) for line, m in found if m == "occlink" or m.startswith("occlink.")]


def room_package(path: Path) -> str:
    relative = path.relative_to(ROOT)
    room = next(r for r, folder in FOLDERS.items() if folder == relative.parts[0])
    parts = list(relative.parent.parts[1:])
    return ".".join([room, *parts])


def package_files() -> list[Path]:
    return sorted(p for folder in FOLDERS.values() for p in (ROOT / folder).rglob("*.py"))


def violations() -> list[str]:
    found = []
    for path in package_files():
        own = room_of(room_package(path))
        ceiling = FACADES.get(path, own)
        for line, module in imported_modules(path):
            target = room_of(module)
            if FLOW.index(target) > FLOW.index(ceiling):
                found.append(f"{path.relative_to(ROOT)}:{line}: {own} imports {module} (later in the flow)")
    return found


def test_rooms_import_one_way():
    assert violations() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The parser finds a function-level upward import (the form the old layout hid its cycles in)."""
    module = ROOT / "taxonomy" / "_layout_probe.py"
    module.write_text("def f():\n    from occlink.exports.dumps.serialize import serialize\n", encoding="utf-8")
    try:
        assert violations() == ["taxonomy/_layout_probe.py:2: occlink.taxonomy imports "
                                "occlink.exports.dumps.serialize (later in the flow)"]
    finally:
        module.unlink()


def test_every_folder_is_a_package():
    """Each room and subpackage ships (an __init__.py) and is declared in pyproject.toml."""
    import tomllib
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    for room, folder in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            sub = init.parent.relative_to(ROOT / folder).parts
            assert ".".join([room, *sub]) in declared, init
