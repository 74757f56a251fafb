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
    assert table[0][4:] == [str(count_exercises(notebooks_dir() / "00_data.ipynb")), "9 min", "21 s", "20 s"]
    assert table[1][5:] == ["16 min", "2.5 min", "3.7 min"]
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


def test_the_intensive_plan_has_ten_sessions_whose_sections_are_headings_of_their_chapters():
    from helpers.publishing import chapters

    sessions = teaching.load_intensive()
    assert len(sessions) == 10
    for session in sessions:
        if session.chapter:
            assert session.sections, f"{session.topic}: no section assigned"
            headings = teaching.section_headings(notebooks_dir() / f"{session.chapter}.ipynb")
            assert set(session.sections) <= set(headings)
        assert session.outcomes and session.lecture_h + session.lab_h > 0
    assert {s.chapter for s in sessions if s.chapter} <= set(chapters.stems())


def test_a_section_links_to_the_id_sphinx_gives_its_heading():
    # docutils' make_id, by hand: lower case, runs of other characters to one hyphen, no hyphen at the ends
    assert teaching.section_anchor("Cross-validation: choosing a model on the training films") == (
        "cross-validation-choosing-a-model-on-the-training-films"
    )
    assert teaching.section_anchor("The study's MLP") == "the-study-s-mlp"
    assert teaching.section_anchor("Features (§1.1)") == "features-1-1"


def test_the_intensive_table_sums_the_hours_and_links_each_section(tmp_path):
    import pytest

    from helpers.common.errors import ParameterError

    session = teaching.IntensiveSession("LSTMs", "03_douyin", ("Verdict",), 1.5, 2.0, 2.5, ("judge two forecasts",))
    table = teaching.intensive_markdown([session, session], {"03_douyin": "Douyin"})
    assert '<a href="chapters/03_douyin.html#verdict">Verdict</a>' in table
    assert table.endswith("In all: 3 h of lecture, 4 h of lab, 5 h of homework.\n")  # 2 x 1.5, 2 x 2, 2 x 2.5
    plan = tmp_path / "course_plan.yml"
    day = "{topic: T, chapter: 03_douyin, sections: [No such part], hours: {lecture: 1, lab: 1, homework: 1}, outcomes: [o]}"
    plan.write_text("intensive:\n" + "".join(f"  - {day}\n" for _ in range(10)))
    with pytest.raises(
        ParameterError, match=r"intensive session 1: \['No such part'\] are not `## ` headings of 03_douyin"
    ):
        teaching.load_intensive(plan)
    plan.write_text("intensive:\n" + f"  - {day}\n")
    with pytest.raises(ParameterError, match="expected a list of 10 sessions"):
        teaching.load_intensive(plan)
