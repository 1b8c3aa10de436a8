"""One catalog registry (taxonomy/catalogs.py): what a catalog is lives in its record.

Adding a catalog touches the registry and the catalog's own modules, nothing else. The
structural test below parses the package and fails on a dict, list, tuple or set literal
that enumerates catalogs by id anywhere else: such a literal is a copy of the registry
that a new catalog would have to be added to by hand.
"""

from __future__ import annotations

import ast
from pathlib import Path

from occlink.taxonomy.catalogs import CATALOGS, PUBLISHED_IDS, catalog_for_prefix, catalog_for_site_kind
from occlink.taxonomy.namespaces import Namespaces

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("occlink", "taxonomy", "mappings", "graph", "shapes", "exports", "cli")
# The registry itself, and each catalog's own modules (named after the catalog: its tables,
# graph builder, regeneration script), which know only their own id.
OWN_MODULES = {"taxonomy/catalogs.py"}
OWN_MODULE_STEMS = ("csco_", "qianhai_", "beijing_", "isco_", "regenerate_")
# Files named after a crosswalk between two catalogs (their curation and set names are catalog pairs).
ALLOWED = {
    "mappings/isco_crosswalk.py": "builds the csco2022/qianhai2020/beijing2023 → isco08 crosswalk sets, "
                                  "whose file names are catalog pairs",
}


def _package_files() -> list[Path]:
    return sorted(p for room in ROOMS for p in (ROOT / room).rglob("*.py") if "__pycache__" not in p.parts)


def _is_own(rel: str) -> bool:
    return rel in OWN_MODULES or (rel.startswith("taxonomy/") and Path(rel).name.startswith(OWN_MODULE_STEMS))


def _catalog_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """Dicts keyed by catalog ids, and collections listing two or more of them."""
    ids = set(CATALOGS)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            if ids & set(keys):
                found.append((node.lineno, f"dict keyed by {sorted(ids & set(keys))}"))
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if len(ids & items) >= 2:
                found.append((node.lineno, f"collection of {sorted(ids & items)}"))
    return found


def test_no_copy_of_the_registry_outside_it():
    offenders = []
    for path in _package_files():
        rel = path.relative_to(ROOT).as_posix()
        if _is_own(rel) or rel in ALLOWED:
            continue
        for line, what in _catalog_literals(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{rel}:{line}: {what}")
    assert offenders == [], "per-catalog facts outside taxonomy/catalogs.py:\n" + "\n".join(offenders)


def test_the_structural_check_sees_a_copy():
    # the check must be able to fail: a dict such as the ones this registry replaced
    tree = ast.parse('EDITION_YEARS = {"csco2022": "2022", "qianhai2020": "2020"}\n'
                     'CHOICES = click.Choice(["csco2022", "beijing2023"])\n')
    assert [what for _, what in _catalog_literals(tree)] == [
        "dict keyed by ['csco2022', 'qianhai2020']", "collection of ['beijing2023', 'csco2022']"]


def test_every_record_agrees_with_the_namespaces():
    for base in ("https://w3id.org/occlink/", "http://example.org/x/"):
        ns = Namespaces(base)
        for c in CATALOGS.values():
            scheme = str(c.scheme(ns))
            assert ns.curie_map()[c.prefix] == str(getattr(ns, c.prefix))  # the CURIE prefix is declared
            if c.path is not None:  # occlink's own: the scheme sits at its path under the base
                assert scheme == f"{base}{c.path}"
                assert c.source_curie == f"occlink:{c.path}"
                assert c.namespace(ns).startswith(scheme)
            else:  # referenced: the publisher's scheme IRI, which the SSSOM CURIE expands to
                assert ns.expand(c.source_curie) == scheme
            assert catalog_for_prefix(c.prefix) is c
            if c.site_kind:
                assert catalog_for_site_kind(c.site_kind) is c
            assert set(c.description) == {"en", "zh"} and c.edition.isdigit()


def test_published_ids_are_the_chinese_lists():
    assert PUBLISHED_IDS == tuple(c.id for c in CATALOGS.values() if c.path is not None)
