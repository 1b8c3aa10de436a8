"""Property-based tests: random bytes or rows never crash a loader.

Every reader must either return a parsed result or raise InputError (one line
naming the file); any other exception is a bug.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from occlink.errors import InputError
from occlink.mappings.entries import entries_from_csv_text
from occlink.mappings.sssom import parse_sssom
from occlink.shapes.loading import parse_rdf
from occlink.shapes.sssom_rdf import sssom_file_graph
from occlink.taxonomy.beijing_import import read_official_table
from occlink.taxonomy.csco_table import TABLE_COLUMNS, default_classification, load_table, load_translations
from occlink.taxonomy.namespaces import Namespaces
from occlink.taxonomy.qianhai_table import load_occupations

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NS = Namespaces()

# Cells mixing plausible values with hostile ones (separators, quotes, BOM, NUL, formulas, long text).
CELL = st.one_of(
    st.sampled_from(["", " ", "2-02-38-01", "2-02-38-00", "9-99-99-99", "0", "1", "fine", "major", "=1+1",
                     "严重紧缺", "新一代信息技术", "人工智能工程技术人员", "\ufeff", "\"", "a\tb", "x" * 300, "-5",
                     "300000", "skos:exactMatch", "qh:d06", "csco:2-02-38-01", "semapv:LexicalMatching", "1.7"]),
    st.text(max_size=12),
)


def _one_line(exc: InputError) -> None:
    assert "\n" not in str(exc)
    assert str(exc).strip()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@SETTINGS
@given(data=st.binary(max_size=400))
def test_national_table_random_bytes(tmp_path, data):
    path = _write(tmp_path, "csco22.tsv", data)
    try:
        load_table(path)
    except InputError as exc:
        _one_line(exc)


@SETTINGS
@given(rows=st.lists(st.lists(CELL, min_size=len(TABLE_COLUMNS), max_size=len(TABLE_COLUMNS)), max_size=5))
def test_national_table_random_rows(tmp_path, rows):
    text = "\t".join(TABLE_COLUMNS) + "\n" + "".join("\t".join(r).replace("\n", " ") + "\n" for r in rows)
    path = _write(tmp_path, "csco22.tsv", text.encode("utf-8"))
    try:
        load_table(path)
    except InputError as exc:
        _one_line(exc)


@SETTINGS
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=5))
def test_translation_table_random_rows(tmp_path, rows):
    text = "code\tname_zh\tlabel_en\n" + "".join("\t".join(r).replace("\n", " ") + "\n" for r in rows)
    path = _write(tmp_path, "csco22_en.tsv", text.encode("utf-8"))
    try:
        load_translations(default_classification(), path)
    except InputError as exc:
        _one_line(exc)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=400), st.lists(st.lists(CELL, min_size=1, max_size=6), max_size=5).map(
    lambda rows: ("code,occupation,key industry,urgency,median annual salary\n"
                  + "".join(",".join(r).replace("\n", " ") + "\n" for r in rows)).encode("utf-8"))))
def test_beijing_import_random_input(tmp_path, data):
    path = _write(tmp_path, "bj.csv", data)
    try:
        read_official_table(path, default_classification())
    except InputError as exc:
        _one_line(exc)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_qianhai_table_random_bytes(tmp_path, data):
    path = _write(tmp_path, "qianhai2020.tsv", data)
    try:
        load_occupations(path)
    except InputError as exc:
        _one_line(exc)


@SETTINGS
@given(text=st.one_of(st.text(max_size=300), st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=5).map(
    lambda rows: "id,label,lang,alt_labels\n" + "".join(",".join(r) + "\n" for r in rows))))
def test_match_csv_random_text(text):
    try:
        entries_from_csv_text(text, "m.csv")
    except InputError as exc:
        _one_line(exc)


SSSOM_HEAD = "#curie_map:\n#  qh: https://w3id.org/occlink/qianhai/2020/\n#  csco: https://w3id.org/occlink/csco/2022/\n"
SSSOM_COLS = ["subject_id", "predicate_id", "object_id", "mapping_justification", "confidence", "mapping_date"]


@SETTINGS
@given(text=st.one_of(
    st.text(max_size=300),
    st.lists(st.lists(CELL, min_size=6, max_size=6), max_size=5).map(
        lambda rows: SSSOM_HEAD + "\t".join(SSSOM_COLS) + "\n"
        + "".join("\t".join(r).replace("\n", " ") + "\n" for r in rows))))
def test_sssom_readers_random_text(tmp_path, text):
    try:
        parse_sssom(text, "x.sssom.tsv")
    except InputError as exc:
        _one_line(exc)
    path = tmp_path / "x.sssom.tsv"
    try:
        sssom_file_graph(path, text.encode("utf-8", "surrogatepass"), NS)
    except InputError as exc:
        _one_line(exc)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace"))),
       suffix=st.sampled_from([".ttl", ".nt", ".jsonld"]))
def test_rdf_loader_random_bytes(tmp_path, data, suffix):
    try:
        parse_rdf(tmp_path / f"x{suffix}", data)
    except InputError as exc:
        _one_line(exc)
