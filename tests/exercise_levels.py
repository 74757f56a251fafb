"""The chapters' exercises as a teacher meets them: each shows its level and minutes, each stub names only the
function to write, and a chapter has at least two code exercises of two stars or more."""

from __future__ import annotations

import ast
import re

import nbformat

from helpers.common.exercises import count_exercises
from helpers.common.paths import notebooks_dir
from helpers.publishing import student

LEVEL_HEAD = re.compile(r"^(?:```|:::)\{exercise\} (★{1,3}) · \d+ min\n:label: (\S+)", re.M)


def check_levels_and_harder_code_exercises(stem: str) -> None:
    """Assert that every exercise of notebook ``stem`` shows its level and minutes, that its stubs are neutral
    (:func:`helpers.publishing.student.neutral_stub` leaves their code as it is), and that at least two of its code
    exercises have two stars or more."""
    path = notebooks_dir() / f"{stem}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    levels = {label: stars for stars, label in LEVEL_HEAD.findall(text)}
    assert len(levels) == count_exercises(path), "an exercise without level or minutes"
    stubs = [c for c in nb.cells if "exercise-stub" in c.metadata.get("tags", [])]
    # compared as syntax trees: a message that a formatter wrapped over lines is the same message
    same = [ast.dump(ast.parse(student.neutral_stub(c.source))) == ast.dump(ast.parse(c.source)) for c in stubs]
    assert all(same), "a stub says how, not only what"
    harder = [c.metadata["exercise"] for c in stubs if len(levels[c.metadata["exercise"]]) >= 2]
    assert len(harder) >= 2, f"code exercises of two stars or more: {harder}"
