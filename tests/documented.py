"""The commands the book shows, and the chapter reruns the suite makes.

The pages (README.md, CONTRIBUTING.md, the book's introduction and rerun page) show commands in ```bash
blocks; `test_documented_commands` runs each one. The chapters' exercises show reruns of their chapter
(``.venv/bin/python -m helpers run NN_name --profile quick -p name=value``), and the pages show some too.
The suite runs each chapter, beside its quick run, as few more times as covers them all
(:func:`shared_runs`): a chapter with example files of one's own runs on them, and every rerun's values
join that run when it sets none of their names otherwise (else they open a run of their own). So one run
of a chapter is its run on files of one's own, its exercises' reruns and the pages' commands, each
checked from that run's records (`tests/notebooks/test_chapter_reruns.py`, `test_own_data.py`). nbval
reruns, cell by cell, the quick run of each chapter with cells tagged ``nbval-check-output`` (the data
tour) and compares their outputs; a chapter with neither (the scale appendix) runs once, in its quick
run, which already shows that it runs to the end (a second run would add only its minutes).

Run as a script (``make test`` does, after the quick runs) it prints the paths of the notebooks nbval
reruns.
"""

from __future__ import annotations

import functools
import re
import shlex
from pathlib import Path
from typing import Any

import nbformat

from helpers.common.paths import build_dir, repo_root
from helpers.publishing import chapters, notebooks, profiles
from helpers.publishing.examples import write_examples

DOC_FILES = ("README.md", "CONTRIBUTING.md", "book/intro.md", "book/rerun.md")
BASH_BLOCK = re.compile(r"```bash\n(.*?)```", re.S)
CHAPTER_RUN = [".venv/bin/python", "-m", "helpers", "run"]
EXAMPLES_DIR = build_dir() / "examples"  # the example files, as `python -m helpers examples build/examples` writes
NBVAL_CHECK = "nbval-check-output"  # the tag of a cell whose outputs nbval compares with the quick run's
OWN_DIR = build_dir() / "own"  # each chapter's first shared run (on its example files, if it has them)


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
    """``{chapter: [command, ...]}``: the chapter runs each notebook's exercises show, each once. Raises
    ValueError naming an exercise command that is not a plain chapter run."""
    found: dict[str, list[list[str]]] = {}
    for notebook in notebooks.all_notebooks():
        cells = nbformat.read(str(notebook), as_version=4).cells
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        for words in unique(commands_in(text)):
            if chapter_run(words) is None:
                raise ValueError(f"{notebook.name} shows `{' '.join(words)}`, which is not a chapter run")
            found.setdefault(notebook.stem, []).append(words)
    return found


def shown_reruns() -> list[list[str]]:
    """Every run of one chapter with ``-p`` values that the pages or the chapters' exercises show, each
    once (runs differing only in the profile counted as one)."""
    shown = [*page_commands(), *(words for commands in exercise_commands().values() for words in commands)]
    return unique([words for words in shown if (run := chapter_run(words)) is not None and run[2]])


def values_of(words: list[str]) -> tuple[str, dict[str, Any]]:
    """``(chapter, {name: value})`` of the chapter run ``words``: its ``-p`` values as the runner reads them
    (YAML values, relative paths taken from the checkout)."""
    stem, _, pairs = chapter_run(words)
    return stem, profiles.resolve_path_parameters(profiles.parse_overrides(pairs), repo_root())


def merged(runs: list[dict[str, Any]], reruns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``runs`` (each a run's ``{name: value}``) with the values of each of ``reruns`` joined to the first
    run that sets none of their names to another value, or else added as a run of its own; new dicts."""
    kept = [dict(run) for run in runs]
    for values in reruns:
        joined = next((run for run in kept if all(run.get(k, v) == v for k, v in values.items())), None)
        if joined is None:
            kept.append(dict(values))
        else:
            joined.update(values)
    return kept


@functools.cache
def shared_runs() -> dict[str, tuple[dict[str, Any], ...]]:
    """``{chapter: (values, ...)}``: the runs the suite makes of each chapter beside its quick run, each as
    the ``-p`` values it runs with under the quick profile, in the book's order.

    A chapter with example files runs first on them (their path parameters); the values of each rerun the
    pages and exercises show (:func:`shown_reruns`) join the chapter's first run that sets none of their
    names to another value, or else open a run of their own (:func:`merged`). Chapters with neither are
    left out."""
    examples = write_examples(EXAMPLES_DIR)
    reruns: dict[str, list[dict[str, Any]]] = {}
    for words in shown_reruns():
        stem, values = values_of(words)
        reruns.setdefault(stem, []).append(values)
    runs = {
        stem: merged([dict(examples[stem].parameters)] if stem in examples else [], reruns.get(stem, []))
        for stem in chapters.stems()
    }
    return {stem: tuple(chapter) for stem, chapter in runs.items() if chapter}


def rerun_dir(index: int) -> Path:
    """Where a chapter's shared run number ``index`` (from 0, as in :func:`shared_runs`) writes its
    executed copy: ``build/own`` for the first, ``build/own.<index>`` for the others."""
    return OWN_DIR if index == 0 else build_dir() / f"own.{index}"


def covering_run(words: list[str]) -> tuple[str, int] | None:
    """``(chapter, index)`` of the shared run that runs with every ``-p`` value of the chapter run
    ``words``, or None (``words`` is no chapter run with values, or no shared run has them all)."""
    run = chapter_run(words)
    if run is None or not run[2]:
        return None
    stem, values = values_of(words)
    for index, shared in enumerate(shared_runs().get(stem, ())):
        if all(name in shared and shared[name] == value for name, value in values.items()):
            return stem, index
    return None


def compares_outputs(notebook: Path) -> bool:
    """Whether ``notebook`` has a cell tagged ``nbval-check-output`` (nbval compares its rerun outputs)."""
    cells = nbformat.read(str(notebook), as_version=4).cells
    return any(NBVAL_CHECK in c.get("metadata", {}).get("tags", []) for c in cells)


def nbval_notebooks() -> list[Path]:
    """The notebooks nbval reruns: the quick run in ``build/quick`` of each chapter that has cells whose
    outputs nbval compares."""
    return [
        profiles.default_output_dir("quick") / notebook.name
        for notebook in notebooks.all_notebooks()
        if compares_outputs(notebook)
    ]


if __name__ == "__main__":
    print(" ".join(str(path.relative_to(repo_root())) for path in nbval_notebooks()))
