"""The student edition of the chapters and the kit a teacher hands out.

A chapter's exercises are ``{exercise-start}`` / ``{exercise-end}`` blocks (sphinx-exercise). A code
exercise adds three kinds of cell, each tagged:

- ``exercise-stub``: the function to write, raising NotImplementedError that says what to write; the
  book runs it and leaves it off the page (``remove-cell``);
- the solution: the code cells between the markdown cells ``{solution-start}`` and ``{solution-end}``,
  shown on the page in a collapsed block;
- ``exercise-check``: calls :mod:`helpers.common.exercises` against a known answer.

The student edition drops every solution block and shows the stubs, so each check stops with the stub's
message until the student writes the function. The nbgrader source edition keeps each solution as the
body of its stub's cell between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, with nbgrader's cell
metadata, so a teacher can import it into nbgrader, which makes the student version itself.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat
import yaml

from helpers.common.paths import build_dir, repo_root
from helpers.publishing.tags import CHECK_TAG, REMOVED, STUB_TAG

WHEEL_SOURCES = ("pyproject.toml", "README.md", "helpers")  # what setuptools needs to build the wheel
KIT_ZIP = "student-kit.zip"  # the whole kit in one file, as the teaching page offers it
SOLUTION_START = re.compile(r"^```\{solution-start\}\s+(\S+)", re.MULTILINE)
SOLUTION_END = "{solution-end}"
KIT_README = """# Student kit: {title}

This folder holds the chapters as students get them: every exercise's solution removed, each code exercise
left as a stub whose check cell says what to write.

- `notebooks/`: the student notebooks; open them with JupyterLab.
- `nbgrader-source/`: the same notebooks with the solutions between `### BEGIN SOLUTION` and
  `### END SOLUTION` and nbgrader's cell metadata, for a teacher who grades with nbgrader
  (`nbgrader generate_assignment` makes the student version from them).
- `{wheel}`: the book's `helpers` package the notebooks import: `pip install {wheel}`, with the pinned
  versions of the book's `requirements.txt`.

The notebooks read the data sets from the folder named by the environment variable `BOOK_DATA_DIR`. Get
them with the book's repository (`make data`, which downloads each file and checks its sha256) or from
your teacher's copy, then `export BOOK_DATA_DIR=/path/to/data` before starting JupyterLab.
"""


def _solutions(nb: nbformat.NotebookNode) -> tuple[dict[str, list[str]], set[int]]:
    """Return each solution block's code by exercise label, and the indices of every cell of the blocks
    (their gate cells included). Raises ValueError for a block that is not closed."""
    code: dict[str, list[str]] = {}
    inside: set[int] = set()
    label = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and (start := SOLUTION_START.search(cell.source)):
            if label is not None:
                raise ValueError(f"cell {index}: solution of {start.group(1)!r} opens inside {label!r}'s")
            label = start.group(1)
            code[label] = []
        if label is not None:
            inside.add(index)
            if cell.cell_type == "code":
                code[label].append(cell.source)
            if cell.cell_type == "markdown" and SOLUTION_END in cell.source:
                label = None
    if label is not None:
        raise ValueError(f"the solution of {label!r} is never closed with {{solution-end}}")
    return code, inside


def _stub_label(cell: nbformat.NotebookNode) -> str:
    """Return the exercise label a stub cell belongs to, from its ``exercise`` metadata."""
    try:
        return cell.metadata["exercise"]
    except KeyError:
        raise ValueError(f"stub cell without an 'exercise' label in its metadata:\n{cell.source[:200]}") from None


def _clean(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``cell`` without outputs and without the book's page-only tag."""
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    tags = [t for t in cell.metadata.get("tags", []) if t != REMOVED]
    cell.metadata["tags"] = tags
    return cell


def student_edition(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the student copy of a chapter: solution blocks removed, stubs shown, no outputs."""
    _, inside = _solutions(nb)
    student = copy.deepcopy(nb)
    student.cells = [_clean(cell) for index, cell in enumerate(nb.cells) if index not in inside]
    return student


def nbgrader_source(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the nbgrader source copy: each stub replaced by its solution between nbgrader's markers
    (an autograded answer cell), each check an autograder test cell, the solution blocks removed."""
    code, inside = _solutions(nb)
    source = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(nb.cells):
        if index in inside:
            continue
        cell = _clean(cell)
        tags = cell.metadata.get("tags", [])
        if STUB_TAG in tags:
            label = _stub_label(cell)
            if label not in code:
                raise ValueError(f"stub of exercise {label!r} has no solution block")
            cell.source = "### BEGIN SOLUTION\n" + "\n\n".join(code[label]) + "\n### END SOLUTION"
            cell.metadata["nbgrader"] = _nbgrader(label, solution=True)
        elif CHECK_TAG in tags:
            cell.metadata["nbgrader"] = _nbgrader(f"{cell.metadata.get('exercise', index)}-check", grade=True)
        cells.append(cell)
    source.cells = cells
    return source


def _nbgrader(grade_id: str, solution: bool = False, grade: bool = False) -> dict:
    """Return nbgrader's cell metadata (schema 3) for an answer cell or an autograder test cell."""
    meta = {"grade_id": grade_id, "schema_version": 3, "solution": solution, "grade": grade, "locked": not solution}
    if grade:
        meta["points"] = 1
    return meta


def build_wheel(out: Path) -> Path:
    """Build the wheel of the book's ``helpers`` package into ``out`` (offline, no dependencies) from a
    temporary copy of the package, so the checkout gets no build folders; return the wheel."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in WHEEL_SOURCES:
            source = repo_root() / name
            if source.is_dir():
                shutil.copytree(source, Path(tmp) / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, Path(tmp) / name)
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), tmp]
        built = subprocess.run(command, capture_output=True, text=True)
    if built.returncode != 0:
        raise RuntimeError(f"building the helpers wheel failed:\n{built.stdout[-2000:]}\n{built.stderr[-2000:]}")
    return max(out.glob("*.whl"), key=lambda p: p.stat().st_mtime)


def write_kit(notebooks: list[Path], out: Path) -> Path:
    """Write the student kit of ``notebooks`` into ``out`` (replacing it): the student and nbgrader
    source notebooks, the helpers wheel, a README, and all of it as :data:`KIT_ZIP`; return the zip."""
    title = yaml.safe_load((repo_root() / "_config.yml").read_text(encoding="utf-8"))["title"]
    shutil.rmtree(out, ignore_errors=True)
    for folder, edition in (("notebooks", student_edition), ("nbgrader-source", nbgrader_source)):
        (out / folder).mkdir(parents=True)
        for notebook in notebooks:
            nbformat.write(edition(nbformat.read(str(notebook), as_version=4)), str(out / folder / notebook.name))
    wheel = build_wheel(out)
    (out / "README.md").write_text(KIT_README.format(title=title, wheel=wheel.name), encoding="utf-8")
    archive = out / KIT_ZIP
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as kit:
        for path in sorted(out.rglob("*")):
            if path.is_file() and path != archive:
                kit.write(path, Path("student-kit") / path.relative_to(out))
    return archive


def default_kit_dir() -> Path:
    """Where ``python -m helpers student`` writes the kit, and where the book's build takes its zip from."""
    return build_dir() / "student"
