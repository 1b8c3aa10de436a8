"""The catalogs occlink publishes, by id. Each builds its own triples from packaged data."""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from occlink.errors import InputError

if TYPE_CHECKING:  # rdflib loads with the first graph, not with the catalog registry (scripted commands)
    from rdflib import Graph, URIRef

    from occlink.taxonomy.namespaces import Namespaces
    from occlink.triples import Triple, TripleList


@dataclass(frozen=True)
class Catalog:
    """Every per-catalog fact, in one place: the rest of occlink looks catalogs up here."""

    id: str
    title_en: str
    title_zh: str
    build: Callable[[Namespaces], TripleList]
    scheme_attribute: str    # the Namespaces attribute holding the scheme IRI
    namespace_attribute: str  # the Namespaces attribute every IRI of the catalog starts with
    prefix: str              # the CURIE prefix of its concepts (csco:2-02-38-01)
    module: str              # its own module under occlink.taxonomy (the graph builder)
    edition: str             # the edition year, as published
    name: str                # short English name for people (review cards, messages)
    description: Mapping[str, str]  # DCAT description of its dataset, by language tag
    # The scheme's path under the base IRI (occlink's own catalogs); None for a referenced vocabulary.
    path: str | None = None
    # A referenced vocabulary keeps its publisher's scheme IRI: its CURIE for SSSOM sources.
    external_scheme_curie: str | None = None
    licence: str | None = None  # an SPDX id the source declares ("MIT"); None: no licence stated
    rights: str = "publisher"   # the rights statement without a licence: "publisher" | "esco"
    published: bool = True      # an occlink-published list (mapping and review targets), not a referenced one
    site_kind: str | None = None  # its key in the static site's pages and search ("csco", "qianhai", …)
    # Agents its own graph describes under its namespace (publisher, author): the source document's
    # provenance links them when present.
    source_agents: tuple[str, ...] = ()
    codes_titles: bool = False  # ``occlink code`` can code job titles with it (its entries carry national codes)

    def scheme(self, ns: Namespaces) -> URIRef:
        scheme: URIRef = getattr(ns, self.scheme_attribute)
        return scheme

    def namespace(self, ns: Namespaces) -> str:
        return str(getattr(ns, self.namespace_attribute))

    @property
    def source_curie(self) -> str:
        """Its concept scheme as the CURIE SSSOM's ``subject_source``/``object_source`` take."""
        if self.external_scheme_curie is not None:
            return self.external_scheme_curie
        return f"occlink:{self.path}"


def catalog_for_site_kind(kind: str) -> Catalog | None:
    """The catalog the static site shows under this key, or None."""
    return next((c for c in CATALOGS.values() if c.site_kind == kind), None) if kind else None


def _csco(ns: Namespaces) -> TripleList:
    from occlink.taxonomy.csco_graph import csco_triples
    return csco_triples(ns)


def _qianhai(ns: Namespaces) -> TripleList:
    from occlink.taxonomy.qianhai_graph import qianhai_triples
    return qianhai_triples(ns)


def _beijing(ns: Namespaces) -> TripleList:
    from occlink.taxonomy.beijing_graph import beijing_triples
    return beijing_triples(ns)


def _isco(ns: Namespaces) -> TripleList:
    from occlink.taxonomy.isco_graph import isco_triples
    return isco_triples(ns)


