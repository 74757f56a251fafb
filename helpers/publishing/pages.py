"""The book's generated pages: results across studies and the table of every chapter's parameters.

Nothing on these pages is typed by hand: the study's numbers come from ``helpers.common.claims``, this
book's numbers from the records of the executed chapters, run times from ``run_stats.json``, and the
parameters from each notebook's ``parameters`` cell.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

from helpers.common import claims, formatting
from helpers.common.records import read_records
from helpers.publishing import runner
from helpers.publishing.html_book import HIDDEN, REMOVED, RUN_INFO_TAG


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


def verdict_html(verdict: str) -> str:
    """Return a verdict as the page shows it: its mark and word in a span coloured by the book's CSS."""
    return f'<span class="verdict verdict-{claims.VERDICT_MARKS[verdict][1]}">{claims.verdict_label(verdict)}</span>'


def _cell(text: str) -> str:
    """Return ``text`` safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def results_markdown(executed: Path, chapters: list[str]) -> str:
    """Return the results page: a tally of verdicts per study, then per study each claim with the
    study's figure, this book's, the verdict, why, and a link to the section that shows it; then the
    run time of each chapter.

    ``executed`` holds the executed chapters and ``run_stats.json``; ``chapters`` are the notebook
    names the book's toc lists. A study whose chapter is not executed shows its claims as not run yet.
    """
    stats = runner.read_stats(executed)
    boards = {}
    for chapter in claims.STUDIES:
        notebook = executed / f"{chapter}.ipynb"
        present = chapter in chapters and notebook.is_file()
        boards[chapter] = (present, claims.scoreboard(chapter, read_records(notebook) if present else {}))
    lines = [
        "# Results across studies",
        "",
        "Each row is one thing a study says: a figure it prints or a finding it states. Beside it are the",
        "study's figure, this book's, and a verdict made by a rule in the book's code, never by hand:",
        f"a printed figure is *{claims.REPRODUCED}* when this book's lies within a stated tolerance of it,",
        f"*{claims.PARTLY}* within {claims.PARTLY_FACTOR} tolerances; a finding that one model beats another",
        f"is *{claims.REPRODUCED}* when every comparison behind it holds here, *{claims.PARTLY}* when some do;",
        "a finding of no effect is reproduced when the figures span less than its tolerance. A claim is",
        f"*{claims.NOT_COMPARABLE}* when this book measured it on data that differ in a way that decides",
        "the number; the reason column says how, and the numbers are shown all the same. In the box-office",
        "rows, all→high is the MLP trained on all films and tested on the high-budget ones.",
        "",
        "| study | verdicts |",
        "|:--|:--|",
    ]
    for chapter, (present, board) in boards.items():
        link = f"{{doc}}`{claims.STUDIES[chapter]} <chapters/{chapter}>`" if present else claims.STUDIES[chapter]
        counts = board["verdict"].value_counts()
        tally = ", ".join(f"{verdict_html(v)} {counts[v]}" for v in claims.VERDICT_MARKS if v in counts)
        lines.append(f"| {link} | {tally} |")
    lines.append("")
    for chapter, (present, board) in boards.items():
        lines += [f"## {claims.STUDIES[chapter]}", ""]
        if not present:
            lines += ["This chapter has not been run yet; the study's figures are listed.", ""]
        lines += [
            "| claim (where the study says it) | study | this book | verdict | why | shown in |",
            "|:--|:--|:--|:--|:--|:--|",
        ]
        for row in board.itertuples(index=False):
            shown = f"{{ref}}`section <{row.section}>`" if present else "—"
            cells = [
                f"{row.claim} ({row[1]})",
                row.study,
                row[3],
                verdict_html(row.verdict),
                row.why,
                shown,
            ]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    runs = [
        {
            "chapter": f"{{doc}}`chapters/{name}`",
            "profile": stats[name]["profile"],
            "wall time (s)": formatting.count(stats[name]["wall_s"]),
            "peak memory (MiB)": formatting.count(stats[name]["peak_mib"]),
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
