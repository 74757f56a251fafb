"""The instructor's guide: a course plan of sessions over the chapters, with every number generated.

The plans themselves are the data file ``book/course_plan.yml``: the semester plan (which chapter and
sections each weekly session covers), read by :func:`load_sessions`, and the two-week intensive variant
(per session its hours, outcomes and the chapter's sections it assigns), read by :func:`load_intensive`;
reading times come from the chapters' text, run times from the runner's statistics of the class (quick) and
full runs, and exercise counts from the notebooks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import yaml

from helpers.common.errors import ParameterError
from helpers.common.exercises import count_exercises
from helpers.common.paths import chapters_dir, notebooks_dir, repo_root
from helpers.publishing import chapters as manifest
from helpers.publishing import class_runs
from helpers.publishing.fingerprint import read_stats
from helpers.publishing.pages import reading_minutes
from helpers.publishing.profiles import default_output_dir

PLAN_FILE = Path("book") / "course_plan.yml"
SESSION_KEYS = ("topic", "chapter", "read", "sections", "practice")
INTENSIVE_KEYS = ("topic", "chapter", "sections", "hours", "outcomes")
HOURS_KEYS = ("lecture", "lab", "homework")
INTENSIVE_SESSIONS = 10  # two weeks of working days


@dataclass(frozen=True)
class Session:
    """One class meeting: its topic, the chapter it reads (a notebook name, or "" for none) and what of
    it (in words, and the ``## `` headings of the sections it assigns, if given), and what students do."""

    topic: str
    chapter: str
    read: str
    practice: str
    sections: tuple[str, ...] = ()


def load_sessions(path: Path | None = None) -> list[Session]:
    """Return the sessions of the course plan at ``path`` (default: ``book/course_plan.yml``), in order.

    Raises ParameterError naming the file, the session and the key for a missing or unknown key, or a
    chapter the manifest does not have.
    """
    path = path or repo_root() / PLAN_FILE
    known = manifest.stems()
    sessions = []
    for where, entry in _plan_entries(path, "sessions", SESSION_KEYS, "session"):
        missing = [key for key in ("topic", "read", "practice") if not isinstance(entry.get(key), str)]
        if missing:
            raise ParameterError(f"{where}: missing text for {missing}")
        chapter, sections = _chapter_and_sections(where, entry, known)
        sessions.append(Session(entry["topic"], chapter, entry["read"], entry["practice"], tuple(sections)))
    return sessions


def _plan_entries(
    path: Path, key: str, keys: Sequence[str], label: str, count: int | None = None
) -> list[tuple[str, dict]]:
    """Return ``(where, entry)`` for each entry of the list under ``key`` in the plan file ``path``, ``where``
    naming the file and the entry (``"<path>: <label> <number>"``). Raises ParameterError when there is no such
    list (or, with ``count``, not that many entries), or an entry is not a mapping of some of ``keys``."""
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key)
    if not isinstance(entries, list) or (count is not None and len(entries) != count):
        many = f"{count} " if count is not None else ""
        raise ParameterError(f"{path}: expected a list of {many}sessions under the key `{key}`")
    found = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: {label} {number}"
        if not isinstance(entry, dict) or set(entry) - set(keys):
            raise ParameterError(f"{where}: expected the keys {list(keys)}, got {entry!r}")
        found.append((where, entry))
    return found


def _chapter_and_sections(where: str, entry: dict, known: Sequence[str]) -> tuple[str, list[str]]:
    """Return a plan entry's chapter (a notebook name of ``known``, or "" for none) and its checked sections
    (:func:`_checked_sections`); raise ParameterError starting with ``where`` for a chapter not in ``known``."""
    chapter = entry.get("chapter", "")
    if chapter and chapter not in known:
        raise ParameterError(f"{where}: chapter {chapter!r} is not in the chapter manifest ({', '.join(known)})")
    return chapter, _checked_sections(where, chapter, entry.get("sections", []))


