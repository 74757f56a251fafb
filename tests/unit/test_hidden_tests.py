"""The hidden tests of the code exercises pass with the book's solutions and fail a function that only
gives back the answer to its first call (as one hard-coding the visible example would)."""

import ast

import nbformat
import numpy as np
import pandas as pd
import pytest

from helpers.common import exercises
from helpers.publishing import notebooks, student
from helpers.publishing.hidden_tests import HIDDEN

SOLUTIONS = {
    label: "\n\n".join(code)
    for path in notebooks.all_notebooks()
    for label, code in student._solutions(nbformat.read(str(path), as_version=4))[0].items()
}


def run(label: str, hard_coded: bool) -> None:
    """Run the solution of ``label``, its functions made to repeat their first answer when ``hard_coded``,
    then its hidden tests."""
    namespace = {"np": np, "pd": pd, "exercises": exercises}
    exec(SOLUTIONS[label], namespace)  # noqa: S102 (the book's own solution)
    if hard_coded:
        for name in (n.name for n in ast.parse(SOLUTIONS[label]).body if isinstance(n, ast.FunctionDef)):
            namespace[name] = first_answer_only(namespace[name])
    exec(student.HIDDEN_IMPORTS + HIDDEN[label], namespace)  # noqa: S102 (the teacher's hidden tests)


def first_answer_only(function):
    """Return ``function`` made to give back its first answer whatever it is asked next."""
    answers = []

    def hard_coded(*args, **kwargs):
        if not answers:
            answers.append(function(*args, **kwargs))
        return answers[0]

    return hard_coded


@pytest.mark.parametrize("label", sorted(HIDDEN))
def test_hidden_tests_pass_the_solution_and_fail_a_hard_coded_answer(label):
    assert label in SOLUTIONS, f"hidden tests for {label!r}, which no chapter's solution has"
    run(label, hard_coded=False)
    with pytest.raises(exercises.ExerciseFailed):
        run(label, hard_coded=True)
