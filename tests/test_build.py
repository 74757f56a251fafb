"""The HTML book builds from the quick runs with warnings as errors; every toc page exists and is clean, and
the teaching page offers the student kit."""

import json
import re

import pytest
from conftest import QUICK_DIR

from helpers.common import judgement
from helpers.publishing import chapters

pytestmark = [pytest.mark.build, pytest.mark.xdist_group("book")]  # one worker builds the quick book
TOC = chapters.toc_files()
NOISE = [
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r'class="[^"]*\boutput[^"]*\b(stderr|traceback|error)\b'),
]


@pytest.mark.parametrize("page", TOC)
def test_page_exists_without_tracebacks_or_stderr(page, quick_book):
    html = (quick_book / f"{page}.html").read_text(encoding="utf-8")
    for pattern in NOISE:
        assert not pattern.search(html), f"{page}.html shows {pattern.pattern}"


@pytest.mark.parametrize("stem", chapters.stems())
def test_chapter_shows_its_figures(stem, quick_book):
    html = (quick_book / "book" / "chapters" / f"{stem}.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert images, f"{stem} shows no figure"
    for src in images:
        assert (quick_book / "book" / "chapters" / src).resolve().is_file(), f"{stem}: missing image {src}"


@pytest.mark.parametrize("kit", ["student-kit", "teacher-kit"])
def test_the_teaching_page_offers_both_kits(quick_book, kit):
    html = (quick_book / "book" / "teaching.html").read_text(encoding="utf-8")
    link = re.search(rf'href="([^"]*{kit}\.zip)"', html)
    assert link, f"the teaching page has no link to the {kit}"
    assert (quick_book / "book" / link.group(1)).resolve().stat().st_size > 10_000


def test_the_teaching_page_marks_the_teacher_kit_as_not_for_students(quick_book):
    text = " ".join(
        re.sub(r"<[^>]+>", " ", (quick_book / "book" / "teaching.html").read_text(encoding="utf-8")).split()
    )
    assert re.search(r"teacher kit is for the teacher only: it holds the solutions", text)


def verdict_from_interval(entry: dict) -> str:
    """The verdict the judging page's rules give an entry of claims.json, recomputed here from its
    interval alone (written apart from helpers.common.judgement, as a reader of the page would)."""
    low, high = entry["interval"]
    if entry["kind"] == "difference":
        side = entry["claimed_side"]
        if (high < 0 and side < 0) or (low > 0 and side > 0):
            return "reproduced"
        return "not resolved" if low <= 0 <= high else "contradicted"
    margin = entry["margin"]
    if -margin < low and high < margin:
        return "reproduced"
    return "contradicted" if low >= margin or high <= -margin else "not resolved"


def test_claims_json_judges_every_study_claim_and_each_verdict_follows_from_its_numbers(quick_book):
    from helpers.publishing import studies  # imports every study package: only where a test needs it

    entries = {e["id"]: e for e in json.loads((quick_book / "claims.json").read_text(encoding="utf-8"))}
    # a claim the quick profile cannot measure (Douyin's window choice needs the study's three windows) is
    # recorded "not run" with its reason, and claims.json holds no numbers for it
    judged = studies.judged_claims(QUICK_DIR, list(studies.CLAIMS_MODULES))
    not_run = {j.id for study, _ in judged.values() for j in study if j.verdict == judgement.NOT_RUN}
    assert not_run <= {"douyin.window_100_best"}, f"claims the quick runs did not judge: {sorted(not_run)}"
    expected = {c.id for m in studies.CLAIMS_MODULES.values() for c in m.CLAIMS} - not_run
    assert expected <= set(entries), f"claims.json lacks {sorted(expected - set(entries))}"
    for entry in entries.values():
        comparable = not entry["verdict"].startswith("not comparable")
        if entry["kind"] in ("difference", "no-effect"):
            want = verdict_from_interval(entry)  # a claim not comparable also says what the rule reads here
            assert entry["verdict"] == (want if comparable else f"not comparable (on this book's data: {want})")
            if len(entry["values"]) >= 2:  # the estimate is the mean of the per-seed or per-fold values
                assert entry["estimate"] == pytest.approx(sum(entry["values"]) / len(entry["values"]))
            first, second = entry["book"]  # the two sides, in the claim's order
            a, b = entry["book"][first], entry["book"][second]
            assert entry["estimate"] == pytest.approx(a - b, abs=1e-9), entry["id"]
            printed = re.search(rf"{re.escape(first)} (\S+) ([<>=]) {re.escape(second)} (\S+)", entry["sentence"])
            assert printed, entry["id"]
            shown_a, sign, shown_b = printed.groups()
            # the sign is the one the figures have, or "=" where they agree to every decimal printed
            want = "=" if shown_a == shown_b else "<" if a < b else ">"
            assert sign == want, f"{entry['id']}: {printed.group(0)}"
            if sign == "=":
                assert abs(a - b) < 10.0 ** -(len(shown_a.split(".")[-1])), entry["id"]
        if entry["kind"] == "ordering" and comparable:
            parts = [entries[name]["verdict"] for name in entry["pairs"]]
            want = (
                "reproduced"
                if all(p == "reproduced" for p in parts)
                else "contradicted"
                if "contradicted" in parts
                else "not resolved"
            )
            assert entry["verdict"] == want, entry["id"]


def test_each_section_the_intensive_plan_assigns_is_a_place_on_its_chapters_page(quick_book):
    from helpers.publishing import teaching

    html = (quick_book / "book" / "teaching.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(chapters/[^"#]+\.html)#([^"]+)"', html)
    assigned = [s for session in teaching.load_intensive() for s in session.sections]
    assert len(links) >= len(assigned), f"the teaching page links {len(links)} of {len(assigned)} sections"
    for page, anchor in links:
        chapter = (quick_book / "book" / page).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in chapter, f"{page} has no section {anchor!r}"


@pytest.mark.parametrize("stem", chapters.stems())
def test_each_chapter_has_a_slide_deck_linked_from_the_teaching_page_that_loads_nothing_remote(quick_book, stem):
    from helpers.publishing import slides

    teaching = (quick_book / "book" / "teaching.html").read_text(encoding="utf-8")
    href = f"../{slides.SLIDES_FOLDER}/{stem}{slides.DECK_SUFFIX}"
    assert f'href="{href}"' in teaching, f"the teaching page does not link {href}"
    deck = (quick_book / "book" / href).resolve()
    html = deck.read_text(encoding="utf-8")
    loaded = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert [url for url in loaded if re.match(r"(https?:)?//", url)] == [], f"{deck.name} loads from the network"
    for url in loaded:
        if not url.startswith("data:"):
            assert (deck.parent / url).is_file(), f"{deck.name}: {url} is not beside the deck"
    assert html.count("<section") >= 3, f"{deck.name} has fewer than three slides"
