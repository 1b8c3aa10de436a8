"""``occlink code`` and ``occlink.match``: a researcher's messy table of postings (issue #20, item 6)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import occlink
from occlink.cli.main import cli
from occlink.mappings.coding import CODE_COLUMNS, safe_cell

LONG = "软件" * 150  # 300 characters
MESSY = [
    ["posting_id", "职位名称", "city", "salary"],
    ["p1", "Java开发工程师", "北京", "15000"],
    ["p2", "", "上海", "-2"],
    ["p3", "<b>会计</b>&amp;出纳", "广州", "8k"],
    ["p4", "=HYPERLINK(\"http://x\")", "深圳", "+3.5"],
    ["p5", "😀😀", "杭州", "1e3"],
    ["p6", LONG, "成都", "0"],
    ["p7", "registered nurse", "武汉", "-1.5"],
    ["p8", "Java开发工程师", "北京", "@sum"],
]


def _csv_bytes(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _run(args, input_bytes=None):
    return CliRunner().invoke(cli, ["code", *args], input=input_bytes)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture()
def messy(tmp_path):
    path = tmp_path / "postings.csv"
    path.write_bytes(_csv_bytes(MESSY))
    return path


def test_every_row_and_column_comes_out_in_order_with_the_coding_columns(messy, tmp_path):
    out = tmp_path / "coded.csv"
    result = _run([str(messy), "--title-col", "职位名称", "--id-col", "posting_id", "--workers", "1",
                   "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out.read_text(encoding="utf-8"))
    header = rows[0]
    assert header == MESSY[0] + list(CODE_COLUMNS) + ["reason"]
    assert [r[0] for r in rows[1:]] == [r[0] for r in MESSY[1:]]          # every row, in order
    by_id = {r[0]: dict(zip(header, r)) for r in rows[1:]}
    assert by_id["p1"]["code"] == "2-02-10-03" and by_id["p1"]["name_en"] and by_id["p1"]["level"] == "fine"
    assert by_id["p1"]["digital"] == "true" and by_id["p1"]["green"] == "false"
    assert float(by_id["p1"]["confidence"]) > 0.5 and by_id["p1"]["reason"] == ""
    assert by_id["p8"]["code"] == by_id["p1"]["code"]                     # a repeated title, coded once
    assert by_id["p2"]["code"] == "" and by_id["p2"]["reason"] == "empty title"
    assert by_id["p6"]["code"] == "" and "longer than 200" in by_id["p6"]["reason"]
    assert by_id["p5"]["code"] == "" and by_id["p5"]["reason"].startswith("no candidate")
    assert by_id["p3"]["code"].startswith("2-06-03") and by_id["p3"]["职位名称"] == "<b>会计</b>&amp;出纳"
    assert by_id["p7"]["code"].startswith("2-05-08")
    # a formula is neutralised; numbers stay numbers (negative, signed, exponent)
    assert by_id["p4"]["职位名称"].startswith("'=")
    assert [by_id[p]["salary"] for p in ("p2", "p4", "p5", "p7")] == ["-2", "+3.5", "1e3", "-1.5"]
    assert by_id["p8"]["salary"] == "'@sum"
    assert "8 rows: 4 coded, 4 not coded (2 no candidate, 1 empty title, 1 title longer than 200 characters)" \
        in result.output


def test_gbk_file_and_standard_input(tmp_path):
    rows = [r for r in MESSY if "😀" not in r[1]]  # GBK has no emoji
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(_csv_bytes(rows, "gbk"))
    wrong = _run([str(gbk), "--title-col", "职位名称"])
    assert wrong.exit_code == 2 and "gb18030" in wrong.output and "Traceback" not in wrong.output
    for args, data in (([str(gbk), "--encoding", "gbk"], None), (["-", "--encoding", "gb18030"], _csv_bytes(rows, "gb18030"))):
        result = _run([*args, "--title-col", "职位名称", "--workers", "2", "--quiet"], data)
        assert result.exit_code == 0, result.output
        out = _rows(result.output)
        assert [r[0] for r in out[1:]] == [r[0] for r in rows[1:]]
        assert dict(zip(out[0], out[1]))["code"] == "2-02-10-03"


def test_renamed_columns_missing_column_and_odd_rows(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes("编号,标题\n1,护士\n2\n3,焊工,多余\n\n4,会计\n".encode())
    missing = _run([str(path), "--title-col", "title"])
    assert missing.exit_code == 2 and "--title-col 'title' is not a column" in missing.output
    result = _run([str(path), "--title-col", "标题", "--alternatives", "2", "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    out = _rows(result.output)
    assert out[0][-2:] == ["alternatives", "reason"]
    ids = [r[0] if r else "" for r in out[1:]]
    assert ids == ["1", "2", "3", "", "4"]                       # the blank line is a row too
    by = {r[0]: dict(zip(out[0], r)) for r in out[1:] if r and r[0]}
    assert "row has 1 fields" in by["2"]["reason"] and by["2"]["code"] == ""
    assert by["3"]["标题"] == "焊工,多余" and "extra fields" in by["3"]["reason"]
    assert len(by["1"]["alternatives"].split("|")) == 2


def test_subprocess_exit_codes_and_one_line_errors(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "occlink", "code", str(tmp_path / "none.csv"), "--title-col", "t"],
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert missing.stderr.startswith("Error: ")


def test_safe_cell():
    assert [safe_cell(v) for v in ("-2", "+1", "1.5e-3", "=1+2", "-x", "@a", "plain", "")] == \
        ["-2", "+1", "1.5e-3", "'=1+2", "'-x", "'@a", "plain", ""]


def test_python_api_returns_the_same_columns_in_order():
    titles = ["Java开发工程师", None, "", "registered nurse", "Java开发工程师"]
    records = occlink.match(titles)
    assert [r["title"] for r in records] == ["Java开发工程师", "", "", "registered nurse", "Java开发工程师"]
    assert list(records[0]) == ["title", *CODE_COLUMNS, "reason"]
    assert records[0]["code"] == "2-02-10-03" and isinstance(records[0]["confidence"], float)
    assert records[0]["digital"] is True and records[0]["reason"] is None
    assert records[1]["code"] is None and records[1]["reason"] == "empty title"
    assert records[0] == {**records[4]}
    with_alts = occlink.match(["会计"], alternatives=3)[0]
    assert len(with_alts["alternatives"]) == 3 and all(set(a) == {"code", "confidence"} for a in with_alts["alternatives"])


def _checksum() -> str:
    from occlink.exports.dumps.compiled import dataset_checksum
    return dataset_checksum()


def test_coded_file_records_the_dataset_checksum_beside_it(messy, tmp_path):
    """A CSV has no place for provenance that pandas keeps (a '#' line breaks read_csv): the checksum goes to
    coded.csv.provenance.json (with the output's own sha256) and to stderr."""
    import hashlib
    import json
    out = tmp_path / "coded.csv"
    result = _run([str(messy), "--title-col", "职位名称", "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "coded.csv.provenance.json").read_text(encoding="utf-8"))
    assert record["dataset"]["sha256"] == _checksum() and record["tool"] == "occlink code"
    assert record["input"] == "postings.csv" and record["title_column"] == "职位名称"
    assert record["counts"]["rows"] == 8 and record["counts"]["coded"] == 4
    assert record["output"] == {"file": "coded.csv", "sha256": hashlib.sha256(out.read_bytes()).hexdigest()}
    assert f"sha256:{_checksum()}" in result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("posting_id,")  # the CSV stays plain


def test_coding_to_stdout_says_the_checksum_on_stderr_only(messy, tmp_path):
    result = _run([str(messy), "--title-col", "职位名称", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert _rows(result.stdout)[0][0] == "posting_id" and _checksum() not in result.stdout
    assert f"sha256:{_checksum()}" in result.stderr
    chosen = tmp_path / "p.json"
    quiet = _run([str(messy), "--title-col", "职位名称", "--quiet", "--provenance", str(chosen)])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert json.loads(chosen.read_text(encoding="utf-8"))["dataset"]["sha256"] == _checksum()
    clash = _run([str(messy), "--title-col", "职位名称", "--provenance", str(messy)])
    assert clash.exit_code == 2 and "--provenance" in clash.output
    assert messy.read_bytes() == _csv_bytes(MESSY)
