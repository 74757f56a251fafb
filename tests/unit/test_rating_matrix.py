"""Rating matrix construction and per-user hold-out."""

import numpy as np
import pandas as pd
import pytest

from helpers.movielens import rating_matrix as rm

RATINGS = pd.DataFrame(
    {
        "userId": [1, 1, 1, 7, 7, 7, 7],
        "movieId": [10, 30, 9001, 10, 20, 30, 40],
        "rating": [4.0, 3.5, 5.0, 2.0, 1.0, 4.5, 3.0],
    }
)


def test_compact_indices_keep_every_rating():
    m = rm.rating_matrix(RATINGS)
    assert m.matrix.shape == (2, 5) and m.matrix.nnz == 7
    assert m.item_ids.tolist() == [10, 20, 30, 40, 9001] and m.matrix[0, 4] == 5.0
    assert m.density_pct() == pytest.approx(70.0)


def test_study_density_drops_ids_above_the_cut():
    assert rm.study_matrix_density_pct(RATINGS, 9000) == pytest.approx(100 * 6 / (2 * 9000))


def test_duplicates_and_zero_ratings_are_refused():
    with pytest.raises(ValueError, match="more than once"):
        rm.rating_matrix(pd.concat([RATINGS, RATINGS.head(1)]))
    with pytest.raises(ValueError, match="positive"):
        rm.rating_matrix(RATINGS.assign(rating=0.0))


def test_holdout_moves_distinct_ratings_and_is_seeded():
    m = rm.rating_matrix(RATINGS).matrix
    train, held = rm.holdout_per_user(m, 2, np.random.default_rng(0))
    assert (abs(train + held - m)).max() == 0
    assert np.diff(held.indptr).tolist() == [2, 2] and train.multiply(held).nnz == 0
    again = rm.holdout_per_user(m, 2, np.random.default_rng(0))[1]
    assert (abs(again - held)).max() == 0


def test_holdout_needs_a_training_rating_left():
    with pytest.raises(ValueError, match="user row 0 has 3 ratings"):
        rm.holdout_per_user(rm.rating_matrix(RATINGS).matrix, 3, np.random.default_rng(0))


def test_holdout_with_replacement_loses_repeated_draws():
    m = rm.rating_matrix(RATINGS).matrix
    train, held = rm.holdout_per_user(m, 20, np.random.default_rng(0), replace=True)
    assert (abs(train + held - m)).max() == 0
    assert np.diff(held.indptr).tolist() == [3, 4]  # 20 draws with replacement cover every rating here
