"""Reviewed crosswalks → RDF, and the shipped curated sets themselves."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD

from occlink.mappings.conflicts import find_conflicts
from occlink.mappings.decisions import Crosswalk, DecisionStore, new_decision
from occlink.mappings.graph import mappings_graph
from occlink.mappings.sssom import packaged_mapping_files, read_sssom
from occlink.taxonomy.catalogs import catalog_graph
from occlink.taxonomy.namespaces import PAV, SSSOM, Namespaces

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"
QIANHAI_TSV = Path(__file__).resolve().parents[1] / "taxonomy" / "qianhai2020.tsv"


@lru_cache(maxsize=2)
def catalogs(base: str) -> Graph:
    ns = Namespaces(base)
    g = Graph()
    for cid in ("csco2022", "qianhai2020"):
        for t in catalog_graph(cid, ns):
            g.add(t)
    return g


def qianhai_ids() -> set[str]:
    with QIANHAI_TSV.open(encoding="utf-8") as handle:
        return {f"qh:{row['id']}" for row in csv.DictReader(handle, delimiter="\t")}


def test_every_qianhai_occupation_is_decided_against_the_national_classification():
    ids = qianhai_ids()
    assert len(ids) == 50
    store = DecisionStore(MAPPINGS, Crosswalk("qianhai2020", "csco2022"))
    decided = {d.subject_id for d in store.decisions()}
    assert decided == ids
    positive = {d.subject_id for d in store.decisions() if d.kind == "positive"}
    # Every occupation has at least a broad mapping except those judged to have no counterpart.
    assert len(positive) >= 45


def test_curated_rows_carry_curation_metadata():
    files = [p for p in packaged_mapping_files() if p.name.startswith("qianhai2020-")]
    assert len(files) == 8  # qianhai2020-csco2022 and -beijing2023 (3 sets each), -isco08 and -esco (positive)
    for path in files:
        ms = read_sssom(path)
        assert "occrev" in ms.curie_map
        for row in ms.rows:
            assert row["author_id"] == "occrev:maintainers"
            assert row["mapping_justification"] == "semapv:ManualMappingCuration"
            assert row["mapping_date"] and row["confidence"]
            assert row["subject_label"] and row["object_label"]
            assert (row.get("predicate_modifier") == "Not") == path.name.endswith(".negative.sssom.tsv")
            if row["predicate_id"] != "skos:exactMatch" or ".positive." not in path.name:
                assert row.get("comment"), f"{path.name}: {row['subject_id']} {row['object_id']} needs a comment"


def test_curated_targets_exist_and_expected_judgments():
    national = catalogs("https://w3id.org/occlink/")
    ns = Namespaces()
    store = DecisionStore(MAPPINGS, Crosswalk("qianhai2020", "csco2022"))
    by_pair = {(d.subject_id, d.object_id): d for d in store.decisions()}
    for d in store.decisions():
        assert (URIRef(ns.expand(d.object_id)), RDF.type, SKOS.Concept) in national, d.object_id
    assert by_pair[("qh:s02", "csco:2-06-10-01")].predicate_id == "skos:exactMatch"   # actuary
    assert by_pair[("qh:s06", "csco:2-02-38-08")].predicate_id == "skos:exactMatch"   # blockchain engineer
    assert by_pair[("qh:s07", "csco:6-18-01-13")].kind == "negative"                  # operator ≠ R&D specialist
    assert by_pair[("qh:s15", "csco:2-07-04-00")].predicate_id == "skos:broadMatch"   # lawyer
    assert not find_conflicts(store.decisions())


def test_beijing_mappings_only_target_marked_occupations():
    from occlink.taxonomy.csco_table import default_classification
    c = default_classification()
    store = DecisionStore(MAPPINGS, Crosswalk("qianhai2020", "beijing2023"))
    national = {(d.subject_id, d.object_id.partition(":")[2]): d
                for d in DecisionStore(MAPPINGS, Crosswalk("qianhai2020", "csco2022")).decisions()}
    assert store.decisions()
    for d in store.decisions():
        code = d.object_id.partition(":")[2]
        assert c.records[code].green or c.records[code].digital
        twin = national[(d.subject_id, code)]
        assert (twin.kind, twin.predicate_id) == (d.kind, d.predicate_id)


def test_positive_file_is_usable_as_gold():
    ms = read_sssom(MAPPINGS / "qianhai2020-csco2022.positive.sssom.tsv")
    pairs = [(r["subject_id"], r["object_id"]) for r in ms.positive_rows()]
    assert len(pairs) == len(set(pairs)) >= 45


def _graph(base="https://w3id.org/occlink/", folder=None):
    ns = Namespaces(base)
    return ns, mappings_graph(ns, catalogs(base), folder)


def test_accepted_mappings_become_skos_triples_and_axioms():
    ns, g = _graph()
    assert (ns.qh["s02"], SKOS.exactMatch, ns.csco["2-06-10-01"]) in g
    assert (ns.qh["s15"], SKOS.broadMatch, ns.csco["2-07-04-00"]) in g
    # rejected and unsure decisions never become SKOS triples
    assert (ns.qh["s07"], SKOS.closeMatch, ns.csco["6-18-01-13"]) not in g
    assert (ns.qh["d09"], SKOS.closeMatch, ns.csco["2-02-38-08"]) not in g
    axiom = ns.mapping["qianhai2020-csco2022.positive/qh-s02/exactMatch/csco-2-06-10-01/occrev-maintainers"]
    assert (axiom, RDF.type, OWL.Axiom) in g
    assert (axiom, OWL.annotatedSource, ns.qh["s02"]) in g
    assert (axiom, OWL.annotatedTarget, ns.csco["2-06-10-01"]) in g
    # the SSSOM schema's slot URIs (what sssom-py writes and reads)
    assert (axiom, PAV.authoredBy, URIRef(f"{ns.base}reviewer/maintainers")) in g
    assert (axiom, DCTERMS.created, Literal("2026-11-21", datatype=XSD.date)) in g
    assert (ns.mapping["qianhai2020-csco2022.positive"], SSSOM.mappings, axiom) in g
    negative = ns.mapping["qianhai2020-csco2022.negative/qh-s07/closeMatch/csco-6-18-01-13/occrev-maintainers"]
    assert (negative, SSSOM.predicate_modifier, SSSOM.NegatedPredicate) in g
    unsure = ns.mapping["qianhai2020-csco2022.unsure/qh-d09/closeMatch/csco-2-02-38-08/occrev-maintainers"]
    assert (unsure, SSSOM.reviewer_agreement, Literal("0.0E0", datatype=XSD.double, normalize=False)) in g
    # one rdf:type per SSSOM object: sssom-py refuses a second one
    sets = set(g.subjects(RDF.type, SSSOM.MappingSet))
    assert len(sets) == len(packaged_mapping_files())
    for node in sets | set(g.objects(None, SSSOM.mappings)):
        assert len(list(g.objects(node, RDF.type))) == 1, node
    assert (ns.mapping["qianhai2020-csco2022.positive"], SSSOM.subject_source, URIRef(f"{ns.base}qianhai/2020")) in g


def test_confidences_are_canonical_doubles():
    _, g = _graph()
    values = [o for o in g.objects(None, SSSOM.confidence)]
    shipped = sum(1 for path in packaged_mapping_files() for row in read_sssom(path).rows if row.get("confidence"))
    assert len(values) == shipped
    for value in values:
        assert value.datatype == XSD.double
        mantissa, exponent = str(value).split("E")
        assert re.fullmatch(r"-?[1-9]\.\d*|0\.0", mantissa) and re.fullmatch(r"-?\d+", exponent), value


def test_no_blank_nodes_and_deterministic():
    _, g1 = _graph()
    _, g2 = _graph()
    assert not any(isinstance(x, BNode) for t in g1 for x in t)
    nt1 = sorted(g1.serialize(format="nt").splitlines())
    nt2 = sorted(g2.serialize(format="nt").splitlines())
    assert nt1 == nt2


def test_markers_inferred_only_through_exact_or_close_with_provenance():
    ns, g = _graph()
    occ = ns.vocab
    # AI engineer exactMatch a digital national occupation → digital, with provenance
    assert (ns.qh["d06"], occ.digital, Literal(True)) in g
    marker = URIRef(f"{ns.qh['d06']}/inferred/digital")
    assert (marker, RDF.type, occ.InferredMarker) in g
    assert (marker, PROV.wasDerivedFrom, ns.csco["2-02-38-01"]) in g
    assert (marker, PROV.wasAttributedTo, ns.project) in g
    # Additive manufacturing specialist → both markers (national 2-02-38-11 is L and S)
    assert (ns.qh["s07"], occ.green, Literal(True)) in g
    # broadMatch to a digital occupation does not propagate (intelligent industrial design)
    assert (ns.qh["d18"], occ.digital, Literal(True)) not in g
    # no marker is ever asserted false
    assert not list(g.triples((None, occ.digital, Literal(False))))
    query = """
        PREFIX occ: <https://w3id.org/occlink/vocab#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?concept ?marker ?national WHERE {
          ?concept occ:hasInferredMarker ?m .
          ?m occ:markerProperty ?marker ; prov:wasDerivedFrom ?national .
          ?national a skos:Concept .
        }"""
    both = Graph()
    for t in catalogs(ns.base):
        both.add(t)
    for t in g:
        both.add(t)
    found = {(ns.compact(str(r[0])), ns.compact(str(r[1]))) for r in both.query(query)}
    assert ("qh:d06", "occ:digital") in found and ("qh:s07", "occ:green") in found
    assert not any(c.startswith("csco:") for c, _ in found)


def test_graph_follows_base_iri():
    ns, g = _graph("https://example.org/x/")
    assert (ns.qh["s02"], SKOS.exactMatch, ns.csco["2-06-10-01"]) in g
    assert not any("w3id.org/occlink" in str(x) for t in g for x in t)


def test_contested_pair_is_withheld(tmp_path):
    store = DecisionStore(tmp_path, Crosswalk("qianhai2020", "csco2022"))
    store.record(new_decision("qh:s02", "csco:2-06-10-01", "exact", "positive", "alice"))
    store.record(new_decision("qh:s06", "csco:2-02-38-08", "exact", "positive", "alice"))
    store.record(new_decision("qh:s06", "csco:2-02-38-08", "exact", "negative", "bob"))
    ns, g = _graph(folder=tmp_path)
    assert (ns.qh["s02"], SKOS.exactMatch, ns.csco["2-06-10-01"]) in g
    assert (ns.qh["s06"], SKOS.exactMatch, ns.csco["2-02-38-08"]) not in g


@pytest.mark.parametrize("content, message", [
    ("#curie_map:\n#  qh: https://w3id.org/occlink/qianhai/2020/\nsubject_id\tpredicate_id\tobject_id\t"
     "mapping_justification\nqh:d01\tskos:exactMatch\tzz:1\tsemapv:ManualMappingCuration\n", ":4:"),
    ("no header at all\n", "curie_map"),
])
def test_bad_mapping_file_names_file_and_line(tmp_path, content, message):
    from occlink.errors import InputError
    (tmp_path / "qianhai2020-csco2022.positive.sssom.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        _graph(folder=tmp_path)
    assert "qianhai2020-csco2022.positive.sssom.tsv" in str(info.value) and message in str(info.value)
