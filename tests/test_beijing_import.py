"""occlink import beijing: all-or-nothing import of the official urgent-need table.

Fixtures are written by the tests and are clearly synthetic (labels "TEST", salaries 1, 2, …).
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from occlink.cli.main import cli
from occlink.errors import InputError
from occlink.taxonomy.beijing_graph import beijing_graph
from occlink.taxonomy.beijing_urgent import load_urgent_table
from occlink.taxonomy.csco_table import default_classification
from occlink.taxonomy.namespaces import SCHEMA, Namespaces

NS = Namespaces()
OCC = NS.vocab
ZH_HEADER = "职业编码,职业名称,重点产业,职业描述,紧缺程度,年薪中位数参考值"
EN_HEADER = "code,occupation,key industry,description,urgency,median annual salary"
GOOD_ROWS = [
    "2-02-38-01,TEST,人工智能,TEST description,严重紧缺,1",
    "2-02-38-03,TEST,software and information services,,relatively,\"2,000\"",
    "4-04-05-05,TEST,new-generation-information-technology,TEST,general urgent shortage,",
]


def write_csv(tmp_path, header, rows, *, bom=False, name="table.csv"):
    path = tmp_path / name
    text = "\n".join([header, *rows]) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run(args):
    return CliRunner().invoke(cli, ["import", "beijing", *map(str, args)])


@pytest.mark.parametrize("header, bom", [(ZH_HEADER, True), (ZH_HEADER, False), (EN_HEADER, False), (EN_HEADER, True)])
def test_good_file_imports_and_merges(tmp_path, header, bom):
    src = write_csv(tmp_path, header, GOOD_ROWS, bom=bom)
    into = tmp_path / "urgent.tsv"
    result = run([src, "--into", into])
    assert result.exit_code == 0, result.output
    assert "3 rows imported" in result.output
    table = load_urgent_table(default_classification(), into)
    records = {r.code: r for r in table.records.values()}
    assert sorted(records) == ["2-02-38-01", "2-02-38-03", "4-04-05-05"]
    assert records["2-02-38-03"].salary_cny == Decimal(2000)
    assert records["4-04-05-05"].salary_cny is None

    g = beijing_graph(NS, urgent_path=into)
    s = NS.bj["2-02-38-01"]
    assert g.value(s, OCC.urgency) == NS.bj_root["urgency/severely"]
    assert g.value(s, OCC.keyIndustry) == NS.bj_root["key-industry/artificial-intelligence"]
    amount = g.value(s, OCC.medianAnnualSalary)
    assert (amount, RDF.type, SCHEMA.MonetaryAmount) in g
    assert g.value(amount, SCHEMA.value).toPython() == Decimal(1)
    assert str(g.value(amount, SCHEMA.currency)) == "CNY"
    assert g.value(amount, OCC.salaryBasis) == NS.bj_root["salary-basis"]
    source = g.value(amount, DCTERMS.source)
    assert source in set(g.objects(s, DCTERMS.source))
    assert str(g.value(source, DCTERMS.identifier)) == "table.csv"
    assert len(str(g.value(source, OCC.sha256))) == 64
    assert g.value(s, OCC.catalogDescription) == Literal("TEST description", lang="zh")
    # Absent stays absent: no salary given → no amount; no description → none.
    assert g.value(NS.bj["4-04-05-05"], OCC.medianAnnualSalary) is None
    assert g.value(NS.bj["2-02-38-03"], OCC.catalogDescription) is None
    # Entries not in the table keep only the generated data.
    assert g.value(NS.bj["2-02-38-02"], OCC.urgency) is None
    assert len(set(g.subjects(OCC.nationalOccupation, None))) == 206


def test_output_is_deterministic(tmp_path):
    src = write_csv(tmp_path, ZH_HEADER, list(reversed(GOOD_ROWS)), bom=True)
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    assert run([src, "--into", a]).exit_code == 0
    assert run([src, "--into", b]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    lines = a.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# source_file: table.csv" and lines[3].startswith("2-02-38-01\t")


def test_dry_run_writes_nothing(tmp_path):
    src = write_csv(tmp_path, EN_HEADER, GOOD_ROWS)
    into = tmp_path / "urgent.tsv"
    result = run([src, "--into", into, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "3 rows valid" in result.output
    assert not into.exists()


BAD_ROWS = [
    ("9-99-99-99,TEST,finance,,general,1", "malformed national code"),
    ("8-99-99-98,TEST,finance,,general,1", "not in the 2022 classification"),
    ("2-02-38-00,TEST,finance,,general,1", "is a category, not an occupation"),
    (",TEST,finance,,general,1", "empty national code"),
    ("2-02-38-02,,finance,,general,1", "empty occupation name"),
    ("2-02-38-02,TEST,,,general,1", "empty key industry"),
    ("2-02-38-02,TEST,finance,,very urgent,1", "unknown urgency 'very urgent'"),
    ("2-02-38-02,TEST,finance,,,1", "empty urgency"),
    ("2-02-38-02,TEST,finance,,general,0", "salary must be positive"),
    ("2-02-38-02,TEST,finance,,general,-5", "salary -5 is negative"),
    ("2-02-38-02,TEST,finance,,general,abc", "is not a number"),
    ("2-02-38-01,TEST,finance,,general,1", "duplicate entry 2-02-38-01 TEST"),
    ("2-02-38-02,TEST,finance,,general,1,extra", "7 cells but the header has 6"),
]


@pytest.mark.parametrize("bad, reason", BAD_ROWS, ids=[r for _, r in BAD_ROWS])
def test_bad_row_refuses_whole_file(tmp_path, bad, reason):
    into = tmp_path / "urgent.tsv"
    into.write_text("previous content\n", encoding="utf-8")
    src = write_csv(tmp_path, EN_HEADER, [GOOD_ROWS[0], bad, GOOD_ROWS[1]])
    result = run([src, "--into", into])
    assert result.exit_code == 2, result.output
    err = result.output.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"Error: {src}:3: ")  # header = row 1, the bad row is row 3
    assert reason in err[0] and "nothing imported" in err[0]
    assert into.read_text(encoding="utf-8") == "previous content\n"  # nothing merged
    assert not list(tmp_path.glob(".urgent.tsv.*"))  # no temp file left behind


def test_first_bad_row_named_and_others_counted(tmp_path):
    src = write_csv(tmp_path, EN_HEADER, [GOOD_ROWS[0], "x,TEST,finance,,general,1", "y,TEST,finance,,general,1"])
    with pytest.raises(InputError, match=r"table.csv:3: malformed .*\(and 1 more bad row\(s\)\)"):
        from occlink.taxonomy.beijing_import import read_official_table
        read_official_table(src)


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"\xff\xfe\x00c\x00o", "not UTF-8"),
    ("code,occupation,urgency\n2-02-38-01,TEST,general\n".encode(), "missing column(s) key_industry"),
    ("code,occupation,key industry,urgency,colour\n".encode(), "unknown column 'colour'"),
    ("code,职业编码,occupation,key industry,urgency\n".encode(), "repeats code"),
    ((EN_HEADER + "\n").encode(), "no data rows"),
])
def test_bad_files_refused(tmp_path, content, reason):
    src = tmp_path / "bad.csv"
    src.write_bytes(content)
    into = tmp_path / "urgent.tsv"
    result = run([src, "--into", into])
    assert result.exit_code == 2
    assert reason in result.output and str(src) in result.output
    assert "Traceback" not in result.output
    assert not into.exists()


def test_missing_file_refused(tmp_path):
    result = run([tmp_path / "nope.csv", "--into", tmp_path / "o.tsv"])
    assert result.exit_code == 2 and "cannot read" in result.output


def test_hand_edited_normalized_table_is_checked(tmp_path):
    path = tmp_path / "urgent.tsv"
    path.write_text("# source_file: x.csv\n# source_sha256: ab\n"
                    "code\toccupation_zh\tkey_industry\turgency\tmedian_annual_salary_cny\tdescription_zh\n"
                    "2-02-38-01\tTEST\tfinance\tsometimes\t1\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"urgent.tsv:4: unknown urgency"):
        beijing_graph(NS, urgent_path=path)


def test_real_process(tmp_path):
    src = write_csv(tmp_path, ZH_HEADER, GOOD_ROWS, bom=True)
    into = tmp_path / "urgent.tsv"
    ok = subprocess.run([sys.executable, "-m", "occlink.cli.main", "import", "beijing", str(src), "--into", str(into)],
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert into.exists()
    bad = write_csv(tmp_path, ZH_HEADER, ["2-02-38-01,TEST,人工智能,,严重紧缺,0"], name="bad.csv")
    refused = subprocess.run([sys.executable, "-m", "occlink.cli.main", "import", "beijing", str(bad),
                              "--into", str(tmp_path / "other.tsv")], capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"Error: {bad}:2: salary must be positive, got 0; nothing imported"
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "other.tsv").exists()


def test_vocabulary_defines_every_occ_term_used(tmp_path):
    from rdflib.namespace import RDFS

    from occlink.taxonomy.vocabulary import vocabulary_graph
    src = write_csv(tmp_path, EN_HEADER, GOOD_ROWS)
    into = tmp_path / "urgent.tsv"
    assert run([src, "--into", into]).exit_code == 0
    g = beijing_graph(NS, urgent_path=into)
    vocab = vocabulary_graph(NS)
    used = {p for p in g.predicates() if str(p).startswith(str(OCC))} | \
        {o for o in g.objects(None, RDF.type) if str(o).startswith(str(OCC))}
    assert OCC.urgency in used and OCC.ImportedTable in used
    for term in used:
        assert {o.language for o in vocab.objects(term, RDFS.label)} == {"en", "zh"}, term


def test_quoted_newline_and_line_separator_stay_inside_their_cell(tmp_path):
    """The CSV is parsed as a whole: a quoted newline or U+2028 does not end a row."""
    rows = ['2-02-38-01,TEST,finance,"TEST line one\nline two",general,1',
            "2-02-38-03,TEST,finance,TEST a\u2028b,general,2",
            GOOD_ROWS[2]]
    src = write_csv(tmp_path, EN_HEADER, rows)
    into = tmp_path / "urgent.tsv"
    result = run([src, "--into", into])
    assert result.exit_code == 0, result.output
    assert "3 rows imported" in result.output
    table = load_urgent_table(default_classification(), into)
    by_code = {r.code: r for r in table.records.values()}
    assert by_code["2-02-38-01"].description_zh == "TEST line one line two"
    assert by_code["2-02-38-03"].description_zh == "TEST a b"
    assert by_code["2-02-38-03"].salary_cny == Decimal(2)


def test_key_industry_outside_the_fifteen_is_kept_with_a_warning(tmp_path):
    """II.(II).1 gives criteria, not a list: other industries are the table's own values."""
    src = write_csv(tmp_path, EN_HEADER, ["2-02-38-01,TEST,TEST mining,,general,1", GOOD_ROWS[1]])
    into = tmp_path / "urgent.tsv"
    result = run([src, "--into", into])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output.lower() and "TEST mining" in result.output
    g = beijing_graph(NS, urgent_path=into)
    s = NS.bj["2-02-38-01"]
    assert g.value(s, OCC.keyIndustry) is None
    assert g.value(s, OCC.keyIndustryLabel) == Literal("TEST mining", lang="zh")
    assert g.value(NS.bj["2-02-38-03"], OCC.keyIndustry) == NS.bj_root["key-industry/software-and-information-services"]