_REGISTRY = (
    Catalog(
        "csco2022", "Occupational Classification Catalog of the PRC (2022)", "中华人民共和国职业分类大典（2022年版）",
        _csco, "csco_scheme", "csco", "csco", "csco_graph", "2022", "national classification 2022",
        {"en": "The national Occupational Classification Catalog of the PRC (2022 edition) as a SKOS concept scheme: "
               "2,047 codes with Chinese names, definitions, tasks, aliases, levels and green (L)/digital (S) markers, "
               "English labels translated by the project.",
         "zh": "中华人民共和国职业分类大典（2022年版）的 SKOS 概念体系：2047 个编码及其名称、定义、主要工作任务、别名、层级和"
               "绿色（L）/数字（S）标识；英文名称为项目翻译。"},
        path="csco/2022", licence="MIT", site_kind="csco", codes_titles=True),
    Catalog(
        "qianhai2020", "List of High-Demand Occupations for Foreign Talents in Qianhai (2020)",
        "前海外籍人才紧缺职业清单（2020）", _qianhai, "qh_scheme", "qh", "qh", "qianhai_graph", "2020", "Qianhai 2020",
        {"en": "The List of High-Demand Occupations for Foreign Talents in Qianhai (2020): 50 occupations with every "
               "attribute of the report, as SKOS.",
         "zh": "前海境外人才紧缺职业清单（2020）：50 个职业及报告所列的全部属性，以 SKOS 发布。"},
        path="qianhai/2020", site_kind="qianhai",
        source_agents=("agent/qianhai-administration-bureau", "agent/chinese-academy-of-personnel-science")),
    Catalog(
        "beijing2023", "Human Resources Development Catalog for the \"Two Zones\" (2023)",
        "北京“两区”人力资源开发目录（2023年版）", _beijing, "bj_scheme", "bj_root", "bj", "beijing_graph", "2023",
        "Beijing 2023",
        {"en": "The Beijing \"Two Zones\" Human Resources Development Catalog (2023): catalog metadata and the "
               "urgent-need occupations generated by the catalog's own rule from the national L/S markers.",
         "zh": "北京“两区”人力资源开发目录（2023年版）：目录元数据，以及按目录规则由国家 L/S 标识生成的急需紧缺职业。"},
        path="beijing/2023", site_kind="beijing", source_agents=("agent/hrss",),
        codes_titles=True),
    # A referenced vocabulary, not a Chinese list: ESCO's ISCO-08 groups under ESCO's IRIs.
    Catalog(
        "isco08", "International Standard Classification of Occupations (ISCO-08), as published by ESCO v1.0",
        "国际标准职业分类（ISCO-08）", _isco, "isco_scheme", "isco", "isco", "isco_graph", "2008", "ISCO-08",
        {"en": "ISCO-08, the International Standard Classification of Occupations of the ILO: the 619 groups "
               "(10 major, 43 sub-major, 130 minor, 436 unit groups) with codes, English titles and hierarchy, "
               "under ESCO's IRIs, as published in ESCO v1.0 (© ILO; ESCO © European Union, reused with "
               "acknowledgement).",
         "zh": "国际劳工组织《国际标准职业分类》（ISCO-08）：619 个类别（10 个大类、43 个中类、130 个小类、436 个细类）的编码、"
               "英文名称与层级，沿用 ESCO 的 IRI，取自 ESCO v1.0（© 国际劳工组织；ESCO © 欧盟，注明出处后可再利用）。"},
        external_scheme_curie="escoscheme:isco", rights="esco", published=False),
)
CATALOGS: dict[str, Catalog] = {c.id: c for c in _REGISTRY}
CATALOG_IDS = tuple(CATALOGS)
# The lists occlink publishes (mapping sources and targets), without referenced vocabularies.
PUBLISHED_IDS = tuple(cid for cid, c in CATALOGS.items() if c.published)
CODING_IDS = tuple(cid for cid, c in CATALOGS.items() if c.codes_titles)


def catalog(catalog_id: str) -> Catalog:
    """The record of one catalog; one clear line for an unknown id."""
    try:
        return CATALOGS[catalog_id]
    except KeyError:
        raise InputError(f"unknown catalog {catalog_id!r} (choose from {', '.join(CATALOGS)})") from None


def catalog_for_prefix(prefix: str) -> Catalog | None:
    """The catalog whose concepts carry this CURIE prefix, or None."""
    return next((c for c in CATALOGS.values() if c.prefix == prefix), None)


def scheme_for(catalog_id: str, ns: Namespaces) -> URIRef:
    """The concept scheme IRI of a catalog."""
    return CATALOGS[catalog_id].scheme(ns)


def available_catalogs() -> list[str]:
    """Every catalog id, in the registry's order (each catalog's module ships in the same wheel)."""
    return list(CATALOGS)


def catalog_graph(catalog_id: str, ns: Namespaces) -> Graph:
    """The graph of one catalog. Built once per process and base IRI: treat it as read-only."""
    if catalog_id not in CATALOGS:
        raise InputError(f"unknown catalog {catalog_id!r} (choose from {', '.join(CATALOGS)})")
    return _catalog_graph(catalog_id, ns)


def catalog_triples(catalog_id: str, ns: Namespaces) -> dict[Triple, None]:
    """The triples of one catalog, each once, in the order built (the build's path: no Graph),
    as the keys of a dict (merged into the dataset with the hashes it holds). Built once per
    process and base IRI: treat it as read-only."""
    if catalog_id not in CATALOGS:
        raise InputError(f"unknown catalog {catalog_id!r} (choose from {', '.join(CATALOGS)})")
    return _built_catalog(catalog_id, ns)


@lru_cache(maxsize=16)
def _catalog_graph(catalog_id: str, ns: Namespaces) -> Graph:
    from occlink.triples import graph_of
    return graph_of(_built_catalog(catalog_id, ns))


@lru_cache(maxsize=16)
def _built_catalog(catalog_id: str, ns: Namespaces) -> dict[Triple, None]:
    # Building allocates ~10⁵ long-lived terms: pausing the cyclic collector avoids
    # rescanning them again and again (docs/performance.md).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return dict.fromkeys(CATALOGS[catalog_id].build(ns))
    finally:
        if enabled:
            gc.enable()
