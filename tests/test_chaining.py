"""Chained candidates through the national pivot (mappings/chaining.py, issue #15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import OWL, PROV

from occlink.cli.main import cli
from occlink.exports.dumps.match_output import mapping_set
from occlink.mappings.chaining import CHAIN_COLUMNS, Chain, Step, chain_graph, compose, pivot_links, propose
from occlink.mappings.entries import Entry, catalog_entries
from occlink.mappings.evaluate import evaluate
from occlink.mappings.graph import mappings_graph
from occlink.mappings.sssom import MappingSet, packaged_mapping_files, parse_sssom, read_sssom, sssom_text, write_sssom
from occlink.taxonomy.namespaces import Namespaces

EXACT, CLOSE, BROAD, NARROW, RELATED = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch",
                                        "skos:narrowMatch", "skos:relatedMatch")
NS = Namespaces()


@pytest.mark.parametrize("first, second, expected", [
    (EXACT, EXACT, EXACT),
    (EXACT, CLOSE, CLOSE), (CLOSE, EXACT, CLOSE), (CLOSE, CLOSE, CLOSE),
    (BROAD, EXACT, BROAD), (EXACT, BROAD, BROAD), (BROAD, BROAD, BROAD), (CLOSE, BROAD, BROAD),
    (NARROW, EXACT, NARROW), (CLOSE, NARROW, NARROW), (NARROW, NARROW, NARROW),
    (BROAD, NARROW, RELATED), (NARROW, BROAD, RELATED),
    (RELATED, EXACT, None), (EXACT, RELATED, None), (RELATED, RELATED, None),
])
def test_composition_rule(first, second, expected):
    assert compose(first, second) == expected


def test_chain_inverts_the_object_step_and_multiplies_confidences():
    # s broadMatch N (s is narrower); the object says o narrowMatch N (o is broader than N) → N broadMatch o
    s = Step("qh:x", BROAD, "csco:1", 0.8, "reviewed", "urn:a")
    o = Step("bj:1", NARROW, "csco:1", 0.5, "reviewed", "urn:b")
    chain = Chain("csco:1", s, o)
    assert chain.predicate == BROAD
    assert chain.confidence == pytest.approx(0.4)
    # both under one national concept: related, half the confidence
    sibling = Chain("csco:1", s, Step("bj:2", BROAD, "csco:1", 1.0, "keyed", "urn:c"))
    assert sibling.predicate == RELATED and sibling.confidence == pytest.approx(0.4)


def _decision_row(subject, predicate, obj, confidence="0.9000", negative=False):
    row = {"subject_id": subject, "predicate_id": predicate, "object_id": obj,
           "mapping_justification": "semapv:ManualMappingCuration", "confidence": confidence,
           "author_id": "occrev:tester", "mapping_date": "2026-12-01"}
    if negative:
        row["predicate_modifier"] = "Not"
    return row


def _write_set(folder, name, rows):
    write_sssom(MappingSet({"curie_map": {k: v for k, v in NS.curie_map().items() if k in ("qh", "csco", "bj")}
                            | {"occrev": "https://w3id.org/occlink/reviewer/"}}, rows), folder / name)


@pytest.fixture(scope="module")
def lists():
    return catalog_entries("qianhai2020", NS), catalog_entries("beijing2023", NS)


def test_reviewed_step_and_keyed_step_make_a_chain(tmp_path, lists):
    qh, bj = lists
    _write_set(tmp_path, "qianhai2020-csco2022.positive.sssom.tsv",
               [_decision_row("qh:d21", CLOSE, "csco:2-02-18-01", "0.6500")])
    links = pivot_links(qh + bj, NS, tmp_path)
    found = [c for c in propose(qh, bj, links) if c.subject.id == "qh:d21"]
    assert [(c.object.id, c.predicate, c.confidence, c.justification) for c in found] == [
        ("bj:2-02-18-01", CLOSE, 0.65, "semapv:MappingChaining")]
    chain = found[0].chain
    assert chain.subject_step.basis == "reviewed" and chain.object_step.basis == "keyed"
    assert chain.subject_step.ref == (
        "https://w3id.org/occlink/mappings/qianhai2020-csco2022.positive/qh-d21/closeMatch/csco-2-02-18-01/occrev-tester")
    assert chain.object_step.ref == "https://w3id.org/occlink/beijing/2023/urgent/2-02-18-01"


def test_a_decision_with_the_national_concept_as_subject_is_inverted(tmp_path, lists):
    qh, bj = lists
    _write_set(tmp_path, "csco2022-qianhai2020.positive.sssom.tsv",
               [_decision_row("csco:2-02-18-01", NARROW, "qh:d21", "0.8000")])  # national is broader
    links = pivot_links(qh + bj, NS, tmp_path)
    found = [c for c in propose(qh, bj, links) if c.subject.id == "qh:d21"]
    assert [(c.object.id, c.predicate) for c in found] == [("bj:2-02-18-01", BROAD)]


def test_negative_decision_on_a_step_blocks_the_chain_and_the_same_lexical_claim(tmp_path, lists):
    qh, bj = lists
    rows = [_decision_row("qh:d06", EXACT, "csco:2-02-38-01", "0.9500")]
    _write_set(tmp_path, "qianhai2020-csco2022.positive.sssom.tsv", rows)
    before = {(c.subject.id, c.object.id) for c in propose(qh, bj, pivot_links(qh + bj, NS, tmp_path))}
    assert ("qh:d06", "bj:2-02-38-01") in before
    # another reviewer rejects the same step: no chain, and the lexical exact hit (same claim: bj is keyed
    # by that national code) is withheld too
    _write_set(tmp_path, "qianhai2020-csco2022.negative.sssom.tsv",
               [_decision_row("qh:d06", EXACT, "csco:2-02-38-01", negative=True)])
    after = propose(qh, bj, pivot_links(qh + bj, NS, tmp_path))
    assert ("qh:d06", "bj:2-02-38-01") not in {(c.subject.id, c.object.id) for c in after}


def test_unsure_decisions_neither_chain_nor_block(tmp_path, lists):
    qh, bj = lists
    _write_set(tmp_path, "qianhai2020-csco2022.unsure.sssom.tsv",
               [_decision_row("qh:d21", CLOSE, "csco:2-02-18-01")])
    links = pivot_links(qh + bj, NS, tmp_path)
    assert not links.steps.get("qh:d21") and not links.rejected


def test_better_evidence_wins_for_the_same_pair(tmp_path, lists):
    qh, bj = lists
    # d06 matches bj:2-02-38-01 lexically at ~0.998 (identical Chinese name); a weak reviewed chain loses
    _write_set(tmp_path, "qianhai2020-csco2022.positive.sssom.tsv",
               [_decision_row("qh:d06", CLOSE, "csco:2-02-38-01", "0.5000")])
    found = [c for c in propose(qh, bj, pivot_links(qh + bj, NS, tmp_path)) if c.subject.id == "qh:d06"]
    assert [(c.object.id, c.chain is None) for c in found][:1] == [("bj:2-02-38-01", True)]


def test_shipped_sets_qianhai_to_beijing_meets_targets_without_the_noise(lists):
    """The dev set: reviewed Qianhai → Beijing positives (the hidden expert set is applied elsewhere)."""
    qh, bj = lists
    links = pivot_links(qh + bj, NS)  # packaged decision sets
    candidates = propose(qh, bj, links)
    predictions = parse_sssom(sssom_text(mapping_set(candidates, NS, "qianhai2020", "beijing2023")))
    gold = read_sssom(next(p for p in packaged_mapping_files() if p.name == "qianhai2020-beijing2023.positive.sssom.tsv"))
    metrics = evaluate(gold, predictions)
    assert metrics.precision >= 0.95 and metrics.recall >= 0.90
    pairs = {(c.subject.id, c.object.id) for c in candidates}
    # the noise: low-confidence lexical hits for entries whose national place is reviewed
    for noise in [("qh:d03", "bj:2-06-14-00"), ("qh:s03", "bj:2-06-06-03"), ("qh:s15", "bj:4-01-06-01"),
                  ("qh:d23", "bj:4-01-06-02"), ("qh:d17", "bj:4-02-06-03")]:
        assert noise not in pairs
    # entries the lexical matcher never proposed, reached through the pivot
    assert ("qh:d21", "bj:2-02-18-01") in pairs and ("qh:s12", "bj:4-08-08-23") in pairs


def test_an_entry_reviewed_to_a_category_reaches_the_entries_keyed_by_its_children(tmp_path, lists):
    qh, bj = lists
    # csco:2-02-22-00 (海洋工程技术人员) is a category; Beijing keys four of its child occupations
    children = sorted(e.id for e in bj if e.national and e.national.startswith("csco:2-02-22-")
                      and not e.national.endswith("-00"))
    assert len(children) == 4
    _write_set(tmp_path, "qianhai2020-csco2022.positive.sssom.tsv",
               [_decision_row("qh:d12", EXACT, "csco:2-02-22-00", "0.8000")])
    found = [c for c in propose(qh, bj, pivot_links(qh + bj, NS, tmp_path))
             if c.subject.id == "qh:d12" and c.chain is not None]
    # exact ∘ (category narrowMatch child) = narrowMatch: each child is narrower than qh:d12
    assert {c.object.id for c in found} <= set(children) and len(found) == 3  # DEFAULT_PROPOSALS
    assert {(c.predicate, c.confidence) for c in found} == {(NARROW, 0.8)}
    chain = found[0].chain
    assert chain.pivot == "csco:2-02-22-00" and not chain.subject_step.lifted
    assert chain.object_step.predicate == BROAD and chain.object_step.via == "csco:" + found[0].object.id[3:]
    row = mapping_set(found, NS, "qianhai2020", "beijing2023").rows[0]
    assert row["object_pivot_via"] == chain.object_step.via and row["object_pivot_predicate"] == BROAD
    assert "subject_pivot_via" not in row or not row["subject_pivot_via"]


def test_an_entry_keyed_by_an_occupation_reaches_an_entry_keyed_by_its_category():
    # two CSV lists keyed by national codes: an occupation (2-02-22-04) and its category (2-02-22-00)
    sources = [Entry("src:a", {"zh": "甲"}, national="csco:2-02-22-04"),
               Entry("src:b", {"zh": "乙"}, national="csco:2-02-09-01")]
    targets = [Entry("tgt:cat", {"zh": "丙"}, national="csco:2-02-22-00"),
               Entry("tgt:sib", {"zh": "丁"}, national="csco:2-02-22-01")]
    found = {(c.subject.id, c.object.id): c for c in propose(sources, targets, pivot_links(sources + targets, NS))}
    chained = found[("src:a", "tgt:cat")]
    assert (chained.predicate, chained.confidence) == (BROAD, 1.0)  # the occupation is under the category
    assert chained.chain.subject_step.via == "csco:2-02-22-04" and chained.chain.pivot == "csco:2-02-22-00"
    assert ("src:a", "tgt:sib") not in found                          # siblings: no chain
    assert not [k for k in found if k[0] == "src:b"]                  # another category: nothing


def test_hierarchy_steps_make_no_sibling_or_related_chains(tmp_path, lists):
    qh, bj = lists
    # shipped sets: qh:d12 broadMatch the category csco:2-02-22-00 — broad ∘ narrow through the
    # hierarchy would be relatedMatch to every child: no chain; qh:s08 exactMatch csco:2-02-09-01,
    # whose siblings csco:2-02-09-03/05 Beijing keys: no chain between two children of one category
    candidates = propose(qh, bj, pivot_links(qh + bj, NS))
    for subject in ("qh:d12", "qh:s08"):
        assert not [c for c in candidates if c.subject.id == subject and c.chain is not None]
    # the subject rejected for one child: that child's entry is not reached through the category
    _write_set(tmp_path, "qianhai2020-csco2022.positive.sssom.tsv",
               [_decision_row("qh:d12", EXACT, "csco:2-02-22-00")])
    _write_set(tmp_path, "qianhai2020-csco2022.negative.sssom.tsv",
               [_decision_row("qh:d12", CLOSE, "csco:2-02-22-01", negative=True)])
    links = pivot_links(qh + bj, NS, tmp_path)
    found = {c.object.id for c in propose(qh, bj, links) if c.subject.id == "qh:d12" and c.chain is not None}
    assert found == {"bj:2-02-22-02", "bj:2-02-22-03", "bj:2-02-22-04"}


def test_chained_candidates_are_not_published_without_review(tmp_path, lists):
    qh, bj = lists
    for path in packaged_mapping_files():
        if path.name.startswith("qianhai2020-csco2022"):
            shutil.copy(path, tmp_path / path.name)
    candidates = [c for c in propose(qh, bj, pivot_links(qh + bj, NS, tmp_path)) if c.chain is not None]
    assert candidates
    from occlink.taxonomy.catalogs import catalog_graph
    dataset = catalog_graph("qianhai2020", NS) + catalog_graph("beijing2023", NS)
    published = mappings_graph(NS, dataset, tmp_path)
    for c in candidates:
        subject, obj = URIRef(NS.expand(c.subject.id)), URIRef(NS.expand(c.object.id))
        assert not any(published.triples((subject, None, obj)))


def test_sssom_output_carries_both_steps_and_reads_back(lists):
    runner = CliRunner()
    result = runner.invoke(cli, ["match", "--source", "qianhai2020", "--target", "beijing2023"])
    assert result.exit_code == 0, result.output
    ms = parse_sssom(result.output)
    declared = [d["slot_name"] for d in ms.metadata["extension_definitions"]]
    assert declared == [c for c, _p, _t in CHAIN_COLUMNS]
    chained = [r for r in ms.rows if r["mapping_justification"] == "semapv:MappingChaining"]
    assert chained
    axioms = set(mappings_graph(NS).subjects())
    for row in chained:
        first, second = row["see_also"].split("|")
        assert first == row["subject_pivot_mapping"] and second == row["object_pivot_mapping"]
        assert row["pivot_id"].startswith("csco:")
        # a reviewed step names a mapping axiom that the published dataset describes
        if row["subject_pivot_basis"] == "reviewed":
            assert URIRef(first) in axioms
        assert row["object_pivot_basis"] == "keyed" and second.endswith(row["object_id"].split(":")[1])
        assert {"match_string", "similarity_score"}.isdisjoint(row)
    lexical = [r for r in ms.rows if r["mapping_justification"] == "semapv:LexicalMatching"]
    assert all(not any(k.endswith("_pivot_mapping") for k in r) for r in lexical)
    # --no-chain: the lexical matcher alone, no extension columns declared
    plain = parse_sssom(runner.invoke(cli, ["match", "--source", "qianhai2020", "--target", "beijing2023",
                                            "--no-chain"]).output)
    assert "extension_definitions" not in plain.metadata
    assert all(r["mapping_justification"] == "semapv:LexicalMatching" for r in plain.rows)


def test_undeclared_extension_column_is_still_refused():
    text = ("#curie_map:\n#  a: \"urn:a:\"\nsubject_id\tpredicate_id\tobject_id\tmapping_justification\tpivot_id\n"
            "a:1\tskos:exactMatch\ta:2\tsemapv:MappingChaining\ta:3\n")
    with pytest.raises(Exception, match="unknown column 'pivot_id'"):
        parse_sssom(text)
    declared = text.replace("subject_id", "#extension_definitions:\n#  - slot_name: pivot_id\n"
                                          "#    property: a:pivot\nsubject_id", 1)
    assert parse_sssom(declared).rows[0]["pivot_id"] == "a:3"


def test_rdf_links_both_source_mappings(lists):
    qh, bj = lists
    candidates = propose(qh, bj, pivot_links(qh + bj, NS))
    g = chain_graph(candidates, NS)
    published = set(mappings_graph(NS).subjects())
    chained = [c for c in candidates if c.chain is not None]
    assert chained
    for c in chained:
        axioms = [a for a in g.subjects(URIRef(str(NS.vocab) + "chainPivot"), URIRef(NS.expand(c.chain.pivot)))]
        assert len(axioms) == 1
        sources = set(g.objects(axioms[0], PROV.wasDerivedFrom))
        assert sources == {URIRef(c.chain.subject_step.ref), URIRef(c.chain.object_step.ref)}
        assert URIRef(c.chain.subject_step.ref) in published
        assert g.value(axioms[0], OWL.annotatedProperty) == URIRef(NS.expand(c.predicate))


def test_chaining_does_not_apply_to_the_pivot_list_itself():
    csco = [Entry("csco:1", {"zh": "会计"})]
    other = [Entry("src:a", {"zh": "会计"}, national="csco:1")]
    assert all(c.chain is None for c in propose(other, csco, pivot_links(other + csco, NS)))


def test_sssom_tools_read_the_chained_candidates(tmp_path):
    """sssom-py validates and converts the set (extension columns declared), sssom-pydantic reads every row."""
    import json

    import sssom_pydantic
    from sssom import cli as sssom_cli
    path = tmp_path / "qh-bj.sssom.tsv"
    result = CliRunner().invoke(cli, ["match", "--source", "qianhai2020", "--target", "beijing2023", "--out", str(path)])
    assert result.exit_code == 0, result.output
    rows = read_sssom(path).rows
    assert any(r["mapping_justification"] == "semapv:MappingChaining" for r in rows)
    check = CliRunner().invoke(sssom_cli.main, ["validate", str(path)])
    assert check.exit_code == 0 and "incorrect value" not in check.output, check.output
    out = tmp_path / "qh-bj.json"
    converted = CliRunner().invoke(sssom_cli.main, ["convert", str(path), "-O", "json", "-o", str(out)])
    assert converted.exit_code == 0, converted.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["mappings"]) == len(rows)
    chained = [m for m in doc["mappings"] if m["mapping_justification"].endswith("MappingChaining")]
    assert chained and all(len(m["see_also"]) == 2 for m in chained)   # both source mappings survive
    mappings, _converter, _metadata = sssom_pydantic.read(str(path))
    assert len(mappings) == len(rows)


def test_every_chain_column_property_is_declared_in_the_vocabulary():
    # the SSSOM extension_definitions and the RDF output name occ: properties: a consumer who looks
    # them up must find each one declared, labelled in English and Chinese
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS

    vocab = Graph().parse(Path(__file__).resolve().parents[1] / "taxonomy" / "vocab.ttl")
    for _column, curie, _hint in CHAIN_COLUMNS:
        prop = URIRef(NS.expand(curie))
        kinds = set(vocab.objects(prop, RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, curie
        langs = {lit.language for lit in vocab.objects(prop, RDFS.label) if isinstance(lit, Literal)}
        assert {"en", "zh"} <= langs, curie
