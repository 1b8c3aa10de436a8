"""occlink from Python: the compiled dataset, SPARQL rows for pandas, matching titles.

Three functions, re-exported as ``occlink.dataset``, ``occlink.query`` and
``occlink.match``. None needs ``occlink build`` first: the dataset is built once
into the user cache on first use (``occlink.exports.dumps.compiled``) and reused.

>>> import occlink
>>> ds = occlink.dataset()
>>> ds.version == occlink.__version__
True
>>> [name for name in sorted(ds.tables) if "." not in name]  # catalogues (mapping sets have a kind suffix)
['beijing2023', 'csco2022', 'isco08', 'qianhai2020']
>>> rows = occlink.query("SELECT ?code ?zh WHERE { ?c skos:notation ?code ; skos:prefLabel ?zh ; "
...                      "skos:inScheme <https://w3id.org/occlink/csco/2022> . FILTER(LANG(?zh) = 'zh') } "
...                      "ORDER BY ?code LIMIT 2")
>>> rows[0]
{'code': '1-00-00-00', 'zh': '党的机关、国家机关、群众团体和社会组织、企事业单位负责人'}
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                      "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                      "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {f"{_XSD}double", f"{_XSD}float", f"{_XSD}decimal"}


@dataclass(frozen=True)
class Dataset:
    """The compiled dataset on disk: dumps, CSV tables, SSSOM sets and the DCAT catalog.

    ``folder`` holds what ``occlink build`` writes; ``tables`` maps a catalogue id
    or mapping-set name to its CSV table; ``checksum`` is the sha256 of
    ``occlink.nt`` (what ``occlink cite`` prints and ``occlink match``, ``occlink code``
    and :func:`match` record).

    >>> import occlink
    >>> ds = occlink.dataset()
    >>> ds.iri
    'https://w3id.org/occlink/dataset/occlink'
    >>> (ds.folder / "occlink.ttl").is_file() and len(ds.checksum) == 64
    True
    >>> import pandas as pd
    >>> national = pd.read_csv(ds.tables["csco2022"], dtype={"code": str})
    >>> national.loc[national.code == "2-02-38-01", ["zh", "level", "S"]].values.tolist()
    [['人工智能工程技术人员', 'fine', True]]
    """

    folder: Path
    iri: str
    version: str
    checksum: str
    tables: dict[str, Path] = field(default_factory=dict)

    def file(self, name: str) -> Path:
        """A file of the build by its relative name, e.g. ``"occlink.ttl"`` or ``"catalog.ttl"``."""
        path = self.folder / name
        if not path.is_file():
            raise FileNotFoundError(f"{name} is not part of the compiled dataset in {self.folder}")
        return path

    def graph(self):
        """The whole dataset as an rdflib ``Graph`` (parsed from ``occlink.nt``; takes a few seconds)."""
        from rdflib import Graph
        return Graph().parse(self.file("occlink.nt"), format="nt")


def _namespaces(base_iri: str | None):
    from occlink.taxonomy.namespaces import Namespaces, resolve_base_iri
    return Namespaces(resolve_base_iri(base_iri))


def dataset(base_iri: str | None = None) -> Dataset:
    """The compiled dataset (built into the user cache on first use, about 10 s; then instant).

    ``base_iri``: the base of every dataset IRI (default ``https://w3id.org/occlink/``
    or ``$OCCLINK_BASE_IRI``), as ``occlink --base-iri``.
    """
    from occlink import __version__
    from occlink.exports.dumps.compiled import compiled_dir, dataset_checksum
    from occlink.exports.dumps.tables import TABLES_DIR
    from occlink.graph.citation import dataset_iri
    ns = _namespaces(base_iri)
    folder = compiled_dir(ns)
    tables = {p.name[:-len(".csv")]: p for p in sorted((folder / TABLES_DIR).rglob("*.csv"))}
    return Dataset(folder, dataset_iri(ns), __version__, dataset_checksum(ns), tables)


def _python_value(term) -> Any:
    """An Oxigraph term as the plain Python value pandas expects (numbers stay numbers)."""
    import pyoxigraph as ox
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value if term.datatype is not None else ""
    text = term.value
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype in _FLOATS:
            return float(Decimal(text)) if datatype.endswith("decimal") else float(text)
        if datatype == f"{_XSD}boolean":
            return text in ("true", "1")
        if datatype == f"{_XSD}date":
            return datetime.date.fromisoformat(text)
    except ValueError:
        return text  # an ill-typed literal stays its text
    return text


def _parameter(value: Any, ns) -> Any:
    """A Python value as an RDF term: bool → xsd:boolean, int → xsd:integer, float → xsd:double,
    a string as ``occlink query --param`` reads it (``csco:…`` or ``<iri>`` → IRI, otherwise text)."""
    import pyoxigraph as ox

    from occlink.exports.sparql.query import parameter_term
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(f"{_XSD}boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(f"{_XSD}integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(f"{_XSD}double"))
    if isinstance(value, str):
        return parameter_term(value, ns) if value[:1] == "<" or ":" in value else ox.Literal(value)
    raise TypeError(f"parameter value {value!r}: use str, int, float or bool")


def query(sparql: str, base_iri: str | None = None, **params: Any) -> list[dict[str, Any]]:
    """Run a read-only SPARQL SELECT over the dataset; one dict per row, ready for ``pd.DataFrame(rows)``.

    The project prefixes (``csco:``, ``qh:``, ``bj:``, ``occ:``, ``skos:``, …) need no
    declaration. ``params`` bind variables safely as RDF terms (never spliced into the
    text): ``code="2-02-38-01"`` binds ``?code`` to that string. Numbers and booleans
    come back as Python numbers and booleans, IRIs as strings, unbound values as None.
    ASK gives ``[{"ask": True|False}]``; CONSTRUCT/DESCRIBE give subject/predicate/object rows.

    >>> import occlink, pandas as pd
    >>> rows = occlink.query("SELECT ?zh ?level WHERE { ?c skos:notation ?code ; skos:prefLabel ?zh ; "
    ...                      "occ:sourceLevel ?level . FILTER(LANG(?zh) = 'zh') }", code="2-02-38-01")
    >>> rows
    [{'zh': '人工智能工程技术人员', 'level': 4}]
    >>> pd.DataFrame(rows).dtypes["level"]
    dtype('int64')
    """
    import pyoxigraph as ox

    from occlink.errors import InputError
    from occlink.exports.sparql.query import run_query
    ns = _namespaces(base_iri)
    for name in params:  # a misspelt parameter would silently bind nothing
        if not re.search(rf"[?$]{re.escape(name)}\b", sparql):
            raise InputError(f"parameter {name}: the query has no variable ?{name}")
    substitutions = {ox.Variable(name): _parameter(value, ns) for name, value in params.items()}
    result = run_query(ns, sparql, substitutions)
    if result.kind == "ask":
        return [{"ask": bool(result.boolean)}]
    if result.kind == "graph":
        return [{"subject": _python_value(t.subject), "predicate": _python_value(t.predicate),
                 "object": _python_value(t.object)} for t in result.triples]
    return [{name: _python_value(value) for name, value in zip(result.variables, row)} for row in result.rows]


class MatchResult(list[dict[str, Any]]):
    """The rows of :func:`match` — a plain list, so ``pd.DataFrame(result)`` works — and
    ``provenance``: the dataset they were made against (IRI, version, sha256 of ``occlink.nt``,
    as ``occlink cite`` prints it), the tool and its version, the target and the options, as
    ``occlink code`` writes it to ``FILE.provenance.json``. Keep it with the results, e.g.
    ``df.attrs["occlink"] = result.provenance``."""

    provenance: dict[str, object]


def match(titles: Iterable[str | None], target: str = "csco2022", *, alternatives: int = 0,
          threshold: float = 0.0, workers: int = 1, base_iri: str | None = None) -> MatchResult:
    """Code job titles (Chinese or English): one DataFrame-ready row per title, in input order.

    Each row has ``title`` and the columns of ``occlink code``: ``code``, ``name_zh``,
    ``name_en``, ``level``, ``green``, ``digital``, ``predicate`` (SKOS), ``confidence``
    (0–1), ``alternatives`` (with ``alternatives=K``: the next K candidates as
    ``{"code", "confidence"}``) and ``reason`` (why a title was not coded: empty, too long,
    no candidate, below ``threshold``); ``None`` where a value is absent, so no title is
    silently lost. ``target``: ``csco2022`` (default), ``beijing2023``, ``qianhai2020`` or
    ``isco08``. ``workers`` > 1 matches in forked processes. The result's ``provenance``
    records the dataset checksum (see :class:`MatchResult`). For a Dask cluster use
    ``occlink.mappings.api.code_partition`` (the same columns per partition).

    >>> import occlink
    >>> coded = occlink.match(["人工智能工程师", "accountant", ""])
    >>> [(row["title"], row["code"], row["reason"]) for row in coded]
    [('人工智能工程师', '2-02-38-01', None), ('accountant', '2-06-03-00', None), ('', None, 'empty title')]
    >>> coded.provenance["dataset"]["sha256"] == occlink.dataset().checksum
    True
    """
    from occlink.exports.dumps.match_output import provenance
    from occlink.mappings.api import match_titles
    ns = _namespaces(base_iri)
    rows = MatchResult(match_titles(titles, target, alternatives=alternatives, threshold=threshold,
                                    workers=workers))
    rows.provenance = provenance(ns, "occlink.match", target, alternatives=alternatives, threshold=threshold,
                                 counts={"titles": len(rows), "coded": sum(r["code"] is not None for r in rows)})
    return rows
