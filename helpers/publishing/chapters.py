"""The chapter manifest, ``notebooks/chapters.yml``: the one list of the book's chapters.

Each entry gives a chapter's notebook, titles, part, study package, profiles, time limits, example files
and place in ``make test``'s quick run; the file also gives the landing page and the book's own pages, so
the table of contents is made from it (:func:`toc`). :func:`load` reads and checks the file: a missing or
malformed key stops with a message naming the file, the chapter and the key.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers.common.errors import ParameterError
from helpers.common.paths import notebooks_dir

MANIFEST_FILE = "chapters.yml"
PROFILES = ("quick", "full")  # quick: the tests' short runs; full: the book's
CHAPTERS_FOLDER = "book/chapters"  # where the table of contents finds the executed chapters
STEM = re.compile(r"\d\d_[a-z][a-z0-9_]*")
PACKAGE = re.compile(r"[a-z][a-z0-9_]*")
REQUIRED = {
    "stem": str,
    "title": str,
    "short_title": str,
    "part": str,
    "package": str,
    "quick_order": int,
    "quick_limit_s": (int, float),
}
OPTIONAL = {"full_limit_s": (int, float), "profiles": dict, "example_files": list, "study": dict}
STUDY_KEYS = ("report", "authors", "method")  # a study chapter's row of the landing page's table of studies


class ManifestError(ParameterError):
    """The chapter manifest is malformed; the message names the file, the chapter and the key."""


@dataclass(frozen=True)
class Chapter:
    """One chapter as the manifest gives it (see the comment at the top of ``notebooks/chapters.yml``)."""

    stem: str
    title: str
    short_title: str
    part: str
    package: str
    quick_order: int
    quick_limit_s: float
    full_limit_s: float | None = None
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    example_files: tuple[str, ...] = ()
    study: dict[str, str] | None = None

    @property
    def notebook(self) -> Path:
        """The committed notebook, ``notebooks/<stem>.ipynb``."""
        return notebooks_dir() / f"{self.stem}.ipynb"

    def module(self, name: str) -> str:
        """The dotted name of module ``name`` of the chapter's study package, e.g. ``helpers.douban.claims``."""
        return f"helpers.{self.package}.{name}"


@dataclass(frozen=True)
class Manifest:
    """The whole file: the landing page, the book's own pages (their part's caption and files), the
    chapters in the book's order, and the parts whose chapters are numbered (their figures, tables and
    exercises then count per chapter: "Fig. 5.2")."""

    root: str
    pages_caption: str
    pages: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    numbered_parts: tuple[str, ...] = ()


def _fail(path: Path, where: str, message: str) -> ManifestError:
    """The error for ``message`` about ``where`` (a chapter or a top-level key) of the manifest ``path``."""
    return ManifestError(f"{path}: {where}: {message}")


def _chapter(entry: object, index: int, path: Path) -> Chapter:
    """Check one entry of ``chapters`` (the ``index``-th, from 1) and return it as a :class:`Chapter`."""
    if not isinstance(entry, dict):
        raise _fail(path, f"chapter {index}", f"expected a mapping of keys, got {entry!r}")
    name = f"chapter {entry.get('stem', index)!s}"
    missing = [key for key in REQUIRED if key not in entry]
    if missing:
        raise _fail(path, name, f"missing key(s) {missing}; each chapter needs {list(REQUIRED)}")
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise _fail(path, name, f"unknown key(s) {unknown}; the keys are {[*REQUIRED, *OPTIONAL]}")
    for key, kind in {**REQUIRED, **OPTIONAL}.items():
        value = entry.get(key)
        if key in entry and (not isinstance(value, kind) or isinstance(value, bool)):
            raise _fail(path, name, f"{key}: expected {getattr(kind, '__name__', 'a number')}, got {value!r}")
    if not STEM.fullmatch(entry["stem"]):
        raise _fail(path, name, f"stem: {entry['stem']!r} is not a notebook name like 07_name (NN_ and lower case)")
    if not PACKAGE.fullmatch(entry["package"]):
        raise _fail(path, name, f"package: {entry['package']!r} is not a package name (lower case, digits, _)")
    for key in ("quick_order", "quick_limit_s", "full_limit_s"):
        if key in entry and entry[key] <= 0:
            raise _fail(path, name, f"{key}: expected a positive number, got {entry[key]!r}")
    profiles = entry.get("profiles") or {}
    unknown_profiles = sorted(set(profiles) - set(PROFILES))
    if unknown_profiles:
        raise _fail(path, name, f"profiles: unknown profile(s) {unknown_profiles}; profiles are {list(PROFILES)}")
    for profile, settings in profiles.items():
        if not isinstance(settings or {}, dict):
            raise _fail(path, name, f"profiles.{profile}: expected a mapping of parameters, got {settings!r}")
    study = entry.get("study")
    if study is not None and (
        set(study) != set(STUDY_KEYS) or not all(isinstance(v, str) and v for v in study.values())
    ):
        raise _fail(path, name, f"study: expected the texts {list(STUDY_KEYS)}, got {study!r}")
    files = entry.get("example_files", [])
    if not all(isinstance(f, str) and f and "/" not in f for f in files) or len(set(files)) != len(files):
        raise _fail(path, name, f"example_files: expected distinct file names (no folders), got {files!r}")
    return Chapter(
        **{key: entry[key] for key in REQUIRED},
        full_limit_s=entry.get("full_limit_s"),
        profiles={profile: dict(profiles.get(profile) or {}) for profile in PROFILES},
        example_files=tuple(files),
        study=dict(study) if study else None,
    )


