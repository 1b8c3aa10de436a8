"""The CSV tables say what the RDF says: one row per concept or decision, the same values."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from occlink.exports.dumps.compiled import compiled_dir
from occlink.exports.dumps.tables import CATALOG_COLUMNS, MAPPING_COLUMNS
from occlink.exports.sparql.query import run_query
from occlink.mappings.sssom import packaged_mapping_files
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, SPDX, Namespaces

NS = Namespaces(DEFAULT_BASE_IRI)
SCHEMES = {"csco2022": "csco/2022", "qianhai2020": "qianhai/2020", "beijing2023": "beijing/2023"}


@pytest.fixture(scope="module")
def built() -> Path:
    return compiled_dir(NS)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    return rows, tuple(reader.fieldnames)


def select(text: str) -> list[dict[str, str]]:
    result = run_query(NS, text)
    return [{k: (v.value if v is not None else "") for k, v in zip(result.variables, row)} for row in result.rows]


@pytest.mark.parametrize("catalog", sorted(SCHEMES))
def test_catalogue_table_matches_the_rdf(built, catalog):
    rows, columns = read(built / "tables" / f"{catalog}.csv")
    assert columns == CATALOG_COLUMNS
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "one row per concept, no duplicate source rows"
    expected = select(f"""
        SELECT ?code ?zh ?en ?level ?green ?digital WHERE {{
          ?c a skos:Concept ; skos:inScheme <{DEFAULT_BASE_IRI}{SCHEMES[catalog]}> ; skos:notation ?code .
          OPTIONAL {{ ?c skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }}
          OPTIONAL {{ ?c skos:prefLabel ?en FILTER(LANG(?en) = "en") }}
          OPTIONAL {{ ?c occ:level ?levelIri BIND(STRAFTER(STR(?levelIri), "#") AS ?level) }}
          OPTIONAL {{ ?c occ:green ?green }} OPTIONAL {{ ?c occ:digital ?digital }}
        }} ORDER BY ?code""")
    assert codes == [e["code"] for e in expected]
    for row, want in zip(rows, expected):
        assert (row["zh"], row["en"], row["level"], row["L"], row["S"]) == (
            want["zh"], want["en"], want["level"], want["green"], want["digital"]), row["code"]


def test_national_table_counts_and_aliases(built):
    rows, _ = read(built / "tables" / "csco2022.csv")
    assert len(rows) == 2047
    assert sum(r["L"] == "true" for r in rows) == 134 and sum(r["S"] == "true" for r in rows) == 95
    aliases = select("SELECT (COUNT(*) AS ?n) WHERE { ?c skos:inScheme <https://w3id.org/occlink/csco/2022> ; skos:altLabel ?a FILTER(LANG(?a) = 'zh') }")
    assert sum(len(r["aliases"].split("|")) for r in rows if r["aliases"]) == int(aliases[0]["n"])
    ai = next(r for r in rows if r["code"] == "2-02-38-01")
    assert ai["zh"] == "人工智能工程技术人员" and ai["level"] == "fine" and ai["S"] == "true" and ai["definition"]


def test_mapping_tables_match_the_decisions(built):
    counts = {r["set"].rsplit("/", 1)[-1]: int(r["n"]) for r in select(
        "SELECT ?set ?n WHERE { ?set a sssom:MappingSet ; occ:mappingCount ?n }")}
    assert len(counts) == len(packaged_mapping_files())
    for name, count in counts.items():
        rows, columns = read(built / "tables" / "mappings" / f"{name}.csv")
        assert columns == MAPPING_COLUMNS and len(rows) == count, name
        status = {"positive": "accepted", "negative": "rejected", "unsure": "unsure"}[name.rsplit(".", 1)[1]]
        assert {r["status"] for r in rows} == {status}
        for row in rows:
            assert 0 <= float(row["confidence"]) <= 1 and row["reviewer"] == "occrev:maintainers"


def test_pandas_reads_numbers_and_flags_as_such(built):
    pd = pytest.importorskip("pandas")
    national = pd.read_csv(built / "tables" / "csco2022.csv", dtype={"code": str})
    assert national["L"].dtype == bool and national["S"].dtype == bool
    decisions = pd.read_csv(built / "tables" / "mappings" / "qianhai2020-csco2022.positive.csv")
    assert decisions["confidence"].dtype == float


def test_tables_are_listed_in_the_catalog_with_licence_and_checksum(built):
    catalog = Graph().parse(built / "catalog.ttl", format="turtle")
    tables = sorted((built / "tables").rglob("*.csv"))
    assert len(tables) == 4 + len(packaged_mapping_files())  # csco2022, qianhai2020, beijing2023, isco08
    for path in tables:
        relative = path.relative_to(built).as_posix()
        dist = NS.dataset[f"distribution/{relative}"]
        assert (None, DCAT.distribution, dist) in catalog, relative
        assert (dist, DCAT.mediaType, URIRef("http://www.iana.org/assignments/media-types/text/csv")) in catalog
        assert catalog.value(dist, DCTERMS.license) is not None or catalog.value(dist, DCTERMS.rights) is not None
        checksum = catalog.value(catalog.value(dist, SPDX.checksum), SPDX.checksumValue)
        assert str(checksum) == hashlib.sha256(path.read_bytes()).hexdigest()
