"""`occlink serve`: a real waitress server on a free loopback port, spoken to over HTTP with urllib."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from occlink.cli.main import cli
from occlink.exports.sparql.examples import list_examples
from occlink.exports.web.server import App
from occlink.taxonomy.namespaces import Namespaces
from test_server_support import fetch, start_server

NS = Namespaces()
AI = "csco/2022/2-02-38-01"


@pytest.fixture(scope="module")
def server():
    running = start_server(NS)
    yield running.url
    running.stop()


def sparql_get(server, query: str, accept: str = "application/sparql-results+json", **extra):
    return fetch(f"{server}/sparql?{urlencode({'query': query, **extra})}", accept=accept)


def bindings(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


@pytest.mark.parametrize("name", [e.name for e in list_examples()])
def test_every_example_gives_the_same_rows_as_the_cli(server, name):
    cli_result = CliRunner().invoke(cli, ["query", "--example", name, "--format", "json"])
    assert cli_result.exit_code == 0, cli_result.output
    text = next(e for e in list_examples(NS) if e.name == name).text
    status, headers, body = sparql_get(server, text)
    assert status == 200, body
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert bindings(body) == json.loads(cli_result.output)["results"]["bindings"]


def test_post_forms_and_direct_query_agree_with_get(server):
    query = 'SELECT ?l WHERE { csco:2-02-38-01 skos:prefLabel ?l } ORDER BY ?l'
    _, _, get_body = sparql_get(server, query)
    status, _, form_body = fetch(f"{server}/sparql", data=urlencode({"query": query}).encode(),
                                 content_type="application/x-www-form-urlencoded",
                                 accept="application/sparql-results+json")
    assert status == 200
    status, _, direct_body = fetch(f"{server}/sparql", data=query.encode(), content_type="application/sparql-query",
                                   accept="application/sparql-results+json")
    assert status == 200
    values = {b["l"]["value"] for b in bindings(get_body)}
    assert "人工智能工程技术人员" in values
    assert bindings(get_body) == bindings(form_body) == bindings(direct_body)


def test_result_formats_by_accept_and_by_format_parameter(server):
    query = 'SELECT ?code WHERE { csco:2-02-38-01 skos:notation ?code }'
    status, headers, body = sparql_get(server, query, accept="application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert ET.fromstring(body).find(".//r:binding/r:literal", ns).text == "2-02-38-01"
    status, headers, body = sparql_get(server, query, accept="text/csv")
    assert headers["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["code"], ["2-02-38-01"]]
    status, headers, body = sparql_get(server, query, accept="text/tab-separated-values")
    assert body.decode().splitlines() == ["?code", '"2-02-38-01"']
    status, headers, body = sparql_get(server, query, accept="text/html", format="json")
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    status, _, body = sparql_get(server, query, accept="image/png")
    assert status == 406
    status, _, body = sparql_get(server, "ASK { csco:2-02-38-01 a skos:Concept }")
    assert json.loads(body) == {"head": {}, "boolean": True}


def test_construct_as_turtle_and_json_ld(server):
    query = "CONSTRUCT { csco:2-02-38-01 skos:prefLabel ?l } WHERE { csco:2-02-38-01 skos:prefLabel ?l }"
    status, headers, body = sparql_get(server, query, accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    assert (URIRef(f"{NS.base}{AI}"), SKOS.prefLabel, Literal("人工智能工程技术人员", lang="zh")) in graph
    status, headers, body = sparql_get(server, query, accept="application/ld+json")
    assert headers["Content-Type"].startswith("application/ld+json")
    assert len(Graph().parse(data=body.decode(), format="json-ld")) == len(graph)


def test_updates_are_refused(server):
    status, _, body = sparql_get(server, "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    assert status == 400 and b"SPARQL updates are not allowed" in body
    status, _, body = fetch(f"{server}/sparql", data=urlencode({"update": "DROP ALL"}).encode(),
                            content_type="application/x-www-form-urlencoded")
    assert status == 403 and b"SPARQL updates are not allowed" in body
    status, _, body = fetch(f"{server}/sparql", data=b"CLEAR DEFAULT", content_type="application/sparql-update")
    assert status == 403
    status, _, _ = fetch(f"{server}/sparql?update=DROP%20ALL")
    assert status == 403
    # and the data is still there
    status, _, body = sparql_get(server, "ASK { csco:2-02-38-01 a skos:Concept }")
    assert json.loads(body)["boolean"] is True


def test_syntax_errors_service_and_methods(server):
    status, _, body = sparql_get(server, "SELECT ?x WHERE {")
    assert status == 400 and b"SPARQL syntax error at line 1" in body
    status, _, body = sparql_get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body
    status, _, _ = fetch(f"{server}/sparql", data=b"x", content_type="text/plain")
    assert status == 415
    status, _, _ = fetch(f"{server}/{AI}", data=b"x", content_type="text/plain")
    assert status == 405


def test_query_form_without_query(server):
    status, headers, body = fetch(f"{server}/sparql", accept="text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "<textarea" in page and "national-by-level" in page


def test_html_results_for_a_browser_form(server):
    status, headers, body = sparql_get(server, 'SELECT ?c WHERE { ?c skos:notation "2-02-38-01" }',
                                       accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert f'href="/{AI}"' in body.decode()


def test_result_cap_and_timeout():
    app = App(NS, max_rows=5, timeout=0.05)
    try:
        def call(query):
            out = {}
            env = {"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql", "QUERY_STRING": "query=" + quote(query),
                   "HTTP_ACCEPT": "application/sparql-results+json", "wsgi.input": io.BytesIO(b"")}
            body = b"".join(app(env, lambda status, headers: out.update(status=status, headers=dict(headers))))
            return out["status"], out["headers"], body
        app.timeout = 60
        status, headers, body = call("SELECT ?c WHERE { ?c a skos:Concept }")
        assert status == "200 OK" and len(bindings(body)) == 5 and "X-Occlink-Truncated" in headers
        app.timeout = 0.05
        slow = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 3000 } "
                "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 3000 } }")
        status, _, body = call(slow)
        assert status == "504 Gateway Timeout" and b"time limit" in body
    finally:
        app.close()


def test_concept_iri_dereferences_to_turtle(server):
    status, headers, body = fetch(f"{server}/{AI}", accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert headers["Vary"] == "Accept"
    graph = Graph().parse(data=body.decode(), format="turtle")
    iri = URIRef(f"{NS.base}{AI}")
    assert (iri, SKOS.notation, Literal("2-02-38-01")) in graph
    assert (iri, SKOS.prefLabel, Literal("人工智能工程技术人员", lang="zh")) in graph
    broader = graph.value(iri, SKOS.broader)
    assert graph.value(broader, SKOS.notation) == Literal("2-02-38-00")  # labels of linked resources come along


def test_concept_iri_dereferences_to_json_ld_and_named_documents(server):
    status, headers, body = fetch(f"{server}/{AI}", accept="application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=body.decode(), format="json-ld")
    assert (URIRef(f"{NS.base}{AI}"), SKOS.notation, Literal("2-02-38-01")) in graph
    status, headers, ttl = fetch(f"{server}/{AI}/index.ttl")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "Vary" not in headers


def test_concept_iri_dereferences_to_html(server):
    status, headers, body = fetch(f"{server}/{AI}", accept="text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "人工智能工程技术人员" in page
    assert "Artificial intelligence engineer" in page
    assert "2-02-38-01" in page
    assert 'data-marker="digital"' in page  # the S marker
    assert 'href="/csco/2022/2-02-38-00"' in page  # broader
    assert "/qianhai/2020/d06" in page  # the reviewed mapping from Qianhai
    assert "ManualMappingCuration" in page  # … with its provenance


def test_default_accept_is_html_and_unknown_or_unacceptable(server):
    status, headers, _ = fetch(f"{server}/{AI}")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    status, _, body = fetch(f"{server}/csco/2022/9-99-99-99", accept="text/turtle")
    assert status == 404
    status, _, _ = fetch(f"{server}/{AI}", accept="image/png")
    assert status == 406
    status, _, _ = fetch(f"{server}/{AI}", accept="text/turtle;q=0, text/html;q=0")
    assert status == 406


def test_other_resources_resolve(server):
    for path in ("csco/2022", "qianhai/2020/d06", "beijing/2023/urgent/2-02-38-01", "vocab"):
        status, _, body = fetch(f"{server}/{path}", accept="text/turtle")
        assert status == 200, path
        assert len(Graph().parse(data=body.decode(), format="turtle")) > 0
    status, _, body = fetch(f"{server}/vocab", accept="text/html")
    assert 'id="level"' in body.decode()  # hash IRIs are anchors of their document


def test_landing_page_and_search(server):
    status, _, body = fetch(f"{server}/", accept="text/html")
    page = body.decode()
    assert status == 200 and 'name="q"' in page
    assert "中华人民共和国职业分类大典" in page and "/qianhai/2020" in page
    for q, expected in (("2-02-38-01", f"/{AI}"), ("人工智能工程技术人员", f"/{AI}"),
                        ("artificial intelligence engineer", f"/{AI}"), ("AI engineer", "/qianhai/2020/d06")):
        status, _, body = fetch(f"{server}/search?{urlencode({'q': q})}", accept="text/html")
        assert status == 200
        assert f'href="{expected}"' in body.decode(), q
    status, _, body = fetch(f"{server}/search?q=zzzqqqxxx")
    assert "0 result(s)" in body.decode()


def test_context_static_and_dumps(server):
    status, headers, body = fetch(f"{server}/context.jsonld")
    assert status == 200 and "@context" in json.loads(body)
    status, headers, _ = fetch(f"{server}/static/style.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert fetch(f"{server}/static/../server.py")[0] == 404
    status, _, body = fetch(f"{server}/dumps/")
    assert status == 200 and "occlink.ttl" in body.decode()
    status, headers, body = fetch(f"{server}/dumps/occlink.nt")
    assert status == 200 and body.count(b"\n") > 10000
    assert fetch(f"{server}/dumps/../../etc/passwd")[0] == 404


def test_base_iri_path_maps_to_the_server_root():
    ns = Namespaces("https://data.example.org/occ/")
    running = start_server(ns)
    try:
        status, _, body = fetch(f"{running.url}/{AI}", accept="text/turtle")
        assert status == 200
        graph = Graph().parse(data=body.decode(), format="turtle")
        assert (URIRef(f"https://data.example.org/occ/{AI}"), SKOS.notation, Literal("2-02-38-01")) in graph
    finally:
        running.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_occlink_serve_subprocess():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "occlink", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 600
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, headers, body = fetch(f"http://127.0.0.1:{port}/{AI}", accept="text/turtle")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, proc.stderr.read() if proc.poll() is not None else "server did not answer"
        assert b'"2-02-38-01"' in body
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert "127.0.0.1" in proc.stderr.read()


def test_serve_refuses_a_busy_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)])
    assert result.exit_code != 0
    assert "cannot listen" in result.output
    assert os.environ.get("OCCLINK_DEBUG") or "Traceback" not in result.output


def test_descriptions_inline_sub_resources_but_only_link_concepts(server):
    status, _, body = fetch(f"{server}/csco/2022", accept="text/turtle")
    scheme = Graph().parse(data=body.decode(), format="turtle")
    tops = set(scheme.objects(URIRef(f"{NS.base}csco/2022"), SKOS.hasTopConcept))
    assert len(tops) == 8
    assert all(scheme.value(t, SKOS.notation) for t in tops)  # labels of linked concepts come along …
    assert not any(True for _ in scheme.triples((None, SKOS.definition, None)))  # … not the concepts themselves
    assert not any(True for _ in scheme.triples((None, SKOS.narrower, None)))
    status, _, body = fetch(f"{server}/qianhai/2020/d06", accept="text/turtle")
    d06 = Graph().parse(data=body.decode(), format="turtle")
    label = URIRef(f"{NS.base}qianhai/2020/d06/label/zh")
    assert (label, URIRef("http://www.w3.org/2008/05/skos-xl#literalForm"), None) in d06  # the translation's provenance
    assert (URIRef(f"{NS.base}qianhai/2020/d06/inferred/digital"), NS.vocab.markerProperty, NS.vocab.digital) in d06


def _one_decision_recorded(tmp_path: Path) -> tuple[Path, str, str]:
    """A copy of the shipped decisions with one pending pair accepted (by the CLI): (folder, subject, object)."""
    import shutil

    from occlink.mappings.folder import MAPPINGS_DIR_ENV
    shipped = Path(__file__).resolve().parents[1] / "mappings"
    decisions = tmp_path / "decisions"
    decisions.mkdir()
    for path in shipped.glob("*.sssom.tsv"):
        shutil.copy(path, decisions / path.name)
    env = {MAPPINGS_DIR_ENV: str(decisions), "OCCLINK_REVIEWER": "tester"}
    runner = CliRunner()
    listed = runner.invoke(cli, ["review", "list", "--status", "pending", "--format", "tsv"], env=env)
    assert listed.exit_code == 0, listed.output
    header, first = listed.stdout.splitlines()[:2]
    row = dict(zip(header.split("\t"), first.split("\t")))
    subject, obj = row["subject_id"], row["object_id"]
    accepted = runner.invoke(cli, ["review", "accept", subject, obj, "--predicate", "exact"], env=env)
    assert accepted.exit_code == 0, accepted.output
    return decisions, subject, obj


def test_pages_follow_the_decisions_folder_in_use(tmp_path):
    """A decision recorded in the chosen decisions folder shows on the served page, as it does in /sparql,
    and on the static site exported with that folder."""
    from occlink.exports.site.static_site import export_site
    from occlink.taxonomy.context import Context
    decisions, subject, obj = _one_decision_recorded(tmp_path)
    app = App(NS, warm=False, context=Context(NS, mappings_dir=decisions))
    shipped_app = App(NS, warm=False)
    subject_path = str(app.index.graph.namespace_manager.expand_curie(subject)).removeprefix(NS.base)
    object_path = str(app.index.graph.namespace_manager.expand_curie(obj)).removeprefix(NS.base)
    status, _, body = app.route("GET", "/" + subject_path, {"HTTP_ACCEPT": "text/html"})
    assert status.startswith("200"), status
    _, _, shipped_body = shipped_app.route("GET", "/" + subject_path, {"HTTP_ACCEPT": "text/html"})
    assert object_path in body.decode("utf-8")
    assert object_path not in shipped_body.decode("utf-8")
    site = tmp_path / "site"
    export_site(NS, site, only=subject_path, mappings_dir=decisions)  # the object's page is not written:
    code = obj.rsplit(":", 1)[-1]                                       # its code shows, unlinked
    assert code in (site / subject_path / "index.html").read_text(encoding="utf-8")
    assert code not in shipped_body.decode("utf-8")
