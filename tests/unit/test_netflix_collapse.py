"""The weight at which the study's L2 penalty flattens MF, against hand-worked values, a theorem about
copied users, and a numerical minimisation of the loss itself."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize

from helpers.netflix.collapse import collapse_weight, rating_matrix, replicate_users
from helpers.netflix.rating_tables import Normaliser

IDENTITY = Normaliser(0.0, 1.0)  # z-scores equal to the ratings


def table(users, items, ratings) -> pd.DataFrame:
    return pd.DataFrame({"user": users, "item": items, "rating": np.asarray(ratings, dtype=float)})


def test_a_full_matrix_of_ones_collapses_above_half():
    # the 2 x 2 matrix of ones has one singular value, 2, over N = 4 ratings: 2 / 4
    ones = table([0, 0, 1, 1], [0, 1, 0, 1], [1, 1, 1, 1])
    assert collapse_weight(ones, 2, 2, IDENTITY) == pytest.approx(0.5)


def test_one_rating_collapses_above_its_own_size():
    # a single z-score of 3 is a 1 x 1 matrix: sigma 3, N 1
    assert collapse_weight(table([0], [0], [3.0]), 1, 1, IDENTITY) == pytest.approx(3.0)


def test_copied_users_divide_the_weight_by_the_root_of_the_copies():
    # stacking k copies of Z multiplies its largest singular value by sqrt(k) and N by k
    rng = np.random.default_rng(0)
    users, items = rng.integers(0, 30, 200), rng.integers(0, 20, 200)
    ratings = table(users, items, rng.integers(1, 6, 200))
    normaliser = Normaliser.fit(ratings.rating.to_numpy())
    once = collapse_weight(ratings, 30, 20, normaliser)
    for copies in (2, 10):
        copied = replicate_users(ratings, 30, copies)
        assert collapse_weight(copied, 30 * copies, 20, normaliser) == pytest.approx(once / math.sqrt(copies))


def test_the_weight_is_at_most_one_over_the_root_of_the_ratings():
    # the z-scores' squares sum to N, so sigma_max <= sqrt(N)
    rng = np.random.default_rng(1)
    ratings = table(rng.integers(0, 50, 500), rng.integers(0, 40, 500), rng.integers(1, 6, 500))
    normaliser = Normaliser.fit(ratings.rating.to_numpy())
    assert 0 < collapse_weight(ratings, 50, 40, normaliser) <= 1 / math.sqrt(500)


def test_a_pair_rated_twice_counts_both_ratings():
    twice = rating_matrix(table([0, 0], [1, 1], [2.0, -0.5]), 1, 2, IDENTITY)
    assert twice.toarray().tolist() == [[0.0, 1.5]]


def test_replicated_users_keep_their_ratings_under_new_codes():
    ratings = table([0, 1, 1], [2, 0, 1], [5, 3, 4])
    copied = replicate_users(ratings, 2, 3)
    assert copied.user.tolist() == [0, 1, 1, 2, 3, 3, 4, 5, 5]
    assert copied.item.tolist() == [2, 0, 1] * 3 and copied.rating.tolist() == [5, 3, 4] * 3
    with pytest.raises(ValueError, match="copies"):
        replicate_users(ratings, 2, 0)
    with pytest.raises(ValueError, match="user codes"):
        replicate_users(ratings, 1, 2)


def mf_minimum(z: np.ndarray, observed: np.ndarray, weight: float, rank: int) -> float:
    """Minimise (1/N) sum over observed (z - PQ')^2 + weight (|P|^2 + |Q|^2) numerically from a small random
    start; return the largest absolute prediction of the minimiser."""
    n_users, n_items = z.shape
    n = observed.sum()
    start = np.random.default_rng(2).normal(scale=0.3, size=(n_users + n_items) * rank)

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        p, q = flat[: n_users * rank].reshape(n_users, rank), flat[n_users * rank :].reshape(n_items, rank)
        residual = observed * (z - p @ q.T)
        value = (residual**2).sum() / n + weight * ((p**2).sum() + (q**2).sum())
        grad_p = -2 / n * residual @ q + 2 * weight * p
        grad_q = -2 / n * residual.T @ p + 2 * weight * q
        return value, np.concatenate([grad_p.ravel(), grad_q.ravel()])

    best = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 20000, "gtol": 1e-12})
    p, q = best.x[: n_users * rank].reshape(n_users, rank), best.x[n_users * rank :].reshape(n_items, rank)
    return float(np.abs(p @ q.T).max())


def test_the_loss_itself_is_minimised_by_zero_above_the_weight_and_not_below():
    rng = np.random.default_rng(3)
    observed = rng.random((6, 5)) < 0.6
    users, items = np.nonzero(observed)
    ratings = table(users, items, rng.integers(1, 6, users.size))
    normaliser = Normaliser.fit(ratings.rating.to_numpy())
    z = rating_matrix(ratings, 6, 5, normaliser).toarray()
    weight = collapse_weight(ratings, 6, 5, normaliser)
    assert mf_minimum(z, observed, 1.2 * weight, rank=5) < 1e-4
    assert mf_minimum(z, observed, 0.8 * weight, rank=5) > 0.05


def test_the_check_sets_the_criterions_prediction_beside_the_runs():
    from helpers.netflix.collapse import check_sentence

    assert check_sentence(7.6e-4, [1e-3, 1e-4, 1e-5, 0.0], [1e-3]) == (
        "the criterion predicts a collapse at 0.001 and none at 0.0001, 1e-05 and 0; "
        "the runs above collapse at 0.001, as predicted."
    )
    assert check_sentence(7.6e-4, [1e-3, 0.0], []) == (
        "the criterion predicts a collapse at 0.001 and none at 0; no run above collapses, "
        "against the prediction at 0.001."
    )
    assert check_sentence(2e-3, [1e-3], [1e-3]).endswith(
        "none at 0.001; the runs above collapse at 0.001, against the prediction at 0.001."
    )
