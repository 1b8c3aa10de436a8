"""The regeneration script: pinned wheel checksum, column checks, byte-stable output."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from occlink.taxonomy import regenerate_csco22 as regen
from occlink.taxonomy.csco_table import WHEEL_NAME

SOURCE = (
    "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
    "1,2-00-00-00,2000000,专业技术人员,,,2000000,专业技术人员\n"
    "4,2-02-38-01,2023801,人工智能工程技术人员S,从事人工智能。,1.研究,2023801,\"机器学习工程师,算法工程师\"\n"
)


def test_derive_rows_normalizes():
    rows = regen.derive_rows(SOURCE)
    assert [r["code"] for r in rows] == ["2-00-00-00", "2-02-38-01"]
    ai = rows[1]
    assert ai["name_zh"] == "人工智能工程技术人员" and ai["digital"] == "1" and ai["green"] == "0"
    assert ai["aliases"] == "机器学习工程师|算法工程师"
    assert ai["level"] == "fine" and ai["source_row"] == "3"


def test_wrong_columns_refused():
    with pytest.raises(ValueError, match="unexpected columns"):
        regen.derive_rows("a,b\n1,2\n")


def test_malformed_code_refused():
    with pytest.raises(ValueError, match="row 2: malformed code"):
        regen.derive_rows(SOURCE.replace("2-00-00-00,2000000", "2-00-00,2000000", 1))


def test_wheel_checksum_enforced(tmp_path):
    wheel = tmp_path / WHEEL_NAME
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(regen.MEMBER, SOURCE)
    with pytest.raises(ValueError, match="does not match the pinned"):
        regen.read_wheel(wheel)


def test_main_reports_bad_wheel_in_one_line(tmp_path, capsys):
    wheel = tmp_path / "x.whl"
    wheel.write_bytes(b"not a zip")
    assert regen.main([str(wheel)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sha256" in err


def test_write_table_is_deterministic(tmp_path):
    rows = regen.derive_rows(SOURCE)
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    regen.write_table(rows, a)
    regen.write_table(rows, b)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    assert a.read_text(encoding="utf-8").splitlines()[0].split("\t") == regen.TABLE_COLUMNS


def test_marker_suffixed_self_alias_dropped():
    """The alias column repeats the name with its L/S marker: that is no recruitment title."""
    source = SOURCE + ("4,2-02-01-02,2020102,地球物理地球化学与遥感勘查工程技术人员L/S,从事。,1.勘查,2020102,"
                       "地球物理地球化学与遥感勘查工程技术人员L/S\n")
    rows = regen.derive_rows(source)
    assert rows[2]["aliases"] == ""
    assert regen.split_aliases("甲L,乙", "甲") == ["乙"]
    assert regen.split_aliases("甲S", "甲") == []
