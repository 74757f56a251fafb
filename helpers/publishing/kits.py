"""The two kits a teacher gets from the book: the student kit, with no solution in it, and the teacher kit,
with the nbgrader course and the model answers.

``python -m helpers student`` writes both into ``build/student`` (:func:`write_kits`), each as a folder and a
zip; the teaching page offers the two zips. The editions of a chapter come from
:mod:`helpers.publishing.student`.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import nbformat
import yaml

from helpers.common.paths import build_dir, repo_root
from helpers.publishing import chapters, profiles, self_checks, student
from helpers.publishing.notebooks import notebook_parameters
from helpers.publishing.tags import INJECTED_TAG, PARAMETERS_TAG

WHEEL_SOURCES = ("pyproject.toml", "README.md", "helpers")  # what setuptools needs to build the wheel
TEACHER_ONLY = ("helpers/publishing/hidden_tests.py",)  # left out of the wheel: the student kit ships it
STUDENT_KIT, TEACHER_KIT = "student-kit", "teacher-kit"  # each kit's folder, and its zip's name with .zip
REQUIREMENTS = "requirements.txt"
SELF_CHECKS = "self-checks"  # the student kit's folder of the chapters' self-checks
CLASS_SETTINGS_NOTE = (  # the first lines of the cell that sets a student notebook's class settings
    "# The class settings: shorter runs than the study's (the settings above), which tell the same story in\n"
    "# a few minutes on a laptop. Delete this cell to run the study's full settings."
)
NBGRADER_CONFIG = '''"""nbgrader's settings for the book's course: run from this folder (the course's root)."""

c = get_config()  # noqa: F821 (nbgrader's config loader defines it)
c.CourseDirectory.course_id = "movie-dl-book"
c.CourseDirectory.root = "."
c.Execute.timeout = 600  # seconds per cell: a check may build a small Keras model
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}
'''
STUDENT_README = """# Student kit: {title}

The book's chapters as notebooks, with their exercises to do: each code exercise is a function to write
(its cell stops with "write ... as the exercise above asks" until you do), each question a text to write.

1. **Python 3.11.** Install it (python.org, your system's packages, or `conda create -n book python=3.11`).
2. **A virtual environment**, in this folder:
   `python3.11 -m venv .venv` then `source .venv/bin/activate` (Windows: `.venv\\Scripts\\activate`).
3. **Install** the book's pinned packages and its `helpers` package:
   `pip install -r {requirements} {wheel}`.
4. **The data.** The notebooks read the data sets from the folder named by `BOOK_DATA_DIR`:
   `export BOOK_DATA_DIR=$PWD/data` (Windows: `set BOOK_DATA_DIR=%CD%\\data`), then
   `python -m helpers data fetch` downloads each data set from the public copy the book's registry names
   and checks each file's sha256 (`python -m helpers data verify` checks a copy your teacher gave you).
   Each data set keeps its licence (below): MovieLens and the Netflix Prize data may **not be
   redistributed**, so each student downloads their own copy and passes it to no one.
   {data_notes}
5. **Start JupyterLab**: `jupyter lab`, then open a chapter in `notebooks/`. The chapters' notation,
   cross-references and exercises render there through `jupyterlab-myst` (installed in step 3); numbers the
   book shows from its own run appear once you have run a chapter. A chapter's "rerun" exercises give the
   papermill command that reruns it from this folder, under the class settings in `profiles/`. Each chapter
   starts with the class settings, short runs of a few minutes; delete the cell that sets them to run the
   study's own. After a chapter, `self-checks/` holds a few questions on its method, each answer folded with
   its feedback.

| data set | folder | licence |
|:--|:--|:--|
{data_table}
"""
DATA_NOTES = (  # what a chapter needs besides Python, as the README's step 4 says it
    "The Douban chapter's Chinese film names need a CJK font (e.g. Noto Sans CJK) for its figures, and\n"
    "   the scale appendix needs Java 17 or later for Spark."
)
TEACHER_README = """# Teacher kit: {title}

**Not for students: this kit holds the solutions.** Hand out `student-kit.zip` instead.

- `source/<chapter>/<chapter>.ipynb`: the nbgrader course, one assignment per chapter with code exercises:
  the chapter's set-up cells and its exercises, each solution between `### BEGIN SOLUTION` and
  `### END SOLUTION`, each check a graded cell with hidden tests (random inputs against an independent
  implementation) between `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS`.
- `nbgrader_config.py`: the course's settings; run nbgrader from this folder.
- `answers/<chapter>.md`: every exercise with its model answer (written answers and code).

With the student kit's environment and `pip install nbgrader` (the book pins its version):

```bash
nbgrader generate_assignment {example}   # release/{example}/: solutions and hidden tests removed
# collect each student's notebook as submitted/<student>/{example}/{example}.ipynb, then
nbgrader autograde {example} --create    # runs the checks and the hidden tests: one point per exercise
nbgrader export                          # grades.csv
```

Autograding runs the chapter's set-up cells, so it needs `BOOK_DATA_DIR` set as for the notebooks.
"""


def data_table() -> str:
    """Return the rows of the student README's table of data sets (title, folder, licence), one per
    registered data set, from the registry."""
    from helpers.datasets.registry import DATASETS

    return "\n".join(f"| {d.title} | `{d.folder}` | {d.licence} |" for d in DATASETS.values())


def build_wheel(out: Path) -> Path:
    """Build the wheel of the book's ``helpers`` package into ``out`` (offline, no dependencies fetched)
    from a temporary copy of the package without :data:`TEACHER_ONLY`, so the checkout gets no build
    folders and the wheel no hidden test; return the wheel."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in WHEEL_SOURCES:
            source = repo_root() / name
            if source.is_dir():
                shutil.copytree(source, Path(tmp) / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, Path(tmp) / name)
        for name in TEACHER_ONLY:
            (Path(tmp) / name).unlink()
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), tmp]
        built = subprocess.run(command, capture_output=True, text=True)
    if built.returncode != 0:
        raise RuntimeError(f"building the helpers wheel failed:\n{built.stdout[-2000:]}\n{built.stderr[-2000:]}")
    return max(out.glob("*.whl"), key=lambda p: p.stat().st_mtime)


def _title() -> str:
    """Return the book's title, from ``_config.yml``."""
    return yaml.safe_load((repo_root() / "_config.yml").read_text(encoding="utf-8"))["title"]


def _zip(folder: Path) -> Path:
    """Zip ``folder`` beside it as ``<folder name>.zip``, every path under the folder's name; return it."""
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as kit:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                kit.write(path, Path(folder.name) / path.relative_to(folder))
    return archive


def class_settings(notebook: Path) -> dict[str, Any]:
    """Return the class settings of a chapter (its quick profile: the settings the tests run), by
    parameter name."""
    return profiles.parameters_for(notebook, "quick", {}, profiles.load_profiles())


def study_settings(notebook: Path, names: list[str]) -> dict[str, Any]:
    """Return the defaults of the chapter's ``parameters`` cell for the parameters ``names`` (the study's
    full settings of those the class settings change), as Python values."""
    defaults = notebook_parameters(notebook)
    return {name: ast.literal_eval(defaults[name]) for name in names}


def with_class_settings(nb: nbformat.NotebookNode, settings: dict[str, Any]) -> nbformat.NotebookNode:
    """Return ``nb`` with a cell after its ``parameters`` cell that sets the class ``settings``, tagged as
    papermill tags the cell it injects (a rerun with ``-f`` replaces it), so that "run all" in JupyterLab
    runs the class settings. Unchanged when ``settings`` is empty; raises ValueError for a notebook
    without a parameters cell."""
    if not settings:
        return nb
    cells = nb.cells
    where = next((i for i, c in enumerate(cells) if PARAMETERS_TAG in c.metadata.get("tags", [])), None)
    if where is None:
        raise ValueError("a chapter with class settings has no cell tagged 'parameters' to put them after")
    lines = [CLASS_SETTINGS_NOTE, *(f"{name} = {value!r}" for name, value in settings.items())]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    nb.cells = [*cells[: where + 1], cell, *cells[where + 1 :]]
    return nb


def write_quick_settings(notebooks: list[Path], out: Path) -> None:
    """Write each chapter's class settings (its quick profile) as the YAML file papermill reads with
    ``-f`` (:data:`helpers.publishing.student.QUICK_FILE`, under ``out``), and the study's full settings of
    the same parameters (:data:`helpers.publishing.student.FULL_FILE`), for the student notebooks' reruns."""
    for notebook in notebooks:
        settings = class_settings(notebook)
        for pattern, values in (
            (student.QUICK_FILE, settings),
            (student.FULL_FILE, study_settings(notebook, list(settings))),
        ):
            path = out / pattern.format(stem=notebook.stem)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")


def write_student_kit(notebooks: list[Path], out: Path) -> Path:
    """Write the student kit of ``notebooks`` into the folder ``out`` (replacing it) and zip it beside it:
    the student editions under the class settings (:func:`with_class_settings`), each chapter's class and
    full settings for their reruns, the chapters' self-checks, the helpers wheel, the book's
    pinned requirements and a README; return the zip."""
    shutil.rmtree(out, ignore_errors=True)
    (out / "notebooks").mkdir(parents=True)
    for notebook in notebooks:
        edition = student.student_edition(nbformat.read(str(notebook), as_version=4))
        edition = with_class_settings(edition, class_settings(notebook))
        nbformat.write(edition, str(out / "notebooks" / notebook.name))
    write_quick_settings(notebooks, out)
    stems = {notebook.stem for notebook in notebooks}
    checks = {stem: qs for stem, qs in self_checks.load_self_checks().items() if stem in stems}
    self_checks.write_kit_self_checks(checks, out / SELF_CHECKS)
    wheel = build_wheel(out)
    shutil.copy2(repo_root() / REQUIREMENTS, out / REQUIREMENTS)
    readme = STUDENT_README.format(
        title=_title(), requirements=REQUIREMENTS, wheel=wheel.name, data_notes=DATA_NOTES, data_table=data_table()
    )
    (out / "README.md").write_text(readme, encoding="utf-8")
    return _zip(out)


def write_teacher_kit(notebooks: list[Path], out: Path) -> Path:
    """Write the teacher kit of ``notebooks`` into the folder ``out`` (replacing it) and zip it beside it:
    the nbgrader course (one assignment per chapter with code exercises, and its configuration), the
    model answers of every chapter and a README; return the zip."""
    shutil.rmtree(out, ignore_errors=True)
    (out / "answers").mkdir(parents=True)
    known, assignments = set(chapters.stems()), []
    for notebook in notebooks:
        nb = nbformat.read(str(notebook), as_version=4)
        title = chapters.chapter(notebook.stem).short_title if notebook.stem in known else notebook.stem
        (out / "answers" / f"{notebook.stem}.md").write_text(student.model_answers(nb, title), encoding="utf-8")
        source = student.nbgrader_source(nb)
        if any("nbgrader" in cell.metadata for cell in source.cells):
            assignments.append(notebook.stem)
            (out / "source" / notebook.stem).mkdir(parents=True)
            nbformat.write(source, str(out / "source" / notebook.stem / notebook.name))
    (out / "nbgrader_config.py").write_text(NBGRADER_CONFIG, encoding="utf-8")
    readme = TEACHER_README.format(title=_title(), example=(assignments or ["<chapter>"])[0])
    (out / "README.md").write_text(readme, encoding="utf-8")
    return _zip(out)


def write_kits(notebooks: list[Path], out: Path) -> tuple[Path, Path]:
    """Write the student and teacher kits of ``notebooks`` into ``out`` (folders and zips); return the two
    zips, the student's first."""
    out.mkdir(parents=True, exist_ok=True)
    return write_student_kit(notebooks, out / STUDENT_KIT), write_teacher_kit(notebooks, out / TEACHER_KIT)


def default_kit_dir() -> Path:
    """Where ``python -m helpers student`` writes the kits, and where the book's build takes their zips from."""
    return build_dir() / "student"
