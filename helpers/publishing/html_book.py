"""Build the HTML book from the executed chapters with Jupyter Book 1.x, warnings as errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import yaml

from helpers.common.paths import chapters_dir, notebooks_dir, repo_root
from helpers.publishing.runner import helpers_files, imported_modules, notebook_code, parameter_help, read_stats

BOOK_SOURCES = ("_config.yml", "_toc.yml", "_static", "book", "helpers")  # helpers: for {literalinclude}


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
    prepare(root)
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
    return html


CLAIMS_JSON = "claims.json"  # every judged claim of the book, beside its HTML pages


def write_claims_json(root: Path, html: Path) -> Path:
    """Write ``claims.json`` into the built book ``html``: one entry per judged claim of the executed
    chapters in ``root``'s ``book/chapters`` (see :func:`helpers.publishing.studies.claims_entries`), so
    that anyone can recompute each verdict from its interval. Returns its path."""
    from helpers.publishing import studies

    judged = studies.judged_claims(root / "book" / "chapters", toc_chapters(root))
    path = html / CLAIMS_JSON
    path.write_text(json.dumps(studies.claims_entries(judged), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


RUN_INFO_TAG = "book-run-info"
HIDDEN = "hide-cell"  # shown on the page as a "show code" button; the downloaded notebook keeps the cell
REMOVED = "remove-cell"  # left off the page; the downloaded notebook keeps the cell
INJECTED_TAG = "injected-parameters"  # papermill's tag on the cell it adds after the parameters cell


def imported_distributions(notebook: Path) -> dict[str, str]:
    """Return ``{distribution: version}`` of the third-party packages a notebook imports, directly
    or through the ``helpers`` modules it imports (see :func:`runner.helpers_files`)."""
    import importlib.metadata

    names = imported_modules(notebook_code(notebook))
    for path in helpers_files(notebook):
        if path.suffix == ".py":
            names |= imported_modules(path.read_text(encoding="utf-8"))
    owners = importlib.metadata.packages_distributions()
    found = {}
    for top in {n.split(".")[0] for n in names} - set(sys.stdlib_module_names) - {"helpers"}:
        for dist in owners.get(top, []):
            found[dist] = importlib.metadata.version(dist)
    return dict(sorted(found.items(), key=lambda item: item[0].lower()))


def _cell_text(value: object) -> str:
    """Return a setting's value as a table cell: code font, pipes escaped."""
    return "`" + str(value).replace("|", "\\|") + "`"


def _same(value: object, default: str) -> bool:
    """Return True if ``value`` equals the Python literal written as ``default`` in the parameters cell."""
    import ast

    try:
        return ast.literal_eval(default) == value
    except (ValueError, SyntaxError):
        return str(value) == default


def settings_table(nb: nbformat.NotebookNode, notebook: Path) -> pd.DataFrame:
    """Return the settings an executed chapter ran with: one row per parameter of its ``parameters``
    cell, in order, with the value that ran (papermill's injected value, else the notebook's default)
    and the line's meaning; ``notebook`` is the executed copy ``nb`` was read from."""
    injected = nb.metadata.get("papermill", {}).get("parameters", {})
    rows = []
    for name, info in parameter_help(notebook).items():
        value = injected.get(name, info["default"])
        changed = name in injected and not _same(value, info["default"])
        shown = _cell_text(value) + (f" (notebook: {_cell_text(info['default'])})" if changed else "")
        rows.append({"setting": f"`{name}`", "value": shown, "meaning": info["help"]})
    return pd.DataFrame(rows, columns=["setting", "value", "meaning"])


def hide_bookkeeping(nb: nbformat.NotebookNode) -> None:
    """Tag the parameters cell and the validation cell after it (the first code cell that follows it,
    papermill's injected cell aside) as hidden, and papermill's injected cell as removed (the settings
    table shows its values): the page opens with the study, and the downloaded notebook still holds all
    three."""
    after_parameters = False
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if INJECTED_TAG in tags:
            wanted = REMOVED
        elif "parameters" in tags:
            wanted, after_parameters = HIDDEN, True
        elif after_parameters and cell.cell_type == "code":
            wanted, after_parameters = HIDDEN, False
        else:
            continue
        if wanted not in tags:
            tags.append(wanted)


