"""The SPARQL-compiling SHACL engine agrees with pyshacl, and refuses what it cannot evaluate."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS, XSD

from occlink.shapes.engine import ShapeCompiler, ShapesError, store_from_graph
from occlink.shapes.engine import validate_store as engine_validate
from occlink.shapes.reference import pyshacl_ready
from occlink.shapes.validate import shapes_graph, validate_graph

sys.path.insert(0, str(Path(__file__).parent))
from shapes_fixtures import NS, corrupted_sample, national_sample  # noqa: E402


def _pyshacl_pairs(data: Graph, shapes: Graph) -> set[tuple[str, str]]:
    _, report, _ = pyshacl_validate(pyshacl_ready(data), shacl_graph=pyshacl_ready(shapes), advanced=True, inference="none")
    pairs = set()
    for res in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(res, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent:
            source = report.value(res, SH.sourceConstraint)
        else:
            source = report.value(res, SH.sourceShape)
        pairs.add((str(report.value(res, SH.focusNode)), str(source)))
    return pairs


@pytest.mark.parametrize("make", [corrupted_sample, national_sample])
def test_engine_agrees_with_pyshacl(make):
    data = make()
    shapes = shapes_graph(NS)
    ours = {(str(r.focus), r.source) for r in validate_graph(data, NS).results}
    assert ours == _pyshacl_pairs(data, shapes)
    if make is corrupted_sample:
        assert len(ours) >= 8


def test_engine_agrees_on_core_components():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:T ;
            sh:property ex:p1 , ex:p2 , ex:p3 , ex:p4 .
        ex:p1 sh:path ex:age ; sh:datatype xsd:integer ; sh:minInclusive 0 ; sh:maxCount 1 .
        ex:p2 sh:path ex:name ; sh:minCount 1 ; sh:maxLength 5 ; sh:uniqueLang true .
        ex:p3 sh:path [ sh:inversePath ex:owns ] ; sh:class ex:Owner .
        ex:p4 sh:path ex:kind ; sh:in ( ex:a ex:b ) ; sh:hasValue ex:a .
    """, format="turtle")
    data = Graph().parse(data="""
        @prefix ex: <http://example.org/> .
        ex:ok a ex:T ; ex:age 3 ; ex:name "abc"@en ; ex:kind ex:a . ex:o1 a ex:Owner ; ex:owns ex:ok .
        ex:bad1 a ex:T ; ex:age -1, 4 ; ex:name "toolongname"@en, "x"@en ; ex:kind ex:c .
        ex:bad2 a ex:T ; ex:age "x" ; ex:kind ex:b . ex:stranger ex:owns ex:bad2 .
    """, format="turtle")
    ours = {(str(r.focus), r.source) for r in engine_validate(store_from_graph(data), shapes)}
    assert ours == _pyshacl_pairs(data, shapes)
    assert {f for f, _ in ours} == {"http://example.org/bad1", "http://example.org/bad2"}


def test_unsupported_constraint_is_refused():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:or ( ex:A ex:B ) .
    """, format="turtle")
    with pytest.raises(ShapesError, match="or"):
        ShapeCompiler(shapes).compile()


def test_every_packaged_shape_compiles():
    checks = ShapeCompiler(shapes_graph(NS)).compile()
    assert len(checks) > 40
    assert {c.component for c in checks} >= {"minCount", "pattern", "sparql", "in", "qualifiedMinCount"}


def test_targets_by_scheme_apply_to_any_file():
    """A lone national concept (no scheme triples, no collections) is still checked."""
    g = Graph()
    c = NS.csco["9-99-99-99"]
    g.add((c, RDF.type, SKOS.Concept))
    g.add((c, SKOS.inScheme, NS.csco_scheme))
    g.add((c, SKOS.prefLabel, Literal("测试", lang="zh")))
    g.add((c, SKOS.notation, Literal("9-99-99-99")))
    sources = {r.source.rsplit("#", 1)[-1] for r in validate_graph(g, NS).results if r.focus == c}
    assert {"NationalEnLabel", "NationalNotation", "NationalLevel", "NationalGreen", "NationalDigital"} <= sources
    assert not any(isinstance(s, URIRef) and "collection" in str(s) for s in sources)
    assert Literal("9-99-99-99").datatype in (None, XSD.string)


def test_engine_agrees_with_pyshacl_on_qianhai_edits():
    from occlink.taxonomy.qianhai_graph import qianhai_graph
    occ, qh = NS.vocab, NS.qh
    data = qianhai_graph(NS)
    data.set((qh["d06"], occ.orientation, qh["industry/finance"]))
    data.remove((qh["d07"], occ.listNumber, None))
    data.set((qh["d08/experience"], occ.minimumYearsOfExperience, Literal(-1)))
    data.set((qh["d09"], occ.sourceTable, Literal(3)))
    data.add((qh["d10"], occ.digital, Literal(True)))
    ours = {(str(r.focus), r.source) for r in validate_graph(data, NS).results}
    assert ours == _pyshacl_pairs(data, shapes_graph(NS))
    assert {f.rsplit("/", 1)[-1] for f, _ in ours} >= {"d06", "d07", "experience", "d09", "d10"}
