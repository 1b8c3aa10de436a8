"""The label index (what a scripted review decision reads) agrees with the full loaders and graphs."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib.namespace import SKOS

from occlink.cli.main import cli
from occlink.mappings import concepts
from occlink.taxonomy import label_index
from occlink.taxonomy.beijing_graph import beijing_graph
from occlink.taxonomy.csco_table import default_classification
from occlink.taxonomy.namespaces import Namespaces
from occlink.taxonomy.qianhai_table import default_list

NS = Namespaces()


def _entry_codes(graph) -> set[str]:
    prefix = str(NS.bj)
    return {str(s)[len(prefix):] for s in graph.subjects(SKOS.topConceptOf, NS.bj_scheme)
            if str(s).startswith(prefix) and "/" not in str(s)[len(prefix):]}


def test_national_labels_markers_and_occupations_match_the_full_table():
    c = default_classification()
    index = label_index.national()
    assert set(index) == set(c.records)
    for code, record in c.records.items():
        got = index[code]
        assert (got.zh, got.en, got.green, got.digital, got.occupation) == (
            record.name_zh, c.labels_en.get(code, ""), record.green, record.digital, record.is_occupation), code
    # the defects the index must get right, as the full loader does: a duplicate row with and without a
    # definition, and a rank-4 row with children
    assert index["2-03-01-00"].zh == c.records["2-03-01-00"].name_zh
    assert index["6-20-03-00"].occupation is False


def test_qianhai_labels_match_the_transcription():
    occupations = default_list().occupations
    assert {k: (v.zh, v.en) for k, v in label_index.qianhai().items()} == {
        k: (o.name_zh, o.name_en) for k, o in occupations.items()}


def test_beijing_entries_match_the_graph():
    assert label_index.beijing() == _entry_codes(beijing_graph(NS))
    assert len(label_index.beijing()) == 206


def test_beijing_entries_include_an_imported_tables_unmarked_codes(tmp_path):
    source = tmp_path / "table.csv"
    source.write_text("code,occupation,key industry,description,urgency,median annual salary\n"
                      "1-01-00-01,TEST,人工智能,TEST,严重紧缺,1\n"
                      "2-02-38-03,TEST,人工智能,TEST,严重紧缺,2\n", encoding="utf-8")
    into = tmp_path / "urgent.tsv"
    result = CliRunner().invoke(cli, ["import", "beijing", str(source), "--into", str(into)])
    assert result.exit_code == 0, result.output
    codes = label_index.beijing(into)
    assert "1-01-00-01" in codes and "1-01-00-01" not in label_index.beijing()  # unmarked, imported
    assert codes == _entry_codes(beijing_graph(NS, urgent_path=into))


def test_brief_concepts_agree_with_full_lookups():
    curies = ([f"csco:{c}" for c in label_index.national()] + [f"bj:{c}" for c in label_index.beijing()]
              + [f"qh:{q}" for q in label_index.qianhai()])
    for curie in curies:
        full, brief = concepts.lookup(curie), concepts.brief(curie)
        assert full is not None and brief is not None, curie
        assert (brief.id, brief.catalog, brief.labels, brief.translated, brief.markers) == (
            full.id, full.catalog, full.labels, full.translated, full.markers), curie
    for missing in ("csco:9-99-99-99", "bj:1-01-00-01", "qh:d99", "isco:1111", "csco:", "nonsense"):
        assert concepts.brief(missing) is None and concepts.lookup(missing) is None, missing



# ------------------------------------------------------------------ a Beijing entry's own facts on the card
def test_a_beijing_entry_shows_its_own_facts_and_marks_the_national_ones():
    """bj:2-02-38-01 is keyed to a national code: its card must not present the national concept's aliases,
    hierarchy, definition and tasks as Beijing's (the Beijing graph does not copy them)."""
    entry = concepts.lookup("bj:2-02-38-01")
    national = concepts.lookup("csco:2-02-38-01")
    assert entry is not None and national is not None and national.aliases
    assert entry.aliases == () and entry.path == ()              # Beijing's scheme is flat; no aliases of its own
    facts = dict(entry.facts)
    assert facts["national"].startswith("csco:2-02-38-01 人工智能工程技术人员")
    assert facts["↳ aliases"] == " · ".join(national.aliases)
    assert facts["↳ definition"] == national.fact("definition") and "definition" not in facts
    assert "2-02-38-00" in facts["↳ path"]
    assert facts["rule"].startswith("II.(II).2")
    assert entry.markers == national.markers == ("digital",)


def test_beijing_card_from_the_command_line(tmp_path):
    result = CliRunner().invoke(cli, ["review", "--target", "beijing2023", "show", "qh:d06", "bj:2-02-38-01",
                                      "--mappings-dir", str(tmp_path)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    beijing = result.output.split("── object")[1].split("── match")[0]
    assert "\n  aliases" not in beijing and "\n  definition" not in beijing and "\n  path" not in beijing
    assert "\n  ↳ aliases" in beijing and "深度学习工程师" in beijing and "\n  national" in beijing


def test_an_imported_beijing_row_shows_the_tables_own_attributes(tmp_path):
    from occlink.taxonomy.beijing_urgent import load_urgent_table
    from occlink.taxonomy.csco_table import default_classification
    source = tmp_path / "table.csv"
    source.write_text("code,occupation,key industry,description,urgency,median annual salary\n"
                      "2-02-38-01,TEST,人工智能,TEST description,严重紧缺,\"350,000\"\n"
                      "1-01-00-01,TEST,not one of the 15,,一般紧缺,\n", encoding="utf-8")
    into = tmp_path / "urgent.tsv"
    assert CliRunner().invoke(cli, ["import", "beijing", str(source), "--into", str(into)]).exit_code == 0
    table = load_urgent_table(default_classification(), into)
    marked = dict(concepts.beijing_concept("2-02-38-01", table).facts)
    assert marked["urgency"] == "severely urgent shortage" and marked["median salary"] == "350000 CNY per year"
    assert marked["description"] == "TEST description" and marked["key industry"] == "artificial intelligence (AI)"
    assert concepts.beijing_concept("2-02-38-01", table).aliases == ("TEST",)  # the table's name for it
    unmarked = dict(concepts.beijing_concept("1-01-00-01", table).facts)
    assert "rule" not in unmarked and "imported official table" in unmarked["listed"]
    assert unmarked["key industry"] == "not one of the 15 (the table's own, not one of the 15 key industries)"
    assert "median salary" not in unmarked and "description" not in unmarked   # absent stays absent
    assert concepts.beijing_concept("1-01-00-01", None) is None                # unmarked, not imported
