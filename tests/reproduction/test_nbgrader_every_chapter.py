"""nbgrader grades every chapter's assignment from the teacher kit: full marks for the book's solutions,
zero for each code exercise left untouched. Autograding runs each chapter's set-up under its full settings,
so it runs with `make reproduce`; `make test` grades one chapter (tests/notebooks/test_nbgrader.py)."""

import nbformat
import pytest
from grading import SOLVED, UNTOUCHED, grade

from helpers.publishing import notebooks, tags

pytestmark = pytest.mark.full
WITH_STUBS = [
    path.stem
    for path in notebooks.all_notebooks()
    if any(tags.STUB_TAG in c.metadata.get("tags", []) for c in nbformat.read(str(path), as_version=4).cells)
]


@pytest.mark.parametrize("chapter", WITH_STUBS)
def test_nbgrader_grades_each_chapter(kit_zips, tmp_path, chapter):
    scores = grade(kit_zips[1], chapter, tmp_path)
    assert scores["max"], f"{chapter}: no graded cell"
    assert scores[SOLVED] == scores["max"], f"the book's solutions lose points: {scores}"
    assert scores[UNTOUCHED] == dict.fromkeys(scores["max"], 0.0), f"an untouched stub earns points: {scores}"
