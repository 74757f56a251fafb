"""Repository hygiene: clean notebooks with a parameters cell and its validation, pins in step, the chapter
manifest the one list of chapters, the package's imports in layers without a circle, and each chapter showing
its method from its own study package."""

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from helpers.common.paths import repo_root
from helpers.publishing import chapters, notebooks, profiles, runner

NOTEBOOKS = notebooks.all_notebooks()
PARAMETER_LINE = re.compile(r"^[a-z_][a-z0-9_]* = .+  # \S.*$")
VALIDATION = "from helpers.{} import parameters\n\nparameters.check(globals())"  # the cell after the parameters


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean_with_validated_parameters(path):
    nb = nbformat.read(str(path), as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == runner.KERNEL_NAME, "kernelspec must be python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), (
        f"{path.name} holds outputs: make clean-notebooks"
    )
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell must be tagged `parameters`"
    lines = [line for line in nb.cells[tagged[0]].source.splitlines() if line.strip()]
    bad = [line for line in lines if not PARAMETER_LINE.match(line)]
    assert not bad, f"each parameter on one line with a trailing '# meaning (unit)' comment: {bad}"
    following = nb.cells[tagged[0] + 1]
    assert following.cell_type == "code" and following.source == VALIDATION.format(
        chapters.chapter(path.stem).package
    ), "check the parameters right after them with their rules in the study package: " + VALIDATION.format(
        chapters.chapter(path.stem).package
    )
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), "open with the chapter title"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_cites_setting_values_not_parameter_names(path):
    names = set(notebooks.parameter_help(path))
    nb = nbformat.read(str(path), as_version=4)
    prose = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    named = sorted({name for name in re.findall(r"`([a-z_][a-z0-9_]*)`", prose) if name in names})
    assert not named, f"{path.stem} names parameters in its text; cite the value (params.record_settings): {named}"


FONT_SIZE = re.compile(r"""(?:fontsize\s*=\s*|["']size["']\s*:\s*)(\d+(?:\.\d+)?)""")


def test_the_browser_keeps_figures_at_the_scale_the_plot_style_assumes():
    from helpers.common import plots

    script = (repo_root() / "_static" / "figures.js").read_text(encoding="utf-8")
    assert f"MIN_FIGURE_SCALE = {plots.MIN_READ_PT} / (({plots.MIN_FONT_PT} * {plots.DPI}) / 96);" in script


