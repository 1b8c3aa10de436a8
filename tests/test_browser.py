"""What a person sees: headless Chromium drives the landing page, the search and a concept page."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

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
def static_site(tmp_path_factory):
    """A partial static export served by Python's own http.server (any web server will do)."""
    import functools
    import http.server
    import threading

    from occlink.exports.site import export_site
    from occlink.taxonomy.namespaces import Namespaces

    out = tmp_path_factory.mktemp("static") / "www"
    export_site(Namespaces(), out, only="csco/2022/2-02-38")
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
    link = wait.until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, '#search-results a[href="csco/2022/2-02-38-01/index.html"]')))
    assert "人工智能工程技术人员" in link.text
    link.click()
    wait.until(EC.url_contains("/csco/2022/2-02-38-01/index.html"))
    assert browser.find_element(By.CSS_SELECTOR, "article.resource h1").text == "人工智能工程技术人员"
    assert browser.find_element(By.ID, "code").text == "2-02-38-01"
    assert "Digital occupation (S)" in browser.find_element(By.CSS_SELECTOR, "dd.markers").text
