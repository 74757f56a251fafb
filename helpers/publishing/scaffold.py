"""A new chapter from the template: ``python -m helpers new-chapter NN_name --title "..."``.

Writes the chapter's notebook (``notebooks/NN_name.ipynb``, from ``templates/chapter.ipynb``), its study
package (``helpers/<package>/``: parameters, claims and the model the page shows), its two test files
(``tests/notebooks/test_NN_name.py``, ``tests/unit/test_<package>.py``) and its entry at the end of the chapter
manifest. Nothing else changes: the runner, the table of contents, the pages and the tests read the manifest.
The template is a small real chapter (a bias model against the global mean on MovieLens 100K's first
fold, judged by the book's rules) that runs and passes its tests as written, to be replaced by the study's.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import nbformat

from helpers.common.errors import ParameterError
from helpers.common.paths import repo_root
from helpers.publishing.chapters import Chapter

STEM_PATTERN = re.compile(r"^(\d\d)_([a-z][a-z0-9_]*)$")
TEMPLATES = resources.files("helpers.publishing") / "templates"
PACKAGE_FILES = ("__init__.py", "claims.py", "model.py", "parameters.py")
MANIFEST = Path("notebooks") / "chapters.yml"
PART = "Chapters"  # the part of the table of contents a new chapter joins
QUICK_LIMIT_S = 60  # the template's quick run takes about 10 s here; a new chapter sets its own


@dataclass(frozen=True)
class NewChapter:
    """What a new chapter is called: its notebook ``stem`` (NN_name), ``title`` (the notebook's first
    line), ``short_title`` (the results page's and course plan's name) and study ``package`` (a folder name
    under ``helpers/``)."""

    stem: str
    title: str
    short_title: str
    package: str

    def tokens(self) -> dict[str, str]:
        """Return the template's placeholders and their values."""
        return {
            "__STEM__": self.stem,
            "__TITLE__": self.title,
            "__SHORT__": self.short_title,
            "__PACKAGE__": self.package,
        }

    def fill(self, text: str) -> str:
        """Return ``text`` with every placeholder replaced."""
        for token, value in self.tokens().items():
            text = text.replace(token, value)
        return text


def planned(stem: str, title: str, short_title: str | None = None, package: str | None = None) -> NewChapter:
    """Return the chapter to write, checked: ``stem`` is NN_name (two digits, an underscore, a lower-case
    name), ``package`` (default: the name part of ``stem``) a lower-case identifier, the title non-empty.
    Raises ParameterError naming the value and the fix."""
    match = STEM_PATTERN.match(stem)
    if not match:
        raise ParameterError(
            f"chapter name {stem!r}: write it as NN_name, two digits then a lower-case name (07_reviews)"
        )
    package = package or match.group(2)
    if not package.isidentifier() or package != package.lower():
        raise ParameterError(f"package {package!r}: give a lower-case Python identifier (--package reviews)")
    if not title.strip():
        raise ParameterError("title: give the chapter's title (--title 'Reviews: ...')")
    return NewChapter(stem, title.strip(), (short_title or title.split(":")[0]).strip(), package)


def targets(chapter: NewChapter, root: Path) -> dict[Path, str]:
    """Return each file the chapter adds under ``root`` (the checkout) with its text."""
    package = root / "helpers" / chapter.package
    files = {
        package / name: chapter.fill((TEMPLATES / "package" / f"{name}.tmpl").read_text()) for name in PACKAGE_FILES
    }
    files[root / "tests" / "notebooks" / f"test_{chapter.stem}.py"] = chapter.fill(
        (TEMPLATES / "tests" / "test_notebook.py.tmpl").read_text()
    )
    files[root / "tests" / "unit" / f"test_{chapter.package}.py"] = chapter.fill(
        (TEMPLATES / "tests" / "test_unit.py.tmpl").read_text()
    )
    return files


