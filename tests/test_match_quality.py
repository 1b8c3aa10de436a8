"""Matcher quality mechanisms: title cleaning, synonyms, definition/task context, label aggregation."""

from __future__ import annotations

import pytest

from occlink.mappings.context import ContextIndex, context_text
from occlink.mappings.entries import Entry, catalog_entries
from occlink.mappings.features import prepare, synonym_features
from occlink.mappings.matcher import TargetIndex, match_entry
from occlink.mappings.synonyms import clean_zh_title


@pytest.fixture(scope="module")
def index():
    return TargetIndex(catalog_entries("csco2022"))


def top(index, text):
    lang = "en" if text.isascii() else "zh"
    return [c.object.id for c in match_entry(index, Entry(id="q:1", pref_labels={lang: text}))]


@pytest.mark.parametrize("raw, clean", [
    ("武汉博莱瑞招聘注塑工", "注塑工"),                 # employer before 招聘
    ("行政专员（双休+五险一金）", "行政专员"),          # bracketed remark
    ("线束操作工 (MJ001441)", "线束操作工"),            # job code
    ("新能源汽车销售 底薪7000起", "新能源汽车销售"),    # salary
    ("招聘专员", "招聘专员"),                          # a real title is kept
    ("招聘小车司机", "小车司机"),                      # a leading 招聘 is the ad, not the job
    ("招聘经理", "招聘经理"),                          # … unless a head noun follows
    ("招标采购专员", "招标采购专员"),
    ("3D设计师", "3D设计师"),                          # digits that are part of the title stay
    ("高薪", "高薪"),                                  # never cleaned to nothing
])
def test_clean_zh_title(raw, clean):
    assert clean_zh_title(raw) == clean


def test_synonyms_add_classification_words():
    assert "z:软件" in synonym_features(prepare("Java开发"))
    assert {"z:教师", "z:中学"} <= synonym_features(prepare("高中数学老师"))
    assert {"z:人力", "z:资源"} <= synonym_features(prepare("人事经理"))
    assert "e:engineering" in synonym_features(prepare("IoT architect"))


def test_context_text_uses_definition_and_national_tasks():
    entry = Entry(id="csco:4-01-02-05", pref_labels={"zh": "x"}, definition="定义")
    assert context_text(entry).startswith("定义") and len(context_text(entry)) > 2
    assert context_text(Entry(id="tgt:1", pref_labels={"zh": "x"})) == ""


def test_context_index_scores_share_of_query_found():
    entries = [Entry(id="tgt:a", pref_labels={"zh": "甲"}, definition="负责收银和结算"),
               Entry(id="tgt:b", pref_labels={"zh": "乙"}, definition="驾驶货运汽车")]
    ctx = ContextIndex(entries)
    query = ctx.query({"z:收银": 1.0, "z:货运": 1.0})
    assert ctx.score(query, 0) == pytest.approx(0.5) and ctx.score(query, 1) == pytest.approx(0.5)
    assert ctx.block(ctx.query({"z:收银": 1.0}), budget=10, k=3) == [0]


@pytest.mark.parametrize("title, code", [
    ("人事经理", "2-06-08-01"),                 # 人事 ↔ 人力资源
    ("武汉博莱瑞招聘注塑工", "6-18-04-01"),     # employer stripped (alias 注塑工 of 模具工)
    ("IoT architect", "2-02-38-02"),           # abbreviation + architect → engineering technician
    ("Java后端（五险一金）", "2-02-10-03"),     # Latin word + 后端 → 软件
])
def test_recruitment_titles(index, title, code):
    assert top(index, title)[0] == f"csco:{code}"


def test_support_and_context_are_evidence(index):
    ranked = match_entry(index, Entry(id="q:1", pref_labels={"zh": "软件开发工程师"}))
    assert {"support", "context", "head_family"} <= set(ranked[0].evidence)
    assert all(0.0 <= c.evidence["context"] <= 1.0 for c in ranked)