def test_no_figure_text_is_set_below_the_books_smallest_font():
    from helpers.common import plots

    sources = [p.read_text() for p in (*NOTEBOOKS, *repo_root().joinpath("helpers").rglob("*.py"))]
    small = [size for text in sources for size in FONT_SIZE.findall(text) if float(size) < plots.MIN_FONT_PT]
    assert not small, f"font sizes below {plots.MIN_FONT_PT} pt: {small}"
    plots.use_book_style()
    import matplotlib.pyplot as plt

    assert all(plt.rcParams[key] >= plots.MIN_FONT_PT for key in plots.FONT_SIZE_KEYS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_has_a_solution_folded_under_it(path):
    nb = nbformat.read(str(path), as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    labels = re.findall(r"^(?:```|:::)\{exercise(?:-start)?\}[^\n]*\n:label: (\S+)", text, flags=re.MULTILINE)
    solved = re.findall(r"^(?:```|:::)\{solution(?:-start)?\} (\S+)\n:class: dropdown$", text, flags=re.MULTILINE)
    assert sorted(labels) == sorted(solved), f"{path.stem}: exercises {labels}, folded solutions {solved}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_shows_its_level_and_minutes_and_every_stub_names_only_its_function(path):
    from helpers.publishing.student import STUB_MESSAGE

    nb = nbformat.read(str(path), as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    heads = re.findall(r"^(?:```|:::)\{exercise(?:-start)?\}([^\n]*)\n:label: (\S+)", text, flags=re.MULTILINE)
    unlevelled = [label for title, label in heads if not re.fullmatch(r" ★{1,3} · \d+ min", title)]
    assert not unlevelled, f"{path.stem}: exercises without a level and minutes (`★★ · 20 min`): {unlevelled}"
    stubs = [cell.source for cell in nb.cells if "exercise-stub" in cell.metadata.get("tags", [])]
    messages = [
        (function.name, raised.exc.args[0].value)
        for source in stubs
        for function in ast.walk(ast.parse(source))
        if isinstance(function, ast.FunctionDef)
        for raised in function.body
        if isinstance(raised, ast.Raise) and isinstance(raised.exc, ast.Call) and raised.exc.args
    ]
    assert len(messages) >= len(stubs), f"{path.stem}: a stub that raises no NotImplementedError with a message"
    telling = [message for name, message in messages if message != STUB_MESSAGE.format(name=name)]
    assert not telling, f"{path.stem}: stubs whose message says more than which function to write: {telling}"


def test_every_notebook_is_a_chapter_of_the_manifest():
    committed = sorted(p.stem for p in (repo_root() / "notebooks").glob("*.ipynb"))
    assert committed == sorted(chapters.stems()), "give each notebook an entry in notebooks/chapters.yml"


@pytest.mark.parametrize("chapter", chapters.chapters(), ids=lambda c: c.stem)
def test_the_manifest_gives_each_chapter_its_notebooks_title_and_package(chapter):
    first = nbformat.read(str(chapter.notebook), as_version=4).cells[0].source.splitlines()[0]
    assert first == f"# {chapter.title}", f"notebooks/chapters.yml: {chapter.stem}'s title is not its notebook's"
    assert chapter.title.startswith(chapter.short_title)
    assert (repo_root() / "helpers" / chapter.package / "__init__.py").is_file(), (
        f"no package helpers/{chapter.package}"
    )


def test_profiles_name_real_notebooks_and_parameters():
    settings = profiles.load_profiles()
    for profile, by_chapter in settings.items():
        for stem in by_chapter:
            notebook = notebooks.resolve([stem])[0]
            profiles.parameters_for(notebook, profile, {}, settings)


def test_requirements_are_exact_pins_and_environment_uses_them():
    lines = [
        line
        for line in (repo_root() / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", line) for line in lines)
    environment = yaml.safe_load((repo_root() / "environment.yml").read_text())
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert "-r requirements.txt" in pip and "-e ." in pip
    assert "python=3.11" in environment["dependencies"]
    assert 'requires-python = ">=3.11,<3.12"' in (repo_root() / "pyproject.toml").read_text()


def test_test_modules_have_unique_names():
    """pytest's default import mode puts each test folder on sys.path, so two files named alike collide."""
    names = [p.name for p in (repo_root() / "tests").rglob("test_*.py")]
    assert sorted(names) == sorted(set(names)), "rename the duplicate test files"


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_code_and_notebooks_pass_ruff(command):
    folders = ["helpers", "tests", "scripts", "notebooks"]
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *folders], cwd=repo_root(), capture_output=True, text=True
    )
    assert done.returncode == 0, f"`make lint` fails:\n{done.stdout}{done.stderr}"


def test_system_packages_step_names_the_command_when_it_cannot_install(tmp_path):
    """Without Chromium, npm, the CJK font, Java, apt-get or sudo, the set-up stops with the one command to run."""
    import os
    import shutil
    import subprocess

    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("bash", "find", "id", "env"):
        (tools / tool).symlink_to(shutil.which(tool))
    done = subprocess.run(
        ["bash", str(repo_root() / "scripts" / "system_packages.sh")],
        env={"PATH": str(tools), "HOME": str(tmp_path)}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 1
    if os.path.exists("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"):
        expected = "sudo apt-get install -y chromium npm default-jre-headless"
    else:
        expected = "sudo apt-get install -y chromium npm fonts-noto-cjk default-jre-headless"
    assert done.stderr.strip().endswith(expected), done.stderr


def test_make_test_runs_every_chapter_in_its_quick_step_in_the_manifests_order():
    makefile = (repo_root() / "Makefile").read_text()
    test_recipe = re.search(r"^test:.*?\n((?:\t.*\n|#.*\n)+)", makefile, re.M).group(1)
    assert "-m helpers run --profile quick $$($(PY) -m helpers chapters --quick-order)" in test_recipe
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "chapters", "--quick-order"],
        cwd=repo_root(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    order = done.stdout.split()
    assert sorted(order) == sorted(chapters.stems())
    places = {c.stem: c.quick_order for c in chapters.chapters()}
    assert [places[stem] for stem in order] == sorted(places.values())


def test_every_phony_target_exists_and_make_help_describes_it():
    # .PHONY lists the targets that are commands; each must be defined with a "## what it does" comment,
    # the line `make help` prints
    makefile = (repo_root() / "Makefile").read_text()
    phony = re.search(r"^\.PHONY: (.+)$", makefile, re.M).group(1).split()
    described = set(re.findall(r"^([a-z-]+):[^\n]*## ", makefile, re.M))
    assert set(phony) == described, f"without a definition or a ## line: {set(phony) ^ described}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_chapter_imports_the_kit_the_data_layer_and_its_own_study_package(path):
    imported = {name for name in notebooks.helpers_imports(notebooks.notebook_code(path), "helpers") if "." in name}
    allowed = ("helpers.common", "helpers.datasets", f"helpers.{chapters.chapter(path.stem).package}")
    stray = sorted(name for name in imported if not name.startswith(allowed))
    assert not stray, f"{path.name} imports {stray}; a chapter uses only {', '.join(allowed)}"


def test_contributing_lists_every_folder_of_the_repository_once():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=repo_root(), capture_output=True, text=True, check=True
    ).stdout.splitlines()
    folders = {"/".join(parts[:end]) + "/" for parts in (p.split("/") for p in tracked) for end in range(1, len(parts))}
    table = (repo_root() / "CONTRIBUTING.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([^`]+/)` \|", table, flags=re.M)
    assert len(listed) == len(set(listed)), "a folder is listed twice"
    packages = {f"helpers/{chapter.package}/" for chapter in chapters.chapters()}  # the manifest lists them
    assert folders - packages == set(listed) - packages


def tracked(*patterns: str) -> list[Path]:
    """The files of the repository that match the git ``patterns``: tracked, or new and not ignored."""
    found = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *patterns],
        cwd=repo_root(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [repo_root() / line for line in found.stdout.splitlines()]


MANIFEST_READERS = {"helpers/publishing/chapters.py"}  # the code that reads notebooks/chapters.yml


def test_no_file_but_the_manifest_lists_the_chapters():
    # the package, the Makefile, the CI entry and the scripts name no chapter; a study package may name its own
    stems = chapters.stems()
    packages = {c.stem: f"helpers/{c.package}/" for c in chapters.chapters()}
    named = {}
    for path in tracked("helpers", "Makefile", ".ci", "scripts"):
        relative = path.relative_to(repo_root()).as_posix()
        if relative in MANIFEST_READERS or path.suffix in (".npz", ".sha256"):
            continue
        text = path.read_text(encoding="utf-8")
        found = [stem for stem in stems if stem in text and not relative.startswith(packages[stem])]
        if found:
            named[relative] = found
    assert not named, f"files that name chapters (read them from the manifest, helpers.publishing.chapters): {named}"


LAYERS = ("common", "datasets", None, "publishing")  # from the ground up; None: the study packages


def layer(module: str) -> int:
    """The layer of a ``helpers`` module: 0 the kit, 1 the data, 2 a study package, 3 publishing, 4 the top
    (``helpers`` itself and its command line)."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return len(LAYERS)
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else LAYERS.index(None)


def helpers_modules() -> dict[str, Path]:
    """Every module of ``helpers`` by dotted name (a package by its own name, for its ``__init__``)."""
    found = {}
    for path in (repo_root() / "helpers").rglob("*.py"):
        parts = path.relative_to(repo_root()).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The ``helpers`` modules that ``module`` (its source at ``path``) imports anywhere (at the top, in a
    function or under TYPE_CHECKING): ``from a import b`` counts as ``a.b`` when that is a module, else ``a``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *base.split(".")])
                base = base.strip(".")
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}
    return {name for name in found if name in known and name != module}


def test_helpers_imports_have_no_circle_and_no_arrow_back_up_the_layers():
    import networkx as nx

    modules = helpers_modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    graph.add_edges_from((m, i) for m, path in modules.items() for i in imports_of(m, path, set(modules)))
    upward = sorted(f"{a} -> {b}" for a, b in graph.edges if layer(b) > layer(a))
    assert not upward, f"imports running back up the layers (common, datasets, study packages, publishing): {upward}"
    circles = [" -> ".join([*cycle, cycle[0]]) for cycle in nx.simple_cycles(graph)]
    assert not circles, f"import circles: {circles}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_study_package_has_a_rule_for_each_parameter_of_the_chapter(path):
    rules = importlib.import_module(f"helpers.{chapters.chapter(path.stem).package}.parameters").RULES
    assert list(rules) == list(notebooks.parameter_help(path)), "one rule per parameter, in the cell's order"


LITERALINCLUDE = re.compile(r"^```\{literalinclude\} (\S+)\n((?::\w+:.*\n)*)```$", re.M)
PYOBJECT = re.compile(r"^:pyobject: (\S+)$", re.M)


def literal_includes(path) -> list[tuple[Path, str | None]]:
    """Each ``{literalinclude}`` of the chapter's markdown: the file it names, resolved from ``book/chapters``
    (where the executed chapter is built), and its ``:pyobject:`` (None when it includes the whole file)."""
    nb = nbformat.read(str(path), as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    found = []
    for name, options in LITERALINCLUDE.findall(text):
        target = PYOBJECT.search(options)
        found.append(((repo_root() / "book" / "chapters" / name).resolve(), target and target.group(1)))
    return found


def defines(source: str, dotted: str) -> bool:
    """Whether Python ``source`` defines the class or function ``dotted`` (``Class.method`` for a method)."""
    body = ast.parse(source).body
    for part in dotted.split("."):
        found = [n for n in body if isinstance(n, ast.ClassDef | ast.FunctionDef) and n.name == part]
        if not found:
            return False
        body = found[0].body
    return True


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_included_file_and_object_exists(path):
    for file, target in literal_includes(path):
        assert file.is_file(), f"{path.stem} includes {file}, which does not exist"
        assert target is None or defines(file.read_text(encoding="utf-8"), target), (
            f"{path.stem} includes {target} from {file.name}, which does not define it"
        )


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if chapters.chapter(p.stem).package != "datasets"], ids=lambda p: p.stem
)  # the data tour calls the data layer; a study chapter shows the method it teaches
def test_each_study_chapter_shows_code_of_its_own_study_package(path):
    package = repo_root() / "helpers" / chapters.chapter(path.stem).package
    shown = [file for file, _ in literal_includes(path) if file.is_relative_to(package)]
    assert shown, f"{path.stem} shows no code of helpers/{chapters.chapter(path.stem).package} with {{literalinclude}}"
