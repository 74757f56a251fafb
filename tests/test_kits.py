"""The two kits: nothing of the teacher kit's solutions is in the student kit, and the teacher kit is an
nbgrader course."""

import ast
import importlib.metadata
import io
import re
import shlex
import sys
import zipfile
from pathlib import Path

import nbformat
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from helpers.common.paths import repo_root
from helpers.publishing import kits, notebooks, student

MIN_LINE = 20  # shorter lines ("return float(slope)") are too common to point to one solution
NOT_A_SOLUTION = re.compile(r"^(import |from \S+ import |```|:::|:class:|\*\*)")
ANSWER_HEAD = re.compile(r"^\*\*(Answer to|Solution of) ")
EXERCISE_HEAD = re.compile(r"^(```|:::)\{exercise|^## ")


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def between(text: str, markers: tuple[str, str]) -> list[str]:
    """The lines between each pair of nbgrader ``markers`` in ``text``."""
    return [
        line for block in re.findall(rf"{markers[0]}\n(.*?){markers[1]}", text, re.DOTALL) for line in block.split("\n")
    ]


def written_answers(markdown: str) -> list[str]:
    """The sentences of a model-answers file's prose, and the lines of its code, that follow an answer's or a
    solution's heading, up to the next exercise (an answer may quote a phrase of the chapter, not a sentence)."""
    blocks, inside = [], False
    for line in markdown.split("\n"):
        if ANSWER_HEAD.match(line):
            inside = True
            blocks.append([])
        elif EXERCISE_HEAD.match(line):
            inside = False
        elif inside:
            blocks[-1].append(line)
    pieces = []
    for block in blocks:
        prose, code = (
            re.sub(r"```python\n.*?```", "", "\n".join(block), flags=re.DOTALL),
            re.findall(r"```python\n(.*?)```", "\n".join(block), re.DOTALL),
        )
        pieces += re.split(r"(?<=[.?!])\s+", normalised(prose)) + [line for c in code for line in c.split("\n")]
    return pieces


def teacher_solution_lines(teacher_zip: Path) -> set[str]:
    """Every distinctive line of the teacher kit's solutions, hidden tests and model answers, less the lines
    its answer cells give outside the solution markers (a function's signature and docstring)."""
    lines, given = [], set()
    with zipfile.ZipFile(teacher_zip) as kit:
        for name in kit.namelist():
            text = kit.read(name).decode("utf-8")
            if name.endswith(".ipynb"):
                for cell in nbformat.reads(text, as_version=4).cells:
                    lines += between(cell.source, student.SOLUTION_MARKERS) + between(
                        cell.source, student.HIDDEN_MARKERS
                    )
                    if cell.metadata.get("nbgrader", {}).get("solution"):
                        given |= {normalised(line) for line in cell.source.split("\n")}
            elif "/answers/" in name:
                lines += written_answers(text)
    distinctive = {
        normalised(line) for line in lines if len(line.strip()) >= MIN_LINE and not NOT_A_SOLUTION.match(line.strip())
    }
    return distinctive - given


def student_texts(student_zip: Path) -> dict[str, str]:
    """Every text of the student kit by its path, the notebooks as their cells' sources and the wheel's files read out of it."""
    texts = {}
    with zipfile.ZipFile(student_zip) as kit:
        for name in kit.namelist():
            body = kit.read(name)
            if name.endswith(".whl"):
                with zipfile.ZipFile(io.BytesIO(body)) as wheel:
                    texts.update(
                        {f"{name}!{inner}": wheel.read(inner).decode("utf-8", "replace") for inner in wheel.namelist()}
                    )
            elif name.endswith(".ipynb"):
                texts[name] = "\n".join(c.source for c in nbformat.reads(body.decode("utf-8"), as_version=4).cells)
            else:
                texts[name] = body.decode("utf-8")
    return {name: normalised(text) for name, text in texts.items()}


def test_the_student_kit_holds_no_line_of_any_solution_of_the_teacher_kit(kit_zips):
    student_zip, teacher_zip = kit_zips
    solutions = teacher_solution_lines(teacher_zip)
    assert len(solutions) > 100, "too few solution lines found in the teacher kit: is it complete?"
    texts = student_texts(student_zip)
    found = [(line, name) for line in sorted(solutions) for name, text in texts.items() if line in text]
    assert not found, f"{len(found)} solution lines in the student kit, e.g. {found[:5]}"
    notebooks_text = [text for name, text in texts.items() if name.endswith(".ipynb")]
    assert not any(student.SOLUTION_MARKERS[0] in text or student.HIDDEN_MARKERS[0] in text for text in notebooks_text)
    assert not any(name.endswith("hidden_tests.py") for name in texts)


def test_the_grep_finds_a_solution_left_in_a_student_notebook(kit_zips, tmp_path):
    student_zip, teacher_zip = kit_zips
    leaked = tmp_path / "leaked.zip"
    with zipfile.ZipFile(student_zip) as kit, zipfile.ZipFile(leaked, "w") as out:
        for name in kit.namelist():
            out.writestr(name, kit.read(name))
        out.writestr("student-kit/notebooks/leak.ipynb", nbformat.writes(nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell(sorted(teacher_solution_lines(teacher_zip))[0])
        ])))  # fmt: skip
    texts = student_texts(leaked)
    assert any(line in texts["student-kit/notebooks/leak.ipynb"] for line in teacher_solution_lines(teacher_zip))


