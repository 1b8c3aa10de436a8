"""The matcher: normalization, entries from CSV (refusals), candidates, predicates, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from occlink.errors import InputError
from occlink.mappings.entries import Entry, catalog_entries, entries_from_csv
from occlink.mappings.matcher import TargetIndex, choose_predicate, match, match_entry
from occlink.mappings.normalize import en_tokens, normalize, zh_core_and_head

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def national():
    return catalog_entries("csco2022")


@pytest.fixture(scope="module")
def index(national):
    return TargetIndex(national)


def best(index, text, lang=None):
    lang = lang or ("en" if text.isascii() else "zh")
    return match_entry(index, Entry(id="q:1", pref_labels={lang: text}))


def test_normalize_width_case_entities_punctuation():
    assert normalize("ＪＡＶＡ　开发") == "java 开发"
    assert normalize("R&amp;D Engineer (Senior)") == "r d engineer senior"
    assert normalize("C++ / C# developer") == "c++ c# developer"
    assert zh_core_and_head(normalize("高级算法工程师")) == ("算法", "engineer")
    assert zh_core_and_head(normalize("会计主管")) == ("会计", "manager")
    assert en_tokens("hr specialists") == ["human", "resource", "specialist"]
    assert en_tokens("paediatric nurse") == ["pediatric", "nurse"]


def test_catalog_entries_carry_levels_and_labels(national):
    by_id = {e.id: e for e in national}
    assert len(national) == 2047
    ai = by_id["csco:2-02-38-01"]
    assert ai.pref_labels == {"en": "Artificial intelligence engineer", "zh": "人工智能工程技术人员"}
    assert ai.occupation and ai.level == "fine" and ai.parent == "csco:2-02-38-00"
    assert not by_id["csco:2-02-00-00"].occupation
    assert by_id["csco:4-04-99-00"].residual


@pytest.mark.parametrize("title, code", [
    ("人工智能工程技术人员", "2-02-38-01"),          # identity with a preferred label
    ("Java开发", "2-02-10-03"),                     # alias
    ("会计主管", "2-06-03-00"),                      # core 会计 + head 主管
    ("accountant", "2-06-03-00"),                   # English via the glossary
    ("truck driver", "4-02-02-02"),
    ("software engineer", "2-02-10-03"),            # engineer ↔ engineering technician
    ("ＷＥＬＤＥＲ", "6-18-02-04"),                  # full-width, upper case
])
def test_common_titles_rank_first(index, title, code):
    ranked = best(index, title)
    assert ranked and ranked[0].object.id == f"csco:{code}", [(c.object.id, c.confidence) for c in ranked[:3]]
    assert 0.0 <= ranked[0].confidence <= 1.0
    assert set(ranked[0].evidence) >= {"cosine", "ratio", "core_equal", "head_agree", "occupation"}


def test_confidence_orders_candidates_and_unrelated_text_scores_low(index):
    ranked = best(index, "人工智能工程技术人员")
    assert [c.confidence for c in ranked] == sorted((c.confidence for c in ranked), reverse=True)
    assert ranked[0].confidence > 0.9 and ranked[0].predicate == "skos:exactMatch"
    noise = best(index, "zzqx")
    assert all(c.confidence < 0.5 for c in noise)


def test_predicate_rule():
    occ = Entry(id="t:1", pref_labels={"zh": "焊工"}, level="fine", occupation=True)
    cat = Entry(id="t:2", pref_labels={"zh": "焊接人员"}, level="small", occupation=False)
    residual = Entry(id="t:3", pref_labels={"zh": "其他焊接人员"}, occupation=True)
    src = Entry(id="s:1", pref_labels={"zh": "焊工"})
    src_cat = Entry(id="s:2", pref_labels={"zh": "焊接类"}, occupation=False)
    strong = {"label_equal": 1.0, "pref_label": 1.0, "core_equal": 1.0, "head_agree": 1.0}
    assert choose_predicate(src, occ, 0.99, strong) == "skos:exactMatch"
    assert choose_predicate(src, cat, 0.99, strong) == "skos:broadMatch"
    assert choose_predicate(src, residual, 0.99, strong) == "skos:broadMatch"
    assert choose_predicate(src_cat, occ, 0.99, strong) == "skos:narrowMatch"
    # an alias identity alone is not exact; neither is high confidence without the same head
    assert choose_predicate(src, occ, 0.99, {**strong, "pref_label": 0.0, "head_agree": 0.0}) == "skos:closeMatch"
    assert choose_predicate(src, occ, 0.7, {}) == "skos:closeMatch"
    assert choose_predicate(src, occ, 0.3, {}) == "skos:relatedMatch"


def test_match_top_k_threshold_and_determinism(national, index):
    sources = entries_from_csv(DATA / "match_sample.csv")
    first = match(sources, national, top_k=3, index=index)
    again = match(sources, national, top_k=3, index=index)
    assert [(c.subject.id, c.object.id, c.confidence) for c in first] == \
        [(c.subject.id, c.object.id, c.confidence) for c in again]
    per_subject = {}
    for c in first:
        per_subject.setdefault(c.subject.id, []).append(c.confidence)
    assert all(len(v) <= 3 and v == sorted(v, reverse=True) for v in per_subject.values())
    proposals = match(sources, national, index=index)
    assert proposals
    # proposals: a source's best candidate from BEST_THRESHOLD (0.25), runner-ups from 0.5
    ranks: dict[str, int] = {}
    for c in proposals:
        rank = ranks.get(c.subject.id, 0)
        ranks[c.subject.id] = rank + 1
        assert c.confidence >= (0.25 if rank == 0 else 0.5)
    explicit = match(sources, national, threshold=0.5, index=index)
    assert all(c.confidence >= 0.5 for c in explicit)
    strict = match(sources, national, threshold=0.95, index=index)
    assert len(strict) < len(proposals)
    with pytest.raises(ValueError):
        match(sources, national, top_k=0, index=index)


def test_cross_lingual_csv_target(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("id,label,lang\nn1,护士,zh\nn2,焊工,zh\nn3,会计,zh\n", encoding="utf-8")
    source = tmp_path / "s.csv"
    source.write_text("id,label\na,nurse\nb,welder\nc,accountant\n", encoding="utf-8")
    got = {c.subject.id: c.object.id for c in match(entries_from_csv(source), entries_from_csv(target, prefix="tgt"),
                                                     top_k=1)}
    assert got == {"src:a": "tgt:n1", "src:b": "tgt:n2", "src:c": "tgt:n3"}


def test_index_is_blocked_not_a_cross_product(national, index):
    # a source label visits a bounded number of postings, whatever the target size
    from occlink.mappings import matcher
    weights = index.query_weights(__import__("occlink.mappings.features", fromlist=["prepare"]).prepare("软件工程师"))
    scores = index.block(weights)
    assert 0 < len(scores) <= matcher.POSTING_BUDGET + max(len(v) for v in index.postings.values())
    assert len(scores) < len(index.labels)


def _block_by_dict(index, weights):
    """Blocking as a plain loop over the posting lists (the specification block_arrays vectorizes)."""
    from occlink.mappings import matcher
    scores: dict[int, float] = {}
    budget = matcher.POSTING_BUDGET
    known = sorted((len(index.postings[f]), f) for f in weights if f in index.postings)
    for i, (size, feat) in enumerate(known):
        if size > budget and i > 0:
            break
        w = weights[feat] * index.idf[feat] ** 2
        for li in index.postings[feat][:budget]:
            scores[li] = scores.get(li, 0.0) + w
        budget -= size
        if budget <= 0:
            break
    return scores


@pytest.mark.parametrize("text", ["软件工程师", "高级Java开发工程师（急招）", "nurse", "Senior data analyst", "会计",
                                  "跨境电商运营专员", "Marine space science and technology specialist", "焊"])
def test_vectorized_blocking_gives_the_plain_loops_floats(index, text):
    # numpy blocking must add each label's weights in the same order as the loop: bitwise-equal scores,
    # so candidates, confidences and near-ties do not depend on how the sums are computed
    from occlink.mappings.features import prepare
    weights = index.query_weights(prepare(text))
    visited, dots = index.block_arrays(weights)
    expected = _block_by_dict(index, weights)
    assert visited.tolist() == sorted(expected)
    assert dots.tolist() == [expected[li] for li in visited.tolist()]  # exact float equality


@pytest.mark.parametrize("text, line, needle", [
    ("label\nx\n", 1, "missing column 'id'"),
    ("id,label\na,护士\na,焊工\n", 3, "duplicate id 'a' (first on row 2)"),
    ("id,label\na, \n", 2, "empty label for id 'a'"),
    ("id,label\n,护士\n", 2, "empty id"),
    ("id,label\na,护士,extra\n", 2, "3 fields, expected 2"),
    ("id,label\nbad id,护士\n", 2, "must be letters, digits"),
    ("id,label\na," + "长" * 201 + "\n", 2, "longer than 200 characters"),
    ("id,label,alt_labels\na,护士,ok|" + "x" * 201 + "\n", 2, "longer than 200 characters"),
    ("id,label,lang\na,护士,??\n", 2, "is not a language tag"),
    ("id,label\n", 0, "no rows after the header"),
    ("", 0, "empty file"),
])
def test_bad_csv_rows_are_refused_with_file_and_row(tmp_path, text, line, needle):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        entries_from_csv(path)
    prefix = f"{path}:{line}: " if line else f"{path}: "
    assert str(info.value).startswith(prefix) and needle in str(info.value), str(info.value)


def test_csv_encoding(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffid,label,alt_labels\na,护士,nurse|护理\n".encode("utf-8"))
    (entry,) = entries_from_csv(bom)
    assert entry.id == "src:a" and entry.pref_labels == {"zh": "护士"}
    assert entry.alt_labels == {"en": ("nurse",), "zh": ("护理",)}
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("id,label\na,护士\n".encode("gbk"))
    with pytest.raises(InputError, match="not UTF-8"):
        entries_from_csv(gbk)
