"""The project's search titles for national occupations: table checks, loader errors, matcher use."""

from __future__ import annotations

import pytest

from occlink.errors import InputError
from occlink.mappings.entries import Entry, catalog_entries
from occlink.mappings.matcher import TargetIndex, match_entry
from occlink.taxonomy.csco_table import default_classification, packaged_path
from occlink.taxonomy.search_titles import (
    COLUMNS,
    PROJECT_SOURCE,
    SEARCH_TITLES_FILE,
    default_search_titles,
    load_search_titles,
)

HEADER = "\t".join(COLUMNS) + "\n"


def _write(tmp_path, body: str, name: str = "titles.tsv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_every_occupation_has_english_and_chinese_titles():
    # Occupations include the 94 that the catalog lists at category level (会计专业人员 2-06-03-00 …).
    c = default_classification()
    titles = default_search_titles()
    occupations = [code for code, rec in c.records.items() if rec.is_occupation]
    assert len(occupations) == 1631  # 6-20-03-00 has children: a category
    missing = [code for code in occupations
               if not titles.get(code, {}).get("en") or not titles.get(code, {}).get("zh")]
    assert not missing, missing[:10]


def test_every_row_is_marked_as_project_work():
    lines = packaged_path(SEARCH_TITLES_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == COLUMNS
    assert all(line.split("\t")[3] == PROJECT_SOURCE for line in lines[1:])


def test_no_title_repeats_an_official_label_anywhere():
    # Search titles add words people use. Repeating an official name, alias or English label would
    # add nothing for its own occupation, and for another occupation it would contradict the catalog.
    c = default_classification()
    official = {text.casefold() for code, rec in c.records.items()
                for text in (rec.name_zh, *rec.aliases, c.labels_en.get(code, ""))}
    repeated = [(code, t) for code, by_lang in default_search_titles().items()
                for titles in by_lang.values() for t in titles if t.casefold() in official]
    assert not repeated, repeated[:10]


def test_national_entries_carry_search_titles_but_the_graph_does_not():
    entries = {e.id: e for e in catalog_entries("csco2022")}
    software = entries["csco:2-02-10-03"]
    assert software.search_labels.get("en") and software.search_labels.get("zh")
    assert any(kind == "hidden" for _lang, kind, _text in software.labels())
    from rdflib import Literal

    from occlink.taxonomy.catalogs import catalog_graph
    from occlink.taxonomy.namespaces import Namespaces
    graph = catalog_graph("csco2022", Namespaces())
    title = software.search_labels["en"][0]
    assert not any(o == Literal(title, lang="en") for o in graph.objects())


def test_a_search_title_hit_is_reported_as_hidden_label_and_never_exact():
    index = TargetIndex(catalog_entries("csco2022"))
    hidden = []
    for _code, by_lang in sorted(default_search_titles().items())[:60]:
        for lang, titles in by_lang.items():
            best = match_entry(index, Entry(id="q:1", pref_labels={lang: titles[0]}))[0]
            if best.object_match_field == "skos:hiddenLabel":
                hidden.append(best)
    assert len(hidden) >= 30   # most titles find their own occupation through the title itself
    assert all(c.predicate != "skos:exactMatch" and c.evidence["search_title"] == 1.0 for c in hidden)
    assert all(c.match_string in c.object.search_labels.get("en", ()) + c.object.search_labels.get("zh", ())
               for c in hidden)


GOOD_ROW = "2-02-10-03\ten\tcoder\tocclink project\n"


@pytest.mark.parametrize("body, row, message", [
    ("9-99-99-99\ten\tX\tocclink project\n", 2, "not in the classification"),
    ("2-02-99-00\ten\tother engineer\tocclink project\n", 2, "residual category"),
    ("2-02-10-03\tfr\tprogrammeur\tocclink project\n", 2, "lang must be one of"),
    ("2-02-10-03\ten\t\tocclink project\n", 2, "title must have"),
    ("2-02-10-03\ten\t" + "x" * 81 + "\tocclink project\n", 2, "title must have"),
    ("2-02-10-03\ten\tcoder\tMOHRSS\n", 2, "source must be"),
    (GOOD_ROW + "2-02-10-03\ten\tCoder\tocclink project\n", 3, "duplicate title"),
    (GOOD_ROW + "2-02-10-03\ten\tcoder2\n", 3, "expected 4 tab-separated fields"),
    ("2-02-10-03\ten\tcoder\tocclink project\textra\n", 2, "expected 4 tab-separated fields"),
])
def test_bad_rows_are_refused_with_file_and_row(tmp_path, body, row, message):
    path = _write(tmp_path, body)
    with pytest.raises(InputError, match=message) as info:
        load_search_titles(path=path)
    assert str(info.value).startswith(f"{path}:{row}: ")


def test_missing_column_and_bad_encoding_are_refused(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("code\tlang\ttitle\n2-02-10-03\ten\tcoder\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_search_titles(path=path)
    path.write_bytes(HEADER.encode() + "2-02-10-03\tzh\t程序员\tocclink project\n".encode("gb18030"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_search_titles(path=path)


def test_a_good_table_loads_in_file_order(tmp_path):
    path = _write(tmp_path, "2-02-10-03\ten\tcoder\tocclink project\n"
                            "2-02-10-03\tzh\t程序员\tocclink project\n"
                            "2-02-10-03\ten\tapp developer\tocclink project\n")
    assert load_search_titles(path=path) == {"2-02-10-03": {"en": ("coder", "app developer"), "zh": ("程序员",)}}


def test_review_says_when_the_match_was_a_search_title():
    from occlink.mappings.card import match_line
    from occlink.mappings.concepts import lookup
    from occlink.mappings.review import Pending
    subject, target = lookup("qh:d06"), lookup("csco:6-30-05-01")
    via_title = Pending(subject, target, 0.3, "skos:relatedMatch", {"search_title": 1.0}, "forklift operator",
                        "AI engineer", "skos:prefLabel", "skos:hiddenLabel")
    via_label = Pending(subject, target, 0.3, "skos:relatedMatch", {"cosine": 0.4}, target.label("zh"),
                        "AI engineer", "skos:prefLabel", "skos:prefLabel")
    assert "'forklift operator' (occlink search title, not an official label)" in match_line(via_title)
    assert "search title" not in match_line(via_label)
