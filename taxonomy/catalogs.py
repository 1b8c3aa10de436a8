"""The catalogs occlink publishes, by id. Each builds its own graph from packaged data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph

from .namespaces import Namespaces


@dataclass(frozen=True)
class Catalog:
    id: str
    title_en: str
    title_zh: str
    build: Callable[[Namespaces], Graph]


def _csco(ns: Namespaces) -> Graph:
    from .csco_graph import csco_graph
    return csco_graph(ns)


def _qianhai(ns: Namespaces) -> Graph:
    from .qianhai_graph import qianhai_graph
    return qianhai_graph(ns)


def _beijing(ns: Namespaces) -> Graph:
    from .beijing_graph import beijing_graph
    return beijing_graph(ns)


def _isco(ns: Namespaces) -> Graph:
    from .isco_graph import isco_graph
    return isco_graph(ns)


CATALOGS: dict[str, Catalog] = {
    "csco2022": Catalog("csco2022", "Occupational Classification Catalog of the PRC (2022)",
                        "中华人民共和国职业分类大典（2022年版）", _csco),
    "qianhai2020": Catalog("qianhai2020", "List of High-Demand Occupations for Foreign Talents in Qianhai (2020)",
                           "前海外籍人才紧缺职业清单（2020）", _qianhai),
    "beijing2023": Catalog("beijing2023", "Human Resources Development Catalog for the \"Two Zones\" (2023)",
                           "北京“两区”人力资源开发目录（2023年版）", _beijing),
    # A referenced vocabulary, not a Chinese list: ESCO's ISCO-08 groups under ESCO's IRIs.
    "isco08": Catalog("isco08", "International Standard Classification of Occupations (ISCO-08), as published by ESCO v1.0",
                      "国际标准职业分类（ISCO-08）", _isco),
}
CATALOG_IDS = tuple(CATALOGS)


def available_catalogs() -> list[str]:
    """Catalog ids whose builder module is present in this installation."""
    import importlib.util
    modules = {"csco2022": "csco_graph", "qianhai2020": "qianhai_graph", "beijing2023": "beijing_graph",
               "isco08": "isco_graph"}
    return [cid for cid in CATALOG_IDS
            if importlib.util.find_spec(f"occlink.taxonomy.{modules[cid]}") is not None]
