"""The built HTML book in a real browser (headless Chromium) with the network off, as in a classroom
without internet: every toc page loads, its internal links and images resolve, its equations are
typeset, and it shows no traceback or stderr, no table cell cut short, no Python boolean in its text and no
words about the project's own targets. Screenshots at 1400 and 420 px go to build/screenshots/."""

import functools
import re
import shutil
from http.server import SimpleHTTPRequestHandler
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from conftest import serve

from helpers.common.paths import build_dir
from helpers.publishing import chapters

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]
pytestmark = pytest.mark.xdist_group("book")  # the same worker as the build test: one quick book
DESKTOP = {"width": 1400, "height": 1000}  # browser window of the page test and its screenshot (CSS pixels)
PHONE = {"width": 420, "height": 900}
MATHJAX_WAIT_MS = 20_000  # how long a page may take to load and start MathJax (milliseconds)
PROJECT_PHRASES = ("chapter's issue", "target met", "targets met", "stretch target", "target not met", "not met")
PROSE_WITHOUT_CODE = """els => els.map(e => {
    const copy = e.cloneNode(true);
    copy.querySelectorAll('code, pre, .cell_output').forEach(c => c.remove());
    return copy.textContent;
})"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(quick_book):
    with serve(functools.partial(QuietHandler, directory=str(quick_book))) as url:
        yield url + "/"


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "Chromium is needed for the browser test: `apt-get install chromium` (.ci/run installs it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def visit(browser, url, viewport=DESKTOP):
    """Open ``url`` in a window of ``viewport`` (``{"width", "height"}``, CSS pixels) with every request to
    another host refused, as in a classroom without internet, and wait until MathJax (if the page loads
    it) has typeset the page. Return the page, the failed same-origin requests and the HTTP status."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport=viewport)
    origin = urlparse(url).netloc
    failures = []

    def route(request_route):
        if urlparse(request_route.request.url).netloc == origin:
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "requestfailed",
        lambda r: failures.append(f"{r.url} ({r.failure})") if urlparse(r.url).netloc == origin else None,
    )
    page.on(
        "response",
        lambda r: (
            failures.append(f"{r.url} (HTTP {r.status})")
            if r.status >= 400 and urlparse(r.url).netloc == origin
            else None
        ),
    )
    response = page.goto(url, wait_until="load")
    if page.locator("script[src*='mathjax']").count():  # Sphinx loads MathJax only on pages with maths
        try:
            page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=MATHJAX_WAIT_MS)
            page.evaluate("() => MathJax.startup.promise")
        except PlaywrightTimeout:
            pass  # MathJax did not load: the test finds the equations left as raw TeX
    return page, failures, response.status


def screenshot(page, path, width):
    """Save the top of ``page`` as build/screenshots/<page name>-<width>.png, for a person to look at;
    return the file's size in bytes."""
    folder = build_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.rsplit('/', 1)[-1]}-{width}.png"
    page.screenshot(path=str(target))
    return target.stat().st_size


@pytest.mark.parametrize("path", chapters.toc_files())
def test_page_loads_offline_with_links_images_equations_and_no_errors(path, site, browser):
    url = urljoin(site, f"{path}.html")
    page, failures, status = visit(browser, url)
    try:
        assert status == 200
        broken_images = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        assert not broken_images, f"images that did not load: {broken_images}"
        noise = page.eval_on_selector_all(".output.stderr, .output.traceback, .output.error", "els => els.length")
        assert noise == 0, "the page shows stderr or traceback output"
        assert "Traceback (most recent call last)" not in page.inner_text("body")
        raw = page.eval_on_selector_all(
            ".math", "spans => spans.filter(s => !s.querySelector('mjx-container')).map(s => s.textContent)"
        )
        assert not raw, f"equations left as raw TeX with the network off: {raw[:3]}"
        text = page.inner_text("main")
        assert "\\(" not in text and "\\[" not in text and "$$" not in text
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        file_hosts = {urlparse(h).hostname for h in hrefs if (urlparse(h).hostname or "").endswith((".md", ".py"))}
        assert not file_hosts, f"file names taken for web sites (SOURCE.md is not http://SOURCE.md): {file_hosts}"
        for href in {h for h in hrefs if urlparse(h).netloc == urlparse(site).netloc}:
            target, fragment = urldefrag(href)
            if target != url:
                response = page.request.get(target)
                assert response.ok, f"broken link {href} (HTTP {response.status})"
            elif fragment:
                assert page.locator(f"[id='{fragment}']").count() > 0, f"broken anchor {href}"
        assert not failures, f"requests that failed: {failures}"
        cut = page.eval_on_selector_all(
            "main td, main th", "cells => cells.map(c => c.textContent.trim()).filter(t => /…|\\.\\.\\.$/.test(t))"
        )
        assert not cut, f"table cells cut short: {cut[:3]}"
        prose = " ".join(page.eval_on_selector_all("main p, main li, main td", PROSE_WITHOUT_CODE))
        booleans = re.findall(r"\b(?:True|False)\b", prose)
        assert not booleans, "a Python boolean in the text: say it in words"
        said = [phrase for phrase in PROJECT_PHRASES if phrase in prose.lower()]
        assert not said, f"the page talks about the project's own work: {said}"
        assert screenshot(page, path, DESKTOP["width"]) > 10_000
    finally:
        page.close()


@pytest.mark.parametrize("path", chapters.toc_files())
def test_page_at_phone_width(path, site, browser):
    """The top of every page at a phone's width, in build/screenshots/, for a person to look at; every
    figure at a scale where its smallest text reads at the book's smallest size, and the page no wider
    than the phone (a figure wider than the column scrolls inside it)."""
    from helpers.common import plots

    page, failures, status = visit(browser, urljoin(site, f"{path}.html"), PHONE)
    try:
        assert status == 200 and not failures
        assert screenshot(page, path, PHONE["width"]) > 10_000
        scales = page.evaluate(
            "() => [...document.querySelectorAll('.cell_output img')]"
            ".map(img => img.getBoundingClientRect().width / img.naturalWidth)"
        )
        least = plots.MIN_READ_PT / (plots.MIN_FONT_PT * plots.DPI / 96)
        small = [round(s, 2) for s in scales if s < least - 0.005]
        assert not small, (
            f"{path}: figures shown at scales {small}, where their text reads below {plots.MIN_READ_PT} pt"
        )
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.close()


def test_a_page_with_equations_typesets_them_offline(site, browser):
    page, _, _ = visit(browser, urljoin(site, "book/chapters/02_movielens.html"))
    try:
        assert page.locator("mjx-container").count() >= 5
    finally:
        page.close()


def test_dollar_amounts_stay_text(site, browser):
    page, _, _ = visit(browser, urljoin(site, "book/chapters/01_box_office.html"))
    try:
        text = " ".join(page.inner_text("main").split())
        # the "Why?" paragraph holds typed amounts (less than $10,000) and glued ones (a film's budget and
        # revenue): none of them may open a maths span and swallow the words between them
        assert re.search(r"recorded less than \$10,000, \d+% of them low-budget", text), text[:300]
        assert re.search(r"records a budget of \$[\d,]+ and a revenue of \$[\d,]+", text)
    finally:
        page.close()
