"""Every command shown in README.md, CONTRIBUTING.md, the book's introduction and rerun page and the
chapters' exercises runs, so an example that stops working fails the suite.

The commands are the lines of the pages' ```bash blocks. `make` targets are dry-run (`make -n`): `make test`
is what CI runs, and `make book` runs every chapter in full. A chapter shown under the full profile runs
here under the quick profile with the same `-p` overrides; executed copies go to a temporary folder. A
chapter run with no overrides is the suite's own quick run, and one on its example files of one's own the
suite's run on them: each runs with `--skip-current` against the suite's copy (``build/quick`` or
``build/own``), which the suite has made current (so the command runs, and the chapter only if needed).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import nbformat
import pytest
from conftest import EXAMPLES_DIR, OWN_DIR, QUICK_DIR, own_group

from helpers.common.paths import repo_root
from helpers.datasets.examples import EXAMPLES, write_examples
from helpers.publishing import runner

DOC_FILES = ("README.md", "CONTRIBUTING.md", "book/intro.md", "book/rerun.md")
TIMEOUT_S = 420
BASH_BLOCK = re.compile(r"```bash\n(.*?)```", re.S)


def documented_texts() -> list[str]:
    """The documentation pages and the markdown of every chapter notebook (its exercises show commands)."""
    texts = [(repo_root() / name).read_text(encoding="utf-8") for name in DOC_FILES]
    for notebook in runner.all_notebooks():
        cells = nbformat.read(str(notebook), as_version=4).cells
        texts.append("\n".join(c.source for c in cells if c.cell_type == "markdown"))
    return texts


def documented_commands() -> list[list[str]]:
    """The commands of every ```bash block of the documentation pages and chapters, without comments;
    commands that differ only in the profile (which the test sets to quick) once each."""
    commands: list[list[str]] = []
    for text in documented_texts():
        for block in BASH_BLOCK.findall(text):
            for line in block.replace("\\\n", " ").splitlines():  # a line ending in \ goes on
                words = shlex.split(line, comments=True)
                if words and as_quick(words) not in [as_quick(c) for c in commands]:
                    commands.append(words)
    return commands


def as_quick(words: list[str]) -> list[str]:
    """``words`` with a chapter run's profile set to quick."""
    if words[:4] == [".venv/bin/python", "-m", "helpers", "run"]:
        return ["quick" if w == "full" else w for w in words]
    return words


def suite_run(words: list[str]) -> tuple[str, str] | None:
    """``(chapter, "quick")`` if ``words`` run one chapter under the quick profile with no overrides (the
    suite's own quick run), ``(chapter, "own")`` if they run it on its example files of one's own exactly
    as the suite does, else None."""
    if words[:4] != [".venv/bin/python", "-m", "helpers", "run"]:
        return None
    rest = as_quick(words)[4:]
    pairs = [rest[k + 1] for k, w in enumerate(rest) if w == "-p"]
    chapters = [w for k, w in enumerate(rest) if w not in ("--profile", "quick", "-p") and rest[k - 1] != "-p"]
    if len(chapters) != 1 or "--profile" not in rest or len(rest) != 3 + 2 * len(pairs):
        return None
    stem = chapters[0]
    if not pairs:
        return stem, "quick"
    overrides = runner.resolve_path_parameters(runner.parse_overrides(pairs), repo_root())
    if stem in EXAMPLES and overrides == write_examples(EXAMPLES_DIR, [stem])[stem].parameters:
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
    if words[:4] == [".venv/bin/python", "-m", "helpers", "run"]:
        words = [*as_quick(words), "--out", str(tmp)]
    if words[0] == ".venv/bin/papermill":
        words = [words[0], words[1], str(tmp / "out.ipynb"), *words[3:]]
    return [sys.executable if words[0] == ".venv/bin/python" else str(repo_root() / words[0]), *words[1:]]


COMMANDS = documented_commands()


def test_the_pages_show_commands():
    assert any(w[:4] == [".venv/bin/python", "-m", "helpers", "run"] for w in COMMANDS)
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
