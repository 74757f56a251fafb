"""The student and nbgrader editions of a chapter, made from a small notebook with one code exercise and
one question."""

import nbformat
import pytest

from helpers.common import exercises
from helpers.publishing import student


def chapter() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("n = 3")
    params.metadata["tags"] = ["parameters"]
    stub = nbformat.v4.new_code_cell(
        'def f(x):\n    """Return x plus one."""\n    raise NotImplementedError(\n        "write f: x + 1"\n    )'
    )
    stub.metadata.update(tags=["exercise-stub", "remove-cell"], exercise="ex-f")
    check = nbformat.v4.new_code_cell("exercises.check_equal(f(0), 1, 'f')")
    check.metadata.update(tags=["exercise-check"], exercise="ex-f")
    cleanup = nbformat.v4.new_code_cell("tidy()")
    cleanup.metadata["tags"] = ["remove-cell"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A chapter"),
        params,
        nbformat.v4.new_markdown_cell("## A section"),
        nbformat.v4.new_code_cell("body = 1"),
        nbformat.v4.new_markdown_cell("## Exercises"),
        nbformat.v4.new_markdown_cell("```{exercise}\n:label: ex-f\nWrite f.\n```"),
        stub,
        nbformat.v4.new_markdown_cell("```{solution-start} ex-f\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell('import math\n\n\ndef f(x):\n    """Return x plus one."""\n    return x + 1'),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        check,
        nbformat.v4.new_markdown_cell(
            ":::{exercise}\n:label: ex-g\nThink.\n\n```bash\nrun it\n```\n:::\n\n"
            "```{solution} ex-g\n:class: dropdown\nBecause the seeds differ.\n```"
        ),
        nbformat.v4.new_markdown_cell("::::{solution} ex-h\n:::{note}\nInside.\n:::\nStill the answer.\n::::"),
        cleanup,
        nbformat.v4.new_markdown_cell("## References"),
    ]
    return nb


def test_student_edition_drops_solutions_and_written_answers_and_says_only_what_to_write():
    cells = student.student_edition(chapter()).cells
    text = "\n".join(c.source for c in cells)
    assert "return x + 1" not in text and "Because the seeds differ" not in text and "answer" not in text
    assert "x + 1" not in text, "the stub's message gives the solution away"
    stub = next(c for c in cells if "exercise-stub" in c.metadata.get("tags", []))
    assert stub.source.endswith('    raise NotImplementedError("write f as the exercise above asks")')
    assert '"""Return x plus one."""' in stub.source and "remove-cell" not in stub.metadata["tags"]
    assert "Think.\n\n```bash\nrun it\n```\n:::" in text, "the question itself stays"


def test_nbgrader_source_keeps_the_signature_and_marks_the_solution_body():
    cells = student.nbgrader_source(chapter(), hidden={"ex-f": "exercises.check_equal(f(4), 5, 'f')"}).cells
    graded = [c for c in cells if "nbgrader" in c.metadata]
    answer, check = graded
    assert answer.source == (
        'def f(x):\n    """Return x plus one."""\n    ### BEGIN SOLUTION\n    import math\n'
        "    return x + 1\n    ### END SOLUTION"
    )
    assert answer.metadata["nbgrader"] == {
        "grade_id": "ex-f", "schema_version": 3, "solution": True, "grade": False, "locked": False
    }  # fmt: skip
    assert check.metadata["nbgrader"]["grade"] and check.metadata["nbgrader"]["points"] == 1
    hidden = check.source.split("### BEGIN HIDDEN TESTS\n")[1]
    assert hidden.endswith("exercises.check_equal(f(4), 5, 'f')\n### END HIDDEN TESTS")


def test_nbgrader_source_is_the_set_up_and_the_exercises_without_answers_or_clean_up():
    sources = [c.source for c in student.nbgrader_source(chapter(), hidden={}).cells]
    assert sources[0] == "n = 3" and sources[1] == "## Exercises"
    assert "body = 1" not in sources and "tidy()" not in sources and "## References" not in sources
    assert not any("Because" in s or "solution" in s for s in sources)


def test_a_solution_with_more_than_functions_goes_whole_between_the_markers():
    source = student.answer_cell_source(
        "def f():\n    raise NotImplementedError()", ["x = 2\n\n\ndef f():\n    return x"]
    )
    assert source == "### BEGIN SOLUTION\nx = 2\n\n\ndef f():\n    return x\n### END SOLUTION"


def test_model_answers_hold_each_exercise_and_its_answer():
    answers = student.model_answers(chapter(), "A chapter")
    assert answers.index("Write f.") < answers.index("return x + 1") < answers.index("Think.")
    assert answers.index("Think.") < answers.index("Because the seeds differ.") < answers.index("Still the answer.")


def test_an_unclosed_solution_or_written_answer_is_refused():
    nb = chapter()
    del nb.cells[9]
    with pytest.raises(ValueError, match="never closed"):
        student.student_edition(nb)
    with pytest.raises(ValueError, match="never closed"):
        student.split_written_answers("```{solution} ex-g\nno end")


def test_exercises_are_counted_and_checks_say_what_differs(tmp_path):
    path = tmp_path / "x.ipynb"
    nbformat.write(chapter(), str(path))
    assert exercises.count_exercises(path) == 2
    exercises.check_close(6.3047, 6.305, 0.001, "density")
    with pytest.raises(exercises.ExerciseFailed, match=r"density: got 6.2, expected 6.305"):
        exercises.check_close(6.2, 6.305, 0.001, "density")
    with pytest.raises(exercises.ExerciseFailed, match="expected a finite number"):
        exercises.check_close(None, 6.305, 0.001, "density")


def test_a_rerun_through_the_checkout_becomes_the_papermill_command_of_the_kit():
    markdown = (
        "Rerun:\n\n```bash\n.venv/bin/python -m helpers run 03_x --profile quick -p w=5 -p sizes='[1, 2]'\n"
        ".venv/bin/python -m helpers run 03_x --profile full \\\n    -p seed=7\n```"
    )
    assert student.kit_reruns(markdown) == (
        "Rerun:\n\n```bash\npapermill notebooks/03_x.ipynb notebooks/03_x.rerun.ipynb -f profiles/03_x.quick.yml"
        " -y 'w: 5' -y 'sizes: [1, 2]'\npapermill notebooks/03_x.ipynb notebooks/03_x.rerun.ipynb -f profiles/03_x.full.yml -y 'seed: 7'\n```"
    )


def test_a_hint_and_the_level_stay_in_the_student_edition_and_the_answer_goes():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Exercises"),
        nbformat.v4.new_markdown_cell(
            ":::{exercise} ★★ · 25 min\n:label: ex-hint\nWrite g.\n\n"
            "```{admonition} Hint\n:class: dropdown\nDivide by the norms.\n```\n:::\n\n"
            "```{solution} ex-hint\n:class: dropdown\nThe model answer.\n```"
        ),
    ]
    text = "\n".join(c.source for c in student.student_edition(nb).cells)
    assert ":::{exercise} ★★ · 25 min\n:label: ex-hint" in text
    assert "```{admonition} Hint\n:class: dropdown\nDivide by the norms.\n```\n:::" in text
    assert "The model answer" not in text
