"""What a person sees: headless Chromium drives the landing page, the search and a concept page."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

from test_server_support import start_server

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if missing:
        message = f"browser test needs {', '.join(missing)}"
        if IN_CI:
            pytest.fail(message + " (CI=true: installing them is part of CI)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="occlink-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def server():
    running = start_server()
    yield running.url
    running.stop()


def test_search_then_concept_page(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    browser.get(server + "/")
    assert "occlink" in browser.title
    catalogues = browser.find_element(By.CSS_SELECTOR, "table.catalogues").text
    assert "中华人民共和国职业分类大典" in catalogues

    box = browser.find_element(By.ID, "q")
    box.send_keys("人工智能工程技术人员")
    browser.find_element(By.ID, "search-button").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ul.results a.hit")))
    hits = browser.find_elements(By.CSS_SELECTOR, "ul.results a.hit")
    target = next(h for h in hits if h.get_attribute("href").endswith("/csco/2022/2-02-38-01"))
    target.click()

    wait.until(EC.url_contains("/csco/2022/2-02-38-01"))
    heading = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.resource h1"))).text
    assert heading == "人工智能工程技术人员"
    assert browser.find_element(By.CSS_SELECTOR, "p.label-en").text == "Artificial intelligence engineer"
    assert browser.find_element(By.ID, "code").text == "2-02-38-01"
    markers = browser.find_element(By.CSS_SELECTOR, "dd.markers").text
    assert "数字职业" in markers and "Digital occupation (S)" in markers
    assert "绿色职业" not in markers  # not marked L in the classification
    broader = browser.find_element(By.CSS_SELECTOR, "section.hierarchy").text
    assert "2-02-38-00" in broader
    mappings = browser.find_element(By.CSS_SELECTOR, "section.mappings").text
    assert "d06" in mappings


def test_english_search_and_a_qianhai_page(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("AI engineer")
    box.submit()
    link = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, 'ul.results a.hit[href="/qianhai/2020/d06"]')))
    link.click()
    wait.until(EC.url_contains("/qianhai/2020/d06"))
    assert browser.find_element(By.CSS_SELECTOR, "p.label-en").text == "AI engineer"
    markers = browser.find_element(By.CSS_SELECTOR, "dd.markers").text
    assert "Digital occupation (S)" in markers and "inferred" in markers  # inferred via the reviewed mapping


@pytest.fixture(scope="module")
def static_site_dir(tmp_path_factory):
    """A partial static export (the landing page, search, indexes and the 2-02 pages)."""
    from occlink.exports.site.static_site import export_site
    from occlink.taxonomy.namespaces import Namespaces

    out = tmp_path_factory.mktemp("static") / "www"
    export_site(Namespaces(), out, only="csco/2022/2-02-")
    return out


@pytest.fixture(scope="module")
def static_site(static_site_dir):
    """The partial export served by Python's own http.server (any web server will do)."""
    import functools
    import http.server
    import threading

    out = static_site_dir
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_static_site_search_runs_in_the_browser(browser, static_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    browser.get(static_site + "/index.html")
    box = browser.find_element(By.ID, "q")
    box.send_keys("2-02-38-01")
    browser.find_element(By.ID, "search-button").click()
    wait.until(EC.url_contains("/search/index.html?q=2-02-38-01"))
    link = wait.until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, '#search-results a.hit[href="../csco/2022/2-02-38-01/index.html"]')))
    assert "人工智能工程技术人员" in link.text
    link.click()
    wait.until(EC.url_contains("/csco/2022/2-02-38-01/index.html"))
    assert browser.find_element(By.CSS_SELECTOR, "article.resource h1").text == "人工智能工程技术人员"
    assert browser.find_element(By.ID, "code").text == "2-02-38-01"
    assert "Digital occupation (S)" in browser.find_element(By.CSS_SELECTOR, "dd.markers").text


