"""The ISCO-08 research questions answer from the shipped data."""

from __future__ import annotations

import json

from click.testing import CliRunner

from occlink.cli.main import cli


def rows(name: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["query", "--example", name, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_national_occupations_by_isco_major_group_cover_all_occupations():
    found = rows("isco-national-by-major-group")
    assert sum(int(r["occupations"]) for r in found) == 1631  # one primary unit group each
    by_major = {r["isco_major"]: r for r in found}
    assert int(by_major["2"]["digital"]) > int(by_major["9"]["digital"])


def test_lists_by_sub_major_group_answer_the_ict_question():
    found = {r["isco_sub_major"]: r for r in rows("isco-lists-by-sub-major-group")}
    ict = found["25"]
    assert "AI engineer" in ict["qianhai_occupations"] and int(ict["beijing_entries"]) > 0
    assert sum(int(r["qianhai_entries"]) for r in found.values()) == 50
    assert sum(int(r["beijing_entries"]) for r in found.values()) == 206


def test_shared_unit_groups():
    found = {r["isco_unit"]: r for r in rows("isco-shared-unit-groups")}
    assert int(found["2212"]["national_occupations"]) > 10  # physicians by specialty
    assert all(int(r["national_occupations"]) > 1 for r in found.values())
