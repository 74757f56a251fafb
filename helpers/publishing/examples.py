"""The example files of one's own of every chapter that has them: the chapter manifest names the files
(``example_files``), and the chapter's study package writes them (its ``examples`` module's
``write_example(folder)``, see :mod:`helpers.datasets.examples`)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from helpers.common.errors import ParameterError
from helpers.datasets.examples import Example
from helpers.publishing import chapters

EXAMPLES_MODULE = "examples"  # the module of a study package that writes its chapter's example files


def example_chapters() -> list[str]:
    """The chapters with example files, in the book's order."""
    return [chapter.stem for chapter in chapters.chapters() if chapter.example_files]


def examples_module(stem: str) -> ModuleType:
    """The ``examples`` module of chapter ``stem``'s study package; raises ParameterError naming the chapter
    when it has no example files."""
    if stem not in example_chapters():
        raise ParameterError(f"no example files for {stem!r}; chapters with examples: {', '.join(example_chapters())}")
    return importlib.import_module(chapters.chapter(stem).module(EXAMPLES_MODULE))


def write_examples(folder: Path, stems: list[str] | None = None) -> dict[str, Example]:
    """Write the example files of the chapters ``stems`` (default: every chapter that has them) into
    ``folder/<chapter>/``; return each chapter's :class:`Example`.

    Raises ParameterError naming a chapter without example files, or a chapter whose package wrote other
    files than the manifest lists for it.
    """
    written = {}
    for stem in stems or example_chapters():
        module = examples_module(stem)
        target = folder.resolve() / stem
        target.mkdir(parents=True, exist_ok=True)
        before = {path.name for path in target.iterdir()}
        written[stem] = module.write_example(target)
        files = set(chapters.chapter(stem).example_files)
        new = {path.name for path in target.iterdir()} - before - files
        absent = sorted(name for name in files if not (target / name).is_file())
        if new or absent:
            raise ParameterError(
                f"{stem}: {module.__name__}.write_example wrote {sorted(new)} and not {absent}; the chapter "
                f"manifest ({chapters.MANIFEST_FILE}) lists its example files as {sorted(files)}"
            )
    return written
