"""Bad input at every entry point, table-driven, through the real CLI.

Each case builds its files in a temporary folder and runs one command. The
command must refuse with the expected exit code, print exactly one line on
standard error naming the file and row (or line:column, or the option), never
a traceback, and leave no output file behind.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from occlink.cli.main import cli

BJ_HEADER = "code,occupation,key industry,urgency,median annual salary"
BJ_ROW = "2-02-38-01,人工智能工程技术人员,新一代信息技术,严重紧缺,300000"
SSSOM_HEAD = ("#curie_map:\n#  qh: https://w3id.org/occlink/qianhai/2020/\n#  csco: https://w3id.org/occlink/csco/2022/\n"
              "#mapping_set_id: https://w3id.org/occlink/mappings/t\n"
              "#license: https://creativecommons.org/licenses/by/4.0/\n")
SSSOM_COLS = "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\n"
SSSOM_ROW = "qh:d06\tskos:exactMatch\tcsco:2-02-38-01\tsemapv:ManualMappingCuration\t0.9\n"
MATCH_HEADER = "id,label,lang\n"


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes]          # name → content (str is written as UTF-8)
    args: Callable[[Path], list[str]]      # CLI arguments, given the folder
    exit_code: int
    where: str                             # must appear in the stderr line ({dir} = folder)
    output: str | None = None              # file (in the folder) that must not be created


def _bj(rows: list[str], header: str = BJ_HEADER) -> str:
    return header + "\n" + "".join(r + "\n" for r in rows)


def _import(name: str = "bj.csv"):
    return lambda d: ["import", "beijing", str(d / name), "--into", str(d / "out.tsv")]


def _match(name: str = "m.csv"):
    return lambda d: ["match", "--source", str(d / name), "--target", "csco2022", "--out", str(d / "out.sssom.tsv")]


def _evaluate(name: str = "gold.sssom.tsv"):
    return lambda d: ["evaluate", "--gold", str(d / name), "--predictions", str(d / name)]


def _validate(name: str):
    return lambda d: ["validate", "--data", str(d / name)]


CASES: list[Case] = [
    # --- Beijing import (CSV) -------------------------------------------------------------
    Case("bj-gbk-encoding", {"bj.csv": _bj([BJ_ROW]).encode("gbk")}, _import(), 2, "{dir}/bj.csv: not UTF-8", "out.tsv"),
    Case("bj-binary-garbage", {"bj.csv": bytes(range(256)) * 8}, _import(), 2, "{dir}/bj.csv", "out.tsv"),
    Case("bj-empty-file", {"bj.csv": ""}, _import(), 2, "{dir}/bj.csv:1", "out.tsv"),
    Case("bj-missing-column", {"bj.csv": _bj(["2-02-38-01,人工智能工程技术人员,新一代信息技术"],
                                              "code,occupation,key industry")}, _import(), 2, "{dir}/bj.csv:1", "out.tsv"),
    Case("bj-renamed-column", {"bj.csv": _bj([BJ_ROW], BJ_HEADER.replace("urgency", "urgencyy"))},
         _import(), 2, "{dir}/bj.csv:1", "out.tsv"),
    Case("bj-duplicate-code", {"bj.csv": _bj([BJ_ROW, BJ_ROW])}, _import(), 2, "{dir}/bj.csv:3", "out.tsv"),
    Case("bj-malformed-code", {"bj.csv": _bj([BJ_ROW.replace("2-02-38-01", "2-2-38-01")])},
         _import(), 2, "{dir}/bj.csv:2", "out.tsv"),
    Case("bj-code-not-in-classification", {"bj.csv": _bj([BJ_ROW.replace("2-02-38-01", "2-02-38-99")])},
         _import(), 2, "{dir}/bj.csv:2", "out.tsv"),
    Case("bj-category-code", {"bj.csv": _bj([BJ_ROW.replace("2-02-38-01", "2-02-38-00")])},
         _import(), 2, "{dir}/bj.csv:2", "out.tsv"),
    Case("bj-unknown-urgency-marker", {"bj.csv": _bj([BJ_ROW.replace("严重紧缺", "非常紧缺")])},
         _import(), 2, "{dir}/bj.csv:2", "out.tsv"),
    Case("bj-whitespace-label", {"bj.csv": _bj([BJ_ROW.replace("人工智能工程技术人员", "   ")])},
         _import(), 2, "{dir}/bj.csv:2", "out.tsv"),
    Case("bj-over-long-field", {"bj.csv": _bj([BJ_ROW.replace("人工智能工程技术人员", "长" * 5000)])},
         _import(), 2, "{dir}/bj.csv:2", "out.tsv"),
    Case("bj-formula-injection", {"bj.csv": _bj([BJ_ROW.replace("人工智能工程技术人员", "=HYPERLINK(\"x\")")])},
         _import(), 2, "{dir}/bj.csv:2", "out.tsv"),
    Case("bj-negative-salary", {"bj.csv": _bj([BJ_ROW.replace("300000", "-5")])},
         _import(), 2, "{dir}/bj.csv:2", "out.tsv"),
    Case("bj-bad-row-after-good", {"bj.csv": _bj([BJ_ROW, "2-02-38-02,物联网工程技术人员,新一代信息技术,严重紧缺,abc"])},
         _import(), 2, "{dir}/bj.csv:3", "out.tsv"),
    # --- match (CSV of entries) -----------------------------------------------------------
    Case("match-gbk-encoding", {"m.csv": (MATCH_HEADER + "s1,算法工程师,zh\n").encode("gbk")},
         _match(), 2, "{dir}/m.csv", "out.sssom.tsv"),
    Case("match-empty-file", {"m.csv": ""}, _match(), 2, "{dir}/m.csv", "out.sssom.tsv"),
    Case("match-missing-column", {"m.csv": "id,lang\ns1,zh\n"}, _match(), 2, "{dir}/m.csv:1", "out.sssom.tsv"),
    Case("match-duplicate-id", {"m.csv": MATCH_HEADER + "s1,算法工程师,zh\ns1,数据分析师,zh\n"},
         _match(), 2, "{dir}/m.csv:3", "out.sssom.tsv"),
    Case("match-empty-label", {"m.csv": MATCH_HEADER + "s1,  ,zh\n"}, _match(), 2, "{dir}/m.csv:2", "out.sssom.tsv"),
    Case("match-over-long-label", {"m.csv": MATCH_HEADER + "s1," + "a" * 5000 + ",en\n"},
         _match(), 2, "{dir}/m.csv:2", "out.sssom.tsv"),
    # --- SSSOM files (strict reader, via evaluate) ------------------------------------------
    Case("sssom-malformed-header", {"gold.sssom.tsv": "#curie_map\n#  qh https://x/\n" + SSSOM_COLS + SSSOM_ROW},
         _evaluate(), 2, "{dir}/gold.sssom.tsv:"),
    Case("sssom-unknown-prefix", {"gold.sssom.tsv": SSSOM_HEAD + SSSOM_COLS + SSSOM_ROW.replace("csco:", "zz:")},
         _evaluate(), 2, "{dir}/gold.sssom.tsv:7"),
    Case("sssom-confidence-out-of-range", {"gold.sssom.tsv": SSSOM_HEAD + SSSOM_COLS + SSSOM_ROW.replace("0.9", "1.7")},
         _evaluate(), 2, "{dir}/gold.sssom.tsv:7"),
    Case("sssom-unknown-predicate", {"gold.sssom.tsv": SSSOM_HEAD + SSSOM_COLS
                                      + SSSOM_ROW.replace("skos:exactMatch", "skos:sameMatch")},
         _evaluate(), 2, "{dir}/gold.sssom.tsv:7"),
    Case("sssom-missing-column", {"gold.sssom.tsv": SSSOM_HEAD + "subject_id\tobject_id\n" + "qh:d06\tcsco:2-02-38-01\n"},
         _evaluate(), 2, "{dir}/gold.sssom.tsv:6"),
    Case("sssom-wrong-cell-count", {"gold.sssom.tsv": SSSOM_HEAD + SSSOM_COLS + "qh:d06\tskos:exactMatch\n"},
         _evaluate(), 2, "{dir}/gold.sssom.tsv:7"),
    # --- validate (RDF and SSSOM files) -------------------------------------------------------
    Case("validate-unreadable-turtle", {"x.ttl": "@prefix s: <http://x/> .\ns:a s:b s:c .\ns:a s:b \"open .\n"},
         _validate("x.ttl"), 2, "{dir}/x.ttl:3:"),
    Case("validate-binary-turtle", {"x.ttl": b"\x89PNG\r\n\x1a\n\x00\x00garbage\xff\xfe"}, _validate("x.ttl"), 2,
         "{dir}/x.ttl:1:"),
    Case("validate-gbk-turtle", {"x.ttl": "<http://x/a> <http://x/b> \"人工智能\" .\n".encode("gbk")},
         _validate("x.ttl"), 2, "{dir}/x.ttl:1:"),
    Case("validate-empty-turtle", {"x.ttl": ""}, _validate("x.ttl"), 2, "{dir}/x.ttl: no RDF statements"),
    Case("validate-bad-ntriples", {"x.nt": "<http://x/a> <http://x/b> .\n"}, _validate("x.nt"), 2, "{dir}/x.nt:1:"),
    Case("validate-bad-jsonld", {"x.jsonld": "{\"@id\": \"http://x/a\", "}, _validate("x.jsonld"), 2, "{dir}/x.jsonld"),
    Case("validate-unknown-file-type", {"x.xlsx": "PK\x03\x04"}, _validate("x.xlsx"), 2, "{dir}/x.xlsx: unknown file type"),
    Case("validate-missing-file", {}, _validate("nowhere.ttl"), 2, "{dir}/nowhere.ttl: cannot read"),
    Case("validate-folder-not-file", {}, lambda d: ["validate", "--data", str(d)], 2, "{dir}"),
    Case("validate-sssom-binary", {"v.sssom.tsv": b"\x00\x01PK\x03\x04"}, _validate("v.sssom.tsv"), 2,
         "{dir}/v.sssom.tsv"),
    Case("validate-sssom-renamed-column", {"v.sssom.tsv": SSSOM_HEAD + SSSOM_COLS.replace("object_id", "object") + SSSOM_ROW},
         _validate("v.sssom.tsv"), 2, "{dir}/v.sssom.tsv:6"),
    Case("validate-sssom-gbk", {"v.sssom.tsv": (SSSOM_HEAD + SSSOM_COLS + SSSOM_ROW + "# 中文\n").encode("gbk")},
         _validate("v.sssom.tsv"), 2, "{dir}/v.sssom.tsv: not UTF-8"),
    # --- query (SPARQL text) ----------------------------------------------------------------
    Case("query-syntax-error", {}, lambda d: ["query", "SELEC ?x WHERE { ?x ?p ?o }"], 2, "line 1"),
    Case("query-update-refused", {}, lambda d: ["query", "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"],
         2, "update"),
    Case("query-file-syntax-error", {"q.rq": "SELECT ?x WHERE {\n  ?x ?p \n"},
         lambda d: ["query", "--file", str(d / "q.rq")], 2, "{dir}/q.rq"),
    Case("query-file-gbk", {"q.rq": "SELECT ?x WHERE { ?x ?p \"人工智能\" }".encode("gbk")},
         lambda d: ["query", "--file", str(d / "q.rq")], 2, "{dir}/q.rq"),
    # --- configuration --------------------------------------------------------------------------
    Case("base-iri-not-http", {}, lambda d: ["--base-iri", "ftp://example.org/", "validate", "--data", str(d / "x.ttl")],
         2, "--base-iri"),
    Case("base-iri-with-space", {}, lambda d: ["--base-iri", "https://example.org/a b/", "stats"], 2, "--base-iri"),
]


def _materialize(case: Case, folder: Path) -> None:
    for name, content in case.files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _check(case: Case, folder: Path, code: int, stdout: str, stderr: str) -> None:
    assert code == case.exit_code, (stdout, stderr)
    assert "Traceback" not in stderr and "Traceback" not in stdout
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: "), lines[0]
    assert case.where.format(dir=folder) in lines[0], lines[0]
    if case.output:
        assert not (folder / case.output).exists()
        assert not [p for p in folder.iterdir() if p.name.startswith(f".{case.output}.")]  # no temp leftovers


def test_at_least_25_kinds():
    assert len({c.id for c in CASES}) == len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_refused(case: Case, tmp_path: Path):
    _materialize(case, tmp_path)
    result = CliRunner().invoke(cli, case.args(tmp_path))
    _check(case, tmp_path, result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize("case_id", ["bj-duplicate-code", "validate-unreadable-turtle", "base-iri-not-http"])
def test_bad_input_refused_in_a_real_process(case_id: str, tmp_path: Path):
    case = next(c for c in CASES if c.id == case_id)
    _materialize(case, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "occlink", *case.args(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    _check(case, tmp_path, proc.returncode, proc.stdout, proc.stderr)


# --- accepted where documented ------------------------------------------------------------------

def test_bom_is_accepted_by_the_beijing_import(tmp_path: Path):
    (tmp_path / "bj.csv").write_bytes(("\ufeff" + _bj([BJ_ROW])).encode("utf-8"))
    result = CliRunner().invoke(cli, ["import", "beijing", str(tmp_path / "bj.csv"), "--into", str(tmp_path / "out.tsv")])
    assert result.exit_code == 0, result.output
    assert "2-02-38-01" in (tmp_path / "out.tsv").read_text(encoding="utf-8")


def test_bom_is_accepted_by_validate_for_sssom(tmp_path: Path):
    path = tmp_path / "v.sssom.tsv"
    row = SSSOM_ROW.replace("semapv:ManualMappingCuration", "semapv:LexicalMatching")
    path.write_bytes(("\ufeff" + SSSOM_HEAD + SSSOM_COLS + row).encode("utf-8"))
    result = CliRunner().invoke(cli, ["validate", "--data", str(path)])
    assert result.exit_code == 0, result.output


def test_cyclic_hierarchy_is_a_violation_naming_the_nodes(tmp_path: Path):
    """An edited Turtle file with a broader cycle: exit 1, the report (stdout) names both concepts."""
    path = tmp_path / "cycle.ttl"
    path.write_text("""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix csco: <https://w3id.org/occlink/csco/2022/> .