def annotate(notebook: Path, stats: dict | None) -> None:
    """Open an executed chapter as a reader should meet it (replacing an earlier annotation): under
    its title, a note on run time and requirements from the runner's statistics, then the settings
    the run used in a collapsed table; the bookkeeping cells hidden (:func:`hide_bookkeeping`)."""
    from helpers.common.exercises import count_exercises
    from helpers.publishing.pages import reading_minutes

    nb = nbformat.read(str(notebook), as_version=4)
    nb.cells = [c for c in nb.cells if RUN_INFO_TAG not in c.metadata.get("tags", [])]
    packages = ", ".join(f"{name} {version}" for name, version in imported_distributions(notebook).items())
    if stats:
        ran = (
            f"This copy ran under the `{stats['profile']}` profile in {stats['wall_s']:.0f} s "
            f"(peak memory {stats['peak_mib']:.0f} MiB) on the machine that built the book."
        )
    else:
        ran = "No run statistics were recorded for this copy."
    settings = settings_table(nb, notebook)
    reading = f"**Reading time.** About {reading_minutes(notebook)} min."
    exercises = count_exercises(notebook)
    if exercises:
        reading += f" **Exercises.** {exercises}, at the end, each with its solution folded under it."
    text = (
        f":::{{note}}\n{reading}\n\n**Run time.** {ran}\n\n**Requirements.** Python 3.11 with {packages}, "
        "and this book's `helpers` package and data: see {doc}`the rerun page <../rerun>`.\n:::\n\n"
        f":::{{dropdown}} The {len(settings)} settings this copy ran with\n"
        f"{settings.to_markdown(index=False, disable_numparse=True)}\n:::"
    )
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["tags"] = [RUN_INFO_TAG]
    nb.cells.insert(1, cell)
    hide_bookkeeping(nb)
    nbformat.write(nb, str(notebook))


def prepare(root: Path) -> None:
    """Write the generated pages of the book in ``root`` and annotate its executed chapters."""
    from helpers.publishing import pages

    chapters = root / "book" / "chapters"
    stems = toc_chapters(root)
    stats = read_stats(chapters)
    for stem in stems:
        annotate(chapters / f"{stem}.ipynb", stats.get(stem))
    (root / "book" / "results.md").write_text(pages.results_markdown(chapters, stems), encoding="utf-8")
    generated = root / "book" / "_generated"
    generated.mkdir(exist_ok=True)
    notebooks = [notebooks_dir() / f"{stem}.ipynb" for stem in stems]
    (generated / "parameters.md").write_text(pages.parameters_markdown(notebooks), encoding="utf-8")
    (generated / "chapters.md").write_text(pages.chapters_markdown(chapters, stems), encoding="utf-8")
    (generated / "judging_power.md").write_text(pages.power_markdown(), encoding="utf-8")
    (generated / "repository.md").write_text(repository_markdown(repository_url(root)), encoding="utf-8")
    write_teaching_pages(root, chapters, stems)


def repository_url(root: Path) -> str:
    """Return the book's public repository address from ``root``'s ``_config.yml`` (``repository.url``),
    or "" when none is set."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return str((config.get("repository") or {}).get("url") or "")


def repository_markdown(url: str) -> str:
    """The landing page's line about the repository: a link to ``url``, or nothing when it is empty."""
    return f"The book's source, with its notebooks, helpers and tests: <{url}>.\n" if url else ""


def write_teaching_pages(root: Path, chapters: Path, stems: list[str]) -> None:
    """Write the instructor's guide's generated parts into ``root``'s ``book/_generated``: the course
    plan (run times from the quick runs in ``build/quick`` and the full runs in ``book/chapters`` of the
    checkout) and the student kit's zip, offered as a download."""
    from helpers.publishing import student, teaching
    from helpers.publishing.pages import chapter_title
    from helpers.publishing.runner import default_output_dir
    from helpers.publishing.studies import STUDIES

    planned = [name for name in teaching.chapters_of_plan() if name in stems]
    titles = {name: STUDIES.get(name) or chapter_title(chapters / f"{name}.ipynb") for name in planned}
    plan = teaching.course_plan_markdown(
        read_stats(default_output_dir("quick")),
        read_stats(chapters_dir()),
        teaching.reading_of(chapters, planned),
        titles,
        planned,
    )
    generated = root / "book" / "_generated"
    (generated / "course_plan.md").write_text(plan, encoding="utf-8")
    kit = student.write_kit([notebooks_dir() / f"{s}.ipynb" for s in stems], root / "_build" / "student-kit")
    shutil.copy2(kit, generated / kit.name)
