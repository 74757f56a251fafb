"""Files of one's own: the path parameter check, the example files, the mean-predictor flag, and the sentences
that keep a chapter's verdicts true on any data."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.common.errors import DataError, ParameterError
from helpers.common.metrics import describe_flat, flat_predictions
from helpers.common.paths import repo_root
from helpers.datasets import (
    own_path,
    read_douban_crawls,
    read_douyin,
    read_ml100k_ratings,
    read_movielens_own,
    read_netflix_ratings,
    read_poster_folder,
    read_tmdb_movies,
)
from helpers.datasets.examples import planted_ratings
from helpers.douban.features import counts_note, used_counts
from helpers.publishing import examples


def test_own_path_gives_none_for_none_and_names_the_parameter_otherwise(tmp_path):
    assert own_path(None, "train_file") is None
    present = tmp_path / "ratings.txt"
    present.write_text("1,2,3\n")
    assert own_path(str(present), "train_file") == present
    with pytest.raises(ParameterError, match=r"parameter train_file='.*nowhere.txt': .* does not exist"):
        own_path(str(tmp_path / "nowhere.txt"), "train_file")
    with pytest.raises(ParameterError, match="is not a folder"):
        own_path(str(present), "posters_dir", folder=True)


def test_own_path_reads_a_relative_path_from_the_run_folder_and_says_what_is_wrong(tmp_path, monkeypatch):
    (tmp_path / "posters").mkdir()
    (tmp_path / "ratings.txt").write_text("1,2,3\n")
    monkeypatch.chdir(tmp_path)
    assert own_path("posters", "posters_dir", folder=True) == tmp_path / "posters"
    assert own_path("ratings.txt", "train_file") == tmp_path / "ratings.txt"
    tail = "(see the book's rerun page for its format), or leave it out for the registered data"
    with pytest.raises(ParameterError) as raised:
        own_path("posters", "train_file")
    assert str(raised.value) == (
        f"parameter train_file='posters': {tmp_path / 'posters'} is not a file; give the path of a file of your own {tail}"
    )
    with pytest.raises(ParameterError) as raised:
        own_path("missing", "posters_dir", folder=True)
    assert str(raised.value) == (
        f"parameter posters_dir='missing': {tmp_path / 'missing'} does not exist; "
        f"give the path of a folder of your own {tail}"
    )


def test_a_model_giving_every_pair_one_value_is_named_with_that_value():
    ratings = np.array([1.0, 2.0, 3.0, 4.0, 5.0])  # mean 3, sd 1.414 stars: 1 % is 0.014
    predictions = {
        "near the mean": np.array([3.0, 3.01, 3.0, 2.99, 3.0]),  # sd 0.006
        "near zero": np.array([-0.001, -0.002, -0.001, -0.002, -0.001]),  # sd 0.0005
        "spread": np.array([2.9, 3.0, 3.0, 3.0, 3.1]),  # sd 0.063
    }
    flat = flat_predictions(ratings, predictions)
    assert flat == pytest.approx({"near the mean": 3.0, "near zero": -0.0014})
    assert describe_flat(ratings, flat) == (
        "near the mean gives every pair 3.00 stars, the mean rating; near zero gives every pair 0.00 stars"
    )
    assert describe_flat(ratings, {}) == "no model gives every pair the same prediction here"


def test_netflix_example_files_read_back_with_the_counts_they_promise(tmp_path):
    example = examples.write_examples(tmp_path, ["05_netflix"])["05_netflix"]
    train = read_netflix_ratings(tmp_path / "05_netflix" / "my_ratings.txt")
    second = read_ml100k_ratings(tmp_path / "05_netflix" / "my_u.data")
    assert example.parameters == {
        "train_file": str(tmp_path / "05_netflix" / "my_ratings.txt"),
        "ml_file": str(tmp_path / "05_netflix" / "my_u.data"),
    }
    assert example.counts == {
        "users": train.user_id.nunique(),
        "movies": train.movie_id.nunique(),
        "ratings": len(train),
        "second_ratings": len(second),
    }
    assert train.user_id.min() > 2_649_429 and train.rating.between(1, 5).all()  # above every Prize user id
    assert not train.duplicated(["user_id", "movie_id"]).any()


def test_example_files_are_the_same_bytes_every_time(tmp_path):
    examples.write_examples(tmp_path / "a")
    examples.write_examples(tmp_path / "b")
    for stem in examples.example_chapters():
        for path in (tmp_path / "a" / stem).iterdir():
            assert path.read_bytes() == (tmp_path / "b" / stem / path.name).read_bytes()


def test_planted_ratings_cover_every_user_and_item_on_the_scale():
    ratings = planted_ratings(30, 20, 0.1, (0.5, 5, 0.5), seed=0)
    assert set(ratings.user) == set(range(30)) and set(ratings.item) == set(range(20))
    assert (ratings.rating * 2 == (ratings.rating * 2).round()).all() and ratings.rating.between(0.5, 5).all()
    assert isinstance(ratings, pd.DataFrame) and ratings.rating.std() > 0.5


def test_an_unknown_chapter_has_no_examples(tmp_path):
    with pytest.raises(ParameterError, match="no example files for '09_nothing'"):
        examples.write_examples(tmp_path, ["09_nothing"])


def test_each_chapters_package_writes_the_example_files_the_manifest_lists(tmp_path):
    from helpers.publishing import chapters

    examples.write_examples(tmp_path)
    for stem in examples.example_chapters():
        written = sorted(path.name for path in (tmp_path / stem).iterdir())
        assert written == sorted(chapters.chapter(stem).example_files), stem


def test_count_columns_are_features_only_when_every_film_has_them():
    assert counts_note({"comment": 12, "review": 12}, 12).startswith("The short-comment and review counts (log of")
    assert counts_note({"comment": 5, "review": 0}, 12) == (
        "The files give short-comment counts for 5 of the 12 films only, so those counts are left out. "
        "The files give no review counts, columns of the paper's film database (its Fig. 2), so they are left out."
    )
    assert counts_note({"comment": 5, "review": 5}, 12) == (
        "The files give short-comment and review counts for 5 of the 12 films only, so those counts are left out."
    )
    films = pd.DataFrame({"comment": pd.array([1, 2], dtype="Int64"), "review": pd.array([1, None], dtype="Int64")})
    assert used_counts(films) == ["comment"] and used_counts(films.drop(columns="comment")) == []


def test_douban_example_files_read_back_with_the_counts_they_promise(tmp_path):
    example = examples.write_examples(tmp_path, ["04_douban"])["04_douban"]
    crawls = read_douban_crawls([Path(path) for path in example.parameters["crawl_files"]])
    older, newer = crawls.values()
    assert "movie_url" not in older and "movie_url" in newer
    assert example.counts["rows"] == len(older) + len(newer) == 757
    assert sum(frame.attrs["repeated_headers"] for frame in crawls.values()) == example.counts["repeated_headers"] == 1
    in_years = pd.concat([older, newer]).query("1990 <= year <= 2005")
    assert in_years.year.min() < 2007 and in_years.douban_id.nunique() == example.counts["films"] + 4 + 6 + 9


def test_the_rerun_page_shows_rows_of_the_example_files(tmp_path):
    examples.write_examples(tmp_path)
    lines = {line for path in tmp_path.rglob("*") if path.is_file() for line in path.read_text().splitlines()}
    page = (repo_root() / "book" / "rerun.md").read_text(encoding="utf-8")
    section = page.split("## Running a chapter on your own data")[1].split("\n## ")[0]
    shown = [line for block in re.findall(r"```text\n(.*?)```", section, re.DOTALL) for line in block.splitlines()]
    assert len(shown) >= 2 * len(examples.example_chapters())
    assert [line for line in shown if line not in lines] == []


def test_box_office_example_file_reads_back_with_the_counts_it_promises(tmp_path):
    example = examples.write_examples(tmp_path, ["01_box_office"])["01_box_office"]
    movies = read_tmdb_movies(Path(example.parameters["movies_file"]))
    assert len(movies) == example.counts["raw_films"] and movies.id.min() >= 900_000
    assert "tagline" not in movies and "keywords" not in movies
    known = movies[(movies.budget > 0) & (movies.revenue > 0) & movies.release_date.notna() & movies.runtime.notna()]
    assert len(known) == example.counts["films"] == 600 and example.counts["test_films"] == 120
    assert known.release_date.dt.year.max() < 1980


def test_douyin_example_file_reads_back_with_the_counts_it_promises(tmp_path):
    example = examples.write_examples(tmp_path, ["03_douyin"])["03_douyin"]
    minutes = read_douyin(Path(example.parameters["data_path"]))
    assert len(minutes) == example.counts["rows"] == 490
    live = minutes[minutes.date_time.dt.day == 5]
    assert len(live) == example.counts["minutes"] and not (live.date_time.dt.hour == 13).any()
    assert minutes.date_time.dt.year.unique().tolist() == [2024]


def test_movielens_example_files_read_back_with_the_counts_they_promise(tmp_path):
    example = examples.write_examples(tmp_path, ["02_movielens"])["02_movielens"]
    ml = read_movielens_own(Path(example.parameters["ratings_file"]), Path(example.parameters["movies_file"]))
    counts, ratings = example.counts, ml.ratings
    assert (len(ratings), ratings.userId.nunique(), ratings.movieId.nunique()) == (6647, 150, 400)
    assert counts["ratings"] == 6647 and counts["users"] == 150 and counts["movies"] == 400
    assert ratings.userId.min() > 70_000 and counts["largest_id"] == 9_995 and ml.links is None
    assert counts["cut_movies"] == 199  # ids 9,005 to 9,995 in steps of 5
    assert ratings.groupby("userId").size().min() >= 20 and (ratings.rating * 2 % 1 == 0).all()


def test_own_movielens_files_with_a_pair_rated_twice_or_an_unlisted_movie_are_refused(tmp_path):
    movies = tmp_path / "movies.csv"
    movies.write_text("movieId,title,genres\n10,A (1990),Drama\n")
    twice = tmp_path / "twice.csv"
    twice.write_text("userId,movieId,rating,timestamp\n1,10,4.0,5\n1,10,3.5,6\n")
    with pytest.raises(DataError, match=r"twice.csv: data row 2: user 1 rates movie 10 a second time"):
        read_movielens_own(twice, movies)
    unlisted = tmp_path / "unlisted.csv"
    unlisted.write_text("userId,movieId,rating,timestamp\n1,10,4.0,5\n1,11,3.5,6\n")
    with pytest.raises(
        DataError, match=r"movies.csv: 1 rated movie\(s\) of unlisted.csv are not listed, such as movieId 11"
    ):
        read_movielens_own(unlisted, movies)


def test_a_posters_folder_is_read_by_movie_id_and_a_stray_file_is_named(tmp_path):
    from PIL import Image

    for name in ("6.jpg", "12.png", ".DS_Store"):
        Image.new("RGB", (4, 6)).save(tmp_path / name, format="PNG")
    posters = read_poster_folder(tmp_path)
    assert posters.index.tolist() == [6, 12] and posters[12].name == "12.png"
    (tmp_path / "heat.jpg").write_bytes(b"")
    with pytest.raises(DataError, match=r"heat.jpg: a posters folder holds only images named by the movie's id"):
        read_poster_folder(tmp_path)
    (tmp_path / "heat.jpg").unlink()
    Image.new("RGB", (4, 6)).save(tmp_path / "6.png")
    with pytest.raises(DataError, match=r"6.png: movie 6 also has 6.jpg"):
        read_poster_folder(tmp_path)
