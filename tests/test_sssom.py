"""SSSOM reading (validation with file:line) and deterministic writing."""

from __future__ import annotations

import io

import pytest

from occlink.errors import InputError
from occlink.mappings.sssom import (
    MappingSet,
    format_score,
    packaged_mapping_files,
    parse_sssom,
    read_sssom,
    sssom_text,
    write_sssom,
)

HEADER = (
    "#curie_map:\n"
    "#  csco: https://w3id.org/occlink/csco/2022/\n"
    "#  qh: https://w3id.org/occlink/qianhai/2020/\n"
    "#mapping_set_id: https://w3id.org/occlink/mappings/test\n"
    "#license: https://creativecommons.org/licenses/by/4.0/\n"
)
COLUMNS = "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\n"
ROW = "qh:d06\tskos:closeMatch\tcsco:2-02-38-01\tsemapv:LexicalMatching\t0.9\n"


def write(tmp_path, text: str, name="m.sssom.tsv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_round_trip_is_byte_stable(tmp_path):
    ms = read_sssom(write(tmp_path, HEADER + COLUMNS + ROW))
    assert ms.curie_map["qh"] == "https://w3id.org/occlink/qianhai/2020/"
    assert ms.metadata["mapping_set_id"] == "https://w3id.org/occlink/mappings/test"
    assert ms.rows == [{"subject_id": "qh:d06", "predicate_id": "skos:closeMatch", "object_id": "csco:2-02-38-01",
                        "mapping_justification": "semapv:LexicalMatching", "confidence": "0.9"}]
    out = tmp_path / "out.sssom.tsv"
    write_sssom(ms, out)
    first = out.read_bytes()
    write_sssom(read_sssom(out), out)
    assert out.read_bytes() == first


def test_writer_sorts_rows_fixes_columns_and_skips_empty_columns():
    rows = [
        {"subject_id": "qh:d07", "predicate_id": "skos:exactMatch", "object_id": "csco:1", "mapping_justification":
         "semapv:ManualMappingCuration", "comment": ""},
        {"object_id": "csco:2", "subject_id": "qh:d01", "predicate_id": "skos:broadMatch",
         "mapping_justification": "semapv:LexicalMatching", "confidence": format_score(0.12345)},
    ]
    text = sssom_text(MappingSet({"curie_map": {"qh": "https://x/qh/", "csco": "https://x/csco/"}}, rows))
    lines = text.splitlines()
    assert lines[:3] == ["#curie_map:", "#  csco: https://x/csco/", "#  qh: https://x/qh/"]
    assert lines[3] == "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence"
    assert lines[4].startswith("qh:d01\t") and lines[4].endswith("\t0.1235")
    assert lines[5] == "qh:d07\tskos:exactMatch\tcsco:1\tsemapv:ManualMappingCuration\t"


def test_metadata_values_needing_quotes_survive(tmp_path):
    ms = MappingSet({"curie_map": {"qh": "https://x/qh/"}, "comment": "a: b # not a comment",
                     "creator_id": ["orcid:1", "orcid:2"], "mapping_set_title": "前海 – 'quoted'"}, [])
    stream = io.StringIO()
    write_sssom(ms, stream)
    again = parse_sssom(stream.getvalue())  # an empty set still has its column header
    assert again.metadata["comment"] == "a: b # not a comment"
    assert again.metadata["creator_id"] == ["orcid:1", "orcid:2"]
    assert again.metadata["mapping_set_title"] == "前海 – 'quoted'"


def test_reads_common_header_forms(tmp_path):
    text = ("## a YAML comment\n#curie_map:\n#    csco: 'https://x/csco/'\n#    qh: \"https://x/qh/\"\n"
            "#license: https://creativecommons.org/licenses/by/4.0/  # trailing comment\n") + COLUMNS + ROW
    ms = read_sssom(write(tmp_path, text))
    assert ms.curie_map == {"csco": "https://x/csco/", "qh": "https://x/qh/"}
    assert ms.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "bom.sssom.tsv"
    path.write_bytes(("\ufeff" + HEADER + COLUMNS + ROW).replace("\n", "\r\n").encode("utf-8"))
    assert read_sssom(path).rows[0]["object_id"] == "csco:2-02-38-01"


@pytest.mark.parametrize("text, line, needle", [
    (COLUMNS + ROW, 1, "no curie_map"),
    (HEADER + "subject_id\tpredicate_id\tobject_id\n" + ROW, 6, "missing required column(s) mapping_justification"),
    (HEADER + COLUMNS.replace("confidence", "wibble") + ROW, 6, "unknown column 'wibble'"),
    (HEADER + COLUMNS + ROW.replace("skos:closeMatch", "owl:sameAs"), 7, "predicate_id 'owl:sameAs'"),
    (HEADER + COLUMNS + ROW.replace("semapv:LexicalMatching", "semapv:Guessing"), 7, "mapping_justification"),
    (HEADER + COLUMNS + ROW.replace("0.9", "1.5"), 7, "outside [0, 1]"),
    (HEADER + COLUMNS + ROW.replace("0.9", "high"), 7, "is not a number"),
    (HEADER + COLUMNS + ROW.replace("0.9", "nan"), 7, "outside [0, 1]"),
    (HEADER + COLUMNS + ROW.replace("qh:d06", "zz:d06"), 7, "prefix 'zz' missing from curie_map"),
    (HEADER + COLUMNS + ROW.replace("qh:d06", "d06"), 7, "is not a CURIE"),
    (HEADER + COLUMNS + ROW.replace("qh:d06\t", ""), 7, "4 cells, expected 5"),
    (HEADER + COLUMNS + ROW + ROW, 8, "duplicate mapping qh:d06 skos:closeMatch csco:2-02-38-01 (first on line 7)"),
    (HEADER + COLUMNS + ROW.replace("qh:d06", " "), 7, "empty subject_id"),
    (HEADER, 6, "no column header"),
    (HEADER + "#license: again\n" + COLUMNS + ROW, 6, "duplicate metadata key 'license'"),
    ("#curie_map:\n#  csco: not an iri\n" + COLUMNS + ROW, 1, "is not prefix: IRI"),
    ("#this is not yaml\n" + COLUMNS + ROW, 1, "cannot read metadata line"),
])
def test_bad_files_name_file_and_line(tmp_path, text, line, needle):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_sssom(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: ") or (message.startswith(f"{path}: ") and line == 0)
    assert needle in message
    assert "\n" not in message


def test_not_utf8_and_missing_file(tmp_path):
    path = tmp_path / "latin1.sssom.tsv"
    path.write_bytes((HEADER + COLUMNS).encode("utf-8") + "qh:d06\tskos:closeMatch\tcsco:\xe9".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_sssom(path)
    with pytest.raises(InputError, match="cannot read"):
        read_sssom(tmp_path / "absent.tsv")


def test_negative_rows_are_not_positive(tmp_path):
    text = HEADER + COLUMNS.replace("\tconfidence", "\tpredicate_modifier") + ROW.replace("\t0.9", "\tNot")
    ms = read_sssom(write(tmp_path, text))
    assert ms.rows[0]["predicate_modifier"] == "Not"
    assert ms.positive_rows() == []


def test_packaged_mapping_files_are_valid():
    for path in packaged_mapping_files():
        assert path.name.endswith(".sssom.tsv")
        read_sssom(path)
