"""The class runs against the full runs: verdicts compared claim by claim, times at the reference speed, the
teaching page's section, and the student kit's notebooks set to the class settings.

That each class run trains its networks is checked by tests/notebooks/test_quick_runs_train.py (each network
at least 5 % under the mean predictor), and that each takes at most its chapter's quick limit at the
reference speed by tests/notebooks/test_every_notebook.py; the limits themselves are checked here against
the three minutes a class run may take.
"""

import ast

import nbformat
import pytest
import yaml

from helpers.common.judgement import NOT_RUN, Judged
from helpers.publishing import chapters, class_runs, kits, student
from helpers.publishing.tags import INJECTED_TAG, PARAMETERS_TAG


def judged(claim_id: str, verdict: str, text: str = "") -> Judged:
    """A judged claim with only what the comparison reads filled in."""
    fields = dict.fromkeys(("chapter", "source", "section", "kind", "sentence", "study", "book", "reason", "rule"), "")
    return Judged(id=claim_id, verdict=verdict, text=text or f"claim {claim_id}", **fields)


def by_id(*claims: Judged) -> dict[str, Judged]:
    return {claim.id: claim for claim in claims}


def test_verdicts_are_compared_claim_by_claim_in_the_full_runs_order():
    full = by_id(
        judged("a", "reproduced"),
        judged("b", "not resolved"),
        judged("c", "contradicted"),
        judged("d", "reproduced"),
        judged("e", NOT_RUN),  # the full run did not judge it: not counted
    )
    quick = by_id(judged("d", "reproduced"), judged("b", "reproduced"), judged("a", "reproduced"), judged("x", "?"))
    compared = class_runs.compare_verdicts(quick, full)
    # by hand: a and d agree; b differs (reproduced against not resolved); c is missing from the class run
    assert [j.id for j in compared.same] == ["a", "d"]
    assert [(ours.id, ours.verdict, theirs.verdict) for ours, theirs in compared.differ] == [
        ("b", "reproduced", "not resolved"),
        ("c", NOT_RUN, "contradicted"),
    ]
    assert compared.judged == 4


def test_a_class_run_time_is_converted_to_the_reference_speed_but_never_credited():
    # this machine ran the workload in 12.2 s against 6.1 s there: twice as slow, so 50 s here is 25 s there
    assert class_runs.reference_seconds(50.0, {"workload_s": 12.2, "reference_s": 6.1}) == pytest.approx(25.0)
    # a faster machine (3.05 s) is not credited: the time stays as measured, as the tests' limits treat it
    assert class_runs.reference_seconds(50.0, {"workload_s": 3.05, "reference_s": 6.1}) == 50.0
    assert class_runs.reference_seconds(50.0, None) == 50.0


def test_every_chapters_class_limit_is_within_three_minutes():
    # the class settings are the quick profile: its limits (checked on each run by test_every_notebook.py)
    # must leave each chapter's class run under the three minutes a class can wait
    over = {c.stem: c.quick_limit_s for c in chapters.chapters() if c.quick_limit_s > class_runs.CLASS_LIMIT_S}
    assert not over, f"quick limits over {class_runs.CLASS_LIMIT_S} s: {over}"


def section(compared: class_runs.Comparison, profile: str = "full", network=None) -> str:
    run = class_runs.ChapterClassRun("01_box_office", 95.0, compared, network)
    return class_runs.class_runs_markdown([run], profile, speed_known=True)


def test_the_section_counts_the_reproduced_verdicts_and_names_those_that_differ():
    full = by_id(judged("a", "reproduced", "Films earn more"), judged("b", "not resolved", "A beats B"))
    quick = by_id(judged("a", "reproduced", "Films earn more"), judged("b", "contradicted", "A beats B"))
    text = section(class_runs.compare_verdicts(quick, full), network=("the MLP's RMSLE", 1.6, 1.5))
    assert "| 1 of 2 " in text and "| 1.6 min " in text
    assert "“A beats B” (class run: contradicted; full run: not resolved)" in text
    assert "Films earn more" not in text  # a verdict the class run reproduces is counted, not named
    # 1.6 against 1.5: |1.6 - 1.5| / 1.5 = 6.7 %, shown to the whole per cent
    assert "1.600 in class, 1.500 in the full run (7 % apart)" in text


def test_a_book_built_from_the_class_runs_or_without_them_says_so():
    compared = class_runs.compare_verdicts(by_id(judged("a", "reproduced")), by_id(judged("a", "reproduced")))
    assert "built from the class runs themselves" in section(compared, profile="quick")
    missing = class_runs.class_runs_markdown([], "full", speed_known=False)
    assert "have not been made" in missing and class_runs.QUICK_COMMAND in missing


def test_the_kits_notebooks_start_with_the_class_settings():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A chapter"),
        nbformat.v4.new_code_cell("epochs = 30  # passes", metadata={"tags": [PARAMETERS_TAG]}),
        nbformat.v4.new_code_cell("print(epochs)"),
    ]
    edited = kits.with_class_settings(nb, {"epochs": 6, "windows": [10]})
    injected = edited.cells[2]
    assert injected.metadata["tags"] == [INJECTED_TAG]  # papermill replaces it on a rerun with -f
    assigned = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(edited.cells[1].source + "\n" + injected.source).body
    }  # the later assignment wins, as when the cells run in order
    assert (assigned["epochs"], assigned["windows"]) == (6, [10])
    assert edited.cells[3].source == "print(epochs)"
    no_parameters = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(ValueError, match="no cell tagged 'parameters'"):
        kits.with_class_settings(no_parameters, {"epochs": 6})


def test_the_kits_full_settings_are_the_notebooks_own_defaults(tmp_path):
    from helpers.common.paths import notebooks_dir

    notebook = notebooks_dir() / "03_douyin.ipynb"
    kits.write_quick_settings([notebook], tmp_path)
    quick = yaml.safe_load((tmp_path / student.QUICK_FILE.format(stem="03_douyin")).read_text())
    full = yaml.safe_load((tmp_path / student.FULL_FILE.format(stem="03_douyin")).read_text())
    assert quick == chapters.chapter("03_douyin").profiles["quick"]
    assert set(full) == set(quick) and full != quick


def test_the_networks_file_names_chapters_of_the_manifest(tmp_path):
    # that each names a record its chapter's class run makes: tests/notebooks/test_class_run_networks.py
    from helpers.common.errors import ParameterError

    assert set(class_runs.load_networks()) <= set(chapters.stems())
    bad = tmp_path / "class_runs.yml"
    bad.write_text("networks:\n  09_none: {record: x, label: y}\n")
    with pytest.raises(ParameterError, match="'09_none' is not a chapter"):
        class_runs.load_networks(bad)
