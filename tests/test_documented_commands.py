"""Every command shown in README.md, CONTRIBUTING.md and the book's introduction and rerun page runs, so an
example that stops working fails the suite; the reruns the chapters' exercises show run under nbval (see
``documented.py``), and a test here checks that nbval has each of them.

The commands are the lines of the pages' ```bash blocks. `make` targets are dry-run (`make -n`): `make test`
is what CI runs, and `make book` runs every chapter in full. A chapter shown under the full profile runs
here under the quick profile with the same `-p` overrides; executed copies go to a temporary folder. A
chapter run with no overrides is the suite's own quick run, and one on its example files of one's own the
suite's run on them: each runs with `--skip-current` against the suite's copy (``build/quick`` or
``build/own``), which the suite has made current (so the command runs, and the chapter only if needed).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import EXAMPLES_DIR, OWN_DIR, QUICK_DIR, own_group
from documented import CHAPTER_RUN, as_quick, chapter_run, exercise_commands, exercise_notebook, page_commands

from helpers.common.paths import repo_root
from helpers.publishing import profiles
from helpers.publishing.examples import example_chapters, write_examples

TIMEOUT_S = 420


def suite_run(words: list[str]) -> tuple[str, str] | None:
    """``(chapter, "quick")`` if ``words`` run one chapter under the quick profile with no overrides (the
    suite's own quick run), ``(chapter, "own")`` if they run it on its example files of one's own exactly
    as the suite does, else None."""
    parsed = chapter_run(as_quick(words))
    if parsed is None:
        return None
    stem, _, pairs = parsed
    if not pairs:
        return stem, "quick"
    overrides = profiles.resolve_path_parameters(profiles.parse_overrides(pairs), repo_root())
    if stem in example_chapters() and overrides == write_examples(EXAMPLES_DIR, [stem])[stem].parameters:
        return stem, "own"
    return None


def runnable(words: list[str], tmp, suite: tuple[str, str] | None) -> list[str]:
    """The command as the test runs it: quick profile and a temporary folder for what it writes, or for
    the suite's own run (``suite``, from :func:`suite_run`), the suite's folder with `--skip-current`."""
    if words[0] == "make":
        return ["make", "-n", *words[1:]]
    if suite:
        out = QUICK_DIR if suite[1] == "quick" else OWN_DIR
        return [sys.executable, *as_quick(words)[1:], "--skip-current", "--out", str(out)]
    if words[: len(CHAPTER_RUN)] == CHAPTER_RUN:
        words = [*as_quick(words), "--out", str(tmp)]
    if words[0] == ".venv/bin/papermill":
        words = [words[0], words[1], str(tmp / "out.ipynb"), *words[3:]]
    return [sys.executable if words[0] == ".venv/bin/python" else str(repo_root() / words[0]), *words[1:]]


COMMANDS = page_commands()


def test_the_pages_show_commands():
    assert any(w[: len(CHAPTER_RUN)] == CHAPTER_RUN for w in COMMANDS)
    assert ["make", "book"] in COMMANDS and ["make", "test"] in COMMANDS


def command_param(words: list[str]) -> pytest.ParameterSet:
    """``words`` as a test case; a run on a chapter's example files joins that chapter's own-run group."""
    suite = suite_run(words)
    marks = [own_group(suite[0])] if suite and suite[1] == "own" else []
    return pytest.param(words, marks=marks, id=" ".join(words))


@pytest.mark.notebooks
@pytest.mark.parametrize("words", [command_param(words) for words in COMMANDS])
def test_documented_command_runs(words, tmp_path, quick_run, own_run):
    suite = suite_run(words)
    if suite:
        stem, kind = suite
        (quick_run if kind == "quick" else own_run)(stem)
    command = runnable(words, tmp_path, suite)
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


def test_nbval_reruns_every_exercise_command(request):
    """Each rerun a chapter's exercise shows (and no page shows) is among the notebooks nbval runs in this
    session; `make test` passes them (``python tests/documented.py`` prepares and lists them)."""
    if not request.config.getoption("nbval_lax", default=False):
        pytest.skip("nbval is not running in this session (`make test` runs it)")
    reruns = {item.path for item in request.session.items if item.path.suffix == ".ipynb"}
    commands = [words for chapter in exercise_commands().values() for words in chapter]
    assert commands, "no chapter's exercises show a rerun"
    missing = [" ".join(words) for words in commands if exercise_notebook(words) not in reruns]
    assert not missing, f"nbval does not rerun {missing}"