csco:2-02-38-01 skos:broader csco:2-02-38-02 ; skos:inScheme <https://w3id.org/occlink/csco/2022> .
csco:2-02-38-02 skos:broader csco:2-02-38-01 ; skos:inScheme <https://w3id.org/occlink/csco/2022> .
""", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--data", str(path)])
    assert result.exit_code == 1
    assert result.stderr == ""
    cycle = [ln for ln in result.stdout.splitlines() if "(cycle)" in ln]
    assert any("csco:2-02-38-01" in ln for ln in cycle) and any("csco:2-02-38-02" in ln for ln in cycle)


def test_formula_cells_are_neutralized_in_match_output(tmp_path: Path):
    (tmp_path / "m.csv").write_text(MATCH_HEADER + "s1,=人工智能工程技术人员,zh\ns2,@AI engineer,en\n", encoding="utf-8")
    for fmt in ("sssom", "table"):
        out = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(cli, ["match", "--source", str(tmp_path / "m.csv"), "--target", "csco2022",
                                          "--top-k", "1", "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        cells = [cell for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
                 for cell in line.split("\t")]
        assert "'=人工智能工程技术人员" in cells and "'@AI engineer" in cells
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_formula_cells_are_neutralized_in_query_csv():
    for fmt in ("csv", "tsv"):
        result = CliRunner().invoke(cli, ["query", "SELECT ?x WHERE { VALUES ?x { \"=1+1\" \"-2\" \"+3\" \"@4\" } }",
                                          "--format", fmt])
        assert result.exit_code == 0, result.output
        cells = [c for line in result.stdout.splitlines()[1:] for c in line.replace(",", "\t").split("\t") if c]
        assert sorted(cells) == ["'+3", "'-2", "'=1+1", "'@4"]


# --- readers no command takes a file for (packaged tables): same rules, checked at the reader ---

NATIONAL_HEADER = "source_row\tcode\tlevel\tsource_level\tname_zh\tgreen\tdigital\tdefinition\ttasks\taliases\n"
NATIONAL_ROW = "2\t2-00-00-00\tmajor\t1\t专业技术人员\t0\t0\t\t\t\n"


@pytest.mark.parametrize("name, content, where", [
    ("gbk", (NATIONAL_HEADER + NATIONAL_ROW).encode("gbk"), "csco22.tsv: not UTF-8"),
    ("binary", b"\x00\x01\x02garbage", "csco22.tsv"),
    ("empty", b"", "csco22.tsv: empty file"),
    ("renamed-column", (NATIONAL_HEADER.replace("name_zh", "name") + NATIONAL_ROW).encode(), "csco22.tsv:1"),
    ("malformed-code", (NATIONAL_HEADER + NATIONAL_ROW.replace("2-00-00-00", "2-0-00-00")).encode(), "csco22.tsv:2"),
    ("level-contradicts-code", (NATIONAL_HEADER + NATIONAL_ROW.replace("major", "fine")).encode(), "csco22.tsv:2"),
    ("unknown-marker", (NATIONAL_HEADER + NATIONAL_ROW.replace("\t0\t0\t", "\tL\t0\t")).encode(), "csco22.tsv:2"),
    ("whitespace-name", (NATIONAL_HEADER + NATIONAL_ROW.replace("专业技术人员", "   ")).encode(), "csco22.tsv:2"),
])
def test_national_table_reader_refuses(tmp_path: Path, name: str, content: bytes, where: str):
    from occlink.errors import InputError
    from occlink.taxonomy.csco_table import load_table
    path = tmp_path / "csco22.tsv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_table(path)
    assert where in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("rows, where", [
    ("2-02-38-01\t人工智能工程技术人员\tAI engineer\n2-02-38-01\t人工智能工程技术人员\tAI engineer\n", "_en.tsv:3"),
    ("9-99-99-99\t不存在\tNothing\n", "_en.tsv:2"),
    ("2-02-38-01\t旧名称\tAI engineer\n", "_en.tsv:2"),
    ("2-02-38-01\t人工智能工程技术人员\t   \n", "_en.tsv:2"),
])
def test_translation_reader_refuses(tmp_path: Path, rows: str, where: str):
    from occlink.errors import InputError
    from occlink.taxonomy.csco_table import default_classification, load_translations
    path = tmp_path / "csco22_en.tsv"
    path.write_text("code\tname_zh\tlabel_en\n" + rows, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_translations(default_classification(), path)
    assert where in str(info.value)


def test_refused_beijing_import_merges_nothing(tmp_path: Path):
    """A good import, then a file whose third row is bad: the earlier table stays byte-identical."""
    runner = CliRunner()
    (tmp_path / "good.csv").write_text(_bj([BJ_ROW]), encoding="utf-8")
    into = tmp_path / "urgent.tsv"
    first = runner.invoke(cli, ["import", "beijing", str(tmp_path / "good.csv"), "--into", str(into)])
    assert first.exit_code == 0, first.output
    before = into.read_bytes()
    bad = _bj(["2-02-38-02,物联网工程技术人员,新一代信息技术,严重紧缺,300000",
               "2-02-38-03,大数据工程技术人员,新一代信息技术,极度紧缺,300000"])
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    second = runner.invoke(cli, ["import", "beijing", str(tmp_path / "bad.csv"), "--into", str(into)])
    assert second.exit_code == 2
    assert second.stderr.strip().splitlines() == [second.stderr.strip()]
    assert f"{tmp_path / 'bad.csv'}:3" in second.stderr
    assert into.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "good.csv", "urgent.tsv"]
