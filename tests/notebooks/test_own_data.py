"""Each study chapter on files of one's own: its example files (`python -m helpers examples`, in the
documented formats, with sizes, ids and years unlike the registered data and some optional inputs left
out) go in through the chapter's path parameters under the quick profile; the chapter's records exist
and its data counts are the files'. A file that lacks a required column stops the chapter with a message
naming the file and the columns, and no advice to download data. The run on the example files is the
chapter's first shared run (``documented.shared_runs``: it also has the values of the reruns the chapter's
exercises and the pages show, none of which changes what the chapter reads), in ``build/own``; that it
records every claim of the study is checked in ``test_chapter_reruns.py``.
"""

import re
import subprocess
import sys

import nbformat
import pandas as pd
import pytest
from conftest import own_group
from documented import EXAMPLES_DIR

from helpers.publishing import notebooks
from helpers.publishing.examples import example_chapters, examples_module, write_examples

pytestmark = pytest.mark.notebooks


@own_group("05_netflix")
def test_netflix_counts_are_the_example_files(own_run):
    example, records = own_run("05_netflix")
    counts = example.counts
    assert records["netflix.data.users"] == counts["users"]
    assert records["netflix.data.movies"] == counts["movies"]
    fraction = float(notebooks.notebook_parameters(notebooks.resolve(["05_netflix"])[0])["test_fraction"])
    held_out = int(counts["ratings"] * fraction)  # without a held-out file: the test set's share, held out
    assert records["netflix.data.test_ratings"] == held_out
    assert records["netflix.data.ratings"] == counts["ratings"] - held_out
    assert records["netflix.data.files"] == "my_ratings.txt"
    assert records["ml100k.data.folds"] == (
        f"five seeded random folds of my_u.data ({counts['second_ratings']:,} ratings)"
    )


@own_group("02_movielens")
def test_movielens_counts_are_the_example_files(own_run):
    example, records = own_run("02_movielens")
    counts = example.counts
    assert records["movielens.data.ratings"] == counts["ratings"]
    assert records["movielens.data.users"] == counts["users"]
    assert records["movielens.data.movies"] == counts["movies"]
    assert records["movielens.data.largest_id"] == counts["largest_id"]
    assert records["movielens.movies_dropped_by_truncation"] == counts["cut_movies"]
    assert records["movielens.data.files"] == "my_ratings.csv and my_movies.csv"
    # no Heat or Toy Story, no links and no posters: other queries, and the poster figures not measured
    assert records["movielens.queries"].startswith("the two most rated movies, Example movie")
    assert records["movielens.data.posters"] == 0
    assert records["movielens.neighbours.genre_precision.poster"] == "not measured: no posters given"
    # every claim is recorded as judged: measured where these files allow, "not run" without posters
    from helpers.common.judgement import NOT_RUN, Judged, record_name
    from helpers.movielens import claims

    verdicts = {c.id: Judged.from_json(records[record_name(c.id)]) for c in (*claims.CLAIMS, *claims.OWN_QUESTIONS)}
    without_posters = {
        "movielens.posters_beat_mf",
        "movielens.posters_beat_cf",
        "movielens.cold_posters_beat_cf",
        "movielens.new_posters_beat_cf",
    }
    for claim_id, found in verdicts.items():
        if claim_id in without_posters:
            assert found.verdict == NOT_RUN and found.reason == "no posters given", claim_id
        else:
            assert found.verdict != NOT_RUN, claim_id
    # the study's two figures are about its own release: on other files they are set aside, with the reason
    for claim_id in ("movielens.sparsity", "movielens.cf_user_study_mse"):
        assert verdicts[claim_id].verdict == "not comparable" and "your own files" in verdicts[claim_id].reason
    # the density of the example's own truncated matrix, counted here from its file
    own = pd.read_csv(example.parameters["ratings_file"])
    density = 100 * int((own.movieId <= 9000).sum()) / (counts["users"] * 9000)
    assert verdicts["movielens.sparsity"].book_figures["figure"] == pytest.approx(density)


@own_group("01_box_office")
def test_box_office_counts_are_the_example_file(own_run):
    example, records = own_run("01_box_office")
    counts = example.counts
    assert records["boxoffice.data.raw_films"] == counts["raw_films"]
    assert records["boxoffice.n_films"] == counts["films"]
    assert records["boxoffice.data.test_films"] == counts["test_films"]
    assert records["boxoffice.data.files"] == "my_films.csv"
    # no tagline or keywords column and no cast file: three of the study's features fewer than the 15
    assert records["boxoffice.n_features"] == 15 - 3
    # fewer films than the study's 3,000: the film-count experiment cannot draw that many
    assert counts["films"] < 3000 and records["boxoffice.study_count.finding"].startswith("Not measured")