def test_static_site_search_reads_q_and_finds_search_titles(browser, static_site):
    """The static search page runs the server's rules in the page: a search title finds its occupation."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(static_site + "/search/index.html?q=" + quote("程序员"))
    first = WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search-results a.hit")))
    assert first.get_attribute("href").endswith("/csco/2022/2-02-10-03/index.html")
    assert "search title" in browser.find_element(By.CSS_SELECTOR, "#search-results li").text
    assert browser.find_element(By.ID, "q").get_attribute("value") == "程序员"


def test_static_site_search_says_it_cannot_run_from_a_file(browser, static_site_dir):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((static_site_dir / "search" / "index.html").as_uri() + "?q=engineer")
    notice = WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search-results .notice")))
    assert "file://" in notice.text and "HTTP" in notice.text


# --- issue #20: what visitors do ------------------------------------------------------------

def _hits(browser, server, query):
    from selenium.webdriver.common.by import By
    browser.get(f"{server}/search?q={quote(query)}")
    return [a.get_attribute("href").removeprefix(server) for a in browser.find_elements(By.CSS_SELECTOR, "ul.results a.hit")]


@pytest.mark.parametrize("query, expected", [
    ("程序员", "/csco/2022/2-02-10-03"),
    ("accountant", "/csco/2022/2-06-03-00"),
    ("AI", "/csco/2022/2-02-38-01"),
    ("software engineers", "/csco/2022/2-02-10-03"),
    ("绿色", "/csco/2022/collection/green"),
])
def test_search_examples_in_the_top_three(browser, server, query, expected):
    assert expected in _hits(browser, server, query)[:3]


def test_search_finds_data_scientist_and_ranks_the_national_code_first(browser, server):
    assert _hits(browser, server, "data scientist")
    assert _hits(browser, server, "2-02-38-01")[:2] == ["/csco/2022/2-02-38-01", "/beijing/2023/urgent/2-02-38-01"]


def test_autocomplete_offers_labels(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    browser.find_element(By.ID, "q").send_keys("accoun")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#q-suggestions option"))
    values = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#q-suggestions option")]
    assert values and all("accoun" in v.casefold() for v in values)


def test_tree_and_breadcrumb_lead_to_an_occupation_without_typing(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    browser.get(server + "/")
    browser.find_element(By.CSS_SELECTOR, 'ul.browse a[href="/csco/2022"]').click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ul.tree")))
    for code in ("2-00-00-00", "2-02-00-00", "2-02-38-00"):  # open major, medium and small group
        node = browser.find_element(By.XPATH, f'//summary/span[@class="node"][span[@class="code"]="{code}"]')
        node.click()
        assert node.find_element(By.XPATH, "ancestor::details[1]").get_attribute("open") is not None
    leaf = browser.find_element(By.CSS_SELECTOR, 'ul.tree a[href="/csco/2022/2-02-38-01"]')
    assert leaf.is_displayed()
    leaf.click()
    wait.until(EC.url_contains("/csco/2022/2-02-38-01"))
    crumbs = browser.find_elements(By.CSS_SELECTOR, "nav.breadcrumb a")
    assert [c.get_attribute("href").removeprefix(server) for c in crumbs] == [
        "/csco/2022", "/csco/2022/2-00-00-00", "/csco/2022/2-02-00-00", "/csco/2022/2-02-38-00"]
    crumbs[1].click()
    wait.until(EC.url_contains("/csco/2022/2-00-00-00"))
    assert browser.find_element(By.CSS_SELECTOR, "article.resource h1").text == "专业技术人员"


def test_qianhai_competencies_are_visible_on_the_occupation_page(browser, server):
    from selenium.webdriver.common.by import By
    browser.get(server + "/qianhai/2020/d06")
    competencies = browser.find_elements(By.CSS_SELECTOR, "ol.competencies li")
    assert len(competencies) == 3 and all(c.is_displayed() for c in competencies)
    assert "deep learning" in competencies[0].text
    copy = browser.find_element(By.CSS_SELECTOR, "section.cite button.copy")
    assert copy.is_displayed()  # page.js ran (no inline script needed)


@pytest.fixture
def phone(browser):
    """A 390 px wide phone viewport (device emulation), restored afterwards."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("path", ["csco/2022/2-02-38-01", "qianhai/2020/d06", "beijing/2023/urgent/2-02-38-01",
                                  "mappings/qianhai2020-csco2022.positive", "", "search?q=engineer", "csco/2022",
                                  "browse/a-z"])
def test_no_page_is_wider_than_a_phone(phone, server, path):
    phone.get(f"{server}/{path}")
    width = phone.execute_script("return document.documentElement.clientWidth")
    scroll = phone.execute_script("return document.documentElement.scrollWidth")
    assert width == 390 and scroll <= width, f"/{path}: {scroll} px wide in a {width} px viewport"


@pytest.mark.parametrize("query, marker", [("engineers", ""), ("software engineer", ""), ("工程技术人员", ""),
                                           ("技术人员工程", ""), ("2-02-38", ""), ("AI", ""), ("data scientist", ""),
                                           ("工程技术人员", "digital"), ("engineer", "green")])
def test_static_search_ranks_like_the_server(browser, static_site, query, marker):
    """static/search.js is a port of exports/site/search.py: same hits, same order (top 20)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from occlink.exports.site.search import search, search_entries
    from occlink.exports.web.describe import resource_index
    from occlink.taxonomy.namespaces import Namespaces

    ns = Namespaces()
    exported = [e for e in search_entries(resource_index(ns.base).graph, ns)
                if e.iri.startswith(f"{ns.base}csco/2022/2-02-")]
    hits, total = search(exported, query, marker=marker or None)
    expected = ["../" + h.entry.iri[len(ns.base):] + "/index.html" for h in hits[:20]]
    browser.get(static_site + "/search/index.html?q=" + quote(query) + "&marker=" + marker)
    count = WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search-results p.count")))
    assert count.text.startswith(f"{total} result(s)")
    found = ["../" + a.get_attribute("href").removeprefix(static_site + "/")  # the browser resolves links
             for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a.hit")][:20]
    assert found == expected


def test_static_site_autocomplete(browser, static_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(static_site + "/index.html")
    browser.find_element(By.ID, "q").send_keys("softw")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#q-suggestions option"))
    values = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#q-suggestions option")]
    assert values and all("softw" in v.casefold() for v in values)
