"""The curated CSCO 2022 → ISCO-08 correspondence: coverage, targets, skill-level rule, publication."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS

from occlink.errors import InputError
from occlink.mappings.isco_crosswalk import CROSSWALK, CURATION, all_mapping_sets, read_curation
from occlink.mappings.sssom import read_sssom, sssom_text
from occlink.taxonomy.csco_table import default_classification
from occlink.taxonomy.isco_table import ISCO_IRI, default_isco

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"
EXCEPTION_REASON = re.compile(r"technician work|ISCO(-08)? (places|classifies)")


def shipped(kind: str, crosswalk: str = CROSSWALK):
    path = MAPPINGS / f"{crosswalk}.{kind}.sssom.tsv"
    return read_sssom(path).rows if path.exists() else []


def unit_links() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in shipped("positive"):
        code = row["object_id"].removeprefix("isco:C")
        if len(code) == 4:
            out[row["subject_id"].removeprefix("csco:")].append(row)
    return out


def test_every_national_occupation_is_covered_or_decided():
    records = default_classification().records
    occupations = {code for code, rec in records.items() if rec.is_occupation}
    assert len(occupations) == 1631  # 6-20-03-00 is a category (a recorded source defect)
    linked = set(unit_links())
    decided = {r["subject_id"].removeprefix("csco:") for kind in ("negative", "unsure") for r in shipped(kind)}
    assert occupations - linked - decided == set()


def test_every_small_category_is_linked():
    records = default_classification().records
    small = {code for code, rec in records.items() if rec.level == "small"}
    linked = {r["subject_id"].removeprefix("csco:") for r in shipped("positive")}
    assert small - linked == set()


def test_every_target_is_an_isco_group():
    groups = default_isco()
    for kind in ("positive", "negative", "unsure"):
        for row in shipped(kind):
            if row["object_id"] == "sssom:NoTermFound":
                assert kind == "negative"
                continue
            code = row["object_id"].removeprefix("isco:C")
            assert code in groups, row
            assert row["object_label"] == groups[code].title_en


def test_no_shotgun_linking():
    """At most one primary link per concept and at most three links in all."""
    for code, rows in unit_links().items():
        primaries = [r for r in rows if r["predicate_id"] != "skos:relatedMatch"]
        assert len(primaries) == 1, code
    per_concept = defaultdict(int)
    for row in shipped("positive"):
        per_concept[row["subject_id"]] += 1
    records = default_classification().records
    for subject, count in per_concept.items():
        if records[subject.removeprefix("csco:")].is_occupation:
            assert count <= 3, subject


def test_skill_level_rule_holds_or_exceptions_carry_reasons():
    """A national major-group-2 professional reaches an ISCO major group 3–9 only with a recorded reason."""
    exceptions = []
    for row in shipped("positive"):
        code = row["object_id"].removeprefix("isco:C")
        if row["subject_id"].startswith("csco:2-") and row["predicate_id"] != "skos:relatedMatch" \
                and code[0] in "3456789":
            exceptions.append(row)
            assert EXCEPTION_REASON.search(row["comment"]), (row["subject_id"], row["comment"])
    # professional engineers (工程技术人员) stay professionals; flight dispatch is ISCO's own exception
    records = default_classification().records
    for code, rows in unit_links().items():
        if records[code].name_zh.endswith("工程技术人员") and code.startswith("2-") and code != "2-02-16-04":
            primary = next(r for r in rows if r["predicate_id"] != "skos:relatedMatch")
            assert primary["object_id"].removeprefix("isco:C")[0] in "12", code  # professionals or managers
    assert exceptions  # the rule is exercised (pilots, medical technologists …)


def test_provenance_and_not_official():
    for kind in ("positive", "negative"):
        ms = read_sssom(MAPPINGS / f"{CROSSWALK}.{kind}.sssom.tsv")
        assert "not an official correspondence" in ms.metadata["mapping_set_description"]
        for row in ms.rows:
            assert row["mapping_justification"] == "semapv:ManualMappingCuration"
            assert row["author_id"] and row["mapping_date"] and row["comment"]


def test_shipped_sets_are_the_generated_ones():
    for crosswalk, sets in all_mapping_sets().items():
        for kind, ms in sets.items():
            path = MAPPINGS / f"{crosswalk}.{kind}.sssom.tsv"
            if not ms.rows and kind != "positive":
                assert not path.exists()
                continue
            assert path.read_text(encoding="utf-8") == sssom_text(ms), path.name


def test_known_links():
    links = {code: rows for code, rows in unit_links().items()}
    primary = {code: next(r["object_id"] for r in rows if r["predicate_id"] != "skos:relatedMatch")
               for code, rows in links.items()}
    assert primary["2-02-10-03"] == "isco:C2512"        # software engineer → software developers
    assert primary["2-05-01-19"] == "isco:C2211"        # general practitioner
    assert primary["2-04-01-01"] == "isco:C3153"        # pilots: ISCO's own placement
    assert primary["6-18-02-04"] == "isco:C7212"        # welder
    assert primary["4-04-05-01"] == "isco:C2514"        # programmer


def test_curation_refuses_unknown_group(tmp_path):
    path = tmp_path / "curation.tsv"
    path.write_text("# header\n2-02-10-03\t9999\tno such group\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"curation.tsv:2: '9999' is not an ISCO-08 group"):
        read_curation(path)


def test_curation_refuses_unknown_code_and_duplicates(tmp_path):
    path = tmp_path / "curation.tsv"
    path.write_text("9-99-99-99\t2512\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown national code"):
        read_curation(path)
    path.write_text("2-02-10-03\t2512\tx\n2-02-10-03\t2514\ty\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":2: duplicate row for 2-02-10-03"):
        read_curation(path)


def test_curation_file_is_in_the_project():
    assert CURATION.is_file()


def test_links_are_published_as_skos_in_the_dataset():
    from occlink.graph.dataset import cached_dataset
    from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI
    g = cached_dataset(DEFAULT_BASE_IRI)
    software = URIRef(f"{DEFAULT_BASE_IRI}csco/2022/2-02-10-03")
    assert (software, SKOS.broadMatch, URIRef(f"{ISCO_IRI}2512")) in g
    assert (URIRef(f"{ISCO_IRI}2512"), SKOS.prefLabel, None) in g


def test_every_qianhai_entry_reaches_isco08_once_as_primary():
    from occlink.mappings.isco_crosswalk import qianhai_labels
    rows = shipped("positive", "qianhai2020-isco08")
    primaries = defaultdict(list)
    for row in rows:
        assert row["object_id"].removeprefix("isco:C") in default_isco()
        if row["predicate_id"] != "skos:relatedMatch":
            primaries[row["subject_id"]].append(row["object_id"])
    assert set(primaries) == {f"qh:{key}" for key in qianhai_labels()}
    assert all(len(v) == 1 for v in primaries.values())
    # direct curation overrides a chain of the wrong skill level (blockchain engineer → not a 35xx technician)
    assert primaries["qh:d09"] == ["isco:C2512"]


def test_every_beijing_entry_takes_its_national_links():
    from occlink.mappings.isco_crosswalk import beijing_entry_codes
    codes = beijing_entry_codes()
    assert len(codes) == 206
    national = {(r["subject_id"].removeprefix("csco:"), r["predicate_id"], r["object_id"]) for r in shipped("positive")}
    rows = shipped("positive", "beijing2023-isco08")
    assert {r["subject_id"].removeprefix("bj:") for r in rows} == codes
    for row in rows:
        assert row["mapping_justification"] == "semapv:MappingChaining"
        assert (row["subject_id"].removeprefix("bj:"), row["predicate_id"], row["object_id"]) in national


def test_qianhai_esco_links_name_esco_occupations_and_reach_the_dataset():
    from occlink.graph.dataset import cached_dataset
    from occlink.taxonomy.isco_table import ESCO_OCCUPATION_IRI, default_esco_occupations
    from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI
    iris = {o.iri for o in default_esco_occupations()}
    rows = shipped("positive", "qianhai2020-esco")
    assert rows
    g = cached_dataset(DEFAULT_BASE_IRI)
    for row in rows:
        iri = ESCO_OCCUPATION_IRI + row["object_id"].removeprefix("esco:")
        assert iri in iris
        subject = URIRef(f"{DEFAULT_BASE_IRI}qianhai/2020/{row['subject_id'].removeprefix('qh:')}")
        assert (subject, URIRef(SKOS + row["predicate_id"].removeprefix("skos:")), URIRef(iri)) in g
    # and the Qianhai entry's own ISCO link is a SKOS triple on the entry
    assert (URIRef(f"{DEFAULT_BASE_IRI}qianhai/2020/d06"), SKOS.broadMatch, URIRef(f"{ISCO_IRI}2512")) in g