def _checked_sections(where: str, chapter: str, sections: object) -> list[str]:
    """Return ``sections`` (a session's list of ``## `` headings of ``chapter``), or raise ParameterError
    starting with ``where`` when it is not a list of texts, names sections without a chapter, or names a
    heading the chapter's notebook does not have."""
    if not _texts(sections) or (sections and not chapter):
        raise ParameterError(f"{where}: `sections` must be a list of a chapter's headings, got {sections!r}")
    if sections:
        headings = section_headings(notebooks_dir() / f"{chapter}.ipynb")
        unknown = [s for s in sections if s not in headings]
        if unknown:
            raise ParameterError(f"{where}: {unknown} are not `## ` headings of {chapter}; its headings: {headings}")
    return list(sections)


@dataclass(frozen=True)
class IntensiveSession:
    """One day of the two-week variant: its topic, the chapter (a notebook name, or "" for none) and the
    ``## `` headings of that chapter it assigns, its hours of lecture, lab and homework, and its outcomes
    (what a student can do after it)."""

    topic: str
    chapter: str
    sections: tuple[str, ...]
    lecture_h: float
    lab_h: float
    homework_h: float
    outcomes: tuple[str, ...]


def section_headings(notebook: Path) -> list[str]:
    """Return the text of every ``## `` heading of ``notebook``'s markdown cells, in order."""
    nb = nbformat.read(str(notebook), as_version=4)
    return [
        line.removeprefix("## ").strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]