def test_the_teacher_kit_is_an_nbgrader_course_with_hidden_tests_and_model_answers(kit_zips):
    _, teacher_zip = kit_zips
    with zipfile.ZipFile(teacher_zip) as kit:
        names = kit.namelist()
        assert "teacher-kit/nbgrader_config.py" in names and "teacher-kit/README.md" in names
        assert "Not for students" in kit.read("teacher-kit/README.md").decode()
        sources = [n for n in names if re.fullmatch(r"teacher-kit/source/(\w+)/\1\.ipynb", n)]
        assert sources, "no nbgrader assignment"
        for name in sources:
            cells = nbformat.reads(kit.read(name).decode(), as_version=4).cells
            answers = [c for c in cells if c.metadata.get("nbgrader", {}).get("solution")]
            graded = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
            assert answers and len(answers) == len(graded), name
            assert all(student.HIDDEN_MARKERS[0] in c.source for c in graded), f"{name}: a check without hidden tests"
        answers = [n for n in names if n.startswith("teacher-kit/answers/")]
        assert len(answers) == len(notebooks.all_notebooks())


def third_party_imports() -> set[str]:
    """The top-level modules outside the standard library that the helpers package imports."""
    modules = set()
    for path in (repo_root() / "helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m != "helpers"}


def test_the_wheel_declares_every_package_helpers_imports_and_the_pins_satisfy_each(kit_zips):
    with zipfile.ZipFile(kit_zips[0]) as kit:
        wheel_name = next(n for n in kit.namelist() if n.endswith(".whl"))
        with zipfile.ZipFile(io.BytesIO(kit.read(wheel_name))) as wheel:
            metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "Requires-Python: <3.12,>=3.11" in metadata
    declared = [
        Requirement(line.split(":", 1)[1]) for line in metadata.splitlines() if line.startswith("Requires-Dist:")
    ]
    here = {canonicalize_name(r.name): r for r in declared if r.marker is None or r.marker.evaluate()}
    distributions = importlib.metadata.packages_distributions()
    missing = {m for m in third_party_imports() if not any(canonicalize_name(d) in here for d in distributions[m])}
    assert not missing, f"imported by helpers, not declared by the wheel: {missing}"
    pins = {
        canonicalize_name(name): version
        for name, _, version in (
            line.partition("==") for line in (repo_root() / "requirements.txt").read_text().splitlines()
        )
        if version
    }
    unmet = {name: str(r.specifier) for name, r in here.items() if not r.specifier.contains(pins[name])}
    assert not unmet, f"declared ranges the book's pins do not satisfy: {unmet}"


def test_each_rerun_in_the_student_notebooks_names_files_and_parameters_the_kit_has(kit_zips):
    with zipfile.ZipFile(kit_zips[0]) as kit:
        names = set(kit.namelist())
        commands = [
            (name, line)
            for name in names
            if name.endswith(".ipynb")
            for cell in nbformat.reads(kit.read(name).decode(), as_version=4).cells
            for line in cell.source.splitlines()
            if line.startswith("papermill ") or "helpers run" in line
        ]
    assert len(commands) >= len(notebooks.all_notebooks()), commands
    for name, line in commands:
        words = shlex.split(line)
        assert words[0] == "papermill", f"{name}: a rerun that needs the book's checkout: {line}"
        for path in [words[1]] + [words[i + 1] for i, w in enumerate(words) if w == "-f"]:
            assert f"{kits.STUDENT_KIT}/{path}" in names, f"{name}: {path} is not in the kit"
        defined = notebooks.notebook_parameters(repo_root() / words[1])
        for override in (words[i + 1] for i, w in enumerate(words) if w == "-y"):
            assert override.partition(":")[0] in defined, f"{name}: {override} sets no parameter of {words[1]}"


def test_the_student_notebooks_start_with_the_class_settings_and_the_kit_has_the_self_checks(kit_zips):
    from helpers.publishing import chapters, self_checks
    from helpers.publishing.tags import INJECTED_TAG

    with zipfile.ZipFile(kit_zips[0]) as kit:
        names = set(kit.namelist())
        for chapter in chapters.chapters():
            nb = nbformat.reads(kit.read(f"{kits.STUDENT_KIT}/notebooks/{chapter.stem}.ipynb").decode(), as_version=4)
            injected = [c for c in nb.cells if INJECTED_TAG in c.metadata.get("tags", [])]
            quick = chapter.profiles.get("quick") or {}
            if quick:  # the cell sets each class setting to the manifest's value
                assigned = {
                    node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(injected[0].source).body
                }
                assert assigned == quick, chapter.stem
            else:
                assert not injected, chapter.stem
    for stem in self_checks.load_self_checks():
        assert f"{kits.STUDENT_KIT}/{kits.SELF_CHECKS}/{stem}.md" in names
