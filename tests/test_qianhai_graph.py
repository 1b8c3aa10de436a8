"""Qianhai 2020 as linked data: every occupation complete, labels, provenance, the report's figures."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from occlink.cli.main import cli
from occlink.errors import InputError
from occlink.exports.dumps.serialize import serialize
from occlink.graph.dataset import dataset_graph
from occlink.taxonomy.namespaces import SCHEMA, SKOSXL, Namespaces
from occlink.taxonomy.qianhai_graph import qianhai_graph
from occlink.taxonomy.qianhai_table import COLUMNS, load_occupations, packaged_path

NS = Namespaces()
OCC = NS.vocab
SUMMARY = {
    ("orientation", "demand-oriented"): 29, ("orientation", "strategy-oriented"): 21,
    ("industry", "financial"): 8, ("industry", "science-and-technology-service"): 15,
    ("industry", "information-service"): 5, ("industry", "modern-logistics"): 2,
    ("industry", "professional-service"): 20,
    ("duration", "long-term"): 34, ("duration", "short-term"): 13, ("duration", "near-future"): 3,
    ("severity", "moderately-short"): 14, ("severity", "relatively-short"): 21, ("severity", "extremely-short"): 15,
    # §3.1 and §3.2: industries per orientation (5/9/1/2/12 and 3/6/4/0/8)
    ("orientation-industry", "demand-oriented/financial"): 5,
    ("orientation-industry", "demand-oriented/science-and-technology-service"): 9,
    ("orientation-industry", "demand-oriented/information-service"): 1,
    ("orientation-industry", "demand-oriented/modern-logistics"): 2,
    ("orientation-industry", "demand-oriented/professional-service"): 12,
    ("orientation-industry", "strategy-oriented/financial"): 3,
    ("orientation-industry", "strategy-oriented/science-and-technology-service"): 6,
    ("orientation-industry", "strategy-oriented/information-service"): 4,
    ("orientation-industry", "strategy-oriented/modern-logistics"): 0,
    ("orientation-industry", "strategy-oriented/professional-service"): 8,
}


@pytest.fixture(scope="module")
def g():
    return qianhai_graph(NS)


def occupations(g):
    return sorted(s for s in g.subjects(SKOS.inScheme, NS.qh_scheme) if (s, RDF.type, SCHEMA.Occupation) in g)


def test_fifty_occupations_with_stable_ids(g):
    occs = occupations(g)
    assert len(occs) == 50
    assert NS.qh["d06"] in occs and NS.qh["s21"] in occs and NS.qh["d30"] not in occs
    assert NS.compact(str(NS.qh["d06"])) == "qh:d06"
    assert all((s, RDF.type, SKOS.Concept) in g for s in occs)


@pytest.mark.parametrize("prop", ["orientation", "industry", "demandDuration", "supplySeverity", "minimumDegree"])
def test_every_occupation_has_each_controlled_value(g, prop):
    for s in occupations(g):
        values = list(g.objects(s, OCC[prop]))
        assert len(values) == 1, (s, prop)
        assert (values[0], RDF.type, SKOS.Concept) in g


def test_every_occupation_has_every_attribute(g):
    for s in occupations(g):
        assert g.value(s, OCC.sourceTable) in (Literal(1, datatype=XSD.integer), Literal(2, datatype=XSD.integer))
        assert g.value(s, OCC.listNumber) is not None
        assert g.value(s, SKOS.notation) is not None
        comps = sorted(g.objects(s, OCC.competencyRequirement))
        assert [int(g.value(c, SCHEMA.position)) for c in comps] == [1, 2, 3]
        assert all(str(g.value(c, SCHEMA.description)) for c in comps)
        edu = g.value(s, SCHEMA.educationRequirements)
        assert (edu, RDF.type, SCHEMA.EducationalOccupationalCredential) in g
        assert list(g.objects(edu, OCC.specialty)) and g.value(edu, SCHEMA.educationalLevel) is not None
        assert g.value(edu, SCHEMA.description) is not None
        exp = g.value(s, SCHEMA.experienceRequirements)
        assert (exp, RDF.type, SCHEMA.OccupationalExperienceRequirements) in g
        years = int(g.value(exp, OCC.minimumYearsOfExperience))
        assert int(g.value(exp, SCHEMA.monthsOfExperience)) == 12 * years
        assert str(g.value(exp, SCHEMA.description)) == f"More than {years} years of related experience"


def test_examples_from_the_report(g):
    d06 = NS.qh["d06"]
    assert Literal("AI engineer", lang="en") in set(g.objects(d06, SKOS.prefLabel))
    edu = g.value(d06, SCHEMA.educationRequirements)
    assert g.value(edu, SCHEMA.educationalLevel) == NS.qh["degree/master"]
    # "doctor's degree or postdoctoral education preferred": postdoctoral education is no degree level
    assert set(g.objects(edu, OCC.preferredDegree)) == {NS.qh["degree/doctor"]}
    assert set(g.objects(edu, OCC.preferredQualification)) == {NS.qh["preference/postdoctoral-education"]}
    assert not list(g.subjects(SKOS.inScheme, NS.qh["degree"])) or \
        NS.qh["degree/postdoctoral"] not in set(g.subjects(SKOS.inScheme, NS.qh["degree"]))
    assert int(g.value(g.value(NS.qh["d14"], SCHEMA.experienceRequirements), OCC.minimumYearsOfExperience)) == 10
    s14 = g.value(NS.qh["s14"], SCHEMA.educationRequirements)
    assert str(g.value(s14, OCC.preference)) == "science and engineering background preferred"
    d12 = g.value(NS.qh["d12"], SCHEMA.educationRequirements)
    assert g.value(d12, OCC.specialtiesOpen) == Literal(False)
    assert Literal("other professional service industries", lang="en") in set(
        g.objects(NS.qh["industry/professional-service"], SKOS.altLabel))


def test_no_links_to_national_codes(g):
    assert not any(str(o).startswith(str(NS.csco)) for o in g.objects())


def test_en_and_zh_label_on_every_concept_and_collection(g):
    nodes = set(g.subjects(RDF.type, SKOS.Concept)) | set(g.subjects(RDF.type, SKOS.Collection)) | \
        set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(nodes) >= 50 + 18 + 3
    for s in nodes:
        langs = [o.language for o in g.objects(s, SKOS.prefLabel)]
        assert sorted(langs) == ["en", "zh"], s


def test_zh_labels_are_marked_project_translations(g):
    for s, _, text in g.triples((None, SKOS.prefLabel, None)):
        if text.language != "zh":
            continue
        label = g.value(s, SKOSXL.prefLabel)
        assert label is not None, s
        assert (label, RDF.type, OCC.ProjectTranslation) in g
        assert g.value(label, SKOSXL.literalForm) == text
        assert g.value(label, OCC.translationOf).language == "en"
        assert g.value(label, DCTERMS.creator) == NS.project
        assert g.value(label, PROV.wasAttributedTo) == NS.project


def test_translations_reuse_national_terms(g):
    def zh(i):
        return next(str(o) for o in g.objects(NS.qh[i], SKOS.prefLabel) if o.language == "zh")
    assert (zh("s06"), zh("d06")) == ("区块链工程技术人员", "人工智能工程技术人员")
    assert g.value(NS.qh["s06/label/zh"], OCC.usesNationalTerm) == Literal(True)
    # 精算师 and 资产评估师 are not national names (those are 精算专业人员, 资产评估专业人员)
    assert g.value(NS.qh["s02/label/zh"], OCC.usesNationalTerm) == Literal(False)
    assert g.value(NS.qh["s03/label/zh"], OCC.usesNationalTerm) == Literal(False)


def test_every_national_term_flag_is_an_exact_national_name(g):
    """Guard: usesNationalTerm true ⇔ the Chinese label is verbatim the name of a national concept."""
    from occlink.taxonomy.csco_table import default_classification
    names = {r.name_zh for r in default_classification().records.values()}
    for label, _, flag in g.triples((None, OCC.usesNationalTerm, None)):
        text = str(g.value(label, SKOSXL.literalForm))
        assert flag.toPython() == (text in names), (label, text)


def test_reconsidered_chinese_labels(g):
    def zh(i):
        return next(str(o) for o in g.objects(NS.qh[i], SKOS.prefLabel) if o.language == "zh")
    assert zh("s12") == "工程信息建模专业人员"      # modelling is an activity: 建模
    assert zh("s20") == "移民服务专业人员"          # a private service, not the state's 移民管理
    assert zh("s16") == "国际人才寻访顾问"          # the formal term for a headhunter


def test_reported_counts_equal_computed_counts(g):
    for (dimension, value), count in SUMMARY.items():
        if dimension == "orientation-industry":
            figure = NS.qh[f"figure/{value}"]
            assert int(g.value(figure, OCC.reportedCount)) == count
            orientation, industry = (NS.qh[f"orientation/{value.split('/')[0]}"],
                                     NS.qh[f"industry/{value.split('/')[1]}"])
            assert len(set(g.subjects(OCC.orientation, orientation)) & set(g.subjects(OCC.industry, industry))) == count
            continue
        concept = NS.qh[f"{dimension}/{value}"]
        assert int(g.value(concept, OCC.reportedCount)) == count
        prop = {"orientation": OCC.orientation, "industry": OCC.industry, "duration": OCC.demandDuration,
                "severity": OCC.supplySeverity}[dimension]
        assert len(set(g.subjects(prop, concept))) == count


def test_table3_collections_not_exhaustive(g):
    cols = sorted(g.subjects(RDF.type, OCC.SpecialtyCategory))
    assert len(cols) == 3
    for c in cols:
        assert len(set(g.objects(c, SKOS.member))) == 7
        assert g.value(c, OCC.listIsExhaustive) == Literal(False)


def test_report_metadata(g):
    s = NS.qh_scheme
    assert str(g.value(g.value(s, OCC.commissionedBy), SKOS.prefLabel)) == "Qianhai Administration Bureau"
    assert str(g.value(g.value(s, DCTERMS.creator), SKOS.prefLabel)) == "Chinese Academy of Personnel Science"
    assert str(g.value(s, OCC.researchStart)) == "2019-10" and str(g.value(s, OCC.researchEnd)) == "2020-08"
    # "more than 1,500 enterprises": a lower bound, not the exact integer
    assert g.value(s, OCC.enterprisesSurveyed) is None
    assert int(g.value(s, OCC.enterprisesSurveyedMoreThan)) == 1500
    assert int(g.value(s, OCC.reportedOccupationCount)) == 50
    assert len(list(g.objects(s, OCC.researchMethod))) == 5
    assert {int(g.value(b, OCC.newOccupationCount) or 0) for b in g.objects(s, OCC.basis)} == {0, 38}


def test_no_blank_nodes_and_deterministic(g):
    assert not any(isinstance(t, type(None)) for t in g)
    from rdflib import BNode
    assert not any(isinstance(x, BNode) for triple in g for x in triple)
    assert serialize(g, "ntriples", NS) == serialize(qianhai_graph(NS), "ntriples", NS)


def test_vocabulary_defines_every_occ_term_used(g):
    vocab = dataset_graph(NS, ["qianhai2020"], with_mappings=False, with_metadata=False)
    used = {p for p in g.predicates() if str(p).startswith(str(OCC))} | \
        {o for o in g.objects(None, RDF.type) if str(o).startswith(str(OCC))}
    for term in used:
        labels = {o.language for o in vocab.objects(term, __import__("rdflib").RDFS.label)}
        assert labels == {"en", "zh"}, term


def _summary_rows_from_text(text: str) -> dict:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert all(r["count"] == r["reported"] for r in rows), rows  # computed = the report's figure
    return {(r["dimension"], r["value"]): int(r["count"]) for r in rows}


def test_summary_query_reproduces_the_report():
    from occlink.exports.sparql.examples import load_example
    graph = dataset_graph(NS, ["qianhai2020"], with_mappings=False, with_metadata=False)
    rows = list(graph.query(load_example("qianhai-summary").text))
    got = {(str(d), str(v)): int(c) for d, v, c, _ in rows}
    assert got == SUMMARY
    assert all(int(c) == int(r) for _, _, c, r in rows)


@pytest.mark.slow
def test_summary_query_via_cli():
    result = CliRunner().invoke(cli, ["query", "--example", "qianhai-summary", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert _summary_rows_from_text(result.output) == SUMMARY
    assert result.output.splitlines()[0] == "dimension,value,count,reported"


@pytest.mark.slow
def test_summary_query_real_process():
    proc = subprocess.run([sys.executable, "-m", "occlink.cli.main", "query", "--example", "qianhai-summary",
                           "--format", "csv"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert _summary_rows_from_text(proc.stdout) == SUMMARY


def test_stats_counts_fifty():
    result = CliRunner().invoke(cli, ["stats", "--format", "json", "--catalog", "qianhai2020"])
    assert result.exit_code == 0, result.output
    import json
    stats = json.loads(result.output)["catalogs"][0]
    assert (stats["occupations"], stats["en_labels"], stats["zh_labels"]) == (50, 50, 50)


def test_cli_exports_byte_identical(tmp_path):
    runner = CliRunner()
    outs = []
    for run in (1, 2):
        out = tmp_path / f"q{run}.ttl"
        result = runner.invoke(cli, ["export", "--format", "turtle", "--catalog", "qianhai2020",
                                     "--catalog", "beijing2023", "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and b"qh:d06" in outs[0]


# --- bad packaged data: one line naming the file and line --------------------------------------

def _write(tmp_path, mutate):
    rows = list(csv.DictReader(packaged_path("qianhai2020.tsv").open(encoding="utf-8"), delimiter="\t"))
    mutate(rows)
    path = tmp_path / "q.tsv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.mark.parametrize("mutate, message", [
    (lambda rows: rows[3].update(industry="mining"), "unknown industry 'mining'"),
    (lambda rows: rows[3].update(duration="forever"), "unknown duration"),
    (lambda rows: rows[3].update(severity=""), "unknown severity"),
    (lambda rows: rows[3].update(degree_min="phd"), "unknown degree_min"),
    (lambda rows: rows[3].update(id="x04"), "malformed id"),
    (lambda rows: rows[3].update(experience_years="3"), "does not match the phrase"),
    (lambda rows: rows[3].update(competency_2=""), "empty competency_2"),
    (lambda rows: rows[3].update(orientation="strategy-oriented"), "orientation must be"),
    (lambda rows: rows.append(dict(rows[0])), "duplicate id d01"),
])
def test_bad_rows_refused_with_line(tmp_path, mutate, message):
    path = _write(tmp_path, mutate)
    with pytest.raises(InputError) as err:
        load_occupations(path)
    text = str(err.value)
    assert message in text and str(path) in text
    assert "\n" not in text
    assert f"{path}:5:" in text or "duplicate" in message


def test_missing_column_refused(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text("id\ttable\nd01\t1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"q.tsv:1: missing column"):
        load_occupations(path)


def test_report_facts_carried_as_data(g):
    from rdflib.namespace import RDFS
    s = NS.qh_scheme
    # orientation concepts say what each orientation is based on (§2, §3.1, §3.2)
    assert "data from enterprise" in str(g.value(NS.qh["orientation/demand-oriented"], SKOS.definition))
    assert "strategic development plans" in str(g.value(NS.qh["orientation/strategy-oriented"], SKOS.definition))
    # captions quoted verbatim
    assert str(g.value(NS.qh["orientation/demand-oriented"], OCC.sourcePhrase)) == \
        "List of demand-oriented high-demand occupations for foreign talents in Qianhai"
    # legal effect and periodic update (appendix §3)
    assert "exempted from the labor market test and employer invitation" in str(g.value(s, OCC.legalEffect))
    assert "credit points assessment" in str(g.value(s, OCC.legalEffect))
    assert "periodical update" in str(g.value(s, OCC.updatePolicy))
    # high-demand occupation: three indicators in order
    term = NS.qh["definition/high-demand-occupation"]
    indicators = sorted(g.objects(term, OCC.indicator), key=lambda i: int(g.value(i, SCHEMA.position)))
    assert len(indicators) == 3 and "critical to the development" in str(g.value(indicators[2], SCHEMA.description))
    # §3.3 certifications, §2.2 survey figure and reasons, footnote 3
    findings = {str(g.value(f, SKOS.notation)): f for f in g.objects(s, OCC.finding)}
    assert {str(c) for c in g.objects(findings["3.3"], OCC.namedCertification)} == {"PMP", "CFA", "CPA", "ACCA"}
    share = findings["2.2"]
    assert g.value(share, OCC.reportedPercentage).toPython() == __import__("decimal").Decimal("38.46")
    assert "aesthetic perspectives different from those commonly found in China" in str(g.value(share, OCC.reason))
    assert len(list(g.objects(share, OCC.otherReason))) == 3
    assert "5-10 years" in str(g.value(findings["3.5"], OCC.countingRule))
    # data sources (§1.2) and research population (§1.3) as provenance
    research = g.value(s, PROV.wasGeneratedBy)
    assert (research, RDF.type, PROV.Activity) in g
    assert len(list(g.objects(research, PROV.used))) == 5
    assert len(list(g.objects(research, OCC.researchPopulation))) == 3
    assert all(g.value(src, RDFS.label) is not None for src in g.objects(research, PROV.used))


def test_printed_order_kept(g):
    from rdflib.collection import Collection

    from occlink.taxonomy.qianhai_table import default_list
    data = default_list()
    for category in data.categories:
        c = NS.qh[f"specialty-category/{category.number}"]
        assert (c, RDF.type, SKOS.OrderedCollection) in g
        members = list(Collection(g, g.value(c, SKOS.memberList)))
        assert members == [NS.qh[m] for m in category.members]
    for o in data.occupations.values():
        edu = NS.qh[f"{o.id}/education"]
        head = g.value(edu, OCC.specialtyList)
        assert [str(x) for x in Collection(g, head)] == list(o.specialties), o.id
    assert [str(x) for x in Collection(g, g.value(NS.qh["s21/education"], OCC.specialtyList))] == \
        ["human resources", "psychology", "sociology", "management science"]


def test_report_english_names_are_official_alt_labels_of_national_concepts():
    from occlink.taxonomy.csco_graph import csco_graph
    cg = csco_graph(NS)
    ai = NS.csco["2-02-38-01"]
    assert Literal("AI engineer", lang="en") in set(cg.objects(ai, SKOS.altLabel))
    xl = [label for label in cg.objects(ai, SKOSXL.altLabel) if str(cg.value(label, SKOSXL.literalForm)) == "AI engineer"]
    assert len(xl) == 1
    assert cg.value(xl[0], DCTERMS.source) == NS.qh_scheme
    assert (xl[0], RDF.type, OCC.ProjectTranslation) not in cg  # official wording, not ours
    # Same wording as our own English label: no altLabel (SKOS), but our label says so
    big_data = NS.csco["2-02-38-03"]
    assert Literal("Big data engineer", lang="en") in set(cg.objects(big_data, SKOS.prefLabel))
    assert Literal("Big data engineer", lang="en") not in set(cg.objects(big_data, SKOS.altLabel))
    assert cg.value(cg.value(big_data, SKOSXL.prefLabel), __import__("rdflib").RDFS.seeAlso) == NS.qh["s10"]
    assert Literal("Cloud computing specialist", lang="en") in set(cg.objects(NS.csco["2-02-38-04"], SKOS.altLabel))


def test_report_names_table_quotes_the_report():
    """Every official English name attached to a national concept is a Qianhai name, verbatim."""
    from occlink.taxonomy.csco_table import default_classification
    from occlink.taxonomy.qianhai_table import default_list
    occupations = default_list().occupations
    report_en = default_classification().report_en
    assert sum(len(v) for v in report_en.values()) == 18
    for code, names in report_en.items():
        for label, qianhai_id, basis in names:
            assert occupations[qianhai_id].name_en == label, (code, qianhai_id)
            assert basis
