"""The course plan: sessions over the book's chapters, with run times from the runner's statistics."""

from helpers.common.exercises import count_exercises
from helpers.common.paths import notebooks_dir
from helpers.publishing import teaching


def rows(markdown: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in markdown.splitlines()[2:]]


def test_plan_reads_run_times_and_counts_exercises():
    quick = {"00_data": {"wall_s": 21.0}, "02_movielens": {"wall_s": 150.0}}
    full = {"00_data": {"wall_s": 20.0}, "02_movielens": {"wall_s": 220.0}}
    reading = {"00_data": 9, "02_movielens": 16}
    titles = {"00_data": "A tour of the data", "02_movielens": "MovieLens"}
    table = rows(teaching.course_plan_markdown(quick, full, reading, titles, ["00_data", "02_movielens"]))
    assert [r[1] for r in table] == [
        "Data and reproducibility",
        "Collaborative filtering from similarity",
        "Matrix factorisation and image features",
        "Final project: reproduce a sixth report",
    ]  # only the sessions on chapters the book has, then the project
    assert table[0][4:] == [str(count_exercises(notebooks_dir() / "00_data.ipynb")), "9 min", "< 1 min", "< 1 min"]
    assert table[1][5:] == ["16 min", "2 min", "4 min"]
    assert table[3][4:] == ["—", "—", "—", "—"]


def test_the_plan_is_read_from_its_file_and_a_chapter_it_names_must_be_in_the_manifest(tmp_path):
    import pytest

    from helpers.common.errors import ParameterError

    plan = tmp_path / "course_plan.yml"
    plan.write_text("sessions:\n  - {topic: Data, chapter: 00_data, read: all, practice: the exercises}\n")
    assert teaching.load_sessions(plan) == [teaching.Session("Data", "00_data", "all", "the exercises")]
    plan.write_text("sessions:\n  - {topic: Data, chapter: 09_none, read: all, practice: the exercises}\n")
    with pytest.raises(ParameterError, match=r"course_plan.yml: session 1: chapter '09_none' is not in the chapter"):
        teaching.load_sessions(plan)
    plan.write_text("sessions:\n  - {topic: Data, read: all}\n")
    with pytest.raises(ParameterError, match=r"session 1: missing text for \['practice'\]"):
        teaching.load_sessions(plan)
