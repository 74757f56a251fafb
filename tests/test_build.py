"""The HTML book builds from the quick runs with warnings as errors; every toc page exists and is clean."""

import re

import pytest

from helpers.publishing import html_book

pytestmark = [pytest.mark.build, pytest.mark.xdist_group("book")]  # one worker builds the quick book
TOC = html_book.toc_files()
NOISE = [
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r'class="[^"]*\boutput[^"]*\b(stderr|traceback|error)\b'),
]


@pytest.mark.parametrize("page", TOC)
def test_page_exists_without_tracebacks_or_stderr(page, quick_book):
    html = (quick_book / f"{page}.html").read_text(encoding="utf-8")
    for pattern in NOISE:
        assert not pattern.search(html), f"{page}.html shows {pattern.pattern}"


@pytest.mark.parametrize("stem", html_book.toc_chapters())
def test_chapter_shows_its_figures(stem, quick_book):
    html = (quick_book / "book" / "chapters" / f"{stem}.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert images, f"{stem} shows no figure"
    for src in images:
        assert (quick_book / "book" / "chapters" / src).resolve().is_file(), f"{stem}: missing image {src}"
