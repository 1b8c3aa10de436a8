"""World-knowledge layers for real job-board titles (mappings/world_knowledge.tsv, issue #15).

Dev examples written for this project, one or more per class of titles (none taken from an evaluation set).
"""

from __future__ import annotations

from importlib import resources

import pytest

from occlink.mappings.api import match_titles
from occlink.mappings.synonyms import ZH_NOISE_WORDS, ZH_SYNONYMS

LAYERS = {"platform", "brand", "school", "pharma", "process", "workplace"}

# (title, expected national code, rank it must reach)
DEV = [
    ("拼多多运营专员", "4-01-06-01", 1),        # platform → e-commerce
    ("shopee店铺运营", "4-01-06-01", 1),
    ("小红书种草博主", "4-01-06-02", 1),        # content platform → internet marketing
    ("贝壳找房经纪人", "4-06-02-01", 1),        # agency brand → real-estate agent
    ("初三数学老师", "2-08-02-03", 1),          # grade → junior secondary teacher
    ("高三化学辅导老师", "2-08-02-01", 1),      # grade → senior secondary teacher
    ("一年级班主任", "2-08-02-04", 2),          # grade → primary teacher (the category 教学人员 may lead)
    ("学术代表", "2-06-07-07", 1),              # pharma → medical representative
    ("吹塑车间组长", "6-14-02-00", 1),          # team lead in a workshop → the workshop's occupation
    ("注塑车间班长", "6-14-02-00", 1),
    ("商场保安队长", "4-07-05-01", 1),          # squad lead → security guard
]


@pytest.mark.parametrize("title, code, rank", DEV)
def test_dev_examples_of_each_class(title, code, rank):
    [record] = match_titles([title], alternatives=rank - 1)
    codes = [record["code"]] + [a["code"] for a in record.get("alternatives", [])]
    assert code in codes[:rank], (title, codes)


def test_table_has_provenance_and_only_documented_layers():
    text = resources.files("occlink.mappings").joinpath("world_knowledge.tsv").read_text(encoding="utf-8")
    assert "source: occlink project" in text
    rows = [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")][1:]
    assert rows and all(r[0] in LAYERS and r[1] and r[3] for r in rows)
    for layer, word, stands_for, _note in rows:
        if layer == "workplace":
            assert word in ZH_NOISE_WORDS
        else:
            assert set(stands_for.split("|")) <= set(ZH_SYNONYMS[word.lower()])


def test_a_team_lead_word_alone_is_not_erased():
    # cleaning never erases a title: "组长" alone stays and is matched as written
    [record] = match_titles(["组长"])
    assert record["reason"] is None or record["reason"].startswith("no candidate")
