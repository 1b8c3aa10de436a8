"""The national classification as SKOS: concepts, labels, hierarchy, markers, defects."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from occlink.taxonomy.csco_graph import csco_graph
from occlink.taxonomy.csco_table import DEFECT_KINDS
from occlink.taxonomy.namespaces import DCTERMS, SCHEMA, SKOSXL, Namespaces

NS = Namespaces()
OCC = NS.vocab


@pytest.fixture(scope="module")
def graph():
    return csco_graph(NS)


def concepts(graph):
    return set(graph.subjects(SKOS.inScheme, NS.csco_scheme))


def test_one_concept_per_distinct_code(graph):
    found = concepts(graph)
    assert len(found) == 2047
    notations = {str(graph.value(c, SKOS.notation)) for c in found}
    assert len(notations) == 2047
    assert all(str(c) == f"{NS.csco}{graph.value(c, SKOS.notation)}" for c in found)


def test_every_concept_has_one_zh_and_one_en_preflabel(graph):
    for concept in concepts(graph):
        langs = sorted(label.language for label in graph.objects(concept, SKOS.prefLabel))
        assert langs == ["en", "zh"], concept


def test_english_labels_are_marked_as_project_translations(graph):
    ai = NS.csco["2-02-38-01"]
    label = graph.value(ai, SKOSXL.prefLabel)
    assert (label, RDF.type, OCC.ProjectTranslation) in graph
    assert graph.value(label, DCTERMS.creator) == NS.project
    assert graph.value(label, OCC.translationOf) == Literal("人工智能工程技术人员", lang="zh")
    assert graph.value(label, SKOSXL.literalForm) == Literal("Artificial intelligence engineer", lang="en")
    # a revised label keeps its history
    note = str(graph.value(label, SKOS.changeNote))
    assert "was \"Artificial intelligence engineering technician\"" in note and "工程技术人员" in note


def test_aliases_are_chinese_alt_labels(graph):
    alts = set(graph.objects(NS.csco["2-02-38-01"], SKOS.altLabel))
    assert Literal("机器学习工程师", lang="zh") in alts
    # Chinese aliases from the source; the one English altLabel is the Qianhai report's official name
    assert {a for a in alts if a.language != "zh"} == {Literal("AI engineer", lang="en")}


def test_hierarchy(graph):
    ai = NS.csco["2-02-38-01"]
    assert graph.value(ai, SKOS.broader) == NS.csco["2-02-38-00"]
    assert (NS.csco["2-02-38-00"], SKOS.narrower, ai) in graph
    tops = set(graph.objects(NS.csco_scheme, SKOS.hasTopConcept))
    assert len(tops) == 8 and all(str(t).endswith("-00-00-00") for t in tops)
    for concept in concepts(graph):
        assert (concept, SKOS.topConceptOf, NS.csco_scheme) in graph or graph.value(concept, SKOS.broader), concept


def test_missing_parent_bridged_to_nearest_ancestor(graph):
    child = NS.csco["2-02-32-01"]
    assert graph.value(child, SKOS.broader) == NS.csco["2-02-00-00"]
    assert (NS.csco["2-02-32-00"], None, None) not in graph  # never invented


def test_no_cycles_in_broader(graph):
    for concept in concepts(graph):
        seen, node = set(), concept
        while node is not None:
            assert node not in seen, f"cycle at {concept}"
            seen.add(node)
            node = graph.value(node, SKOS.broader)


def test_marker_collections(graph):
    green = set(graph.objects(NS.csco["collection/green"], SKOS.member))
    digital = set(graph.objects(NS.csco["collection/digital"], SKOS.member))
    assert (len(green), len(digital), len(green & digital)) == (134, 95, 23)
    true = Literal(True)
    assert green == set(graph.subjects(OCC.green, true))
    assert digital == set(graph.subjects(OCC.digital, true))
    assert (NS.csco["2-02-38-01"], OCC.digital, true) in graph


def test_occupations_typed(graph):
    occupations = set(graph.subjects(RDF.type, SCHEMA.Occupation))
    assert len(occupations) == 1631  # 6-20-03-00 has children: a category (source defect)
    assert NS.csco["1-02-01-00"] in occupations  # source rank 4 with a small-group code
    assert NS.csco["2-02-38-00"] not in occupations


def test_source_defects_in_graph(graph):
    defects = set(graph.subjects(RDF.type, OCC.SourceDefect))
    codes = {str(c) for d in defects for c in graph.objects(d, OCC.affectsCode)}
    assert {"2-03-01-00", "4-12-04-02", "5-03-00-00", "6-20-05-03",
            "1-06-01-00", "2-01-04-00", "2-02-32-00", "5-02-03-00"} <= codes
    kinds = {str(graph.value(d, OCC.defectKind)) for d in defects}
    assert kinds == set(DEFECT_KINDS)


def test_scheme_metadata(graph):
    titles = {t.language for t in graph.objects(NS.csco_scheme, DCTERMS.title)}
    assert titles == {"zh", "en"}
    assert graph.value(NS.csco_scheme, DCTERMS.license) == URIRef("https://spdx.org/licenses/MIT")
    assert graph.value(NS.csco_scheme, DCTERMS.source) is not None


def test_no_blank_nodes(graph):
    from rdflib import BNode
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_base_iri_is_configurable():
    other = Namespaces("https://example.org/occ/")
    g = csco_graph(other)
    assert (URIRef("https://example.org/occ/csco/2022/2-02-38-01"), SKOS.notation, Literal("2-02-38-01")) in g


def test_every_concept_scheme_has_an_english_and_a_chinese_label():
    """skosify, Skosmos and other SKOS tools show a scheme by its skos:prefLabel."""
    from occlink.graph.dataset import cached_dataset
    from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI
    graph = cached_dataset(DEFAULT_BASE_IRI)
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) > 3
    for scheme in schemes:
        langs = sorted(label.language for label in graph.objects(scheme, SKOS.prefLabel))
        assert langs == ["en", "zh"], (scheme, langs)
