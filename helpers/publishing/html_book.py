"""Stage and build the HTML book from the executed chapters with Jupyter Book 1.x, warnings as errors.

The build writes the table of contents from the chapter manifest, annotates each executed chapter
(:mod:`helpers.publishing.annotate`), writes the generated pages, places the student and teacher kits
(made before, by ``python -m helpers student``) where the teaching page offers them, runs Jupyter Book and writes
``claims.json`` and a slide deck per chapter (:mod:`helpers.publishing.slides`) beside the HTML.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from helpers.common.paths import chapters_dir, notebooks_dir, repo_root
from helpers.publishing import chapters, class_runs, kits, pages, self_checks, slides, studies, teaching
from helpers.publishing.annotate import DEFAULT_BRANCH, annotate
from helpers.publishing.fingerprint import read_stats
from helpers.publishing.profiles import default_output_dir

BOOK_SOURCES = ("_config.yml", "_static", "book", "helpers")  # helpers: for {literalinclude}
TOC_FILE = "_toc.yml"  # written from the chapter manifest by every build (git-ignored)
CLAIMS_JSON = "claims.json"  # every judged claim of the book, beside its HTML pages
GENERATED = Path("book") / "_generated"  # the generated parts of the prose pages


def missing_chapters(root: Path | None = None) -> list[str]:
    """Return the chapters of the manifest that have no executed notebook in ``root``'s ``book/chapters``."""
    root = root or repo_root()
    return [stem for stem in chapters.stems() if not (root / "book" / "chapters" / f"{stem}.ipynb").is_file()]