def notebook(chapter: NewChapter) -> nbformat.NotebookNode:
    """Return the template notebook with the chapter's names filled in and fresh cell ids."""
    nb = nbformat.reads((TEMPLATES / "chapter.ipynb").read_text(), as_version=4)
    for cell in nb.cells:
        cell.source = chapter.fill(cell.source)
        cell.id = nbformat.v4.new_code_cell().id  # a fresh random id per cell
    return nb


def manifest_entry(chapter: NewChapter, quick_order: int) -> str:
    """Return the chapter's manifest entry (YAML), to append to the manifest's ``chapters`` list."""
    return (
        f"\n  - stem: {chapter.stem}\n"
        f"    title: {_quoted(chapter.title)}\n"
        f"    short_title: {_quoted(chapter.short_title)}\n"
        f"    part: {PART}\n"
        f"    package: {chapter.package}\n"
        f"    quick_order: {quick_order}\n"
        f"    quick_limit_s: {QUICK_LIMIT_S}\n"
        "    profiles:\n"
        "      quick: {bootstrap_resamples: 200}\n"
        "    study:  # the landing page's row: replace each text with the study's\n"
        '      report: "The report\'s title, as written (its English translation), where and when it appeared"\n'
        '      authors: "its authors, as written"\n'
        '      method: "what the study does, in a line"\n'
    )


def _quoted(text: str) -> str:
    """Return ``text`` as a YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(chapter: NewChapter, root: Path | None = None) -> list[Path]:
    """Write the chapter into ``root`` (default: this checkout) and return the paths written or changed.
    Raises ParameterError, writing nothing, when the chapter, its package or one of its files exists."""
    from helpers.publishing import chapters

    root = root or repo_root()
    listed = chapters.load(root / MANIFEST).chapters
    if chapter.stem in {entry.stem for entry in listed}:
        raise ParameterError(f"chapter {chapter.stem}: the manifest {MANIFEST} lists it already; choose another name")
    files = targets(chapter, root)
    nb_path = root / "notebooks" / f"{chapter.stem}.ipynb"
    clashes = [path for path in [nb_path, root / "helpers" / chapter.package, *files] if path.exists()]
    if clashes:
        raise ParameterError(f"chapter {chapter.stem}: {clashes[0].relative_to(root)} exists; choose another name")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    nbformat.write(notebook(chapter), nb_path)
    quick_order = 1 + max((entry.quick_order for entry in listed), default=0)
    manifest = root / MANIFEST
    manifest.write_text(with_entry(manifest.read_text(), manifest_entry(chapter, quick_order), listed))
    tidy([nb_path, *files], root)
    return [nb_path, *files, manifest]


def tidy(paths: Sequence[Path], root: Path) -> None:
    """Sort the imports of the written ``paths`` and format them with the project's ruff settings (the
    order of ``helpers.<package>`` among the imports depends on the package's name)."""
    for command in (["check", "--fix", "--quiet", "--select", "I"], ["format", "--quiet"]):
        subprocess.run([sys.executable, "-m", "ruff", *command, *map(str, paths)], cwd=root, check=True)


def with_entry(text: str, entry: str, listed: Sequence[Chapter]) -> str:
    """Return the manifest ``text`` with ``entry`` placed after the last chapter of the part "Chapters",
    before any later part (the appendix), so the new chapter's page comes with the other chapters."""
    last = max((k for k, chapter in enumerate(listed) if chapter.part == PART), default=len(listed) - 1)
    if last + 1 >= len(listed):
        return text.rstrip("\n") + "\n" + entry
    following = re.search(rf"^  - stem: {re.escape(listed[last + 1].stem)}\s*$", text, flags=re.MULTILINE)
    if following is None:
        raise ParameterError(f"{MANIFEST}: no line '  - stem: {listed[last + 1].stem}' to place the new chapter before")
    return text[: following.start()] + entry.lstrip("\n") + "\n" + text[following.start() :]
