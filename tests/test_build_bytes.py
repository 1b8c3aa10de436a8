"""The build writes the same bytes as before it was made fast (issue #12: same bytes out).

``tests/data/build_fingerprint.json`` holds the SHA-256 and size of every file
``occlink build`` writes for the shipped data at the default base IRI, and the
N-Triples line count of the full dataset. A change of one byte in any dump fails
here. When a change to the data is intended (another issue asks for it),
regenerate the fingerprint from a fresh build and commit it with that change:

    python tests/test_build_bytes.py --update

The other tests pin the pieces the fast path replaced: the writers against
rdflib's and json's own output, and a catalog's dump triples against the graph
``dataset_graph`` assembles for it.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from occlink.exports.dumps.build import build_dataset
from occlink.exports.dumps.jsonld import _emit
from occlink.exports.dumps.serialize import to_ntriples
from occlink.graph.dataset import catalog_part, dataset_graph
from occlink.taxonomy.catalogs import available_catalogs
from occlink.taxonomy.namespaces import DEFAULT_BASE_IRI, Namespaces

FINGERPRINT = Path(__file__).parent / "data" / "build_fingerprint.json"
# everything that shapes the output besides the packaged files (docs/performance.md)
ENVIRONMENT = ("OCCLINK_BASE_IRI", "OCCLINK_MAPPINGS_DIR")


def fingerprint(folder: Path) -> dict:
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(folder).as_posix()] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    lines = (folder / "occlink.nt").read_text(encoding="utf-8").splitlines()
    return {"base": DEFAULT_BASE_IRI, "ntriples_lines": len(lines), "files": files}


def build_fingerprint(folder: Path) -> dict:
    build_dataset(Namespaces(DEFAULT_BASE_IRI), folder)
    return fingerprint(folder)


def test_build_writes_the_fingerprinted_bytes(tmp_path, monkeypatch):
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    expected = json.loads(FINGERPRINT.read_text(encoding="utf-8"))
    actual = build_fingerprint(tmp_path / "out")
    assert actual["ntriples_lines"] == expected["ntriples_lines"]
    assert sorted(actual["files"]) == sorted(expected["files"])
    changed = [name for name in expected["files"] if actual["files"][name] != expected["files"][name]]
    assert changed == [], f"files whose bytes changed: {changed} (python tests/test_build_bytes.py --update " \
                          "if the change is intended)"


@pytest.mark.parametrize("catalog_id", available_catalogs())
def test_catalog_part_is_the_catalog_graph(catalog_id):
    ns = Namespaces(DEFAULT_BASE_IRI)
    assembled = dataset_graph(ns, [catalog_id], with_mappings=False, with_metadata=False)
    part = catalog_part(ns, catalog_id)
    assert len(part) == len(set(part)), "a triple is listed twice"
    assert set(part) == set(assembled)


def test_ntriples_writer_matches_rdflib_on_awkward_terms():
    g = Graph()
    s = URIRef("https://example.org/s")
    values = [Literal('quote " backslash \\ tab \t'), Literal("line\nbreak\rreturn"), Literal("中文", lang="zh"),
              Literal("1", datatype=XSD.integer), Literal("x", datatype=XSD.string), Literal("sep\u2028line"),
              Literal("next\x85line"), URIRef("https://example.org/o?q=1#f"), BNode("b1")]
    for i, value in enumerate(values):
        g.add((s, URIRef(f"https://example.org/p{i}"), value))
    g.add((BNode("b2"), URIRef("https://example.org/p"), Literal("blank subject")))
    rdflib_lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    assert to_ntriples(g) == "".join(sorted(f"{line}\n" for line in rdflib_lines if line.strip()))


def test_ntriples_writer_refuses_an_iri_rdflib_refuses():
    with pytest.raises(ValueError, match="valid URI"):
        to_ntriples([(URIRef("https://example.org/a b"), URIRef("https://example.org/p"), Literal("x"))])


def test_jsonld_emitter_is_json_dumps_with_indent_one():
    doc = {"@context": {"a": "https://example.org/", "b": {"@id": "x", "@container": "@language"}, "e": {}},
           "@graph": [{"@id": "a:1", "n": 3, "t": True, "f": False, "none": None, "float": 1.5, "empty": [],
                       "s": 'quote " \\ \n 中文 \u2028', "l": ["x", {"@value": "y", "@language": "zh"}],
                       "nested": [[1, 2], {"k": [{}]}]}]}
    out: list[str] = []
    _emit(doc, "", out)
    assert "".join(out) == json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False)


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_build_bytes.py --update   (rewrites tests/data/build_fingerprint.json)")
    with tempfile.TemporaryDirectory() as work:
        FINGERPRINT.write_text(json.dumps(build_fingerprint(Path(work) / "out"), indent=1, sort_keys=True) + "\n",
                               encoding="utf-8")
    print(f"wrote {FINGERPRINT}")
