"""Shapes for Qianhai and Beijing entries, links to national concepts, inferred markers, DCAT metadata."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, SKOS, XSD

from occlink.shapes.validate import validate_graph
from occlink.taxonomy.csco_graph import csco_graph
from occlink.taxonomy.namespaces import FOAF, SCHEMA, SPDX, VCARD, Namespaces

NS = Namespaces()
OCC = NS.vocab


@pytest.fixture(scope="module")
def national() -> Graph:
    return csco_graph(NS)


@pytest.fixture(scope="module")
def qianhai() -> Graph:
    from occlink.taxonomy.qianhai_graph import qianhai_graph
    return qianhai_graph(NS)


@pytest.fixture(scope="module")
def beijing() -> Graph:
    from occlink.taxonomy.beijing_graph import beijing_graph
    return beijing_graph(NS)


def _copy(*graphs: Graph) -> Graph:
    out = Graph()
    for g in graphs:
        for t in g:
            out.add(t)
    return out


def _hits(graph: Graph) -> set[tuple[str, str]]:
    return {(NS.compact(str(r.focus)), r.source.rsplit("#", 1)[-1])
            for r in validate_graph(graph, NS).results if r.severity == "Violation"}


def test_qianhai_catalog_alone_conforms(qianhai):
    assert _hits(qianhai) == set()


def test_beijing_with_national_conforms(beijing, national):
    assert _hits(_copy(beijing, national)) == set()


def test_beijing_alone_has_unresolvable_national_links(beijing):
    hits = _hits(beijing)
    assert ("bj:2-02-38-01", "NationalLinkResolves") in hits


@pytest.mark.parametrize("edit, expected", [
    (lambda g: g.set((NS.qh["d06"], OCC.orientation, NS.qh["industry/finance"])),
     ("qh:d06", "QianhaiControlledValues")),
    (lambda g: g.remove((NS.qh["d06"], OCC.listNumber, None)), ("qh:d06", "QianhaiListNumber")),
    (lambda g: g.set((NS.qh["d06"], OCC.sourceTable, Literal(3))), ("qh:d06", "QianhaiSourceTable")),
    (lambda g: g.set((NS.qh["d06"], SKOS.notation, Literal("x6"))), ("qh:d06", "QianhaiNotation")),
    (lambda g: g.remove((NS.qh["d06"], OCC.supplySeverity, None)), ("qh:d06", "QianhaiSeverity")),
    (lambda g: g.set((NS.qh["d06/experience"], OCC.minimumYearsOfExperience, Literal(-1))),
     ("qh:d06/experience", "ExperienceYears")),
    (lambda g: g.set((NS.qh["d06/education"], SCHEMA.educationalLevel, NS.qh["degree/kindergarten"])),
     ("qh:d06/education", "DegreesFromScheme")),
    (lambda g: g.add((NS.qh["d06"], OCC.digital, Literal(True))), ("qh:d06", "MarkerHasProvenance")),
])
def test_qianhai_rules(qianhai, edit, expected):
    g = _copy(qianhai)
    edit(g)
    assert expected in _hits(g)


def _salary(g: Graph, entry: URIRef, value, currency: str | None = "CNY") -> None:
    amount = URIRef(f"{entry}/median-annual-salary")
    g.add((entry, OCC.medianAnnualSalary, amount))
    g.add((amount, RDF.type, SCHEMA.MonetaryAmount))
    g.add((amount, SCHEMA.value, Literal(value, datatype=XSD.decimal)))
    if currency:
        g.add((amount, SCHEMA.currency, Literal(currency)))
    g.add((amount, OCC.salaryBasis, NS.bj_root["salary-basis"]))


BJ = NS.bj["2-02-38-01"]


@pytest.mark.parametrize("edit, expected", [
    (lambda g: g.add((BJ, OCC.urgency, NS.bj_root["urgency/apocalyptic"])), ("bj:2-02-38-01", "BeijingControlledValues")),
    (lambda g: g.add((BJ, OCC.keyIndustry, NS.qh["industry/finance"])), ("bj:2-02-38-01", "BeijingControlledValues")),
    (lambda g: g.set((BJ, SKOS.notation, Literal("2-02-38-02"))), ("bj:2-02-38-01", "BeijingCodeMatchesNational")),
    (lambda g: g.set((BJ, OCC.nationalOccupation, NS.csco["2-02-38-77"])), ("bj:2-02-38-01", "NationalLinkResolves")),
    (lambda g: _salary(g, BJ, "-10"), ("bj:2-02-38-01/median-annual-salary", "AmountValue")),
    (lambda g: _salary(g, BJ, "250000", None), ("bj:2-02-38-01/median-annual-salary", "AmountCurrency")),
    (lambda g: g.add((NS.bj_root["key-area/x"], OCC.developmentRating, Literal(6))),
     ("bjd:key-area/x", "DevelopmentRatingStars")),
])
def test_beijing_rules(beijing, national, edit, expected):
    g = _copy(beijing, national)
    edit(g)
    assert expected in _hits(g)


def test_valid_salary_passes(beijing, national):
    g = _copy(beijing, national)
    _salary(g, BJ, "250000")
    assert _hits(g) == set()


def test_qianhai_mapping_into_missing_national_concept(qianhai):
    g = _copy(qianhai)
    g.add((NS.qh["d06"], SKOS.exactMatch, NS.csco["2-02-38-01"]))
    assert ("qh:d06", "NationalLinkResolves") in _hits(g)


def _catalog() -> Graph:
    g = Graph()
    cat, ds, dist, chk = (NS.dataset[x] for x in ("catalog", "occlink", "distribution/occlink.ttl",
                                                     "distribution/occlink.ttl/sha256"))
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCAT.dataset, ds))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("occlink", lang="en")))
    g.add((ds, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCAT.mediaType, URIRef("http://www.iana.org/assignments/media-types/text/turtle")))
    g.add((dist, DCAT.byteSize, Literal(123, datatype=XSD.nonNegativeInteger)))
    g.add((dist, SPDX.checksum, chk))
    g.add((chk, RDF.type, SPDX.Checksum))
    g.add((chk, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((chk, SPDX.checksumValue, Literal("a" * 64, datatype=XSD.hexBinary)))
    g.add((ds, PROV.wasAttributedTo, NS.project))
    # what occlink promises beyond the minimum (DCAT-AP 3, shapes/metadata.ttl)
    contact, theme = NS.dataset["contact"], URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI")
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((URIRef("http://www.iana.org/assignments/media-types/text/turtle"), RDF.type, DCTERMS.MediaType))
    url = URIRef(f"{NS.base}data/0.1.0/occlink.ttl")
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((NS.project, RDF.type, FOAF.Agent))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((cat, DCTERMS.title, Literal("occlink catalog", lang="en")))
    g.add((cat, DCTERMS.publisher, NS.project))
    for node in (cat, ds):
        g.add((node, DCTERMS.description, Literal("occupations", lang="en")))
        g.add((node, DCTERMS.description, Literal("职业", lang="zh")))
    for prop, value in ((DCTERMS.publisher, NS.project), (DCAT.contactPoint, contact), (DCAT.theme, theme),
                        (DCAT.keyword, Literal("occupations", lang="en")),
                        (DCTERMS.issued, Literal("2026-11-21", datatype=XSD.date)),
                        (DCTERMS.conformsTo, URIRef("http://www.w3.org/2004/02/skos/core"))):
        g.add((ds, prop, value))
    return g


def test_catalog_metadata_rules():
    assert _hits(_catalog()) == set()
    g = _catalog()
    ds, dist = NS.dataset["occlink"], NS.dataset["distribution/occlink.ttl"]
    g.remove((ds, DCTERMS.license, None))
    g.remove((dist, DCAT.byteSize, None))
    g.set((NS.dataset["distribution/occlink.ttl/sha256"], SPDX.checksumValue, Literal("xyz")))
    g.add((NS.dataset["catalog"], DCAT.dataset, NS.dataset["orphan"]))
    g.add((NS.dataset["orphan"], RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.source, Literal("mappings/x.sssom.tsv")))  # a literal source names nothing
    g.remove((dist, DCAT.downloadURL, None))
    hits = _hits(g)
    assert ("<https://w3id.org/occlink/dataset/occlink>", "DatasetLicenseOrRights") in hits or \
        (NS.compact(str(ds)), "DatasetLicenseOrRights") in hits
    sources = {s for _, s in hits}
    assert {"DatasetLicenseOrRights", "DistributionByteSize", "ChecksumValue",
            "PublishedDatasetDistribution", "DatasetTitle", "DatasetSourceKind", "DistributionAccess",
            "DescribedInEnglishAndChinese", "DatasetPublisher", "DatasetContactPoint"} <= sources


def test_rights_statement_instead_of_license_is_accepted():
    g = _catalog()
    ds = NS.dataset["occlink"]
    g.remove((ds, DCTERMS.license, None))
    g.add((ds, DCTERMS.rights, NS.dataset["rights/publisher-reserved"]))
    assert _hits(g) == set()


def test_national_term_flag_must_name_a_national_occupation(qianhai, national):
    """Guard: usesNationalTerm true on a label that is no national name is a violation."""
    g = _copy(qianhai, national)
    assert not {h for h in _hits(g) if h[1] == "NationalTermIsExact"}
    label = URIRef(f"{NS.qh['s02']}/label/zh")  # 精算师: the national name is 精算专业人员
    g.set((label, OCC.usesNationalTerm, Literal(True)))
    assert (NS.compact(str(label)), "NationalTermIsExact") in _hits(g)
    # without the national classification in the data the rule cannot be checked (not a violation)
    alone = _copy(qianhai)
    alone.set((label, OCC.usesNationalTerm, Literal(True)))
    assert not {h for h in _hits(alone) if h[1] == "NationalTermIsExact"}