@own_group("03_douyin")
def test_douyin_counts_are_the_example_file(own_run):
    example, records = own_run("03_douyin")
    counts = example.counts
    assert records["douyin.data.rows"] == counts["rows"]
    assert records["douyin.n_minutes"] == counts["minutes"]  # the dead day and the off-air hour removed
    assert records["douyin.data.file"] == "my_live_room.csv"
    assert (records["douyin.data.first"], records["douyin.data.last"]) == ("2024-03-05 09:00", "2024-03-06 10:09")


@own_group("04_douban")
def test_douban_counts_are_the_example_files(own_run):
    example, records = own_run("04_douban")
    counts = example.counts
    assert records["douban.data.rows"] == counts["rows"]
    assert records["douban.n_films"] == counts["films"]
    assert records["douban.repeated_headers"] == counts["repeated_headers"]
    assert records["douban.data.files"] == "my_douban_1990s.csv and my_douban_2000s.csv"
    # every example film has both counts, so the chapter uses them, as the paper does
    assert records["douban.data.counts_note"].startswith("The short-comment and review counts (log of 1 + count)")


# chapter: (its path parameter, a file's name and text that lack a required column, the message's
# words after "<path>: "); the parameter's value is the file, or for a list parameter a list of it
BAD_FILES = {
    "02_movielens": (
        "ratings_file", "no_rating.csv", "userId,movieId,timestamp\n1,2,3\n", "missing column(s) ['rating']",
    ),
    "01_box_office": (
        "movies_file", "no_revenue.csv",
        "id,title,budget,popularity,runtime,release_date,original_language,genres\n1,A,5,1.0,90,2001-01-01,en,[]\n",
        "missing column(s) ['revenue']",
    ),
    "03_douyin": (
        "data_path", "no_watch.csv", ",natural_flow_trend_index,pay_flow_trend_index,date_time\n0,{},{},2024-01-01 10:00:00\n",
        "missing column(s) ['UV_VALUE', 'COMMENT_CNT', 'INCR_FANS_CNT', 'LEAVE_UCNT', 'FANS_CLUB_UCNT', 'PAY_ORDER_GMV', "
        "'ONLINE_USER_CNT', 'WATCH_UCNT', 'PAY_CNT', 'PAY_UCNT']",
    ),
    "04_douban": (
        "crawl_files", "no_writer.csv",
        "name,rate,rating_people,director,actor,genre,place,language,year,movietime\nA,7.1,100,B,C,D,E,F,1999,90\n",
        "missing column(s) ['writer']",
    ),
    "05_netflix": (
        "train_file", "two_columns.txt", "30001,5000001\n30002,5000001\n",
        "every row has 2 fields, but this file needs 3 columns, in order: movie_id, user_id, rating",
    ),
}  # fmt: skip


# chapter: the other path parameters its bad file needs beside it (well-formed files of the chapter's)
COMPANIONS = {"02_movielens": {"movies_file": EXAMPLES_DIR / "02_movielens" / "my_movies.csv"}}


@pytest.mark.parametrize("stem", BAD_FILES)
def test_a_file_without_a_required_column_names_the_file_and_its_columns(stem, tmp_path):
    parameter, name, text, words = BAD_FILES[stem]
    if stem in COMPANIONS:
        write_examples(EXAMPLES_DIR, [stem])
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    value = f"[{bad}]" if parameter.endswith("_files") else str(bad)
    companions = [f"{name}={path}" for name, path in COMPANIONS.get(stem, {}).items()]
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "run", stem, "--profile", "quick", "--out", str(tmp_path / "out"),
         "-p", f"{parameter}={value}", *(w for pair in companions for w in ("-p", pair))],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    message = done.stdout + done.stderr
    assert done.returncode == 1, message
    assert f"{bad}: {words}" in message
    assert "make data" not in message and "fetch" not in message


@pytest.mark.parametrize("stem", example_chapters())
def test_the_prose_types_no_count_of_the_registered_data(stem):
    # the chapter's registered data, counted by its package (helpers/<package>/examples.py)
    notebook = nbformat.read(str(notebooks.resolve([stem])[0]), as_version=4)
    prose = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    typed = sorted(
        {
            text
            for count in examples_module(stem).registered_counts()
            for text in {f"{count:,}", str(count)}
            if re.search(rf"(?<![\d.,]){re.escape(text)}(?![\d]|[.,]\d)", prose)
        }
    )
    assert not typed, f"{stem} types counts of its registered data in its prose (glue them instead): {typed}"
