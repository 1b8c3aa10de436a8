"""The catalogs occlink publishes, by id. Each builds its own graph from packaged data."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from occlink.errors import InputError
from occlink.taxonomy.namespaces import Namespaces

if TYPE_CHECKING:  # rdflib loads with the first graph, not with the catalog ids (scripted commands)
    from rdflib import Graph, URIRef


@dataclass(frozen=True)
class Catalog:
    id: str
    title_en: str
    title_zh: str
    build: Callable[[Namespaces], Graph]
    scheme_attribute: str  # the Namespaces attribute holding the scheme IRI

    def scheme(self, ns: Namespaces) -> URIRef:
        scheme: URIRef = getattr(ns, self.scheme_attribute)
        return scheme


def _csco(ns: Namespaces) -> Graph:
    from occlink.taxonomy.csco_graph import csco_graph
    return csco_graph(ns)


def _qianhai(ns: Namespaces) -> Graph:
    from occlink.taxonomy.qianhai_graph import qianhai_graph
    return qianhai_graph(ns)


def _beijing(ns: Namespaces) -> Graph:
    from occlink.taxonomy.beijing_graph import beijing_graph
    return beijing_graph(ns)


def _isco(ns: Namespaces) -> Graph:
    from occlink.taxonomy.isco_graph import isco_graph
    return isco_graph(ns)


CATALOGS: dict[str, Catalog] = {
    "csco2022": Catalog("csco2022", "Occupational Classification Catalog of the PRC (2022)",
                        "中华人民共和国职业分类大典（2022年版）", _csco, "csco_scheme"),
    "qianhai2020": Catalog("qianhai2020", "List of High-Demand Occupations for Foreign Talents in Qianhai (2020)",
                           "前海外籍人才紧缺职业清单（2020）", _qianhai, "qh_scheme"),
    "beijing2023": Catalog("beijing2023", "Human Resources Development Catalog for the \"Two Zones\" (2023)",
                           "北京“两区”人力资源开发目录（2023年版）", _beijing, "bj_scheme"),
    # A referenced vocabulary, not a Chinese list: ESCO's ISCO-08 groups under ESCO's IRIs.
    "isco08": Catalog("isco08", "International Standard Classification of Occupations (ISCO-08), as published by ESCO v1.0",
                      "国际标准职业分类（ISCO-08）", _isco, "isco_scheme"),
}
CATALOG_IDS = tuple(CATALOGS)


def scheme_for(catalog_id: str, ns: Namespaces) -> URIRef:
    """The concept scheme IRI of a catalog."""
    return CATALOGS[catalog_id].scheme(ns)


def available_catalogs() -> list[str]:
    """Catalog ids whose builder module is present in this installation."""
    import importlib.util
    modules = {"csco2022": "csco_graph", "qianhai2020": "qianhai_graph", "beijing2023": "beijing_graph",
               "isco08": "isco_graph"}
    return [cid for cid in CATALOG_IDS
            if importlib.util.find_spec(f"occlink.taxonomy.{modules[cid]}") is not None]


def catalog_graph(catalog_id: str, ns: Namespaces) -> Graph:
    """The graph of one catalog. Built once per process and base IRI: treat it as read-only."""
    if catalog_id not in CATALOGS:
        raise InputError(f"unknown catalog {catalog_id!r} (choose from {', '.join(CATALOGS)})")
    return _built_catalog(catalog_id, ns)


@lru_cache(maxsize=16)
def _built_catalog(catalog_id: str, ns: Namespaces) -> Graph:
    # Building allocates ~10⁵ long-lived terms: pausing the cyclic collector avoids
    # rescanning them again and again (docs/performance.md).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return CATALOGS[catalog_id].build(ns)
    finally:
        if enabled:
            gc.enable()
