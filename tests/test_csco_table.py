"""The national classification table: loader, levels, markers, defects, translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from occlink.errors import InputError
from occlink.taxonomy.csco_table import (
    OFFICIAL_BOTH,
    OFFICIAL_GREEN,
    load_table,
    load_translations,
    packaged_path,
    structural_ancestors,
)
from occlink.taxonomy.regenerate_csco22 import split_aliases, split_marker, structural_level


@pytest.fixture(scope="module")
def classification():
    return load_table()


def test_distinct_codes(classification):
    assert len(classification.records) == 2047


@pytest.mark.parametrize("code,level", [
    ("1-00-00-00", "major"), ("2-02-00-00", "medium"), ("2-02-38-00", "small"),
    ("2-02-38-01", "fine"), ("1-01-00-01", "fine"), ("1-02-01-00", "small"),
])
def test_level_follows_code_structure(classification, code, level):
    assert structural_level(code) == level
    assert classification.records[code].level == level


def test_source_level_kept_where_it_differs(classification):
    # 1-02-01-00 is shaped like a small group but the source ranks it an occupation (level 4).
    record = classification.records["1-02-01-00"]
    assert record.level == "small" and record.source_level == 4 and record.is_occupation


@pytest.mark.parametrize("name,expected", [
    ("计算机软件工程技术人员S", ("计算机软件工程技术人员", False, True)),
    ("汽车工程技术人员L", ("汽车工程技术人员", True, False)),
    ("大地测量工程技术人员L/S", ("大地测量工程技术人员", True, True)),
    ("修鞋工", ("修鞋工", False, False)),
])
def test_split_marker(name, expected):
    assert split_marker(name) == expected


def test_marker_counts(classification):
    records = classification.records.values()
    green = sum(r.green for r in records)
    digital = sum(r.digital for r in records)
    both = sum(r.green and r.digital for r in records)
    assert (green, digital, both) == (134, 95, 23)
    assert green == OFFICIAL_GREEN and both == OFFICIAL_BOTH


def test_ai_engineering_technician(classification):
    record = classification.records["2-02-38-01"]
    assert record.name_zh == "人工智能工程技术人员"
    assert record.digital and not record.green
    assert "机器学习工程师" in record.aliases
    assert record.name_zh not in record.aliases
    assert record.definition.startswith("从事人工智能")


def test_aliases_split_and_deduplicated():
    assert split_aliases("修鞋工", "修鞋工") == []
    assert split_aliases("甲,乙，甲,丙", "丁") == ["甲", "乙", "丙"]


def test_duplicate_rows_reported_not_dropped(classification):
    duplicates = {d.codes[0]: d for d in classification.defects if d.kind == "duplicate-row"}
    assert set(duplicates) == {"2-03-01-00", "4-12-04-02", "5-03-00-00", "6-20-05-03"}
    assert "source_level" in duplicates["2-03-01-00"].message  # the two rows disagree on level
    assert "identical" in duplicates["4-12-04-02"].message
    assert classification.records["2-03-01-00"].source_rows == (314, 315)


def test_missing_parents_reported_and_bridged(classification):
    missing = {d.codes[0]: d for d in classification.defects if d.kind == "missing-parent"}
    assert set(missing) == {"1-06-01-00", "2-01-04-00", "2-02-32-00", "5-02-03-00"}
    assert "1-06-01-00" not in classification.records
    assert classification.parent("1-06-01-01") == "1-06-00-00"
    assert "1-06-01-01" in missing["1-06-01-00"].codes


def test_digital_marker_count_defect(classification):
    marker = [d for d in classification.defects if d.kind == "marker-count"]
    assert len(marker) == 1 and "95" in marker[0].message and "97" in marker[0].message


def test_every_fine_code_has_a_parent(classification):
    for code, record in classification.records.items():
        if record.level != "major":
            assert classification.parent(code) is not None, code


def test_ancestors_skip_identical_codes():
    assert structural_ancestors("1-01-00-01") == ["1-01-00-00", "1-00-00-00"]
    assert structural_ancestors("2-02-38-01") == ["2-02-38-00", "2-02-00-00", "2-00-00-00"]
    assert structural_ancestors("2-00-00-00") == []


def test_every_code_has_an_english_label(classification):
    assert set(classification.labels_en) == set(classification.records)
    assert all(label.strip() and not any("\u4e00" <= ch <= "\u9fff" for ch in label)
               for label in classification.labels_en.values())


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


HEADER = "source_row\tcode\tlevel\tsource_level\tname_zh\tgreen\tdigital\tdefinition\ttasks\taliases\n"


@pytest.mark.parametrize("body,fragment", [
    ("", "empty file"),
    ("code\tname\n1-00-00-00\tx\n", "missing column"),
    (HEADER + "2\t1-00-0-00\tmajor\t1\t甲\t0\t0\t\t\t\n", "malformed code"),
    (HEADER + "2\t1-00-00-00\tmajor\t1\t \t0\t0\t\t\t\n", "empty name"),
    (HEADER + "2\t1-00-00-00\tmajor\t1\t甲\tL\t0\t\t\t\n", "green must be 0 or 1"),
    (HEADER + "2\t1-00-00-00\tfine\t1\t甲\t0\t0\t\t\t\n", "does not match code"),
])
def test_bad_tables_refused_with_line(tmp_path, body, fragment):
    path = _write(tmp_path, "bad.tsv", body)
    with pytest.raises(InputError) as err:
        load_table(path)
    assert fragment in str(err.value)
    assert str(path) in str(err.value)


def test_bad_table_names_the_row(tmp_path):
    path = _write(tmp_path, "bad.tsv", HEADER + "2\t1-00-00-00\tmajor\t1\t甲\t0\t0\t\t\t\n"
                  + "3\t1-01-00-0X\tfine\t4\t乙\t0\t0\t\t\t\n")
    with pytest.raises(InputError, match=r"bad\.tsv:3: malformed code"):
        load_table(path)


def test_non_utf8_table_refused(tmp_path):
    path = _write(tmp_path, "gbk.tsv", HEADER.encode() + "2\t1-00-00-00\tmajor\t1\t负责人\t0\t0\t\t\t\n".encode("gbk"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_table(path)


def test_stale_translation_refused(tmp_path, classification):
    path = _write(tmp_path, "en.tsv", "code\tname_zh\tlabel_en\n2-02-38-01\t旧名称\tAI engineer\n")
    with pytest.raises(InputError, match="stale translation"):
        load_translations(classification, path)


def test_unknown_code_in_translation_refused(tmp_path, classification):
    path = _write(tmp_path, "en.tsv", "code\tname_zh\tlabel_en\n9-99-99-99\t甲\tX\n")
    with pytest.raises(InputError, match="not in the classification"):
        load_translations(classification, path)


def test_packaged_table_is_the_regenerated_one():
    # The committed table must be exactly what regenerate_csco22 writes (header and column order).
    first = packaged_path("csco22.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert first == HEADER.strip()


def test_no_alias_repeats_a_name_with_or_without_marker(classification):
    """Guard: an alias that is the concept's own name (with or without its L/S marker) is not data."""
    for code, record in classification.records.items():
        for alias in record.aliases:
            stripped = alias[:-3] if alias.endswith("L/S") else alias.rstrip("LS") if alias[-1:] in "LS" else alias
            assert stripped != record.name_zh, (code, alias)
            assert alias not in {record.name_zh + m for m in ("", "L", "S", "L/S")}, (code, alias)