def load(path: Path | None = None) -> Manifest:
    """Read and check the manifest at ``path`` (default: ``notebooks/chapters.yml``); return it.

    Raises ManifestError naming the file, the chapter and the key for a missing, unknown or malformed key,
    a stem or a quick-order place given twice, or a chapter whose notebook is missing beside the file.
    """
    path = path or notebooks_dir() / MANIFEST_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ManifestError(f"{path}: cannot read the chapter manifest: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list) or not data["chapters"]:
        raise _fail(path, "chapters", "expected a non-empty list of chapters under the key `chapters`")
    pages = data.get("pages")
    if not isinstance(data.get("root"), str) or not isinstance(pages, dict):
        raise _fail(path, "root, pages", "expected the landing page (`root`) and the book's pages (`pages`)")
    if not isinstance(pages.get("caption"), str) or not isinstance(pages.get("files"), list):
        raise _fail(path, "pages", "expected a `caption` and a list of `files`")
    chapters = tuple(_chapter(entry, index, path) for index, entry in enumerate(data["chapters"], start=1))
    for key in ("stem", "quick_order"):
        values = [getattr(chapter, key) for chapter in chapters]
        twice = sorted({value for value in values if values.count(value) > 1})
        if twice:
            raise _fail(path, "chapters", f"{key}: {twice} given to more than one chapter")
    parts = [chapter.part for chapter in chapters]
    for index, chapter in enumerate(chapters):
        notebook = path.parent / f"{chapter.stem}.ipynb"
        if not notebook.is_file():
            raise _fail(path, f"chapter {chapter.stem}", f"stem: no notebook {notebook}")
        if chapter.part in parts[:index] and parts[index - 1] != chapter.part:
            raise _fail(path, f"chapter {chapter.stem}", f"part: {chapter.part!r} is split by another part")
    numbered = data.get("numbered_parts", [])
    if not isinstance(numbered, list) or not set(numbered) <= set(parts):
        raise _fail(
            path, "numbered_parts", f"expected a list of the chapters' parts {sorted(set(parts))}, got {numbered!r}"
        )
    return Manifest(data["root"], pages["caption"], tuple(pages["files"]), chapters, tuple(numbered))


@functools.cache
def manifest() -> Manifest:
    """The checkout's manifest, read once per process (:func:`load`)."""
    return load()


def chapters() -> tuple[Chapter, ...]:
    """Every chapter, in the book's order."""
    return manifest().chapters


def stems() -> list[str]:
    """Every chapter's notebook name, in the book's order."""
    return [chapter.stem for chapter in chapters()]


def chapter(stem: str) -> Chapter:
    """The chapter ``stem``; raises ParameterError naming it and listing the chapters."""
    for found in chapters():
        if found.stem == stem:
            return found
    raise ParameterError(f"unknown chapter {stem!r}; chapters: {', '.join(stems())}")


def quick_order() -> list[str]:
    """The chapters' notebook names in the order ``make test`` runs them under the quick profile."""
    return [chapter.stem for chapter in sorted(chapters(), key=lambda c: c.quick_order)]


def profiles() -> dict[str, dict[str, dict[str, Any]]]:
    """Every profile's settings by chapter: ``{profile: {stem: {parameter: value}}}``."""
    return {profile: {c.stem: c.profiles[profile] for c in chapters()} for profile in PROFILES}


def toc(book: Manifest | None = None) -> dict[str, Any]:
    """The table of contents Jupyter Book reads (``_toc.yml``): the landing page, the chapters grouped by
    part in the book's order (the numbered parts marked so), then the book's own pages."""
    book = book or manifest()
    parts: list[dict[str, Any]] = []
    for entry in book.chapters:
        if not parts or parts[-1]["caption"] != entry.part:
            parts.append({"caption": entry.part, "chapters": []})
            if entry.part in book.numbered_parts:
                parts[-1]["numbered"] = True
        parts[-1]["chapters"].append({"file": f"{CHAPTERS_FOLDER}/{entry.stem}"})
    parts.append({"caption": book.pages_caption, "chapters": [{"file": file} for file in book.pages]})
    return {"format": "jb-book", "root": book.root, "parts": parts}


def toc_files(book: Manifest | None = None) -> list[str]:
    """Every page of the table of contents (paths without suffix, from the root), the landing page first."""
    contents = toc(book)
    return [contents["root"], *(entry["file"] for part in contents["parts"] for entry in part["chapters"])]
