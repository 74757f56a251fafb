"""The study claims and the verdict rules: each rule judged on figures whose verdict is known by hand."""

import re

import nbformat
import pytest

from helpers.common import claims, formatting, records
from helpers.common.claims import Flat, Match, Order, Side
from helpers.common.paths import notebooks_dir


def match(book_gap: float, **kwargs) -> claims.Outcome:
    claim = Match("x", "a figure", "report", "sec", record="r", study=0.9, tolerance=0.01, **kwargs)
    return claim.judge({"r": 0.9 + book_gap})


def test_a_figure_is_reproduced_within_its_tolerance_and_partly_within_three():
    assert match(0.008).verdict == claims.REPRODUCED
    assert match(-0.025).verdict == claims.PARTLY
    assert match(0.05).verdict == claims.NOT_REPRODUCED
    assert match(0.05).study == "0.900" and match(0.05).book == "0.950"
    assert "gap +0.050" in match(0.05).reason and "±0.01" in match(0.05).reason


def test_a_spread_record_sets_the_tolerance_to_two_standard_deviations():
    claim = Match("x", "MSE", "report", "sec", record="m", study=9.8252, spread_record="sd")
    assert claim.judge({"m": 9.918, "sd": 0.0491}).verdict == claims.REPRODUCED  # gap 0.093 < 0.098
    assert claim.judge({"m": 9.918, "sd": 0.04}).verdict == claims.PARTLY  # 0.08 < 0.093 < 0.24


def test_other_data_make_a_claim_not_comparable_whatever_the_numbers():
    outcome = match(0.0, not_comparable="other films")
    assert outcome.verdict == claims.NOT_COMPARABLE and outcome.reason == "other films"


def test_a_missing_record_is_not_run_yet():
    claim = Match("x", "a figure", "report", "sec", record="r", study=0.9, tolerance=0.01)
    assert claim.judge({}).verdict == claims.NOT_RUN


def test_a_record_this_run_could_not_measure_makes_the_claim_not_comparable_with_its_reason():
    claim = Match("x", "a figure", "report", "sec", record="r", study=0.9, tolerance=0.01)
    outcome = claim.judge({"r": f"{records.NOT_MEASURED}no posters were given"})
    assert (outcome.verdict, outcome.reason, outcome.book) == (
        claims.NOT_COMPARABLE, "no posters were given", formatting.MISSING,
    )  # fmt: skip


def test_an_ordering_is_reproduced_when_all_pairs_hold_and_partly_when_some_do():
    a, b, c = Side("A", "a", 0.7), Side("B", "b", 0.8), Side("C", "c", 0.9)
    claim = Order("x", "A beats B and C", "report", "sec", pairs=((a, b), (a, c)))
    assert claim.judge({"a": 0.60, "b": 0.61, "c": 0.62}).verdict == claims.REPRODUCED
    assert claim.judge({"a": 0.61, "b": 0.60, "c": 0.62}).verdict == claims.PARTLY
    outcome = claim.judge({"a": 0.63, "b": 0.60, "c": 0.62})
    assert outcome.verdict == claims.NOT_REPRODUCED
    assert outcome.book == "A 0.630 < B 0.600, C 0.620" and outcome.study == "A 0.700 < B 0.800, C 0.900"


def test_an_ordering_says_when_the_studys_own_figures_contradict_it():
    # the box-office report says training on all films wins on high-budget films, but prints 1.404 > 1.391
    claim = Order("x", "all beats high", "report", "sec", pairs=((Side("all", "a", 1.404), Side("high", "h", 1.391)),))
    assert "contradict" in claim.judge({"a": 0.9, "h": 1.0}).reason


def test_no_effect_is_judged_on_the_span_of_the_figures():
    claim = Flat(
        "x", "no effect", "report", "sec", sides=(Side("a", "a", 0.878), Side("b", "b", 0.882)), tolerance=0.01
    )
    assert claim.judge({"a": 0.886, "b": 0.877}).verdict == claims.REPRODUCED
    assert claim.judge({"a": 0.90, "b": 0.88}).verdict == claims.PARTLY
    assert claim.judge({"a": 0.95, "b": 0.88}).verdict == claims.NOT_REPRODUCED


def test_the_study_figures_are_the_reports_numbers():
    assert claims.study_figures("05_netflix")["netflix.dl.rmse_test"] == 0.878
    assert claims.study_figures("04_douban")["douban.kadn.mae"] == 0.611
    assert claims.study_figures("01_box_office")["boxoffice.mlp.all.all.rmsle"] == 1.949


def test_every_study_makes_a_qualitative_claim_and_no_claim_is_listed_twice():
    texts = [(c.chapter, c.text) for c in claims.CLAIMS]
    assert len(texts) == len(set(texts))
    for chapter in claims.STUDIES:
        assert any(isinstance(c, (Order, Flat)) for c in claims.claims_for(chapter)), chapter


@pytest.mark.parametrize("chapter", claims.STUDIES)
def test_each_claim_links_to_a_section_of_its_chapter_and_the_study_is_named_as_its_chapter(chapter):
    nb = nbformat.read(str(notebooks_dir() / f"{chapter}.ipynb"), as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    labels = set(re.findall(r"^\(([\w-]+)\)=$", text, flags=re.MULTILINE))
    assert {c.section for c in claims.claims_for(chapter)} <= labels
    assert nb.cells[0].source.startswith(f"# {claims.STUDIES[chapter]}:")


def test_the_closing_table_hides_the_index_and_marks_each_verdict():
    html = claims.show_scoreboard(
        "05_netflix", {"netflix.mf.rmse_test": 1.5, "netflix.mf_norm.rmse_test": 1.06}
    ).to_html()
    assert "✔ reproduced" in html and "○ not run yet" in html
    assert "row_heading" not in html  # no index column


def test_a_finding_the_study_states_without_figures_shows_names_only():
    claim = Order("x", "v2 beats v1", "report", "sec", pairs=((Side("v2", "b"), Side("v1", "a", 0.756)),))
    assert claim.study_text() == "stated: v2 < v1"
