"""The chapters' self-checks: the questions file is checked when read, and each answer is folded with its
feedback."""

import pytest

from helpers.common.errors import ParameterError
from helpers.publishing import chapters, self_checks


def test_every_chapter_has_three_to_five_questions_and_each_answer_is_one_of_its_options():
    checks = self_checks.load_self_checks()
    assert set(checks) == set(chapters.stems())
    for questions in checks.values():
        assert 3 <= len(questions) <= 5
        assert all(0 <= q.answer < len(q.options) for q in questions)


def test_a_question_shows_its_options_and_folds_the_right_one_with_its_feedback():
    question = self_checks.Question("Which?", ("this", "that"), 1, "Because.")
    text = self_checks.self_check_markdown([question])
    assert "**Question 1.** Which?\n\n- (a) this\n- (b) that" in text
    assert ":::{admonition} Answer\n:class: dropdown\n\n**(b) that.** Because.\n:::" in text


def test_a_bad_questions_file_names_the_chapter_the_question_and_the_fix(tmp_path):
    path = tmp_path / "self_checks.yml"
    question = "{question: Q, options: [a, b], answer: 3, feedback: F}"
    path.write_text(f"03_douyin: [{question}, {question}, {question}]\n")
    with pytest.raises(
        ParameterError, match=r"03_douyin, question 1: `answer` must be the number of an option, 1 to 2"
    ):
        self_checks.load_self_checks(path)
    path.write_text(f"03_douyin: [{question.replace('answer: 3', 'answer: 1')}]\n")
    with pytest.raises(ParameterError, match="03_douyin: expected a list of 3 to 5 questions"):
        self_checks.load_self_checks(path)
    path.write_text(f"09_none: [{question}]\n")
    with pytest.raises(ParameterError, match="'09_none' is not a chapter"):
        self_checks.load_self_checks(path)


def test_the_kit_gets_one_self_check_file_per_chapter(tmp_path):
    written = self_checks.write_kit_self_checks(self_checks.load_self_checks(), tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{stem}.md" for stem in chapters.stems())
    assert written[0].read_text().startswith("# Self-check: ")
