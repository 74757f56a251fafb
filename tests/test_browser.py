"""The built HTML book in a real browser (headless Chromium): every toc page loads, its internal links
and images resolve, and it shows no traceback or stderr. Screenshots go to build/screenshots/."""

import functools
import shutil
from http.server import SimpleHTTPRequestHandler
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from conftest import serve

from helpers.common.paths import build_dir
from helpers.publishing import html_book

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]
pytestmark = pytest.mark.xdist_group("book")  # the same worker as the build test: one quick book
SCREENSHOTS = {"intro": "book/intro", "data_tour": "book/chapters/00_data"}


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


def visit(browser, url):
    """Open ``url``; return the page, the failed same-origin requests and the HTTP status."""
    page = browser.new_page()
    origin = urlparse(url).netloc
    failures = []
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
    return page, failures, response.status


@pytest.mark.parametrize("path", html_book.toc_files())
def test_page_loads_with_links_images_and_no_errors(path, site, browser):
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
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in {h for h in hrefs if urlparse(h).netloc == urlparse(site).netloc}:
            target, fragment = urldefrag(href)
            if target != url:
                response = page.request.get(target)
                assert response.ok, f"broken link {href} (HTTP {response.status})"
            elif fragment:
                assert page.locator(f"[id='{fragment}']").count() > 0, f"broken anchor {href}"
        assert not failures, f"requests that failed: {failures}"
    finally:
        page.close()


def test_screenshots_for_a_person_to_look_at(site, browser):
    folder = build_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in SCREENSHOTS.items():
        page, failures, status = visit(browser, urljoin(site, f"{path}.html"))
        page.set_viewport_size({"width": 1280, "height": 900})
        target = folder / f"{name}.png"
        page.screenshot(path=str(target))
        page.close()
        assert status == 200 and not failures
        assert target.stat().st_size > 10_000
