"""Scripted review commands look IDs up in the tables and never load the RDF, SHACL, SPARQL or fuzzy-matching
libraries (issue: a scripted decision answers fast because it does not build the world). Each command runs in
a fresh interpreter, which reports the heavy modules it ended up importing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("rdflib", "pyshacl", "pyoxigraph", "rapidfuzz")
PROBE = """
import json, sys
from occlink.cli.main import cli
try:
    code = cli.main(args=sys.argv[1:], prog_name="occlink", standalone_mode=False)
except SystemExit as exc:
    code = exc.code
print(json.dumps({"exit": code or 0, "heavy": sorted(m for m in %r if m in sys.modules)}), file=sys.stderr)
""" % (HEAVY,)


def probe(args: list[str], folder: Path) -> dict:
    env = dict(os.environ, OCCLINK_MAPPINGS_DIR=str(folder), OCCLINK_REVIEWER="alice")
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True,
                          timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["exit"] == 0, done.stdout + done.stderr
    return report


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("decisions")


@pytest.mark.parametrize("args", [
    ["review", "accept", "qh:s02", "csco:2-06-10-01", "--predicate", "exact"],
    ["review", "reject", "qh:s02", "csco:2-06-10-02"],
    ["review", "unsure", "qh:d06", "csco:2-02-38-01", "--comment", "check the tasks"],
    # (a Qianhai → Beijing decision also checks for a chain through the decision sets, which loads
    # mappings/chaining.py and with it rdflib and the matcher: not in this list)
    ["review", "withdraw", "qh:d06", "csco:2-02-38-01"],
    ["review", "list", "--status", "decided", "--format", "tsv"],
    ["review", "conflicts"],
    ["review", "undo"],
], ids=lambda a: " ".join(a[1:3]))
def test_scripted_review_commands_do_not_import_heavy_libraries(folder, args):
    assert probe(args, folder)["heavy"] == []


def test_apply_does_not_import_heavy_libraries(tmp_path):
    batch = tmp_path / "batch.tsv"
    batch.write_text("subject_id\tobject_id\tdecision\tpredicate\n"
                     "qh:s03\tcsco:2-06-10-01\taccept\texact\n"
                     "qh:s04\tcsco:2-06-10-01\treject\tclose\n", encoding="utf-8")
    assert probe(["review", "apply", str(batch)], tmp_path / "decisions")["heavy"] == []


def test_the_probe_sees_a_heavy_import(tmp_path):
    """The check can fail: show scores the pair with the matcher, which needs rapidfuzz."""
    assert "rapidfuzz" in probe(["review", "show", "qh:d06", "csco:2-02-38-01"], tmp_path)["heavy"]
