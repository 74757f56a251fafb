"""The MovieLens chapter's steps that moved from its cells into its package, on hand-made data with answers
counted by hand: the study's cut and split counts, the chapter's tables, the cold-start buckets and their
sentences, the query movies and the study's printed neighbours, and the poster note."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from helpers.common import formatting
from helpers.common.errors import ParameterError
from helpers.movielens import cold_start, inputs, similar_movies, study_pipeline, tables


def ratings_of(pairs: list[tuple[int, int]]) -> pd.DataFrame:
    """A ratings table of (userId, movieId) pairs, every rating 4 stars."""
    users, movies = zip(*pairs, strict=True)
    return pd.DataFrame({"userId": users, "movieId": movies, "rating": 4.0})


def test_the_studys_cut_counts_the_movies_and_ratings_above_it():
    ratings = ratings_of([(1, 1), (1, 5), (2, 9001), (3, 9001), (3, 12000)])
    cut = study_pipeline.truncation(ratings, 9000)
    assert cut["movies dropped"] == 2 and cut["ratings dropped"] == 3  # 9001 (twice) and 12000
    assert study_pipeline.unrated_kept_ids(ratings, 9) == 7  # ids 1..9 less the rated 1 and 5
    with pytest.raises(ParameterError, match="study_columns=0"):
        study_pipeline.truncation(ratings, 0)


def test_a_user_with_too_few_ratings_for_the_splits_is_named():
    matrix = sp.csr_matrix(np.array([[1, 2, 3, 4, 5, 0], [1, 2, 3, 4, 0, 0]], dtype=float))
    assert study_pipeline.enough_ratings(matrix, np.array([10, 20]), 2, 1) == 4  # 2 + 1 + 1 needed
    with pytest.raises(ParameterError, match="user 20 has 4 ratings; the splits need 5"):
        study_pipeline.enough_ratings(matrix, np.array([10, 20]), 3, 1)


def test_the_split_counts_a_movie_rated_in_test_only():
    train = sp.csr_matrix(np.array([[4, 0, 0], [3, 5, 0]], dtype=float))
    test = sp.csr_matrix(np.array([[0, 2, 1], [0, 0, 0]], dtype=float))
    study_test = sp.csr_matrix(np.array([[0, 2, 0], [0, 0, 0]], dtype=float))
    counts = study_pipeline.split_counts(train, test, study_test)
    assert counts.tolist() == [3, 2, 1, 1]  # movie 2 is rated in test and never in train


def test_a_count_has_its_noun_in_the_right_number():
    assert formatting.counted(1, "seed") == "1 seed"
    assert formatting.counted(5, "seed") == "5 seeds"
    assert formatting.counted(20000, "draw") == "20,000 draws"


def test_the_model_table_scores_each_model_and_names_the_flat_one():
    actual = np.array([1.0, 3.0, 5.0, 3.0])
    predictions = {"mean": np.full(4, 3.0), "two seeds": np.array([[1.0, 3.0, 5.0, 3.0], [1.0, 3.0, 5.0, 5.0]])}
    frame = tables.model_table(actual, predictions).data
    # the mean: (4 + 0 + 4 + 0) / 4 = 2; the two seeds: 0 and 4 / 4 = 1, so 0.5
    assert frame[tables.MSE_COLUMN].tolist() == pytest.approx([2.0, 0.5])
    assert frame["spread (stars)"].iloc[0] == 0.0
    assert tables.flat_models(actual, predictions) == {"mean": 3.0}
    assert tables.mse_table(actual, {"mean": predictions["mean"]})[tables.MSE_COLUMN].tolist() == [2.0]


def test_the_cold_buckets_and_where_posters_lead():
    precision = {"cf_item": np.array([[0.2, 0.4, 0.8, 1.0]]), "poster": np.array([[0.6, 0.4, 0.6, 0.8]])}
    genres = [frozenset({"Drama"})] * 4
    popularity = np.array([1, 4, 50, 500])
    by_movie, table = cold_start.precision_by_bucket(precision, genres, popularity, 5)
    assert list(table.index) == ["1–2", "3–5", "6–20", "21–100", ">100"]
    assert table["movies"].tolist() == [1, 1, 0, 1, 1]
    assert cold_start.ends(table, "cf_item") == (0.2, 1.0)  # the empty 6–20 bucket is passed over
    assert cold_start.poster_ahead(table) == "among the movies with 1–2 training ratings"  # 0.4 = 0.4 is not ahead
    cold = cold_start.cold_movies(popularity, 5)
    assert cold.tolist() == [True, True, False, False]
    assert cold_start.best_poster_gain(by_movie, cold) == 0  # +0.4 against 0.0
    assert cold_start.best_poster_gain(by_movie.drop(columns="poster"), cold) is None
    with pytest.raises(ParameterError, match="cold_max_ratings=0"):
        cold_start.cold_movies(popularity, 0)


def test_the_words_on_buckets_follow_the_numbers():
    table = pd.DataFrame({"poster": [0.1, 0.2], "cf_item": [0.3, 0.2004]}, index=["1–2", "3–5"])
    assert cold_start.poster_ahead(table) == "in no bucket of training ratings"  # 0.200 and 0.200 as printed
    assert cold_start.random_note("rises").startswith("so its rise comes from the movies alone")
    assert cold_start.random_note("falls") == "so its change comes from the movies alone"


def test_movies_without_a_training_rating_by_kind():
    kinds = cold_start.unrated_movies(np.array([1, 2, 3]), np.array([5, 0, 2]), np.array([1, 2, 3, 4, 7]))
    assert [ids.tolist() for ids in kinds.values()] == [[2], [4, 7]]
    posters = pd.Series({2: "a.jpg", 7: "b.jpg"})
    assert cold_start.with_poster(kinds, posters).tolist() == [2, 7]
    assert cold_start.unrated_counts(kinds, posters).to_numpy().tolist() == [[1, 1], [2, 1]]
    lists = cold_start.empty_column_lists(np.array([0.1, 0.9, 0.5]), 3, 1)
    assert lists.ravel().tolist() == [1, 2, 1]  # the best-scored movie, or the next for itself


def test_the_queries_are_the_studys_where_the_files_hold_them():
    titles = pd.Series({1: "Toy Story (1995)", 6: "Heat (1995)", 7: "Sabrina (1995)"})
    queries, words = similar_movies.pick_queries(titles, np.array([1, 6, 7]), np.array([3, 1, 9]))
    assert queries == {"Heat (1995)": 6, "Toy Story (1995)": 1} and words.startswith("the study's")
    queries, words = similar_movies.pick_queries(titles, np.array([6, 7]), np.array([1, 9]))
    assert queries == {"Sabrina (1995)": 7, "Heat (1995)": 6}  # Toy Story is not rated: most rated first
    assert words.startswith("the two most rated movies, Sabrina (1995) and Heat (1995)")


def test_the_studys_printed_neighbours_are_looked_up_in_the_rating_cf_rows():
    titles = pd.Series(
        {1: "Toy Story (1995)", 6: "Heat (1995)", 25: "Leaving Las Vegas (1995)", 3114: "Toy Story 2 (1999)", 9: "X"}
    )
    rows = {"Heat (1995), by rating CF": [6, 25, 9], "Toy Story (1995), by rating CF": [1, 3114, 9]}
    pairs = similar_movies.study_pairs(similar_movies.STUDY_QUERIES, rows, titles, 2)
    assert pairs.iloc[:, -1].tolist() == ["yes", "no", "yes", "no"]  # The Rock and Forrest Gump are not here
    assert similar_movies.study_pairs({"X": 9}, rows, titles, 2).empty


def test_the_poster_note_counts_or_says_how_to_add_posters():
    posters = inputs.Posters(pd.Series({1: "a.jpg", 2: "b.jpg"}), {}, 2, False)
    assert inputs.poster_note(posters, np.array([1, 2, 3])).startswith("2 of the 3 rated movies have a poster")
    none = inputs.Posters(pd.Series(dtype=object), {}, 0, False)
    assert inputs.poster_note(none, np.array([1, 2])).startswith("No movie of these files has a poster")
    assert inputs.poster_counts(posters, np.array([1, 2, 3])).tolist() == [2, 1]
