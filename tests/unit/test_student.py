"""The student and nbgrader editions of a chapter, made from a small notebook with one code exercise."""

import nbformat
import pytest

from helpers.common import exercises
from helpers.publishing import student


def chapter() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    stub = nbformat.v4.new_code_cell('def f():\n    raise NotImplementedError("write f")')
    stub.metadata.update(tags=["exercise-stub", "remove-cell"], exercise="ex-f")
    check = nbformat.v4.new_code_cell("exercises.check_equal(f(), 1, 'f')")
    check.metadata.update(tags=["exercise-check"], exercise="ex-f")
    nb.cells = [
        nbformat.v4.new_markdown_cell("```{exercise}\n:label: ex-f\nWrite f.\n```"),
        stub,
        nbformat.v4.new_markdown_cell("```{solution-start} ex-f\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell("def f():\n    return 1"),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        check,
        nbformat.v4.new_markdown_cell("```{exercise}\n:label: ex-g\nThink.\n```"),
    ]
    return nb


def test_student_edition_drops_solutions_and_shows_the_stub():
    cells = student.student_edition(chapter()).cells
    assert [c.cell_type for c in cells] == ["markdown", "code", "code", "markdown"]
    assert "NotImplementedError" in cells[1].source and "remove-cell" not in cells[1].metadata["tags"]
    assert not any("solution" in c.source for c in cells)


def test_nbgrader_source_puts_the_solution_between_markers_with_grading_metadata():
    cells = student.nbgrader_source(chapter()).cells
    answer, check = cells[1], cells[2]
    assert answer.source == "### BEGIN SOLUTION\ndef f():\n    return 1\n### END SOLUTION"
    assert answer.metadata["nbgrader"] == {
        "grade_id": "ex-f", "schema_version": 3, "solution": True, "grade": False, "locked": False
    }  # fmt: skip
    assert check.metadata["nbgrader"]["grade"] and check.metadata["nbgrader"]["points"] == 1


def test_an_unclosed_solution_is_refused():
    nb = chapter()
    del nb.cells[4]
    with pytest.raises(ValueError, match="never closed"):
        student.student_edition(nb)


def test_exercises_are_counted_and_checks_say_what_differs(tmp_path):
    path = tmp_path / "x.ipynb"
    nbformat.write(chapter(), str(path))
    assert exercises.count_exercises(path) == 2
    exercises.check_close(6.3047, 6.305, 0.001, "density")
    with pytest.raises(exercises.ExerciseFailed, match=r"density: got 6.2, expected 6.305"):
        exercises.check_close(6.2, 6.305, 0.001, "density")
    with pytest.raises(exercises.ExerciseFailed, match="expected a finite number"):
        exercises.check_close(None, 6.305, 0.001, "density")