def write_toc(root: Path) -> Path:
    """Write the table of contents Jupyter Book reads, ``root/_toc.yml``, from the chapter manifest; return it."""
    path = root / TOC_FILE
    header = "# Written by `python -m helpers build` from notebooks/chapters.yml: edit that file, not this one.\n"
    path.write_text(header + yaml.safe_dump(chapters.toc(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def stage(target: Path, executed: Path) -> Path:
    """Copy the book's prose and configuration to ``target`` with the executed notebooks of
    ``executed`` as its chapters (to build a book from a quick run); return ``target``."""
    root = repo_root()
    for name in BOOK_SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("chapters", "__pycache__"), dirs_exist_ok=True
            )
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(
        executed,
        target / "book" / "chapters",
        ignore=shutil.ignore_patterns("*.failed.ipynb", "*.running-*.ipynb"),
        dirs_exist_ok=True,
    )
    return target


def build(root: Path | None = None, kit_dir: Path | None = None) -> Path:
    """Build the HTML book whose sources are in ``root`` (default: the checkout); return the HTML folder.

    ``kit_dir`` holds the student and teacher kits' zips the teaching page offers (default: where
    ``python -m helpers student`` writes them). Raises RuntimeError if a chapter has not been executed, if
    the kits have not been made, or if Jupyter Book reports any warning (the build runs with ``-W``).
    """
    root = root or repo_root()
    kit_dir = kit_dir or kits.default_kit_dir()
    zips = [kit_dir / f"{name}.zip" for name in (kits.STUDENT_KIT, kits.TEACHER_KIT)]
    missing = missing_chapters(root)
    if missing:
        raise RuntimeError(
            f"chapters not executed yet: {missing}. Run `python -m helpers run --profile full` first "
            f"(executed chapters go to {chapters_dir()})."
        )
    if not all(z.is_file() for z in zips):
        raise RuntimeError(
            f"no kits in {kit_dir}: run `python -m helpers student` (or `make student`) first; the teaching "
            "page offers the student kit and the teacher kit for download."
        )
    if not (slides.reveal_dir() / "dist" / "reveal.js").is_file():
        raise RuntimeError(
            f"no reveal.js in {slides.reveal_dir()} for the slides: run `make install` (or `{slides.INSTALL}`)"
        )
    write_toc(root)
    prepare(root, zips)
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
    html = root / "_build" / "html"
    write_claims_json(root, html)
    slides.write_decks(root / "book" / "chapters", chapters.stems(), html)
    return html


def write_claims_json(root: Path, html: Path) -> Path:
    """Write ``claims.json`` into the built book ``html``: one entry per judged claim of the executed
    chapters in ``root``'s ``book/chapters`` (see :func:`helpers.publishing.studies.claims_entries`), so
    that anyone can recompute each verdict from its interval. Returns its path."""
    judged = studies.judged_claims(root / "book" / "chapters", chapters.stems())
    path = html / CLAIMS_JSON
    path.write_text(json.dumps(studies.claims_entries(judged), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def prepare(root: Path, zips: list[Path]) -> None:
    """Annotate the executed chapters of the book in ``root`` and write its generated pages: results,
    parameters, chapters, studies, the judging page's power table, the repository line, the course plan, the
    class runs against the full runs (:mod:`helpers.publishing.class_runs`), the two-week plan, the
    self-checks (:mod:`helpers.publishing.self_checks`), and the kits' ``zips`` copied
    where the teaching page offers them."""
    executed = root / "book" / "chapters"
    stems = chapters.stems()
    stats = read_stats(executed)
    url, branch = repository_url(root), repository_branch(root)
    for stem in stems:
        annotate(executed / f"{stem}.ipynb", stats.get(stem), url, branch)
    (root / "book" / "results.md").write_text(pages.results_markdown(executed, stems), encoding="utf-8")
    generated = root / GENERATED
    generated.mkdir(exist_ok=True)
    notebooks = [notebooks_dir() / f"{stem}.ipynb" for stem in stems]
    (generated / "parameters.md").write_text(pages.parameters_markdown(notebooks), encoding="utf-8")
    (generated / "chapters.md").write_text(pages.chapters_markdown(executed, stems), encoding="utf-8")
    (generated / "studies.md").write_text(pages.studies_markdown(), encoding="utf-8")
    (generated / "judging_power.md").write_text(pages.power_markdown(), encoding="utf-8")
    (generated / "repository.md").write_text(repository_markdown(url), encoding="utf-8")
    (generated / "course_plan.md").write_text(teaching.course_plan_page(executed, stems), encoding="utf-8")
    (generated / "intensive_plan.md").write_text(teaching.intensive_page(), encoding="utf-8")
    checks = self_checks.teaching_markdown(self_checks.load_self_checks(), stems)
    (generated / "self_checks.md").write_text(checks, encoding="utf-8")
    (generated / "slides.md").write_text(slides_markdown(stems), encoding="utf-8")
    class_dir = default_output_dir("quick")
    (generated / "class_runs.md").write_text(class_runs.class_runs_page(class_dir, executed, stems), encoding="utf-8")
    for archive in zips:
        shutil.copy2(archive, generated / archive.name)


def slides_markdown(stems: list[str]) -> str:
    """Return the teaching page's list of slide decks: each chapter's short name linked to its deck, which
    the build writes beside the pages (:func:`helpers.publishing.slides.write_decks`)."""
    links = [
        f'- <a href="../{slides.SLIDES_FOLDER}/{stem}{slides.DECK_SUFFIX}">{chapters.chapter(stem).short_title}</a>'
        for stem in stems
    ]
    return "\n".join(links) + "\n"


def _repository_setting(root: Path, key: str) -> str:
    """Return ``repository.<key>`` of ``root``'s ``_config.yml``, or "" when it is not set."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return str((config.get("repository") or {}).get(key) or "")


def repository_url(root: Path) -> str:
    """Return the book's public repository address from ``root``'s ``_config.yml`` (``repository.url``),
    or "" when none is set: the one setting behind the landing page's clone line and each chapter's source
    and Binder links."""
    return _repository_setting(root, "url")


def repository_branch(root: Path) -> str:
    """Return the branch the source links name (``repository.branch``, default ``main``)."""
    return _repository_setting(root, "branch") or DEFAULT_BRANCH


def repository_markdown(url: str) -> str:
    """The landing page's lines about the repository: where it is and the command that clones it, or
    nothing when ``url`` is empty."""
    if not url:
        return ""
    return (
        f"The book's source, with its notebooks, helpers and tests: <{url}>. To get it:\n\n"
        f"```bash\ngit clone {url}\n```\n"
    )