def _texts(value: object) -> bool:
    """Whether ``value`` is a list of texts."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def load_intensive(path: Path | None = None) -> list[IntensiveSession]:
    """Return the two-week variant of the course plan at ``path`` (default: ``book/course_plan.yml``): its
    :data:`INTENSIVE_SESSIONS` sessions, in order.

    Raises ParameterError naming the file, the session and the key for a missing or unknown key, hours
    that are not numbers of at least 0, a chapter the manifest does not have, or a section that is not a
    ``## `` heading of that chapter's notebook.
    """
    path = path or repo_root() / PLAN_FILE
    known = manifest.stems()
    sessions = []
    for where, entry in _plan_entries(path, "intensive", INTENSIVE_KEYS, "intensive session", INTENSIVE_SESSIONS):
        if not isinstance(entry.get("topic"), str) or not _texts(entry.get("outcomes")) or not entry["outcomes"]:
            raise ParameterError(f"{where}: give a `topic` and a list of `outcomes`")
        hours = entry.get("hours")
        if not isinstance(hours, dict) or sorted(hours) != sorted(HOURS_KEYS):
            raise ParameterError(f"{where}: `hours` must give {list(HOURS_KEYS)}, got {hours!r}")
        if any(not isinstance(h, int | float) or isinstance(h, bool) or h < 0 for h in hours.values()):
            raise ParameterError(f"{where}: hours must be numbers of at least 0, got {hours!r}")
        chapter, sections = _chapter_and_sections(where, entry, known)
        sessions.append(
            IntensiveSession(
                entry["topic"],
                chapter,
                tuple(sections),
                float(hours["lecture"]),
                float(hours["lab"]),
                float(hours["homework"]),
                tuple(entry["outcomes"]),
            )
        )
    return sessions


def section_anchor(heading: str) -> str:
    """Return the HTML id Sphinx gives the section titled ``heading`` (docutils' ``make_id`` of its text,
    markup left out)."""
    from docutils import nodes

    return nodes.make_id(re.sub(r"[`*]", "", heading))


def section_links(chapter: str, sections: Sequence[str]) -> str:
    """Return the ``sections`` of ``chapter`` (``## `` headings) as links to their places on its page,
    separated by semicolons (HTML: the teaching page sits beside the folder of chapters)."""
    return "; ".join(f'<a href="chapters/{chapter}.html#{section_anchor(s)}">{html.escape(s)}</a>' for s in sections)


def _hours(value: float) -> str:
    """Return hours for the page: "1.5 h", "2 h"."""
    return f"{value:g} h"


def intensive_markdown(sessions: Sequence[IntensiveSession], titles: dict[str, str]) -> str:
    """Return the two-week plan as a Markdown table: per session its day, topic, the chapter's sections
    it assigns (each linked to its place on the chapter's page), the hours of lecture, lab and homework,
    and its outcomes; then a line with the hours in all. ``titles`` are the chapters' short names."""
    rows = []
    for number, session in enumerate(sessions, start=1):
        read = (
            f"{titles[session.chapter]}: {section_links(session.chapter, session.sections)}" if session.chapter else "—"
        )
        rows.append(
            {
                "day": f"week {(number - 1) // 5 + 1}, day {(number - 1) % 5 + 1}",
                "topic": session.topic,
                "sections assigned": read,
                "lecture": _hours(session.lecture_h),
                "lab": _hours(session.lab_h),
                "homework": _hours(session.homework_h),
                "after it, a student can": "; ".join(session.outcomes),
            }
        )
    table = pd.DataFrame(rows).to_markdown(index=False, disable_numparse=True).replace("|:-", "|:-")
    totals = [sum(getattr(s, f"{key}_h") for s in sessions) for key in HOURS_KEYS]
    said = ", ".join(f"{_hours(total)} of {key}" for key, total in zip(HOURS_KEYS, totals, strict=True))
    return f"{table}\n\nIn all: {said}.\n"


def intensive_page() -> str:
    """Return the teaching page's two-week plan, from ``book/course_plan.yml`` and the chapter manifest."""
    sessions = load_intensive()
    return intensive_markdown(
        sessions, {s.chapter: manifest.chapter(s.chapter).short_title for s in sessions if s.chapter}
    )


def _run_time(stats: dict | None) -> str:
    """Return a run's wall time for a reader (:func:`helpers.publishing.class_runs.duration`), or a dash
    when it has not run."""
    return class_runs.duration(stats["wall_s"]) if stats else "—"


def _read(session: Session, title: str) -> str:
    """Return what a semester session reads: the chapter linked, what of it in words, and the sections it
    assigns linked to their places."""
    read = f"{{doc}}`{title} <chapters/{session.chapter}>`: {session.read}"
    return f"{read} ({section_links(session.chapter, session.sections)})" if session.sections else read


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
    class settings (the quick profile) and the full profile. ``quick`` and ``full`` are the runner's
    statistics by chapter, ``reading`` the chapters' reading minutes, ``titles`` their short names;
    ``sessions`` the plan (default: :func:`load_sessions`), of which sessions on a chapter
    not in ``chapters`` (the book's) are left out."""
    rows = []
    sessions = [s for s in sessions or load_sessions() if not s.chapter or s.chapter in chapters]
    for number, session in enumerate(sessions, start=1):
        chapter = session.chapter
        rows.append(
            {
                "session": str(number),
                "topic": session.topic,
                "read": _read(session, titles[chapter]) if chapter else session.read,
                "practice": session.practice,
                "exercises": str(count_exercises(notebooks_dir() / f"{chapter}.ipynb")) if chapter else "—",
                "reading": f"{reading[chapter]} min" if chapter else "—",
                "class run": _run_time(quick.get(chapter)) if chapter else "—",
                "full run": _run_time(full.get(chapter)) if chapter else "—",
            }
        )
    return pd.DataFrame(rows).to_markdown(index=False, disable_numparse=True)


def course_plan_page(executed: Path, chapters: list[str]) -> str:
    """Return the teaching page's course plan for the book's ``chapters`` executed in ``executed``: run
    times from the class runs in ``build/quick`` and the full runs in ``book/chapters`` of the checkout,
    both at the reference speed (:func:`helpers.publishing.class_runs.reference_seconds`), reading times
    from the executed copies, titles from the chapter manifest."""
    speed = class_runs.read_speed()

    def at_reference(stats: dict[str, dict]) -> dict[str, dict]:
        return {
            name: {**run, "wall_s": class_runs.reference_seconds(run["wall_s"], speed)} for name, run in stats.items()
        }

    sessions = load_sessions()
    planned = list(dict.fromkeys(s.chapter for s in sessions if s.chapter in chapters))
    return course_plan_markdown(
        at_reference(read_stats(default_output_dir("quick"))),
        at_reference(read_stats(chapters_dir())),
        {name: reading_minutes(executed / f"{name}.ipynb") for name in planned},
        {name: manifest.chapter(name).short_title for name in planned},
        planned,
        sessions,
    )
