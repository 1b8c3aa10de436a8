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

