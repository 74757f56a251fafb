"""The student and teacher editions of a chapter's exercises.

A chapter's exercises are ``{exercise}`` blocks (sphinx-exercise). A question exercise's model answer is a
``{solution}`` block. A code exercise adds three kinds of cell, each tagged:

- ``exercise-stub``: the function to write, raising NotImplementedError; the book runs it and leaves it off
  the page (``remove-cell``);
- the solution: the cells between the markdown cells ``{solution-start}`` and ``{solution-end}``, shown on
  the page in a collapsed block;
- ``exercise-check``: calls :mod:`helpers.common.exercises` against a known answer.

The student edition (:func:`student_edition`) drops every solution and every written answer, and its stubs
say only which function to write, so each check stops until the student writes it. The nbgrader source
(:func:`nbgrader_source`) is the chapter's set-up and exercises, each stub's body replaced by the solution
between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, each check a graded cell with hidden tests
(:mod:`helpers.publishing.hidden_tests`) between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``.
The model answers (:func:`model_answers`) are every exercise with its solution, for the teacher.
"""

from __future__ import annotations

import ast
import copy
import re
import shlex

import nbformat

from helpers.publishing.tags import CHECK_TAG, REMOVED, STUB_TAG

SOLUTION_START = re.compile(r"^```\{solution-start\}\s+(\S+)", re.MULTILINE)
SOLUTION_END = "{solution-end}"
WRITTEN_ANSWER = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}\s*(?P<label>\S*)")
EXERCISE_LABEL = re.compile(r"^:label:\s*(\S+)", re.MULTILINE)
SECTION = re.compile(r"^## ", re.MULTILINE)
EXERCISES_HEADING = "## Exercises"
RERUN = re.compile(r"^(?P<indent>[ \t]*)\.venv/bin/python -m helpers run (?P<arguments>.+)$", re.MULTILINE)
QUICK_FILE = "profiles/{stem}.quick.yml"  # where the kit keeps each chapter's class (quick) settings, for papermill
FULL_FILE = "profiles/{stem}.full.yml"  # and the study's full settings of the same parameters
STUB_MESSAGE = "write {name} as the exercise above asks"  # what a student's stub says: what to write, not how
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")  # nbgrader's, around an answer's code
HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")  # nbgrader's, around a grade cell's hidden part
POINTS_PER_EXERCISE = 1
HIDDEN_IMPORTS = (
    "import numpy as np\nimport pandas as pd\n\nfrom helpers.common import exercises\n"  # what hidden tests use
)


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


def split_written_answers(markdown: str) -> tuple[str, dict[str, str]]:
    """Return ``markdown`` without its ``{solution}`` blocks, and each block's text (its directive lines
    included) by the exercise label it answers. A block is fenced with backticks or colons; it ends at the
    first line of at least as many of the same character, a colon fence counting the directives opened
    inside it. Raises ValueError for a block that is not closed."""
    kept: list[str] = []
    answers: dict[str, str] = {}
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        opening = WRITTEN_ANSWER.match(lines[index])
        if not opening:
            kept.append(lines[index])
            index += 1
            continue
        fence, depth, end = opening.group("fence"), 0, index + 1
        while end < len(lines):
            line = lines[end].strip()
            if fence[0] == ":" and line.startswith(fence) and "{" in line:
                depth += 1
            elif line and set(line) == {fence[0]} and len(line) >= len(fence):
                if depth == 0:
                    break
                depth -= 1
            end += 1
        if end == len(lines):
            raise ValueError(f"the written answer to {opening.group('label')!r} is never closed")
        answers[opening.group("label")] = "\n".join(lines[index : end + 1])
        index = end + 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip(), answers


def neutral_stub(source: str) -> str:
    """Return a stub cell's ``source`` with each ``raise NotImplementedError(...)`` inside a function
    replaced by one whose message names only the function to write (:data:`STUB_MESSAGE`)."""
    lines = source.split("\n")
    raises = [
        (node.name, statement)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
        for statement in node.body
        if isinstance(statement, ast.Raise)
        and isinstance(statement.exc, ast.Call)
        and getattr(statement.exc.func, "id", "") == "NotImplementedError"
    ]
    for name, statement in sorted(raises, key=lambda pair: -pair[1].lineno):
        indent = " " * statement.col_offset
        message = STUB_MESSAGE.format(name=name)
        lines[statement.lineno - 1 : statement.end_lineno] = [f'{indent}raise NotImplementedError("{message}")']
    return "\n".join(lines)


