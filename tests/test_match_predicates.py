"""Never exact without strong evidence: a hit on an alias (a recruitment title) is at most close."""

from __future__ import annotations

from occlink.mappings.entries import Entry, catalog_entries
from occlink.mappings.matcher import match
from occlink.taxonomy.namespaces import Namespaces


def _best(title: str):
    (candidate,) = match([Entry(id="src:1", pref_labels={"zh": title})], catalog_entries("csco2022", Namespaces()),
                         top_k=1)
    return candidate


def test_alias_identity_is_not_exact():
    # 律师助理 (paralegal) is listed among the aliases of 律师 (lawyer): close, not the same occupation.
    candidate = _best("律师助理")
    assert candidate.object.id == "csco:2-07-04-00"
    assert candidate.evidence["label_equal"] == 1.0 and candidate.evidence["pref_label"] == 0.0
    assert candidate.predicate != "skos:exactMatch"


def test_preferred_label_identity_is_exact():
    candidate = _best("人工智能工程技术人员")
    assert candidate.object.id == "csco:2-02-38-01"
    assert candidate.predicate == "skos:exactMatch"
