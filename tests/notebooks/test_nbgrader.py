"""nbgrader grades one chapter's assignment from the teacher kit: full marks for the book's solutions, zero
for each code exercise left untouched (every chapter's is graded under `make reproduce`:
tests/reproduction/test_nbgrader_every_chapter.py)."""

import pytest
from grading import SOLVED, UNTOUCHED, grade

pytestmark = pytest.mark.notebooks
CHAPTER = "01_box_office"  # three code exercises and a set-up of imports only: the quickest to autograde


def test_nbgrader_gives_full_marks_to_the_solutions_and_zero_to_untouched_stubs(kit_zips, tmp_path):
    scores = grade(kit_zips[1], CHAPTER, tmp_path)
    assert len(scores["max"]) >= 3, scores
    assert scores[SOLVED] == scores["max"], f"the book's solutions lose points: {scores}"
    assert scores[UNTOUCHED] == dict.fromkeys(scores["max"], 0.0), f"an untouched stub earns points: {scores}"
