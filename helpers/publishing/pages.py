"""The book's generated pages: results across studies and the table of every chapter's parameters.

Nothing on these pages is typed by hand: the study's numbers and claims come from each study's ``claims`` module, this
book's numbers from the records of the executed chapters, run times from ``run_stats.json``, and the
parameters from each notebook's ``parameters`` cell.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

from helpers.common import formatting, judgement
from helpers.publishing import studies
from helpers.publishing.chapters import Manifest, manifest
from helpers.publishing.fingerprint import read_stats
from helpers.publishing.notebooks import parameter_help
from helpers.publishing.tags import HIDDEN, REMOVED, RUN_INFO_TAG


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
        for name, info in parameter_help(notebook).items()
    ]
    return pd.DataFrame(rows, columns=["notebook", "name", "default", "meaning"])


def verdict_html(verdict: str) -> str:
    """Return a verdict as the page shows it: its mark and word in a span coloured by the book's CSS."""
    return (
        f'<span class="verdict verdict-{judgement.VERDICT_MARKS[verdict][1]}">{judgement.verdict_label(verdict)}</span>'
    )


def _cell(text: str) -> str:
    """Return ``text`` safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def _lowered(text: str) -> str:
    """Return a claim's text as it reads inside a sentence: its first letter lower-cased, unless it is
    a name (two capitals, as in "MF", "DL+", "K-ADN")."""
    return text if text[:2].isupper() or text[:1] == text[:1].lower() else text[0].lower() + text[1:]


def study_sentence(study: str, judged: list[judgement.Judged]) -> str:
    """Return the one sentence that opens a study on the results page: its findings by verdict, each
    named, then how many of its printed figures could be compared."""
    findings = [j for j in judged if j.kind != "figure"]
    figures = [j for j in judged if j.kind == "figure"]
    parts = []
    for verdict in judgement.VERDICTS:
        named = [f"“{_lowered(j.text)}”" for j in findings if j.verdict == verdict]
        if named:
            parts.append(f"{verdict}: {formatting.listing(named, 'and')}")
    said = "; ".join(parts) if parts else "no findings judged"
    compared = [j for j in figures if j.verdict not in (judgement.NOT_COMPARABLE, judgement.NOT_RUN)]
    tail = (
        f"{len(figures)} printed figures, {len(compared)} of them comparable with this book's"
        if figures
        else "no printed figures"
    )
    return f"**{study}.** Findings {said}. Also {tail}."


def _findings_table(judged: list[judgement.Judged], present: bool) -> list[str]:
    """Return the Markdown table of a study's findings: the claim, the study's and this book's figures
    as relations, the verdict, why, and a link to the section that shows it (its title)."""
    lines = [
        "| claim (where the study says it) | study | this book | verdict | why | shown in |",
        "|:--|:--|:--|:--|:--|:--|",
    ]
    for j in judged:
        shown = f"{{ref}}`{j.section}`" if present else formatting.MISSING
        cells = [f"{j.text} ({j.source})", j.study, j.book, verdict_html(j.verdict), j.reason, shown]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _figures_table(judged: list[judgement.Judged]) -> list[str]:
    """Return a study's printed figures as a Markdown table: the claim, the study's and this book's
    figure, the verdict; the reason that makes them not comparable is said once, above the table."""
    lines = ["| figure (where the study prints it) | study | this book | verdict |", "|:--|:--|:--|:--|"]
    for j in judged:
        cells = [f"{j.text} ({j.source})", j.study, j.book, verdict_html(j.verdict)]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def results_markdown(executed: Path, chapters: list[str]) -> str:
    """Return the results page: one sentence per study (what held, what did not), then per study its
    findings with their verdicts, then its printed figures grouped with one reason for those that are
    not comparable; then the run time of each chapter.

    ``executed`` holds the executed chapters and ``run_stats.json``; ``chapters`` are the notebook
    names the book's toc lists. A study whose chapter is not executed shows its claims as not run yet.
    """
    stats = read_stats(executed)
    judged = studies.judged_claims(executed, chapters)
    lines = [
        "# Results across studies",
        "",
        "Every claim of every study is judged by the rules of {doc}`judging`, by code, never by hand: a",
        "finding that one model beats another by the interval of their paired difference, a finding of no",
        "effect by an equivalence test against a margin fixed before the run, an ordering pair by pair, and a",
        "printed figure by a stated tolerance. The sentences below and the chapters' closing tables print",
        "from the same judged objects; `claims.json` beside this page holds each one with its numbers.",
        "",
    ]
    for chapter, (study, _) in judged.items():
        lines += [study_sentence(studies.STUDIES[chapter], study), ""]
    for chapter, (study, _) in judged.items():
        present = chapter in chapters and (executed / f"{chapter}.ipynb").is_file()
        title = studies.STUDIES[chapter]
        lines += [f"## {title}", ""]
        if present:
            lines += [f"The chapter: {{doc}}`chapters/{chapter}`.", ""]
        else:
            lines += ["This chapter has not been run yet; the study's claims are listed.", ""]
        findings = [j for j in study if j.kind != "figure"]
        figures = [j for j in study if j.kind == "figure"]
        if findings:
            lines += [*_findings_table(findings, present), ""]
        if figures:
            reasons = sorted({j.reason for j in figures if j.verdict == judgement.NOT_COMPARABLE})
            lines += ["**The figures the study prints.**"]
            if reasons:
                lines += [f" Not comparable where marked so: {'; '.join(reasons)}."]
            lines += ["", *_figures_table(figures), ""]
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


def reading_minutes(notebook: Path | nbformat.NotebookNode) -> int:
    """Return the minutes a reader needs for ``notebook``'s text and code (a file, or a notebook already
    read), at least one: the words (whitespace-separated, markdown and code cells alike) of the cells the
    page shows open, over :data:`READING_WORDS_PER_MINUTE`. The chapter's note and the landing page both
    take it from here, on the annotated chapter, so the two agree."""
    nb = notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(str(notebook), as_version=4)
    cells = nb.cells
    shown = [cell for cell in cells if not set(cell.metadata.get("tags", [])) & NOT_READ_TAGS]
    words = sum(len(cell.source.split()) for cell in shown if cell.cell_type in ("markdown", "code"))
    return max(1, round(words / READING_WORDS_PER_MINUTE))


def _duration(stats: dict) -> str:
    """Return a run's wall time for a reader: seconds under a minute and a half, else minutes, with
    the profile named when it is not the book's full one."""
    seconds = stats["wall_s"]
    shown = f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
    return shown if stats["profile"] == "full" else f"{shown} ({stats['profile']} profile)"


