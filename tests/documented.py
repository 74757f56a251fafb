"""The commands the book shows, and the notebooks nbval reruns.

The pages (README.md, CONTRIBUTING.md, the book's introduction and rerun page) show commands in ```bash
blocks; `test_documented_commands` runs each one. The chapters' exercises show reruns of their chapter
(``.venv/bin/python -m helpers run NN_name --profile quick -p name=value``). Those nbval runs: each is
prepared as papermill would run it (the profile's settings and the exercise's values injected, nothing
executed) into ``build/exercises``, and nbval executes it cell by cell, so the suite reruns every chapter
once, under the parameters its exercises show. A chapter whose exercises show no rerun of their own
(or only one a page also shows) is rerun by nbval from its quick run.

Run as a script (``make test`` does, after the quick runs) it prepares the exercise notebooks and prints
the paths of the notebooks nbval reruns.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import nbformat

from helpers.common.paths import build_dir, repo_root
from helpers.publishing import notebooks, profiles, runner

DOC_FILES = ("README.md", "CONTRIBUTING.md", "book/intro.md", "book/rerun.md")
BASH_BLOCK = re.compile(r"```bash\n(.*?)```", re.S)
CHAPTER_RUN = [".venv/bin/python", "-m", "helpers", "run"]
EXERCISES_DIR = build_dir() / "exercises"  # exercise reruns prepared for nbval


def commands_in(text: str) -> list[list[str]]:
    """The commands of every ```bash block of ``text``, as words, without comments (a line ending in \\
    goes on)."""
    return [
        words
        for block in BASH_BLOCK.findall(text)
        for line in block.replace("\\\n", " ").splitlines()
        if (words := shlex.split(line, comments=True))
    ]


def as_quick(words: list[str]) -> list[str]:
    """``words`` with a chapter run's profile set to quick."""
    if words[: len(CHAPTER_RUN)] == CHAPTER_RUN:
        return ["quick" if w == "full" else w for w in words]
    return words


def unique(commands: list[list[str]]) -> list[list[str]]:
    """``commands`` without repeats, commands that differ only in the profile counted as one."""
    kept: list[list[str]] = []
    for words in commands:
        if as_quick(words) not in [as_quick(c) for c in kept]:
            kept.append(words)
    return kept


def page_commands() -> list[list[str]]:
    """The commands the documentation pages show, each once."""
    return unique([w for name in DOC_FILES for w in commands_in((repo_root() / name).read_text(encoding="utf-8"))])


def chapter_run(words: list[str]) -> tuple[str, str, list[str]] | None:
    """``(chapter, profile, ["name=value", ...])`` if ``words`` run one chapter with `-p` overrides and
    nothing else, else None."""
    if words[: len(CHAPTER_RUN)] != CHAPTER_RUN:
        return None
    rest = words[len(CHAPTER_RUN) :]
    chapters = [w for k, w in enumerate(rest) if not w.startswith("-") and (k == 0 or not rest[k - 1].startswith("-"))]
    options = [(rest[k], rest[k + 1]) for k, w in enumerate(rest[:-1]) if w.startswith("-")]
    if len(chapters) != 1 or len(rest) != 1 + 2 * len(options):
        return None
    profiles = [value for flag, value in options if flag == "--profile"]
    pairs = [value for flag, value in options if flag == "-p"]
    if len(profiles) != 1 or len(pairs) != len(options) - 1:
        return None
    return chapters[0], profiles[0], pairs


def exercise_commands() -> dict[str, list[list[str]]]:
    """``{chapter: [command, ...]}``: the chapter runs each notebook's exercises show and no page shows
    (those the pages' test runs already). Raises ValueError naming an exercise command that is not a plain
    chapter run."""
    shown = [as_quick(w) for w in page_commands()]
    found: dict[str, list[list[str]]] = {}
    for notebook in notebooks.all_notebooks():
        cells = nbformat.read(str(notebook), as_version=4).cells
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        for words in unique(commands_in(text)):
            if chapter_run(words) is None:
                raise ValueError(f"{notebook.name} shows `{' '.join(words)}`, which is not a chapter run")
            if as_quick(words) not in shown:
                found.setdefault(notebook.stem, []).append(words)
    return found


def exercise_notebook(words: list[str]) -> Path:
    """The path in ``build/exercises`` of the prepared rerun ``words`` (a chapter run)."""
    stem, _, pairs = chapter_run(words)
    return EXERCISES_DIR / f"{stem}.{'.'.join(p.replace('=', '-') for p in pairs)}.ipynb"


def prepare(words: list[str]) -> None:
    """Write the chapter run ``words`` as papermill would start it under the quick profile (settings and
    the command's values injected, no cell executed) to :func:`exercise_notebook`."""
    import papermill

    stem, _, pairs = chapter_run(words)
    notebook = notebooks.resolve([stem])[0]
    overrides = profiles.resolve_path_parameters(profiles.parse_overrides(pairs), repo_root())
    parameters = profiles.parameters_for(notebook, "quick", overrides, profiles.load_profiles())
    target = exercise_notebook(words)
    target.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(notebook), str(target), parameters=parameters, prepare_only=True, kernel_name=runner.KERNEL_NAME,
        progress_bar=False,
    )  # fmt: skip


def nbval_notebooks(reruns: dict[str, list[list[str]]]) -> list[Path]:
    """The notebooks nbval reruns, one or more per chapter: each of the chapter's exercise reruns
    (``reruns``, from :func:`exercise_commands`; prepared by :func:`prepare`), else its quick run in
    ``build/quick``."""
    paths = []
    for notebook in notebooks.all_notebooks():
        commands = reruns.get(notebook.stem)
        if commands:
            paths += [exercise_notebook(words) for words in commands]
        else:
            paths.append(profiles.default_output_dir("quick") / notebook.name)
    return paths


if __name__ == "__main__":
    exercises = exercise_commands()
    for chapter_commands in exercises.values():
        for command in chapter_commands:
            prepare(command)
    print(" ".join(str(path.relative_to(repo_root())) for path in nbval_notebooks(exercises)))
