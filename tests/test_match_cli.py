"""``occlink match`` end to end (CliRunner and one real subprocess)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from occlink.cli.main import cli
from occlink.mappings.sssom import read_sssom

SAMPLE = Path(__file__).parent / "data" / "match_sample.csv"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_match_csv_to_national_as_sssom(tmp_path):
    out = tmp_path / "cands.sssom.tsv"
    result = run("match", "--source", str(SAMPLE), "--target", "csco2022", "--top-k", "2", "--out", str(out))
    assert result.exit_code == 0, result.output
    ms = read_sssom(out)  # our own output passes our own validation
    assert ms.curie_map["src"].startswith("urn:occlink:csv:")
    # sources are CURIEs declared in the curie_map (a CSV file has none: it is named in the comment)
    assert "subject_source" not in ms.metadata and "match_sample.csv" in ms.metadata["comment"]
    assert ms.metadata["object_source"] == "occlink:csco/2022" and ms.curie_map["occlink"] == "https://w3id.org/occlink/"
    # the dataset the candidates were made against: version and sha256 of occlink.nt
    assert re.fullmatch(r"0\.\d+\.\d+ sha256:[0-9a-f]{64}", ms.metadata["object_source_version"])
    by_subject = {}
    for row in ms.rows:
        by_subject.setdefault(row["subject_id"], []).append(row)
        assert row["mapping_justification"] == "semapv:LexicalMatching"
        assert row["object_id"].startswith("csco:") and row["match_string"]
    assert set(by_subject) == {f"src:s{i}" for i in range(1, 8)}
    assert all(len(rows) <= 2 for rows in by_subject.values())
    top = {s: max(rows, key=lambda r: float(r["confidence"]))["object_id"] for s, rows in by_subject.items()}
    assert top["src:s6"] == "csco:2-02-10-03" and top["src:s3"] == "csco:2-06-03-00"
    again = tmp_path / "again.sssom.tsv"
    run("match", "--source", str(SAMPLE), "--target", "csco2022", "--top-k", "2", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_match_table_and_json_formats():
    table = run("match", "--source", str(SAMPLE), "--target", "csco2022", "--top-k", "1", "--format", "table")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].startswith("subject_id\tsubject_label\trank") and len(lines) == 8
    as_json = run("match", "--source", str(SAMPLE), "--target", "csco2022", "--top-k", "1", "--format", "json")
    items = json.loads(as_json.stdout)
    assert len(items) == 7 and all(0 <= i["confidence"] <= 1 and "cosine" in i["evidence"] for i in items)


def _dataset_checksum() -> str:
    from occlink.exports.dumps.compiled import dataset_checksum
    return dataset_checksum()


def _sha256(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_match_format_records_the_dataset_checksum(tmp_path):
    """SSSOM in its header; a table or JSON list (no header) on stderr and in FILE.provenance.json."""
    checksum = _dataset_checksum()
    for source in (str(SAMPLE), "qianhai2020"):  # streamed CSV and catalog → catalog
        for fmt in ("sssom", "table", "json"):
            out = tmp_path / f"{Path(source).stem}.{fmt}"
            result = run("match", "--source", source, "--target", "csco2022", "--top-k", "1", "--format", fmt,
                         "--out", str(out))
            assert result.exit_code == 0, result.output
            sidecar = tmp_path / f"{out.name}.provenance.json"
            record = json.loads(sidecar.read_text(encoding="utf-8"))
            assert record["dataset"]["sha256"] == checksum and record["dataset"]["checksum_of"] == "occlink.nt"
            assert record["tool"] == "occlink match" and record["target"] == "csco2022"
            assert record["output"] == {"file": out.name, "sha256": _sha256(out)}  # ties the sidecar to its file
            assert record["counts"]["candidates"] > 0
            if fmt == "sssom":
                assert checksum in read_sssom(out).metadata["comment"]
            else:
                assert f"sha256:{checksum}" in result.stderr
            printed = run("match", "--source", source, "--target", "csco2022", "--top-k", "1", "--format", fmt)
            assert printed.stdout == out.read_text(encoding="utf-8")  # the data alone on stdout
            assert (checksum in printed.stderr) == (fmt != "sssom")


def test_match_provenance_file_can_be_chosen_and_never_replaces_an_input(tmp_path):
    chosen = tmp_path / "made-against.json"
    result = run("match", "--source", str(SAMPLE), "--target", "csco2022", "--format", "json", "--provenance",
                 str(chosen))
    assert result.exit_code == 0, result.output
    record = json.loads(chosen.read_text(encoding="utf-8"))
    assert record["dataset"]["sha256"] == _dataset_checksum() and "output" not in record  # stdout: no file
    assert record["source"] == SAMPLE.name and record["format"] == "json"
    copy = tmp_path / "in.csv"
    copy.write_bytes(SAMPLE.read_bytes())
    clash = CliRunner().invoke(cli, ["match", "--source", str(copy), "--target", "csco2022", "--provenance",
                                     str(copy)])
    assert clash.exit_code == 2 and "--provenance" in clash.output
    assert copy.read_bytes() == SAMPLE.read_bytes()


def test_match_refuses_bad_input_without_output(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label\na,护士\na,焊工\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    result = CliRunner().invoke(cli, ["match", "--source", str(bad), "--target", "csco2022", "--out", str(out)])
    assert result.exit_code == 2
    assert f"{bad}:3: duplicate id 'a'" in result.output and "Traceback" not in result.output
    assert not out.exists()
    missing = CliRunner().invoke(cli, ["match", "--source", "nope.csv", "--target", "csco2022"])
    assert missing.exit_code == 2 and "neither a catalog id" in missing.output
    same = CliRunner().invoke(cli, ["match", "--source", "csco2022", "--target", "csco2022"])
    assert same.exit_code == 2 and "same catalog" in same.output
    k0 = CliRunner().invoke(cli, ["match", "--source", str(SAMPLE), "--target", "csco2022", "--top-k", "0"])
    assert k0.exit_code == 2


def test_match_subprocess(tmp_path):
    out = tmp_path / "c.sssom.tsv"
    proc = subprocess.run([sys.executable, "-m", "occlink", "match", "--source", str(SAMPLE), "--target", "csco2022",
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = read_sssom(out).rows
    assert rows and all(float(r["confidence"]) >= 0.25 for r in rows)   # best candidates from 0.25
    bad = subprocess.run([sys.executable, "-m", "occlink", "match", "--source", str(tmp_path / "x.csv"),
                          "--target", "csco2022"], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and bad.stderr.startswith("Error: ") and len(bad.stderr.strip().splitlines()) == 1
