"""IRIs of everything occlink publishes.

All dataset IRIs hang off one configurable base (``--base-iri`` or the
``OCCLINK_BASE_IRI`` environment variable) and carry the edition in their
path, so that a later edition never changes the meaning of an existing IRI::

    {base}csco/2022/2-02-38-01           national concept   (CURIE csco:2-02-38-01)
    {base}csco/2022                      its concept scheme
    {base}qianhai/2020/d06               Qianhai Table 1, no. 6  (CURIE qh:d06)
    {base}beijing/2023/urgent/2-02-38-01 Beijing urgent-need entry (CURIE bj:2-02-38-01)
    {base}vocab#…                        the project vocabulary   (CURIE occ:…)

CURIE prefixes are fixed; only their expansion follows the base IRI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

    SCHEMA: Namespace
    SKOSXL: Namespace
    SEMAPV: Namespace
    SSSOM: Namespace
    SH: Namespace
    ADMS: Namespace
    SPDX: Namespace
    PAV: Namespace
    FOAF: Namespace
    VCARD: Namespace
    ISCO: Namespace
    ISCO_SCHEME: URIRef
    ESCO_OCCUPATION: Namespace

DEFAULT_BASE_IRI = "https://w3id.org/occlink/"
BASE_IRI_ENV = "OCCLINK_BASE_IRI"

# The namespaces as plain strings. rdflib is imported only when a Namespace object is first
# asked for (module __getattr__ below): commands that never touch a graph — a scripted review
# decision, --help, --version — start without it (rdflib's import is most of their start-up).
NAMESPACE_IRIS = {
    "SCHEMA": "https://schema.org/",
    "SKOSXL": "http://www.w3.org/2008/05/skos-xl#",
    "SEMAPV": "https://w3id.org/semapv/vocab/",
    "SSSOM": "https://w3id.org/sssom/",
    "SH": "http://www.w3.org/ns/shacl#",
    "ADMS": "http://www.w3.org/ns/adms#",
    "SPDX": "http://spdx.org/rdf/terms#",  # checksums of DCAT distributions
    "PAV": "http://purl.org/pav/",  # SSSOM's author_id slot (pav:authoredBy)
    "FOAF": "http://xmlns.com/foaf/0.1/",  # DCAT-AP: publishers are foaf:Agent
    "VCARD": "http://www.w3.org/2006/vcard/ns#",  # DCAT-AP: contact points
    # ISCO-08 and ESCO occupations are referenced under ESCO's own IRIs (occlink mints none for
    # them): they do not follow the configurable base.
    "ISCO": "http://data.europa.eu/esco/isco/",
    "ESCO_OCCUPATION": "http://data.europa.eu/esco/occupation/",
}
# rdflib's own namespace objects, re-exported (their IRIs as strings for the CURIE map).
RDFLIB_NAMESPACE_IRIS = {
    "DCAT": "http://www.w3.org/ns/dcat#",
    "DCTERMS": "http://purl.org/dc/terms/",
    "OWL": "http://www.w3.org/2002/07/owl#",
    "PROV": "http://www.w3.org/ns/prov#",
    "RDF": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "RDFS": "http://www.w3.org/2000/01/rdf-schema#",
    "SKOS": "http://www.w3.org/2004/02/skos/core#",
    "XSD": "http://www.w3.org/2001/XMLSchema#",
    "VOID": "http://rdfs.org/ns/void#",
}
ISCO_SCHEME_IRI = "http://data.europa.eu/esco/concept-scheme/isco"
ESCO_SCHEMES = "http://data.europa.eu/esco/concept-scheme/"  # ESCO's concept schemes (SSSOM sources)

__all__ = [
    "DEFAULT_BASE_IRI", "BASE_IRI_ENV", "Namespaces", "default_base_iri", "resolve_base_iri",
    "SCHEMA", "SKOSXL", "SEMAPV", "SSSOM", "SH", "ADMS", "SPDX", "PAV", "FOAF", "VCARD",
    "ISCO", "ISCO_SCHEME", "ESCO_OCCUPATION",
    "DCAT", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD", "VOID",
]


def __getattr__(name: str) -> object:
    """The rdflib namespace objects, made on first use (see NAMESPACE_IRIS)."""
    value: object
    if name in NAMESPACE_IRIS:
        from rdflib import Namespace
        value = Namespace(NAMESPACE_IRIS[name])
    elif name in RDFLIB_NAMESPACE_IRIS:
        import rdflib.namespace
        value = getattr(rdflib.namespace, name)
    elif name == "ISCO_SCHEME":
        from rdflib import URIRef
        value = URIRef(ISCO_SCHEME_IRI)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _namespace(iri: str) -> Namespace:
    from rdflib import Namespace
    return Namespace(iri)


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
    env = os.environ.get(BASE_IRI_ENV, "").strip()
    return resolve_base_iri(env) if env else DEFAULT_BASE_IRI


@dataclass(frozen=True)
class Namespaces:
    """The dataset's namespaces for one base IRI."""

    base: str = DEFAULT_BASE_IRI

    @cached_property
    def vocab(self) -> Namespace:
        return _namespace(f"{self.base}vocab#")

    # --- national classification -------------------------------------------------
    @cached_property
    def csco(self) -> Namespace:
        return _namespace(f"{self.base}csco/2022/")

    @property
    def csco_scheme(self) -> URIRef:
        return _namespace(self.base)["csco/2022"]

    # --- Qianhai 2020 -------------------------------------------------------------
    @cached_property
    def qh(self) -> Namespace:
        return _namespace(f"{self.base}qianhai/2020/")

    @property
    def qh_scheme(self) -> URIRef:
        return _namespace(self.base)["qianhai/2020"]

    # --- Beijing 2023 -------------------------------------------------------------
    @cached_property
    def bj(self) -> Namespace:
        """Urgent-need entries, keyed by national code."""
        return _namespace(f"{self.base}beijing/2023/urgent/")

    @cached_property
    def bj_root(self) -> Namespace:
        return _namespace(f"{self.base}beijing/2023/")

    @property
    def bj_scheme(self) -> URIRef:
        return _namespace(self.base)["beijing/2023"]

    # --- ISCO-08 (referenced under ESCO's IRIs) -----------------------------------
    @cached_property
    def isco(self) -> Namespace:
        return _namespace(NAMESPACE_IRIS["ISCO"])

    @cached_property
    def isco_scheme(self) -> URIRef:
        from rdflib import URIRef
        return URIRef(ISCO_SCHEME_IRI)

    # --- crosswalks and dataset metadata -----------------------------------------
    @cached_property
    def mapping(self) -> Namespace:
        return _namespace(f"{self.base}mappings/")

    @cached_property
    def dataset(self) -> Namespace:
        return _namespace(f"{self.base}dataset/")

    @cached_property
    def project(self) -> URIRef:
        """The occlink project as an agent (creator of translations and reviews)."""
        return _namespace(self.base)["project"]

    def curie_map(self) -> dict[str, str]:
        """Prefix → expansion, used by SSSOM files, JSON-LD contexts and Turtle output."""
        return dict(self._curie_map)

    @cached_property
    def _curie_map(self) -> dict[str, str]:
        # Plain strings (no rdflib): expand/compact serve the scripted commands too.
        ns, rdf = NAMESPACE_IRIS, RDFLIB_NAMESPACE_IRIS
        return {
            "csco": f"{self.base}csco/2022/",
            "qh": f"{self.base}qianhai/2020/",
            "bj": f"{self.base}beijing/2023/urgent/",
            "bjd": f"{self.base}beijing/2023/",
            "isco": ns["ISCO"],
            "esco": ns["ESCO_OCCUPATION"],
            "escoscheme": ESCO_SCHEMES,
            "occ": f"{self.base}vocab#",
            "occmap": f"{self.base}mappings/",
            "skos": rdf["SKOS"],
            "skosxl": ns["SKOSXL"],
            "dct": rdf["DCTERMS"],
            "dcat": rdf["DCAT"],
            "void": rdf["VOID"],
            "prov": rdf["PROV"],
            "schema": ns["SCHEMA"],
            "semapv": ns["SEMAPV"],
            "sssom": ns["SSSOM"],
            "owl": rdf["OWL"],
            "rdfs": rdf["RDFS"],
            "xsd": rdf["XSD"],
            "spdx": ns["SPDX"],
            "pav": ns["PAV"],
            "foaf": ns["FOAF"],
            "vcard": ns["VCARD"],
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