def kit_reruns(markdown: str) -> str:
    """Return ``markdown`` with each rerun of a chapter through the book's checkout
    (``.venv/bin/python -m helpers run <chapter> --profile <profile> -p name=value ...``) written as the
    papermill command that does the same from the student kit's folder: the chapter's notebook, the quick
    settings from :data:`QUICK_FILE` under the quick profile and the study's from :data:`FULL_FILE` under
    the full one (the kit's notebooks start with the class settings), each override as YAML, the executed
    copy written beside the kit's notebooks."""

    def papermill(match: re.Match) -> str:
        stem, *words = shlex.split(match.group("arguments"))
        settings = dict(zip(words[::2], words[1::2], strict=True))  # --profile and -p alternate with values
        overrides = [value.partition("=") for flag, value in zip(words[::2], words[1::2], strict=True) if flag == "-p"]
        command = ["papermill", f"notebooks/{stem}.ipynb", f"notebooks/{stem}.rerun.ipynb"]
        if settings.get("--profile") in ("quick", "full"):
            chosen = QUICK_FILE if settings["--profile"] == "quick" else FULL_FILE
            command += ["-f", chosen.format(stem=stem)]
        for name, _, value in overrides:
            command += ["-y", f"{name}: {value}"]
        return match.group("indent") + shlex.join(command)

    return RERUN.sub(papermill, re.sub(r"[ \t]*\\\n[ \t]*(?=-p )", " ", markdown))


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


