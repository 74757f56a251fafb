"""The chapters' self-checks: a few questions per chapter on its method, each with options and feedback.

The questions are the data file ``book/self_checks.yml`` (:func:`load_self_checks`). :func:`self_check_markdown`
writes a chapter's questions as MyST Markdown, each answer with its feedback in a folded block that the
student opens after answering. The same text goes on the teaching page (built with the book) and into the
student kit (``self-checks/<chapter>.md``, which JupyterLab renders through jupyterlab-myst): plain HTML
once built, so it works offline and runs no script of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers.common.errors import ParameterError
from helpers.common.paths import repo_root
from helpers.publishing import chapters as manifest

CHECKS_FILE = Path("book") / "self_checks.yml"
QUESTION_KEYS = ("question", "options", "answer", "feedback")
QUESTIONS_PER_CHAPTER = (3, 5)  # the fewest and the most questions a chapter's self-check has
LETTERS = "abcdefgh"


@dataclass(frozen=True)
class Question:
    """One question of a self-check: its text, its options, the index of the right one (from 0) and the
    feedback shown with the answer."""

    question: str
    options: tuple[str, ...]
    answer: int
    feedback: str


def load_self_checks(path: Path | None = None) -> dict[str, list[Question]]:
    """Return the self-checks at ``path`` (default ``book/self_checks.yml``) by chapter, in the file's order.

    Raises ParameterError naming the file, the chapter and the question for a chapter the manifest does
    not have, a number of questions outside :data:`QUESTIONS_PER_CHAPTER`, a missing or unknown key, fewer
    than two options, or an answer that is not the number of one of the options (1 for the first).
    """
    path = path or repo_root() / CHECKS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    known = manifest.stems()
    checks = {}
    for chapter, entries in data.items():
        if chapter not in known:
            raise ParameterError(f"{path}: {chapter!r} is not a chapter of the manifest ({', '.join(known)})")
        low, high = QUESTIONS_PER_CHAPTER
        if not isinstance(entries, list) or not low <= len(entries) <= high:
            raise ParameterError(f"{path}: {chapter}: expected a list of {low} to {high} questions")
        questions = []
        for number, entry in enumerate(entries, start=1):
            where = f"{path}: {chapter}, question {number}"
            if not isinstance(entry, dict) or sorted(entry) != sorted(QUESTION_KEYS):
                raise ParameterError(f"{where}: expected the keys {list(QUESTION_KEYS)}, got {entry!r}")
            options = entry["options"]
            if not isinstance(options, list) or len(options) < 2 or not all(isinstance(o, str) for o in options):
                raise ParameterError(f"{where}: `options` must be a list of at least two texts")
            answer = entry["answer"]
            if not isinstance(answer, int) or isinstance(answer, bool) or not 1 <= answer <= len(options):
                raise ParameterError(f"{where}: `answer` must be the number of an option, 1 to {len(options)}")
            questions.append(Question(str(entry["question"]), tuple(options), answer - 1, str(entry["feedback"])))
        checks[chapter] = questions
    return checks


def self_check_markdown(questions: list[Question]) -> str:
    """Return ``questions`` as MyST Markdown: each question numbered in bold with its options lettered
    (a), (b), ..., then a folded "Answer" block with the right option and its feedback."""
    lines = []
    for number, question in enumerate(questions, start=1):
        lines += [f"**Question {number}.** {question.question}", ""]
        lines += [f"- ({LETTERS[i]}) {option}" for i, option in enumerate(question.options)]
        right = f"({LETTERS[question.answer]}) {question.options[question.answer]}"
        lines += ["", ":::{admonition} Answer", ":class: dropdown", "", f"**{right}.** {question.feedback}", ":::", ""]
    return "\n".join(lines)


def teaching_markdown(checks: dict[str, list[Question]], chapters: list[str]) -> str:
    """Return the teaching page's self-checks: per chapter of ``chapters`` that has one, a section titled
    with the chapter's short name (linked) holding its questions."""
    lines = []
    for chapter in chapters:
        if chapter in checks:
            title = manifest.chapter(chapter).short_title
            lines += [f"### {title}", "", f"For {{doc}}`the chapter <chapters/{chapter}>`.", ""]
            lines += [self_check_markdown(checks[chapter])]
    return "\n".join(lines)


def write_kit_self_checks(checks: dict[str, list[Question]], out: Path) -> list[Path]:
    """Write each chapter's self-check into ``out`` as ``<chapter>.md``, titled with the chapter's short
    name; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for chapter, questions in checks.items():
        path = out / f"{chapter}.md"
        title = manifest.chapter(chapter).short_title
        path.write_text(f"# Self-check: {title}\n\n{self_check_markdown(questions)}", encoding="utf-8")
        written.append(path)
    return written
