"""The instructor's guide: a course plan of sessions over the chapters, with every number generated.

The plan itself (which chapter and sections each session covers) is the data file ``book/course_plan.yml``,
read by :func:`load_sessions`; reading times come from the chapters' text, run times from the runner's
statistics of the quick and full runs, and exercise counts from the notebooks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from helpers.common.errors import ParameterError
from helpers.common.exercises import count_exercises
from helpers.common.paths import chapters_dir, notebooks_dir, repo_root
from helpers.publishing import chapters as manifest
from helpers.publishing.fingerprint import read_stats
from helpers.publishing.pages import reading_minutes
from helpers.publishing.profiles import default_output_dir

PLAN_FILE = Path("book") / "course_plan.yml"
SESSION_KEYS = ("topic", "chapter", "read", "practice")


@dataclass(frozen=True)
class Session:
    """One class meeting: its topic, the chapter it reads (a notebook name, or "" for none) and what of
    it, and what students do."""

    topic: str
    chapter: str
    read: str
    practice: str


def load_sessions(path: Path | None = None) -> list[Session]:
    """Return the sessions of the course plan at ``path`` (default: ``book/course_plan.yml``), in order.

    Raises ParameterError naming the file, the session and the key for a missing or unknown key, or a
    chapter the manifest does not have.
    """
    path = path or repo_root() / PLAN_FILE
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sessions")
    if not isinstance(entries, list):
        raise ParameterError(f"{path}: expected a list of sessions under the key `sessions`")
    known = manifest.stems()
    sessions = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: session {number}"
        if not isinstance(entry, dict) or set(entry) - set(SESSION_KEYS):
            raise ParameterError(f"{where}: expected the keys {list(SESSION_KEYS)}, got {entry!r}")
        missing = [key for key in ("topic", "read", "practice") if not isinstance(entry.get(key), str)]
        if missing:
            raise ParameterError(f"{where}: missing text for {missing}")
        chapter = entry.get("chapter", "")
        if chapter and chapter not in known:
            raise ParameterError(f"{where}: chapter {chapter!r} is not in the chapter manifest ({', '.join(known)})")
        sessions.append(Session(entry["topic"], chapter, entry["read"], entry["practice"]))
    return sessions


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
    sessions: Sequence[Session] | None = None,
) -> str:
    """Return the course plan as a Markdown table: per session its topic, the chapter (linked) and what
    to read, the practice, the chapter's exercises and reading time, and the chapter's run time under the
    quick and full profiles. ``quick`` and ``full`` are the runner's statistics by chapter, ``reading`` the chapters'
    reading minutes, ``titles`` their short names; ``sessions`` the plan (default: :func:`load_sessions`),
    of which sessions on a chapter not in ``chapters`` (the book's) are left out."""
    rows = []
    sessions = [s for s in sessions or load_sessions() if not s.chapter or s.chapter in chapters]
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


def course_plan_page(executed: Path, chapters: list[str]) -> str:
    """Return the teaching page's course plan for the book's ``chapters`` executed in ``executed``: run
    times from the quick runs in ``build/quick`` and the full runs in ``book/chapters`` of the checkout,
    reading times from the executed copies, titles from the chapter manifest."""
    sessions = load_sessions()
    planned = list(dict.fromkeys(s.chapter for s in sessions if s.chapter in chapters))
    return course_plan_markdown(
        read_stats(default_output_dir("quick")),
        read_stats(chapters_dir()),
        {name: reading_minutes(executed / f"{name}.ipynb") for name in planned},
        {name: manifest.chapter(name).short_title for name in planned},
        planned,
        sessions,
    )