def _without_written_answers(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Return ``cells`` with the written answers cut out of their markdown cells, and the cells left empty
    by the cut dropped."""
    kept = []
    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source, _ = split_written_answers(cell.source)
            if not cell.source:
                continue
        kept.append(cell)
    return kept


def student_edition(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the student copy of a chapter: solution blocks and written answers removed, each stub shown
    with a message that names the function to write, each rerun a papermill command that runs from the
    student kit (:func:`kit_reruns`), no outputs."""
    _, inside = _solutions(nb)
    student = copy.deepcopy(nb)
    cells = [_clean(cell) for index, cell in enumerate(nb.cells) if index not in inside]
    for cell in cells:
        if STUB_TAG in cell.metadata.get("tags", []):
            cell.source = neutral_stub(cell.source)
        if cell.cell_type == "markdown":
            cell.source = kit_reruns(cell.source)
    student.cells = _without_written_answers(cells)
    return student


def exercise_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Return the indices of a chapter's set-up code cells (before its first section) and of the cells of
    its exercises section (from the heading :data:`EXERCISES_HEADING` to the next section), less the
    code cells the page leaves out that are not stubs (a chapter's clean-up). Empty for a chapter
    without exercises."""
    sections = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and SECTION.search(c.source)]
    start = next((i for i in sections if EXERCISES_HEADING in nb.cells[i].source), None)
    if start is None:
        return []
    end = next((i for i in sections if i > start), len(nb.cells))
    setup = [i for i in range(sections[0]) if nb.cells[i].cell_type == "code"]
    section = [
        i
        for i in range(start, end)
        if not (
            REMOVED in nb.cells[i].metadata.get("tags", []) and STUB_TAG not in nb.cells[i].metadata.get("tags", [])
        )
    ]
    return setup + section


def _function_bodies(source: str) -> tuple[list[str], dict[str, list[str]]] | None:
    """Return a solution's imports (source lines) and each top-level function's body less its docstring
    (source lines, as indented in ``source``), or None when the solution holds anything else at its top
    level (an answer cell then takes the whole solution)."""
    tree, lines = ast.parse(source), source.split("\n")
    imports, bodies = [], {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.extend(lines[node.lineno - 1 : node.end_lineno])
        elif isinstance(node, ast.FunctionDef):
            body = node.body
            if isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                body = body[1:]
            bodies[node.name] = lines[body[0].lineno - 1 : node.end_lineno]
        else:
            return None
    return imports, bodies


def answer_cell_source(stub: str, solutions: list[str]) -> str:
    """Return an nbgrader answer cell's source: the stub ``stub`` with each function's ``raise`` replaced by
    the solution's body between nbgrader's solution markers (the solution's imports first inside it), so
    the student's version keeps each signature and docstring. Where the solution's code cells
    ``solutions`` hold more than imports and the stub's functions, the whole solution goes between the
    markers instead."""
    whole = f"{SOLUTION_MARKERS[0]}\n" + "\n\n".join(solutions) + f"\n{SOLUTION_MARKERS[1]}"
    parsed = [_function_bodies(s) for s in solutions]
    if any(p is None for p in parsed):
        return whole
    imports = [line for p in parsed for line in p[0]]
    bodies = {name: body for p in parsed for name, body in p[1].items()}
    lines = stub.split("\n")
    functions = [n for n in ast.parse(stub).body if isinstance(n, ast.FunctionDef)]
    if sorted(f.name for f in functions) != sorted(bodies):
        return whole
    for function in sorted(functions, key=lambda f: -f.lineno):
        statement = function.body[-1]
        indent = " " * statement.col_offset
        depth = len(_indent_of(bodies[function.name]))
        body = [
            indent + line if line.strip() else "" for line in [*imports, *(b[depth:] for b in bodies[function.name])]
        ]
        marked = [indent + SOLUTION_MARKERS[0], *body, indent + SOLUTION_MARKERS[1]]
        lines[statement.lineno - 1 : statement.end_lineno] = marked
    return "\n".join(lines)


def _indent_of(lines: list[str]) -> str:
    """Return the leading whitespace of the first non-blank line of ``lines``."""
    first = next(line for line in lines if line.strip())
    return first[: len(first) - len(first.lstrip())]


def nbgrader_source(nb: nbformat.NotebookNode, hidden: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """Return the nbgrader source of a chapter's exercises: its set-up cells and exercises section
    (:func:`exercise_cells`), each stub an autograded answer cell (:func:`answer_cell_source`), each check a
    graded test cell worth :data:`POINTS_PER_EXERCISE` with the hidden tests ``hidden[label]`` (default:
    :data:`helpers.publishing.hidden_tests.HIDDEN`) appended between nbgrader's markers, the solution
    blocks and written answers removed (they are in :func:`model_answers`). Raises ValueError for a stub
    without a solution."""
    if hidden is None:
        from helpers.publishing import hidden_tests  # the teacher's only: not in the wheel

        hidden = hidden_tests.HIDDEN
    code, inside = _solutions(nb)
    source = copy.deepcopy(nb)
    cells = []
    for index in exercise_cells(nb):
        if index in inside:
            continue
        cell = _clean(nb.cells[index])
        tags = cell.metadata.get("tags", [])
        if STUB_TAG in tags:
            label = _stub_label(cell)
            if label not in code:
                raise ValueError(f"stub of exercise {label!r} has no solution block")
            cell.source = answer_cell_source(cell.source, code[label])
            cell.metadata["nbgrader"] = _nbgrader(label, solution=True)
        elif CHECK_TAG in tags:
            label = cell.metadata.get("exercise", str(index))
            if label in hidden:
                tests = f"{HIDDEN_IMPORTS}\n{hidden[label].strip()}"
                cell.source += f"\n\n{HIDDEN_MARKERS[0]}\n{tests}\n{HIDDEN_MARKERS[1]}"
            cell.metadata["nbgrader"] = _nbgrader(f"{label}-check", grade=True)
        cells.append(cell)
    source.cells = _without_written_answers(cells)
    return source


def _nbgrader(grade_id: str, solution: bool = False, grade: bool = False) -> dict:
    """Return nbgrader's cell metadata (schema 3) for an answer cell or an autograder test cell."""
    meta = {"grade_id": grade_id, "schema_version": 3, "solution": solution, "grade": grade, "locked": not solution}
    if grade:
        meta["points"] = POINTS_PER_EXERCISE
    return meta


def model_answers(nb: nbformat.NotebookNode, title: str) -> str:
    """Return the model answers of a chapter titled ``title`` as Markdown: each exercise's text, then its
    written answer or its solution's cells (code fenced as Python). Glued numbers stay as the book's roles
    (``{glue:text}``): their values are on the chapter's page."""
    lines = [f"# Model answers: {title}", ""]
    _, inside = _solutions(nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            lines += ["```python", cell.source, "```", ""] if index in inside else []
        elif start := SOLUTION_START.search(cell.source):
            lines += [f"**Solution of {start.group(1)}:**", ""]
        elif index in inside:
            lines += [cell.source, ""] if SOLUTION_END not in cell.source else []
        else:
            text, answers = split_written_answers(cell.source)
            lines += [text, ""] if EXERCISE_LABEL.search(text) else []
            for label, answer in answers.items():
                lines += [f"**Answer to {label}:**", "", answer, ""]
    return "\n".join(lines)
