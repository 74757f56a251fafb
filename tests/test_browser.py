"""The built HTML book in a real browser (headless Chromium) with the network off, as in a classroom
without internet: every toc page loads with nothing in the browser's console, its internal links and
images resolve, its equations are typeset, and it shows no traceback or stderr, no table cell cut short,
no Python boolean in its text and no words about the project's own targets. At a phone's width nothing is
wider than the screen outside a frame that scrolls, figures fit the column and enlarge on a tap, and the
closing table of claims stacks one block per claim. Screenshots at 1400 and 420 px go to
build/screenshots/."""

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
# Elements wider than the window, less those inside a frame that scrolls (or clips) within the window and
# those in a fixed drawer (the theme's side panels on a phone, off screen until opened).
TOO_WIDE = """width => [...document.querySelectorAll('main *')].filter(e => {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) return false;
    for (let p = e; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.position === 'fixed') return false;
        if (p !== e && ['auto', 'scroll', 'hidden'].includes(style.overflowX)
            && p.getBoundingClientRect().right <= width + 1) return false;
    }
    return true;
}).map(e => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`)"""
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
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))

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
        assert not page.console_errors, f"errors in the browser's console: {page.console_errors}"
        body = page.eval_on_selector("main p", "p => getComputedStyle(p).color")
        faint = page.eval_on_selector_all(
            "main figcaption, main .caption-number, main .caption-text, main caption",
            "els => els.map(e => [e.textContent.trim().slice(0, 30), getComputedStyle(e).color])",
        )
        faint = [(text, colour) for text, colour in faint if colour != body]
        assert not faint, f"captions lighter than the body text ({body}): {faint[:3]}"
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
    """The top of every page at a phone's width, in build/screenshots/, for a person to look at; nothing
    wider than the phone outside a frame that scrolls; every figure within its column, and one shown below
    the scale at which its smallest text reads at the book's smallest size enlarged to full size by a tap;
    a study chapter's closing table of claims stacked, one block per claim, each cell under its column's name."""
    from helpers.common import plots

    page, failures, status = visit(browser, urljoin(site, f"{path}.html"), PHONE)
    try:
        assert status == 200 and not failures
        assert not page.console_errors, f"errors in the browser's console: {page.console_errors}"
        assert screenshot(page, path, PHONE["width"]) > 10_000
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        too_wide = page.evaluate(TOO_WIDE, PHONE["width"])
        assert not too_wide, f"{path}: wider than the phone outside a scrolling frame: {too_wide[:3]}"
        figures = page.evaluate(
            "() => [...document.querySelectorAll('.cell_output img')].map(img => ({"
            "shown: img.getBoundingClientRect().width, natural: img.naturalWidth,"
            "column: img.closest('.cell_output').getBoundingClientRect().width,"
            "shrunk: img.classList.contains('figure-shrunk')}))"
        )
        least = plots.MIN_READ_PT / (plots.MIN_FONT_PT * plots.DPI / 96)
        for figure in figures:
            assert figure["shown"] <= figure["column"] + 1, f"{path}: a figure wider than its column: {figure}"
            assert figure["shrunk"] == (figure["shown"] < figure["natural"] * least - 1), figure
        shrunk = page.locator(".cell_output img.figure-shrunk")
        if shrunk.count():
            natural = shrunk.first.evaluate("img => img.naturalWidth")
            shrunk.first.click()
            enlarged = page.locator(".figure-overlay img")
            assert enlarged.count() == 1 and enlarged.evaluate("img => img.getBoundingClientRect().width") == natural
            page.keyboard.press("Escape")
            assert page.locator(".figure-overlay").count() == 0
        study = path.startswith("book/chapters/") and chapters.chapter(path.rsplit("/", 1)[-1]).study
        if study:
            cells = page.locator("table.claims-table td")
            assert cells.count() > 0, f"{path}: no closing table of claims"
            assert cells.first.evaluate("td => getComputedStyle(td).display") == "block"
            assert cells.first.get_attribute("data-label") == "claim"
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
