"""Beijing 2023 urgent-need entries: generated from the national L/S markers, nothing invented."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from occlink.cli.main import cli
from occlink.exports.dumps.serialize import serialize
from occlink.taxonomy.beijing_catalog import KEY_INDUSTRIES
from occlink.taxonomy.beijing_graph import beijing_graph
from occlink.taxonomy.csco_table import default_classification
from occlink.taxonomy.namespaces import SCHEMA, SKOSXL, Namespaces

NS = Namespaces()
OCC = NS.vocab


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    # An explicit missing path: the test does not depend on whether a maintainer imported a table.
    return beijing_graph(NS, urgent_path=tmp_path_factory.mktemp("none") / "absent.tsv")


def entries(g):
    return sorted(s for s in g.subjects(SKOS.inScheme, NS.bj_scheme) if (s, RDF.type, SCHEMA.Occupation) in g)


def test_entries_are_the_marked_national_occupations(g):
    c = default_classification()
    marked = sorted(code for code, r in c.records.items() if r.is_occupation and (r.green or r.digital))
    assert len(marked) == 206
    assert [str(g.value(s, SKOS.notation)) for s in entries(g)] == marked
    assert entries(g) == sorted(NS.bj[code] for code in marked)
    assert NS.compact(str(NS.bj["2-02-38-01"])) == "bj:2-02-38-01"


def test_each_entry_links_exactly_one_national_concept(g):
    c = default_classification()
    for s in entries(g):
        code = str(g.value(s, SKOS.notation))
        assert list(g.objects(s, OCC.nationalOccupation)) == [NS.csco[code]]
        assert list(g.objects(s, PROV.wasDerivedFrom)) == [NS.csco[code]]
        rec = c.records[code]
        assert g.value(s, OCC.green) == Literal(rec.green) and g.value(s, OCC.digital) == Literal(rec.digital)
        assert Literal(rec.name_zh, lang="zh") in set(g.objects(s, SKOS.prefLabel))
        # The national definition is the national classification's, not the catalog's own
        # "Description of occupations" (II.(II).4): linked through occ:nationalOccupation, not copied.
        assert g.value(s, SKOS.definition) is None
        assert g.value(s, OCC.inclusionRule) == NS.bj_root["rule/green-or-digital"]


def test_english_labels_marked_as_derived(g):
    s = NS.bj["2-02-38-01"]
    label = g.value(s, SKOSXL.prefLabel)
    assert (label, RDF.type, OCC.ProjectTranslation) in g
    assert g.value(label, PROV.wasDerivedFrom) == NS.csco["2-02-38-01/label/en"]
    assert any(o.language == "en" for o in g.objects(s, SKOS.prefLabel))


def test_rule_cites_the_catalog_section(g):
    rule = NS.bj_root["rule/green-or-digital"]
    assert str(g.value(rule, SKOS.notation)) == "II.(II).2"
    assert "green occupations" in str(g.value(rule, __import__("rdflib").RDFS.comment))
    assert g.value(rule, DCTERMS.source) == NS.bj_root["catalog"]


def test_unpublished_attributes_stay_absent(g):
    for prop in ("urgency", "keyIndustry", "medianAnnualSalary", "developmentRating", "catalogDescription"):
        assert not list(g.subjects(OCC[prop], None)), prop
    assert not list(g.subjects(RDF.type, SCHEMA.MonetaryAmount))


def test_controlled_schemes_bilingual_and_outside_the_entry_scheme(g):
    industries = sorted(g.subjects(SKOS.inScheme, NS.bj_root["key-industries"]))
    assert len(industries) == len(KEY_INDUSTRIES) == 15
    urgency = sorted(g.subjects(SKOS.inScheme, NS.bj_root["urgency"]))
    assert [str(g.value(u, SKOS.notation)) for u in urgency] == ["general", "relatively", "severely"]
    for s in industries + urgency:
        assert sorted(o.language for o in g.objects(s, SKOS.prefLabel)) == ["en", "zh"]
        assert (g.value(s, SKOSXL.prefLabel), RDF.type, OCC.ProjectTranslation) in g
        assert (s, SKOS.inScheme, NS.bj_scheme) not in g


def test_catalog_metadata(g):
    catalog = NS.bj_root["catalog"]
    publisher = g.value(catalog, DCTERMS.publisher)
    # The Chinese name is not in the (English) seed: project-supplied, marked like every other one.
    zh = Literal("北京市人力资源和社会保障局", lang="zh")
    assert zh not in set(g.objects(publisher, __import__("rdflib").RDFS.label))
    assert zh in set(g.objects(publisher, SKOS.prefLabel))
    label = g.value(publisher, SKOSXL.prefLabel)
    assert (label, RDF.type, OCC.ProjectTranslation) in g and g.value(label, SKOSXL.literalForm) == zh
    assert str(g.value(catalog, SCHEMA.version)) == "2023"
    assert {o.language for o in g.objects(catalog, SKOS.prefLabel)} == {"en", "zh"}
    basis = NS.bj_root["salary-basis"]
    assert str(g.value(basis, DCTERMS.temporal)) == "2023-06"
    assert "equity incentives and dividends" in str(g.value(basis, __import__("rdflib").RDFS.comment))
    assert len(list(g.objects(catalog, OCC.component))) == 2


def test_no_blank_nodes_and_deterministic(g, tmp_path):
    assert not any(isinstance(x, BNode) for t in g for x in t)
    again = beijing_graph(NS, urgent_path=tmp_path / "absent.tsv")
    assert serialize(g, "ntriples", NS) == serialize(again, "ntriples", NS)


def test_base_iri_is_configurable(tmp_path):
    ns = Namespaces("http://example.org/o/")
    g2 = beijing_graph(ns, urgent_path=tmp_path / "absent.tsv")
    assert (ns.bj["2-02-38-01"], ns.vocab.nationalOccupation, ns.csco["2-02-38-01"]) in g2


def test_stats_json_counts():
    result = CliRunner().invoke(cli, ["stats", "--format", "json", "--catalog", "beijing2023",
                                      "--catalog", "qianhai2020"])
    assert result.exit_code == 0, result.output
    by_id = {c["id"]: c for c in json.loads(result.output)["catalogs"]}
    assert by_id["qianhai2020"]["occupations"] == 50
    from occlink.taxonomy.beijing_urgent import load_urgent_table
    c = default_classification()
    imported = load_urgent_table(c)  # None as shipped: then exactly the 206 marked occupations
    marked = {code for code, r in c.records.items() if r.is_occupation and (r.green or r.digital)}
    assert by_id["beijing2023"]["occupations"] == len(marked | set(imported.records if imported else ())) == (
        206 if imported is None else by_id["beijing2023"]["occupations"])


def test_catalog_own_texts_are_metadata(g):
    from rdflib.namespace import RDFS
    catalog = NS.bj_root["catalog"]
    methods = {str(m) for m in g.objects(catalog, OCC.method)}
    assert methods == {"market surveys", "big data analysis", "research", "interviews with key enterprises"}
    sections = {str(g.value(s, SKOS.notation)): s for s in g.objects(catalog, OCC.section)}
    assert set(sections) == {"I", "III", "IV"}
    assert "objective overview" in str(g.value(sections["I"], SKOS.note))
    assert "job seekers and employees" in str(g.value(sections["III"], SKOS.note)).lower()
    assert "work permits" in str(g.value(sections["IV"], SKOS.note))
    fields = {str(g.value(f, SKOS.notation)): f for f in g.subjects(RDF.type, OCC.CatalogField)}
    for notation in ("II.(I).2", "II.(I).3", "II.(I).4", "II.(I).5", "II.(I).7", "II.(I).8",
                     "II.(II).1", "II.(II).2"):
        assert notation in fields and g.value(fields[notation], SKOS.definition) is not None, notation
    priorities = {str(p) for p in g.objects(fields["II.(I).2"], OCC.namedItem)}
    assert priorities == {"research and development (R&D)", "practical application", "manufacturing",
                          "technology transfer", "commercialization of achievements", "fintech",
                          "intellectual property rights", "human resources"}
    assert len(list(g.objects(fields["II.(I).5"], OCC.namedItem))) == 7
    assert len(list(g.objects(fields["II.(I).7"], OCC.namedItem))) == 3
    assert "sampling surveys" in str(g.value(fields["II.(I).8"], SKOS.definition))
    for f in fields.values():
        assert g.value(f, DCTERMS.isPartOf) in set(g.objects(catalog, OCC.component))
        assert g.value(f, RDFS.label) is not None
