"""Neighbour-quality measures on a hand-made similarity."""

import numpy as np
import pytest

from helpers.movielens import neighbours

SIM = np.array([[1.0, 0.9, 0.1, 0.5], [0.9, 1.0, 0.2, 0.3], [0.1, 0.2, 1.0, 0.8], [0.5, 0.3, 0.8, 1.0]])
GENRES = neighbours.genre_sets(["Action|Crime", "Crime", "Comedy", "(no genres listed)"])


def test_top_k_skips_self_and_orders_by_similarity():
    assert neighbours.top_k_neighbours(SIM, 2).tolist() == [[1, 3], [0, 3], [3, 1], [2, 0]]


def test_genre_precision_and_random_baseline():
    nn = neighbours.top_k_neighbours(SIM, 2)
    got = neighbours.genre_precision(nn, GENRES)
    assert got[:3].tolist() == [0.5, 0.5, 0.0] and np.isnan(got[3])
    base = neighbours.random_genre_precision(GENRES)
    assert base[0] == pytest.approx(1 / 3) and base[2] == 0.0


def test_popularity_and_coverage():
    nn = neighbours.top_k_neighbours(SIM, 1)
    assert neighbours.neighbour_popularity(nn, np.array([10, 20, 30, 40])).tolist() == [20, 10, 40, 30]
    assert neighbours.coverage(nn) == 1.0
    assert neighbours.coverage(np.array([[1], [0], [0], [0]])) == 0.5


def test_bad_k_is_refused():
    with pytest.raises(ValueError, match="k must"):
        neighbours.top_k_neighbours(SIM, 4)


def test_summarise_averages_each_measure_over_the_seeds_lists():
    # seed 1: top-1 lists [1, 0, 3, 2] (hand-read from SIM); seed 2: a made-up list [2, 2, 0, 0]
    first, second = np.array([[1], [0], [3], [2]]), np.array([[2], [2], [0], [0]])
    popularity = np.array([10, 20, 30, 40])
    got = neighbours.summarise([first, second], GENRES, popularity)
    # genre precision over items 0..2 (item 3 has none): seed 1 (1, 1, 0) -> 2/3, seed 2 (0, 0, 0) -> 0
    assert got["genre_precision"] == pytest.approx(1 / 3)
    # popularity: seed 1 (20, 10, 40, 30) -> 25, seed 2 (30, 30, 10, 10) -> 20
    assert got["popularity"] == pytest.approx(22.5)
    # coverage: seed 1 all four items, seed 2 items 0 and 2 -> (1 + 0.5) / 2
    assert got["coverage"] == pytest.approx(0.75)


def test_top_k_rows_for_queries_outside_the_pool_and_ties_to_the_lower_index():
    scores = np.array([[0.2, 0.9, 0.9, 0.1], [0.5, 0.5, 0.5, 0.5]])
    assert neighbours.top_k_rows(scores, 2).tolist() == [[1, 2], [0, 1]]
    # with the query itself in the pool (rows 0 and 1 are items 1 and 0), it is never chosen
    assert neighbours.top_k_rows(scores, 2, exclude=np.array([1, 0])).tolist() == [[2, 0], [1, 2]]
    with pytest.raises(ValueError, match="k must"):
        neighbours.top_k_rows(scores, 4, exclude=np.array([1, 0]))


def test_genre_precision_of_new_movies_against_the_pool():
    new = neighbours.genre_sets(["Crime|Drama", "Western"])
    nn = np.array([[0, 2], [1, 3]])  # pool items: Action|Crime, Comedy; Crime, none
    assert neighbours.genre_precision(nn, GENRES, new).tolist() == [0.5, 0.0]
    # a random pick from the whole pool of four: two of four share Crime, none shares Western
    assert neighbours.random_genre_precision(GENRES, new).tolist() == [0.5, 0.0]