def _defects(classification, kind):
    return {d.codes: d for d in classification.defects if d.kind == kind}


def test_duplicate_names_are_source_defects(classification):
    assert set(_defects(classification, "duplicate-name")) == {
        ("4-04-03-00", "4-04-04-00"), ("6-11-08-25", "6-11-08-26")}


def test_name_reused_as_alias_of_another_concept_is_a_source_defect(classification):
    overlap = _defects(classification, "label-overlap")
    assert set(overlap) == {("2-10-02-01", "2-10-02-00")}
    assert "编辑" in overlap[("2-10-02-01", "2-10-02-00")].message


def test_occupation_with_children_is_a_category(classification):
    """6-20-03-00 has source level 4 but three children: reported, and not an occupation here."""
    assert set(_defects(classification, "occupation-with-children")) == {
        ("6-20-03-00", "6-20-03-01", "6-20-03-02", "6-20-03-03")}
    record = classification.records["6-20-03-00"]
    assert record.source_level == 4 and not record.is_occupation


def test_skipped_codes_stray_spaces_and_residual_names_are_source_defects(classification):
    assert {c[0] for c in _defects(classification, "skipped-code")} == {"4-01-02-02", "4-10-01-02", "6-09-03-05"}
    assert {c[0] for c in _defects(classification, "stray-space")} == {"6-05-99-00", "6-28-02-00"}
    assert set(_defects(classification, "residual-name-mismatch")) == {("4-07-99-00", "4-07-00-00")}


def test_suspected_misplaced_duplicate_is_described(classification):
    message = _defects(classification, "duplicate-row")[("5-03-00-00",)].message
    assert "1144" in message and "5-02-03-00" in message
