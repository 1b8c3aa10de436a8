"""IRIs of everything occlink publishes.

All dataset IRIs hang off one configurable base (``--base-iri`` or the
``OCCLINK_BASE_IRI`` environment variable, read into the run's context) and carry the edition in their
path, so that a later edition never changes the meaning of an existing IRI::

    {base}csco/2022/2-02-38-01           national concept   (CURIE csco:2-02-38-01)
    {base}csco/2022                      its concept scheme
    {base}qianhai/2020/d06               Qianhai Table 1, no. 6  (CURIE qh:d06)
    {base}beijing/2023/urgent/2-02-38-01 Beijing urgent-need entry (CURIE bj:2-02-38-01)
    {base}vocab#…                        the project vocabulary   (CURIE occ:…)

CURIE prefixes are fixed; only their expansion follows the base IRI.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, VOID

DEFAULT_BASE_IRI = "https://w3id.org/occlink/"
BASE_IRI_ENV = "OCCLINK_BASE_IRI"

SCHEMA = Namespace("https://schema.org/")
SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
SSSOM = Namespace("https://w3id.org/sssom/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")  # checksums of DCAT distributions
PAV = Namespace("http://purl.org/pav/")  # SSSOM's author_id slot (pav:authoredBy)
FOAF = Namespace("http://xmlns.com/foaf/0.1/")  # DCAT-AP: publishers are foaf:Agent
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")  # DCAT-AP: contact points
# ISCO-08 and ESCO occupations are referenced under ESCO's own IRIs (occlink mints none for them):
# they do not follow the configurable base.
ISCO = Namespace("http://data.europa.eu/esco/isco/")
ISCO_SCHEME = URIRef("http://data.europa.eu/esco/concept-scheme/isco")
ESCO_OCCUPATION = Namespace("http://data.europa.eu/esco/occupation/")
ESCO_SCHEMES = "http://data.europa.eu/esco/concept-scheme/"  # ESCO's concept schemes (SSSOM sources)

__all__ = [
    "DEFAULT_BASE_IRI", "BASE_IRI_ENV", "Namespaces", "default_base_iri", "resolve_base_iri",
    "SCHEMA", "SKOSXL", "SEMAPV", "SSSOM", "SH", "ADMS", "SPDX", "PAV", "FOAF", "VCARD",
    "ISCO", "ISCO_SCHEME", "ESCO_OCCUPATION",
    "DCAT", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD", "VOID",
]


class BaseIRIError(ValueError):
    """The configured base IRI is unusable."""


def resolve_base_iri(value: str | None) -> str:
    """Validate a base IRI: absolute http(s), ending in '/' or '#'."""
    base = (value or "").strip()
    if not base:
        return default_base_iri()
    if not (base.startswith("http://") or base.startswith("https://")):
        raise BaseIRIError(f"base IRI {base!r} must be an absolute http(s) IRI")
    if any(ch in base for ch in ' <>"{}|\\^`'):
        raise BaseIRIError(f"base IRI {base!r} contains a character not allowed in an IRI")
    if not base.endswith(("/", "#")):
        base += "/"
    return base


def default_base_iri() -> str:
    """The base IRI when none is chosen (the ``OCCLINK_BASE_IRI`` variable is read by
    ``taxonomy/context.py`` only, when a run starts)."""
    return DEFAULT_BASE_IRI


@dataclass(frozen=True)
class Namespaces:
    """The dataset's namespaces for one base IRI."""

    base: str = DEFAULT_BASE_IRI

    @cached_property
    def vocab(self) -> Namespace:
        return Namespace(f"{self.base}vocab#")

    # --- national classification -------------------------------------------------
    @cached_property
    def csco(self) -> Namespace:
        return Namespace(f"{self.base}csco/2022/")

    @property
    def csco_scheme(self):
        return Namespace(self.base)["csco/2022"]

    # --- Qianhai 2020 -------------------------------------------------------------
    @cached_property
    def qh(self) -> Namespace:
        return Namespace(f"{self.base}qianhai/2020/")

    @property
    def qh_scheme(self):
        return Namespace(self.base)["qianhai/2020"]

    # --- Beijing 2023 -------------------------------------------------------------
    @cached_property
    def bj(self) -> Namespace:
        """Urgent-need entries, keyed by national code."""
        return Namespace(f"{self.base}beijing/2023/urgent/")

    @cached_property
    def bj_root(self) -> Namespace:
        return Namespace(f"{self.base}beijing/2023/")

    @property
    def bj_scheme(self):
        return Namespace(self.base)["beijing/2023"]

    # --- ISCO-08 (referenced under ESCO's IRIs) -----------------------------------
    @property
    def isco(self) -> Namespace:
        return ISCO

    @property
    def isco_scheme(self):
        return ISCO_SCHEME

    # --- crosswalks and dataset metadata -----------------------------------------
    @cached_property
    def mapping(self) -> Namespace:
        return Namespace(f"{self.base}mappings/")

    @cached_property
    def dataset(self) -> Namespace:
        return Namespace(f"{self.base}dataset/")

    @cached_property
    def project(self):
        """The occlink project as an agent (creator of translations and reviews)."""
        return Namespace(self.base)["project"]

    def curie_map(self) -> dict[str, str]:
        """Prefix → expansion, used by SSSOM files, JSON-LD contexts and Turtle output."""
        return dict(self._curie_map)

    @cached_property
    def _curie_map(self) -> dict[str, str]:
        return {
            "csco": str(self.csco),
            "qh": str(self.qh),
            "bj": str(self.bj),
            "bjd": str(self.bj_root),
            "isco": str(ISCO),
            "esco": str(ESCO_OCCUPATION),
            "escoscheme": ESCO_SCHEMES,
            "occ": str(self.vocab),
            "occmap": str(self.mapping),
            "skos": str(SKOS),
            "skosxl": str(SKOSXL),
            "dct": str(DCTERMS),
            "dcat": str(DCAT),
            "void": str(VOID),
            "prov": str(PROV),
            "schema": str(SCHEMA),
            "semapv": str(SEMAPV),
            "sssom": str(SSSOM),
            "owl": str(OWL),
            "rdfs": str(RDFS),
            "xsd": str(XSD),
            "spdx": str(SPDX),
            "pav": str(PAV),
            "foaf": str(FOAF),
            "vcard": str(VCARD),
        }

    def bind(self, graph) -> None:
        """Bind the prefixes on a graph (deterministic order, no rdflib defaults)."""
        for prefix, iri in sorted(self.curie_map().items()):
            graph.bind(prefix, iri, override=True, replace=True)

    def expand(self, curie: str) -> str:
        prefix, sep, local = curie.partition(":")
        if not sep or prefix not in self._curie_map:
            raise KeyError(curie)
        return self._curie_map[prefix] + local

    @cached_property
    def _longest_first(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self._curie_map.items(), key=lambda kv: (-len(kv[1]), kv[0])))

    @cached_property
    def _compacted(self) -> dict[str, str]:
        return {}

    def compact(self, iri: str) -> str:
        """The CURIE of ``iri`` with the longest matching namespace (memoized: exports call this
        for every term), or ``iri`` itself."""
        found = self._compacted.get(iri)
        if found is None:
            found = next((f"{prefix}:{iri[len(ns):]}" for prefix, ns in self._longest_first
                          if iri.startswith(ns)), iri)
            if len(self._compacted) < 500_000:  # bounded: a long-running server sees arbitrary IRIs
                self._compacted[iri] = found
        return found
