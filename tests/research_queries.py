"""The packaged research queries run unchanged elsewhere: shared by the portability, Oxigraph-server and
Virtuoso tests. Rows are compared as multisets of normalized terms (SPARQL 1.1 JSON results)."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections import Counter
from importlib import resources
from pathlib import Path

from click.testing import CliRunner

XSD = "http://www.w3.org/2001/XMLSchema#"


def query_files() -> list[Path]:
    folder = resources.files("occlink.exports.sparql") / "queries"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".rq"))


def normalize(term: dict | None, quirks=None) -> tuple | None:
    """A SPARQL JSON results term as (kind, value, datatype or @lang); ``quirks`` may rewrite it first."""
    if term is None:
        return None
    if quirks is not None:
        term = quirks(term)
    kind = term["type"]
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in term:
            return ("literal", term["value"], "@" + term["xml:lang"].lower())
        return ("literal", term["value"], term.get("datatype", XSD + "string"))
    return (kind, term["value"])


def rows_of(document: dict, quirks=None, concatenated: dict[str, str] | None = None) -> Counter:
    """Rows as a multiset; ``concatenated`` {column: separator} compares those cells as sets of parts."""
    names = document["head"]["vars"]
    concatenated = concatenated or {}

    def cell(name: str, term: dict | None):
        if name not in concatenated:
            return normalize(term, quirks)
        if term is None or term["value"] == "":
            return None
        return ("concatenation", tuple(sorted(term["value"].split(concatenated[name]))))

    return Counter(tuple(cell(n, b.get(n)) for n in names) for b in document["results"]["bindings"])


def concatenated_columns(text: str) -> dict[str, str]:
    """{column: separator} of the GROUP_CONCAT results in a query (also through (COALESCE(?x, "") AS ?y), in BIND or SELECT)."""
    found = {var: sep for sep, var in re.findall(
        r'GROUP_CONCAT\((?:DISTINCT\s+)?\?\w+\s*;\s*separator\s*=\s*"([^"]*)"\)\s*AS\s*\?(\w+)', text, re.I)}
    for source, target in re.findall(r'(?:BIND\s*)?\(\s*COALESCE\s*\(\s*\?(\w+)\s*,\s*""\s*\)\s*AS\s*\?(\w+)\s*\)', text, re.I):
        if source in found:
            found[target] = found[source]
    return found


def occlink_rows(path: Path, concatenated: dict[str, str] | None = None) -> Counter:
    from occlink.cli.main import cli
    result = CliRunner().invoke(cli, ["query", "--file", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return rows_of(json.loads(result.stdout), concatenated=concatenated)


def endpoint_rows(url: str, text: str, quirks=None, concatenated: dict[str, str] | None = None, *,
                  timeout: float = 300) -> Counter:
    """POST the query text unchanged to a SPARQL endpoint, JSON results."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=timeout) as response:
        return rows_of(json.loads(response.read().decode("utf-8")), quirks, concatenated)
