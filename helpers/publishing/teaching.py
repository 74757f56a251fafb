"""The instructor's guide: a course plan of sessions over the chapters, with every number generated.

The plan itself (which chapter and sections each session covers) is written once in :data:`SESSIONS`;
reading times come from the chapters' text, run times from the runner's statistics of the quick and
full runs, and exercise counts from the notebooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.common.exercises import count_exercises
from helpers.common.paths import notebooks_dir


@dataclass(frozen=True)
class Session:
    """One class meeting: its topic, the chapter it reads and what of it, and what students do."""

    topic: str
    chapter: str
    read: str
    practice: str


SESSIONS = (
    Session("Data and reproducibility", "00_data", "the whole tour", "the tour's exercises"),
    Session(
        "A tabular regression, as the study ran it",
        "01_box_office",
        "from the films to the study's experiments",
        "rerun the MLP with another width; compare the high/low split",
    ),
    Session(
        "Stronger peers, noise and explanations",
        "01_box_office",
        "random forest, cross-validation, the bootstrap, LIME",
        "argue from the bootstrap whether high-budget films are easier",
    ),
    Session(
        "Collaborative filtering from similarity",
        "02_movielens",
        "the rating matrix, the study's formula and its correction",
        "find the bug in the study's prediction formula",
    ),
    Session(
        "Matrix factorisation and image features",
        "02_movielens",
        "SGD matrix factorisation, posters, neighbours judged by numbers",
        "judge one neighbour list by genre precision",
    ),
    Session(
        "A time series, honestly split",
        "03_douyin",
        "the data, cleaning, decomposition, naive baselines",
        "beat persistence with a moving average of your own window",
    ),
    Session(
        "LSTMs against the baselines",
        "03_douyin",
        "the LSTMs, the window sweep, the verdict",
        "rerun with more seeds; is the gap between v1 and v2 noise?",
    ),
    Session(
        "Factorisation machines and attention",
        "04_douban",
        "features, the models, Table 1 over the seeds",
        "read the paired differences: which gaps are real?",
    ),
    Session(
        "Knowledge distillation and what a feature is worth",
        "04_douban",
        "the paper's settings, Table 2, Figure 5, without the rater count, the ablation",
        "explain why the rater count is a leak",
    ),
    Session(
        "Embedding recommenders on a 1,000-user Netflix slice and MovieLens 100K",
        "05_netflix",
        "the six models, the latent sweep, MovieLens 100K",
        "explain the MF collapse from the penalty",
    ),
    Session(
        "From a course-sized slice to the prize's size",
        "06_scale",
        "generated data, the prize's format out of core, streaming DL+, ALS on Spark, the cost curve",
        "say what the extrapolation to 100 million ratings assumes, and what could break it",
    ),
    Session(
        "Final project: reproduce a sixth report",
        "",
        "a report of the students' choice",
        "the project below, presented with its claims scoreboard",
    ),
)


def _minutes(stats: dict | None) -> str:
    """Return a run's wall time in minutes for a reader, or a dash when it has not run."""
    if not stats:
        return "—"
    minutes = stats["wall_s"] / 60
    return "< 1 min" if minutes < 1 else f"{minutes:.0f} min"


def course_plan_markdown(
    quick: dict[str, dict],
    full: dict[str, dict],
    reading: dict[str, int],
    titles: dict[str, str],
    chapters: list[str],
) -> str:
    """Return the course plan as a Markdown table: per session its topic, the chapter (linked) and what
    to read, the practice, the chapter's exercises and reading time, and the chapter's run time under the
    quick and full profiles. ``quick`` and ``full`` are the runner's statistics by chapter, ``reading`` the chapters'
    reading minutes, ``titles`` their short names; sessions on a chapter not in ``chapters`` (the book's
    toc) are left out."""
    rows = []
    sessions = [s for s in SESSIONS if not s.chapter or s.chapter in chapters]
    for number, session in enumerate(sessions, start=1):
        chapter = session.chapter
        rows.append(
            {
                "session": str(number),
                "topic": session.topic,
                "read": f"{{doc}}`{titles[chapter]} <chapters/{chapter}>`: {session.read}" if chapter else session.read,
                "practice": session.practice,
                "exercises": str(count_exercises(notebooks_dir() / f"{chapter}.ipynb")) if chapter else "—",
                "reading": f"{reading[chapter]} min" if chapter else "—",
                "quick run": _minutes(quick.get(chapter)) if chapter else "—",
                "full run": _minutes(full.get(chapter)) if chapter else "—",
            }
        )
    return pd.DataFrame(rows).to_markdown(index=False, disable_numparse=True)


def chapters_of_plan() -> list[str]:
    """Return the chapters the plan reads, in order, each once."""
    return list(dict.fromkeys(s.chapter for s in SESSIONS if s.chapter))


def reading_of(executed: Path, chapters: list[str]) -> dict[str, int]:
    """Return the reading minutes of each executed chapter in ``executed``."""
    from helpers.publishing.pages import reading_minutes

    return {name: reading_minutes(executed / f"{name}.ipynb") for name in chapters}