def studies_markdown(book: Manifest | None = None) -> str:
    """Return the landing page's table of studies: one row per chapter of the manifest that names its study
    (``study``), linked to the chapter, with the report and its authors as written and the study's method."""
    rows = [
        {
            "chapter": f"{{doc}}`{entry.short_title} <chapters/{entry.stem}>`",
            "the report, as written": entry.study["report"],
            "authors, as written": entry.study["authors"],
            "what it does": entry.study["method"],
        }
        for entry in (book or manifest()).chapters
        if entry.study
    ]
    return pd.DataFrame(rows).to_markdown(index=False, disable_numparse=True) + "\n"


def chapters_markdown(executed: Path, chapters: list[str]) -> str:
    """Return the landing page's table of chapters: each title linked to its page, its reading time,
    and the run time and peak memory of the run that made it (from ``run_stats.json`` in ``executed``)."""
    stats = read_stats(executed)
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


POWER_SEEDS = (3, 4, 5, 8, 10)  # seed counts the judging page's power table shows
POWER_DIFFERENCES = (1.0, 2.0, 3.0)  # true differences, in seed standard deviations


def power_markdown() -> str:
    """Return the judging page's table: for each seed count of :data:`POWER_SEEDS` and each true
    difference of :data:`POWER_DIFFERENCES` (in seed standard deviations), the share of runs in which
    a difference claim over the seeds reads reproduced (:func:`helpers.common.judgement.power_over_seeds`)."""
    rows = [
        {
            "seeds": str(seeds),
            **{
                f"true difference {delta:g} sd": formatting.percent(judgement.power_over_seeds(seeds, delta), 0)
                for delta in POWER_DIFFERENCES
            },
        }
        for seeds in POWER_SEEDS
    ]
    return pd.DataFrame(rows).to_markdown(index=False, disable_numparse=True)
