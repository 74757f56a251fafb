"""The book's generated pages: results across studies and the table of every chapter's parameters.

Nothing on these pages is typed by hand: the study's numbers come from ``helpers.common.claims``, this
book's numbers from the records of the executed chapters, run times from ``run_stats.json``, and the
parameters from each notebook's ``parameters`` cell.
"""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import pandas as pd

from helpers.common import claims
from helpers.common.records import read_records
from helpers.publishing import runner
from helpers.publishing.html_book import HIDDEN, REMOVED, RUN_INFO_TAG

NOT_YET = "not yet reproduced"


def chapter_title(notebook: Path) -> str:
    """Return the text of the notebook's first ``# `` heading (its chapter title)."""
    first = nbformat.read(str(notebook), as_version=4).cells[0].source
    return first.splitlines()[0].removeprefix("# ").strip()


def parameters_table(notebooks: list[Path]) -> pd.DataFrame:
    """Return one row per parameter of each notebook: notebook, name, default and meaning.

    Read by papermill from the cell tagged ``parameters``: the meaning is each line's trailing comment.
    """
    rows = [
        {"notebook": notebook.stem, "name": name, "default": info["default"], "meaning": info["help"]}
        for notebook in notebooks
        for name, info in runner.parameter_help(notebook).items()
    ]
    return pd.DataFrame(rows, columns=["notebook", "name", "default", "meaning"])


def _number(value: float) -> str:
    """Format a figure for a table: NaN as an em dash, else four significant digits."""
    return "—" if isinstance(value, float) and math.isnan(value) else f"{value:.4g}"


def results_markdown(executed: Path, chapters: list[str]) -> str:
    """Return the results page: per study, each claim beside this book's figure, then run times.

    ``executed`` holds the executed chapters and ``run_stats.json``; ``chapters`` are the notebook
    names the book's toc lists. A study whose chapter is not executed shows as not yet reproduced.
    """
    stats = runner.read_stats(executed)
    lines = [
        "# Results across studies",
        "",
        "Every number on this page is generated when the book is built: the study's figure as its report",
        "prints it, this book's figure as the chapter recorded it when it ran, and the gap between them.",
        "The data often differ (each chapter says how), so a gap is a finding to read, not a score.",
        "",
    ]
    for chapter, title in claims.STUDIES.items():
        notebook = executed / f"{chapter}.ipynb"
        present = chapter in chapters and notebook.is_file()
        table = claims.comparison_table(chapter, read_records(notebook) if present else {})
        lines += [f"## {title}", ""]
        if present:
            lines += [f"Chapter: {{doc}}`chapters/{chapter}` (its closing table, regenerated here).", ""]
        else:
            lines += [
                f"**{NOT_YET}**: this chapter has not landed in the book yet; the study's figures are listed.",
                "",
            ]
        shown = pd.DataFrame(
            {
                "figure": table["figure"],
                "study": table["study"].map(_number),
                "this book": table["this book"].map(_number) if present else NOT_YET,
                "gap (book − study)": table["gap (book - study)"].map(_number) if present else "—",
            }
        )
        data_columns = ["study's data", "this book's data"]
        if len(table[data_columns].drop_duplicates()) == 1:
            first = table.iloc[0]
            lines += [f"The study measured on {first[data_columns[0]]}; this book on {first[data_columns[1]]}.", ""]
        else:
            shown = pd.concat([shown, table[data_columns]], axis=1)
        lines += [shown.to_markdown(index=False, disable_numparse=True), ""]
    runs = [
        {
            "chapter": f"{{doc}}`chapters/{name}`",
            "profile": stats[name]["profile"],
            "wall time (s)": f"{stats[name]['wall_s']:.0f}",
            "peak memory (MiB)": f"{stats[name]['peak_mib']:.0f}",
        }
        for name in chapters
        if name in stats
    ]
    lines += ["## Run time of each chapter", ""]
    lines += ["Measured by the runner on the machine that built this book.", ""]
    lines += [
        pd.DataFrame(runs).to_markdown(index=False, disable_numparse=True) if runs else "No chapter has been run yet.",
        "",
    ]
    return "\n".join(lines)


def parameters_markdown(notebooks: list[Path]) -> str:
    """Return a Markdown section per notebook listing its parameters (default and meaning)."""
    table = parameters_table(notebooks)
    lines = []
    for notebook in notebooks:
        rows = table[table.notebook == notebook.stem].drop(columns="notebook")
        rows = rows.assign(name=rows["name"].map(lambda n: f"`{n}`"), default=rows["default"].map(lambda d: f"`{d}`"))
        lines += [f"### `{notebook.stem}`", "", rows.to_markdown(index=False, disable_numparse=True), ""]
    return "\n".join(lines)


NOT_READ_TAGS = {HIDDEN, REMOVED, RUN_INFO_TAG}  # cells the page hides, removes, or adds as a note
READING_WORDS_PER_MINUTE = 200  # prose read with care; code cells count as much as their words


def reading_minutes(notebook: Path) -> int:
    """Return the minutes a reader needs for ``notebook``'s text and code, at least one: the words
    (whitespace-separated, markdown and code cells alike) of the cells the page shows open, over
    :data:`READING_WORDS_PER_MINUTE`."""
    cells = nbformat.read(str(notebook), as_version=4).cells
    shown = [cell for cell in cells if not set(cell.metadata.get("tags", [])) & NOT_READ_TAGS]
    words = sum(len(cell.source.split()) for cell in shown if cell.cell_type in ("markdown", "code"))
    return max(1, round(words / READING_WORDS_PER_MINUTE))


def _duration(stats: dict) -> str:
    """Return a run's wall time for a reader: seconds under a minute and a half, else minutes, with
    the profile named when it is not the book's full one."""
    seconds = stats["wall_s"]
    shown = f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
    return shown if stats["profile"] == "full" else f"{shown} ({stats['profile']} profile)"


def chapters_markdown(executed: Path, chapters: list[str]) -> str:
    """Return the landing page's table of chapters: each title linked to its page, its reading time,
    and the run time and peak memory of the run that made it (from ``run_stats.json`` in ``executed``)."""
    stats = runner.read_stats(executed)
    rows = []
    for name in chapters:
        notebook = executed / f"{name}.ipynb"
        ran = stats.get(name)
        rows.append(
            {
                "chapter": f"{{doc}}`{chapter_title(notebook)} <chapters/{name}>`",
                "reading time": f"{reading_minutes(notebook)} min",
                "run time": _duration(ran) if ran else "not run yet",
                "peak memory": f"{ran['peak_mib'] / 1024:.1f} GiB" if ran else "—",
            }
        )
    return pd.DataFrame(rows).to_markdown(index=False, disable_numparse=True)