def test_several_job_types_under_one_national_code_round_trip(tmp_path):
    """The catalog lists occupations (types of jobs): rows sharing a code are kept, keyed by code + name."""
    rows = ["2-02-38-01,TEST type A,人工智能,TEST A,严重紧缺,1",
            "2-02-38-01,TEST type B,finance,,general,2",
            GOOD_ROWS[1]]
    src = write_csv(tmp_path, EN_HEADER, rows)
    into = tmp_path / "urgent.tsv"
    assert run([src, "--into", into]).exit_code == 0
    table = load_urgent_table(default_classification(), into)
    assert sorted((r.code, r.occupation_zh) for r in table.records.values()) == [
        ("2-02-38-01", "TEST type A"), ("2-02-38-01", "TEST type B"), ("2-02-38-03", "TEST")]
    # normalized table → reload → render gives the same bytes (nothing lost)
    from occlink.taxonomy.beijing_urgent import render_table
    assert render_table(table) == into.read_text(encoding="utf-8")
    g = beijing_graph(NS, urgent_path=into)
    entry = NS.bj["2-02-38-01"]
    types = sorted(g.objects(entry, SKOS.narrower))
    assert len(types) == 2
    assert {str(g.value(t, SKOS.prefLabel)) for t in types} == {"TEST type A", "TEST type B"}
    assert {g.value(t, OCC.urgency) for t in types} == {NS.bj_root["urgency/severely"], NS.bj_root["urgency/general"]}
    assert all(g.value(t, OCC.nationalOccupation) == NS.csco["2-02-38-01"] for t in types)
    assert g.value(entry, OCC.urgency) is None  # the attributes belong to each type of job
    # a single row for a code stays on the entry itself
    assert g.value(NS.bj["2-02-38-03"], OCC.urgency) == NS.bj_root["urgency/relatively"]


def test_an_imported_table_makes_its_unmarked_occupations_resolvable(tmp_path, monkeypatch):
    """A reviewed pair can name an imported urgent-need entry that carries no green/digital marker."""
    from occlink.mappings import concepts
    from occlink.taxonomy import beijing_urgent, label_index
    records = default_classification().records
    code = next(c for c, r in sorted(records.items()) if r.is_occupation and not (r.green or r.digital))
    into = tmp_path / "urgent.tsv"
    assert run([write_csv(tmp_path, ZH_HEADER, [f"{code},TEST,人工智能,TEST description,严重紧缺,1"]),
                "--into", into]).exit_code == 0
    # both readers of the packaged imported table (the label index and the full loader) see this one
    packaged = label_index._packaged
    monkeypatch.setattr(label_index, "_packaged",
                        lambda name: into if name == label_index.BEIJING_IMPORTED else packaged(name))
    monkeypatch.setattr(beijing_urgent, "packaged_path", lambda name: into)
    caches = (concepts._imported_beijing, label_index.beijing)
    for cached in caches:
        cached.cache_clear()
    try:
        assert concepts.lookup(f"bj:{code}") is not None
    finally:
        for cached in caches:
            cached.cache_clear()
