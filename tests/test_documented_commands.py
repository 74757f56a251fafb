"""Every command shown in README.md, CONTRIBUTING.md and the book's introduction and rerun page runs, so an
example that stops working fails the suite; the reruns the chapters' exercises show are checked with the
suite's shared runs (see ``documented.py`` and ``tests/notebooks/test_chapter_reruns.py``).

The commands are the lines of the pages' ```bash blocks. `make` targets are dry-run (`make -n`): `make test`
is what CI runs, and `make book` runs every chapter in full. A chapter shown under the full profile runs
here under the quick profile with the same `-p` overrides. A chapter run with no overrides is the suite's
own quick run: it runs with `--skip-current` against ``build/quick``, which the suite has made current (so
the command runs, and the chapter only if needed). A chapter run with overrides is one of the suite's
shared runs, which runs the chapter with all of them (and maybe more): its values are read as the
command-line runner reads them (a misspelt parameter fails), and that run must have made every cell run.
A pytest command whose test files this session collects whole, under the same marks, is not run again:
the session's own results for those tests are that command's. Other commands write what they write to a
temporary folder.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import QUICK_DIR, rerun_group
from documented import CHAPTER_RUN, as_quick, chapter_run, covering_run, merged, page_commands

from helpers.common.paths import repo_root
from helpers.publishing import notebooks, profiles

TIMEOUT_S = 420


def suite_run(words: list[str]) -> str | None:
    """The chapter if ``words`` run one chapter under the quick profile with no overrides (the suite's own
    quick run), else None."""
    parsed = chapter_run(as_quick(words))
    return parsed[0] if parsed is not None and not parsed[2] else None


def runnable(words: list[str], tmp) -> list[str]:
    """The command as the test runs it: quick profile and a temporary folder for what it writes, or for
    the suite's own quick run, ``build/quick`` with `--skip-current`."""
    if words[0] == "make":
        return ["make", "-n", *words[1:]]
    if suite_run(words):
        return [sys.executable, *as_quick(words)[1:], "--skip-current", "--out", str(QUICK_DIR)]
    if words[: len(CHAPTER_RUN)] == CHAPTER_RUN:
        words = [*as_quick(words), "--out", str(tmp)]
    if words[0] == ".venv/bin/papermill":
        words = [words[0], words[1], str(tmp / "out.ipynb"), *words[3:]]
    return [sys.executable if words[0] == ".venv/bin/python" else str(repo_root() / words[0]), *words[1:]]


COMMANDS = page_commands()


def test_the_pages_show_commands():
    assert any(w[: len(CHAPTER_RUN)] == CHAPTER_RUN for w in COMMANDS)
    assert ["make", "book"] in COMMANDS and ["make", "test"] in COMMANDS


def run_by_this_session(words: list[str], session: pytest.Session) -> bool:
    """Whether ``words`` is ``.venv/bin/python -m pytest FILE ...`` with test files only, each of whose
    tests this ``session`` collected, with no ``-k`` and the marks the configuration's ``addopts`` set (so
    the command would run the tests the session runs, with the same settings)."""
    paths = words[3:]
    if words[:3] != [".venv/bin/python", "-m", "pytest"] or not paths or any(p.startswith("-") for p in paths):
        return False
    config = session.config
    addopts = config.getini("addopts")
    default_marks = addopts[addopts.index("-m") + 1] if "-m" in addopts[:-1] else ""
    if config.getoption("keyword") or config.getoption("markexpr") != default_marks:
        return False
    collected = {item.path for item in session.items}
    return all((repo_root() / path).resolve() in collected for path in paths)


def command_param(words: list[str]) -> pytest.ParameterSet:
    """``words`` as a test case; a chapter run with values joins the group of the shared run that has them."""
    covered = covering_run(words)
    marks = [rerun_group(*covered)] if covered else []
    return pytest.param(words, marks=marks, id=" ".join(words))


@pytest.mark.notebooks
@pytest.mark.parametrize("words", [command_param(words) for words in COMMANDS])
def test_documented_command_runs(words, tmp_path, quick_run, shared_run, request):
    if run_by_this_session(words, request.session):
        return  # this session runs those very tests, and its results are the command's
    covered = covering_run(words)
    if covered:
        stem, index = covered
        _, profile, pairs = chapter_run(words)
        notebook = notebooks.resolve([stem])[0]
        # read as `helpers run` reads them: a name the notebook lacks raises ParameterError
        profiles.parameters_for(notebook, profile, profiles.parse_overrides(pairs), profiles.load_profiles())
        shared_run(stem, index)  # raises NotebookFailed naming the cell that failed
        return
    if suite_run(words):
        quick_run(suite_run(words))
    command = runnable(words, tmp_path)
    if command[0] == "make" or command[1:3] != ["-m", "pytest"]:
        done = subprocess.run(command, cwd=repo_root(), capture_output=True, text=True, timeout=TIMEOUT_S)
    else:
        done = subprocess.run(
            [*command, "-p", "no:cacheprovider", "-q"], cwd=repo_root(), capture_output=True, text=True,
            timeout=TIMEOUT_S,
        )  # fmt: skip
    assert done.returncode == 0, f"{' '.join(words)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


@pytest.mark.notebooks
def test_papermill_with_a_misspelt_parameter_fails(tmp_path):
    papermill = str(repo_root() / ".venv" / "bin" / "papermill")
    done = subprocess.run(
        [papermill, "notebooks/00_data.ipynb", str(tmp_path / "out.ipynb"), "-k", "python3", "-p", "bogus", "1"],
        cwd=repo_root(), capture_output=True, text=True, timeout=TIMEOUT_S,
    )  # fmt: skip
    assert done.returncode != 0
    assert "no parameter(s) ['bogus'] in this notebook" in done.stdout + done.stderr


def test_a_rerun_joins_the_first_run_it_does_not_contradict():
    runs = [{"file": "a.csv", "seed": 1}]
    reruns = [{"units": 8}, {"seed": 7}, {"seed": 1, "epochs": 2}, {"seed": 7, "units": 8}]
    # by hand: units=8 joins the first run; seed=7 contradicts its seed=1 and opens a second; seed=1 with
    # epochs=2 joins the first; seed=7 with units=8 contradicts the first's seed and joins the second
    assert merged(runs, reruns) == [{"file": "a.csv", "seed": 1, "units": 8, "epochs": 2}, {"seed": 7, "units": 8}]
    assert runs == [{"file": "a.csv", "seed": 1}]  # the runs given are left as they were
    assert merged([], [{"seed": 7}]) == [{"seed": 7}]
