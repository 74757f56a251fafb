"""The studies' claims, as each study package lists them: the reports' numbers, one id per claim, a
finding beside the figures, and a section of the chapter for each."""

import re

import nbformat
import pytest

from helpers.box_office import claims as box_office
from helpers.common import judgement
from helpers.common.paths import notebooks_dir
from helpers.douban import claims as douban
from helpers.netflix import claims as netflix
from helpers.publishing import chapters, studies


def test_the_studys_figures_are_the_reports_numbers():
    # typed from the reports: Netflix §5 table, Douban Table 1, box office §1
    figures = {c.id: c.study for m in studies.CLAIMS_MODULES.values() for c in m.CLAIMS if c.kind == "figure"}
    assert figures["netflix.dl.rmse_test.figure"] == 0.878
    assert figures["douban.kadn.mae.figure"] == 0.611
    assert figures["boxoffice.mlp.all.all.rmsle.figure"] == 1.949
    assert douban.STUDENT_TIME_SHARE == pytest.approx(225 / 941)


def test_every_study_states_a_finding_and_no_claim_id_is_used_twice():
    ids = [c.id for m in studies.CLAIMS_MODULES.values() for c in m.CLAIMS]
    assert len(ids) == len(set(ids))
    for chapter, module in studies.CLAIMS_MODULES.items():
        assert module.CHAPTER == chapter
        assert any(c.kind != "figure" for c in module.CLAIMS), chapter


def test_the_no_effect_margins_are_fixed_in_the_study_package_before_any_run():
    no_effect = [c for c in netflix.CLAIMS if c.kind == "no-effect"]
    ordering_pairs = [p for c in netflix.CLAIMS if c.kind == "ordering" for p in c.pairs if p.kind == "no-effect"]
    assert {c.margin for c in no_effect} == {netflix.NORMALISATION_MARGIN}
    assert {p.margin for p in ordering_pairs} == {netflix.LATENT_MARGIN}


def test_a_claim_the_study_contradicts_with_its_own_figures_says_so():
    # the box-office report says training on all films wins on high-budget films, but prints 1.404 > 1.391
    claim = box_office.ALL_BEATS_HIGH_ON_HIGH
    judged = claim.judge(0.9, 1.0, judgement.Interval(-0.1, -0.2, -0.05, 0.95, "5 seeds", "by hand", (-0.1,) * 5))
    assert judged.study == "all→high 1.404 > high→high 1.391"
    assert "the study's own figures say the opposite" in judged.reason


@pytest.mark.parametrize("chapter", studies.CLAIMS_MODULES)
def test_each_claim_links_to_a_section_of_its_chapter_and_the_study_is_named_as_its_chapter(chapter):
    nb = nbformat.read(str(notebooks_dir() / f"{chapter}.ipynb"), as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    labels = set(re.findall(r"^\(([\w-]+)\)=$", text, flags=re.MULTILINE))
    module = studies.CLAIMS_MODULES[chapter]
    assert {c.section for c in module.CLAIMS} <= labels
    assert nb.cells[0].source.startswith(f"# {chapters.chapter(chapter).short_title}:")


def test_the_closing_table_hides_the_index_and_marks_each_verdict():
    judged = [
        netflix.NORM_RESCUES_MF.judge(
            1.06, 1.5, judgement.Interval(-0.44, -0.5, -0.38, 0.95, "3 seeds", "by hand", (-0.44,) * 3)
        ),
        netflix.DL_BEATS_MF.not_run(),
    ]
    html = judgement.show_claims(judged).to_html()
    assert "✔ reproduced" in html and "○ not run yet" in html
    assert "row_heading" not in html  # no index column
    assert "1 reproduced, 1 not run yet" in html


def _pairs(claims):
    """Every difference or no-effect claim among ``claims``, an ordering's pairs included."""
    for claim in claims:
        yield from getattr(claim, "pairs", ()) or ((claim,) if claim.kind in ("difference", "no-effect") else ())


def test_no_model_name_holds_a_free_standing_number():
    # a printed relation reads "A 0.881 > B 0.880": a name such as "size 32" would put a number where the
    # figure belongs, and a reader (or the book's outside checker) would compare 0.881 with 32
    for module in studies.CLAIMS_MODULES.values():
        for pair in _pairs((*module.CLAIMS, *getattr(module, "OWN_QUESTIONS", ()))):
            for name in (pair.first, pair.second):
                assert not re.search(r"(^|\s)[-−]?\d", name), f"{pair.id}: the name {name!r} holds a number"
