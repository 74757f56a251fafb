"""The bias baseline against hand-computed ridge solutions."""

import numpy as np
import pytest

from helpers.movielens.baselines import choose_bias_reg, fit_bias_baseline
from helpers.movielens.sgd_mf import Ratings

# A full 3 × 3 rating matrix: mean 3, user means 4, 3, 2, item means 11/3, 2, 10/3.
FULL = np.array([[5.0, 3.0, 4.0], [4.0, 2.0, 3.0], [2.0, 1.0, 3.0]])


def full_ratings() -> Ratings:
    users, items = np.meshgrid(np.arange(3), np.arange(3), indexing="ij")
    return Ratings(users.ravel(), items.ravel(), FULL.ravel())


def test_a_full_3x3_matrix_gives_the_hand_computed_shrunken_biases():
    # On a full m × n matrix the ridge normal equations force Σ b_u = Σ b_i = 0, and then
    # b_u = n (mean_u − μ) / (n + λ), b_i = m (mean_i − μ) / (m + λ). With λ = 1 and m = n = 3:
    # b_u = 3/4 · (1, 0, −1) and b_i = 3/4 · (2/3, −1, 1/3) = (0.5, −0.75, 0.25).
    model = fit_bias_baseline(full_ratings(), 3, 3, reg=1.0)
    assert model.global_mean == pytest.approx(3.0)
    np.testing.assert_allclose(model.user_bias, [0.75, 0.0, -0.75], atol=1e-9)
    np.testing.assert_allclose(model.item_bias, [0.5, -0.75, 0.25], atol=1e-9)
    assert model.predict(np.array([0, 2]), np.array([0, 1])) == pytest.approx([4.25, 1.5])


def test_without_a_penalty_an_additive_matrix_is_fitted_exactly():
    # r = 3 + a_u + c_i holds exactly, so the unpenalised fit predicts every rating, even unseen ones
    a, c = np.array([0.5, -0.5, 1.0]), np.array([-1.0, 0.0, 1.0])
    truth = 3 + a[:, None] + c[None, :]
    users, items = np.array([0, 0, 1, 1, 2, 2, 0]), np.array([0, 1, 1, 2, 2, 0, 2])
    model = fit_bias_baseline(Ratings(users, items, truth[users, items]), 3, 3, reg=0.0)
    np.testing.assert_allclose(model.predict(np.array([1, 2]), np.array([0, 1])), truth[[1, 2], [0, 1]], atol=1e-8)


def test_an_unrated_item_gets_no_bias_and_bad_input_is_refused():
    model = fit_bias_baseline(Ratings([0, 1], [0, 0], [4.0, 2.0]), 2, 3, reg=1.0)
    assert model.item_bias[2] == 0.0 and model.predict(np.array([0]), np.array([2]))[0] == pytest.approx(3.0 + 0.5)
    with pytest.raises(ValueError, match="reg"):
        fit_bias_baseline(full_ratings(), 3, 3, reg=-1.0)
    with pytest.raises(ValueError, match="outside"):
        fit_bias_baseline(full_ratings(), 2, 3, reg=1.0)


def test_the_penalty_is_chosen_on_validation():
    # validation ratings equal to the global mean: the heaviest penalty (biases ≈ 0) wins
    valid = Ratings([0, 1, 2], [0, 1, 2], [3.0, 3.0, 3.0])
    chosen, scores = choose_bias_reg(full_ratings(), valid, 3, 3, [0.1, 1.0, 1e6])
    assert chosen == 1e6 and list(scores) == [0.1, 1.0, 1e6]
    assert scores[1.0] == pytest.approx(np.mean([(0.75 + 0.5) ** 2, 0.75**2, (-0.75 + 0.25) ** 2]))
