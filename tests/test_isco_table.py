"""ISCO-08 as shipped: the normalized table, its loader, the regeneration script and the SKOS graph."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from occlink.errors import InputError
from occlink.taxonomy.isco_graph import isco_graph
from occlink.taxonomy.isco_table import ISCO_IRI, default_esco_occupations, default_isco, load_isco
from occlink.taxonomy.namespaces import ISCO_SCHEME, Namespaces
from occlink.taxonomy.regenerate_isco08 import ISCO_COLUMNS, derive_isco, derive_occupations, table_text

TAXONOMY = Path(__file__).resolve().parents[1] / "taxonomy"


def test_619_groups_by_level():
    counts = Counter(g.level for g in default_isco().values())
    assert counts == {"major": 10, "sub-major": 43, "minor": 130, "unit": 436}


def test_hierarchy_is_consistent():
    groups = default_isco()
    for code, group in groups.items():
        assert group.iri == f"{ISCO_IRI}{code}"
        if group.level == "major":
            assert group.parent is None
        else:
            assert group.parent == code[:-1] and group.parent in groups
    # every non-unit group has children; unit groups have none
    parents = {g.parent for g in groups.values() if g.parent}
    assert parents == {c for c, g in groups.items() if g.level != "unit"}


def test_known_titles():
    groups = default_isco()
    assert groups["2512"].title_en == "Software developers"
    assert groups["25"].title_en.lower().startswith("information and communications technology professionals")
    assert groups["2512"].description_en.startswith("Software developers")


def test_table_carries_the_attribution():
    for name in ("isco08.tsv", "esco_occupations.tsv"):
        head = (TAXONOMY / name).read_text(encoding="utf-8")[:800]
        assert "European Commission" in head and "International Labour Organization" in head
    licences = (TAXONOMY / "LICENSES" / "README.md").read_text(encoding="utf-8")
    assert "ESCO" in licences and "ILO" in licences


def test_esco_occupations_point_to_unit_groups():
    units = {c for c, g in default_isco().items() if g.level == "unit"}
    occupations = default_esco_occupations()
    assert len(occupations) == 2942
    assert all(o.isco_unit in units for o in occupations)
    assert sum(len(o.alt_labels_en) for o in occupations) > 25_000


def test_graph_reuses_esco_iris():
    g = isco_graph(Namespaces())
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 619
    assert all(str(c).startswith("http://data.europa.eu/esco/isco/C") for c in concepts)
    assert len(set(g.objects(ISCO_SCHEME, SKOS.hasTopConcept))) == 10
    c2512 = URIRef(f"{ISCO_IRI}2512")
    assert (c2512, SKOS.broader, URIRef(f"{ISCO_IRI}251")) in g
    # ESCO's resources do not depend on the base IRI (their IRIs are not ours); only the project's
    # own statements (its translation of the scheme's name) move with the base
    moved = isco_graph(Namespaces("https://example.org/x/"))

    def esco_part(graph, base):
        return {t for t in graph if not any(str(term).startswith(base) for term in t)}

    assert esco_part(moved, "https://example.org/x/") == esco_part(g, Namespaces().base)
    assert esco_part(g, Namespaces().base), "ESCO's own triples"
    assert len(moved) == len(g)


def _isco_csv(rows: list[tuple[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["conceptType", "conceptUri", "code", "preferredLabel", "altLabels", "inScheme", "description"])
    for code, label in rows:
        writer.writerow(["ISCOGroup", f"{ISCO_IRI}{code}", code, label, "", "", f"{label} do things.\nMore."])
    return buffer.getvalue()


def test_regeneration_normalizes_and_round_trips(tmp_path):
    rows = derive_isco(_isco_csv([("2", "Professionals"), ("25", "ICT professionals"), ("251", "Software"),
                                  ("2512", "Software developers")]))
    assert [r["level"] for r in rows] == ["major", "sub-major", "minor", "unit"]
    assert rows[-1]["description_en"] == "Software developers do things."
    path = tmp_path / "isco08.tsv"
    path.write_text(table_text(rows, ISCO_COLUMNS), encoding="utf-8")
    loaded = load_isco(path)
    assert loaded["2512"].parent == "251" and loaded["2512"].title_en == "Software developers"


def test_regeneration_refuses_an_orphan():
    with pytest.raises(ValueError, match="no parent group 25"):
        derive_isco(_isco_csv([("2", "Professionals"), ("251", "Software")]))


def test_regeneration_refuses_an_unknown_unit_group():
    text = "conceptUri,iscoGroup,preferredLabel,altLabels\nhttp://data.europa.eu/esco/occupation/x,9999,a,\n"
    with pytest.raises(ValueError, match="row 2"):
        derive_occupations(text, {"2512"})


def test_loader_names_the_bad_row(tmp_path):
    path = tmp_path / "isco08.tsv"
    path.write_text("# attribution\ncode\tlevel\tiri\ttitle_en\tparent\tdescription_en\n"
                    f"2\tmajor\t{ISCO_IRI}2\tProfessionals\t\t\n"
                    f"251\tminor\t{ISCO_IRI}251\tSoftware\t25\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"isco08.tsv:4: group 251 must follow its parent 25"):
        load_isco(path)
