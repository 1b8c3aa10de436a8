"""Every research query declares its own prefixes: it parses with no predeclared namespaces and gives the
same rows on a fresh Oxigraph store as through `occlink query`."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery

from occlink.cli.main import cli
from research_queries import concatenated_columns, occlink_rows, query_files, rows_of

QUERIES = query_files()


def test_there_are_research_queries():
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_parses_without_predeclared_prefixes(path):
    prepareQuery(path.read_text(encoding="utf-8"))  # rdflib: no initNs


@pytest.fixture(scope="module")
def fresh_store(tmp_path_factory):
    dump = tmp_path_factory.mktemp("dump") / "occlink.nt"
    result = CliRunner().invoke(cli, ["export", "--format", "ntriples", "--out", str(dump)])
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_same_rows_on_a_fresh_store_without_prefixes(fresh_store, path):
    import json
    text = path.read_text(encoding="utf-8")
    solutions = fresh_store.query(text)  # no prefixes argument
    document = json.loads(solutions.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8"))
    # GROUP_CONCAT's order is left to the engine (SPARQL 1.1 §18.5.1.7): those cells compare as sets of parts
    concatenated = concatenated_columns(text)
    rows = rows_of(document, concatenated=concatenated)
    assert rows == occlink_rows(path, concatenated)
    assert sum(rows.values()) > 0
