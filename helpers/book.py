"""Build the HTML book from the executed chapters with Jupyter Book 1.x, warnings as errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from helpers.paths import chapters_dir, repo_root

BOOK_SOURCES = ("_config.yml", "_toc.yml", "book")


def toc_files(root: Path | None = None) -> list[str]:
    """Return every ``file:`` entry of ``_toc.yml`` (paths without suffix, relative to the root), root page first."""
    toc = yaml.safe_load(((root or repo_root()) / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return files


def toc_chapters(root: Path | None = None) -> list[str]:
    """Return the notebook names (``05_netflix``) of the executed chapters the toc lists."""
    return [f.removeprefix("book/chapters/") for f in toc_files(root) if f.startswith("book/chapters/")]


def missing_chapters(root: Path | None = None) -> list[str]:
    """Return the toc entries under ``book/chapters/`` that have no executed notebook yet."""
    root = root or repo_root()
    return [stem for stem in toc_chapters(root) if not (root / "book" / "chapters" / f"{stem}.ipynb").is_file()]


def stage(target: Path, executed: Path) -> Path:
    """Copy the book's prose and configuration to ``target`` with the executed notebooks of
    ``executed`` as its chapters (to build a book from a quick run); return ``target``."""
    root = repo_root()
    for name in BOOK_SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("chapters"), dirs_exist_ok=True)
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(executed, target / "book" / "chapters", ignore=shutil.ignore_patterns("*.json"), dirs_exist_ok=True)
    return target


def build(root: Path | None = None) -> Path:
    """Build the HTML book whose sources are in ``root`` (default: the checkout); return the HTML folder.

    Raises RuntimeError if a chapter in the toc has not been executed, or if Jupyter Book reports
    any warning (the build runs with ``-W``).
    """
    root = root or repo_root()
    missing = missing_chapters(root)
    if missing:
        raise RuntimeError(
            f"chapters not executed yet: {missing}. Run `python -m helpers run --profile full` first "
            f"(executed chapters go to {chapters_dir()})."
        )
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(root),
        "--warningiserror",
        "--keep-going",
        "--quiet",
    ]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"jupyter-book build failed:\n{completed.stdout[-4000:]}\n{completed.stderr[-4000:]}")
    return root / "_build" / "html"
