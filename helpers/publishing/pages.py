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
