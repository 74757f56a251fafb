"""nbgrader run on the teacher kit's course, as a teacher would: release a chapter's assignment, then
autograde two submissions of it, one untouched and one with the book's solutions written in."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat

from helpers.publishing import kits, student

UNTOUCHED, SOLVED = "untouched", "solved"  # the two students
TIMEOUT_S = 900


def nbgrader(course: Path, *words: str) -> None:
    """Run ``nbgrader words...`` in the course folder ``course`` with this interpreter's environment (its
    ``bin`` first on PATH, where nbgrader finds alembic and the kernel); raise with its output on failure."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    command = [str(Path(sys.executable).parent / "nbgrader"), *words]
    done = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, f"nbgrader {' '.join(words)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


def solved(released: nbformat.NotebookNode, source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the released notebook with each answer cell written as the teacher's source answers it (the
    solution markers' lines dropped)."""
    answers = {
        cell.metadata["nbgrader"]["grade_id"]: "\n".join(
            line for line in cell.source.split("\n") if line.strip() not in student.SOLUTION_MARKERS
        )
        for cell in source.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }
    notebook = nbformat.from_dict(released)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[cell.metadata["nbgrader"]["grade_id"]]
    return notebook


def grade(teacher_zip: Path, chapter: str, folder: Path) -> dict[str, dict[str, float]]:
    """Unzip ``teacher_zip`` into ``folder``, release ``chapter``'s assignment, autograde the untouched and
    the solved submission; return each student's score by grade cell, and the points each cell is worth
    under the key ``"max"``."""
    from nbgrader.api import Gradebook

    with zipfile.ZipFile(teacher_zip) as kit:
        kit.extractall(folder)
    course = folder / kits.TEACHER_KIT
    nbgrader(course, "generate_assignment", chapter)
    released = nbformat.read(str(course / "release" / chapter / f"{chapter}.ipynb"), as_version=4)
    source = nbformat.read(str(course / "source" / chapter / f"{chapter}.ipynb"), as_version=4)
    for who, notebook in ((UNTOUCHED, released), (SOLVED, solved(released, source))):
        (course / "submitted" / who / chapter).mkdir(parents=True)
        nbformat.write(notebook, str(course / "submitted" / who / chapter / f"{chapter}.ipynb"))
    nbgrader(course, "autograde", chapter, "--create")
    scores: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        for who in (UNTOUCHED, SOLVED):
            grades = [g for nb in book.find_submission(chapter, who).notebooks for g in nb.grades]
            scores[who] = {g.name: g.score for g in grades}
            scores["max"] = {g.name: g.max_score for g in grades}
    return scores


def chapters_with_code_exercises(teacher_zip: Path) -> list[str]:
    """The chapters the teacher kit has an nbgrader assignment for."""
    with zipfile.ZipFile(teacher_zip) as kit:
        prefix = f"{kits.TEACHER_KIT}/source/"
        return sorted({n[len(prefix) :].split("/")[0] for n in kit.namelist() if n.startswith(prefix)})
