"""Biased matrix factorisation by SGD on a tiny synthetic rating set."""

import numpy as np
import pytest

from helpers.movielens.sgd_mf import ExplicitMF, Ratings, grid_search, scatter_add


def synthetic(seed: int = 0) -> tuple[Ratings, Ratings]:
    """Ratings of a rank-2 model plus biases, 30 users × 20 items, 70 % observed, split 80/20."""
    rng = np.random.default_rng(seed)
    users, items = np.meshgrid(np.arange(30), np.arange(20), indexing="ij")
    u, i = users.ravel(), items.ravel()
    true = (
        3.5
        + rng.normal(0, 0.5, 30)[u]
        + rng.normal(0, 0.5, 20)[i]
        + (rng.normal(size=(30, 2))[u] * rng.normal(size=(20, 2))[i]).sum(1)
    )
    keep = rng.random(u.size) < 0.7
    u, i, r = u[keep], i[keep], true[keep]
    test = rng.random(u.size) < 0.2
    return Ratings(u[~test], i[~test], r[~test]), Ratings(u[test], i[test], r[test])


def test_training_lowers_train_and_test_error_below_the_mean_predictor():
    train, test = synthetic()
    model = ExplicitMF(30, 20, n_factors=2, reg=0.01, bias_reg=0.01, learning_rate=0.05, batch_size=16)
    model.fit(train, 200, {"test": test})
    baseline = float(np.mean((test.values - train.values.mean()) ** 2))
    assert len(model.history["train"]) == len(model.history["test"]) == 200
    assert model.history["train"][-1] < 0.2 * model.history["train"][0]
    assert model.history["test"][-1] < 0.5 * baseline


def test_batch_size_one_is_rosenthals_single_rating_update():
    train = Ratings([0], [0], [4.0])
    model = ExplicitMF(1, 1, n_factors=2, reg=0.1, bias_reg=0.2, learning_rate=0.5, batch_size=1, seed=3)
    x, y = model.user_factors[0].copy(), model.item_factors[0].copy()
    model.fit(train, 1)
    err = 4.0 - (4.0 + x @ y)  # global bias is the mean rating, biases start at 0
    assert model.user_bias[0] == pytest.approx(0.5 * err)
    np.testing.assert_allclose(model.user_factors[0], x + 0.5 * (err * y - 0.1 * x))
    np.testing.assert_allclose(model.item_factors[0], y + 0.5 * (err * x - 0.1 * y))


def test_runs_repeat_with_the_same_seed():
    train, test = synthetic()
    a = ExplicitMF(30, 20, n_factors=3, seed=7).fit(train, 5).predict(test.users, test.items)
    b = ExplicitMF(30, 20, n_factors=3, seed=7).fit(train, 5).predict(test.users, test.items)
    np.testing.assert_array_equal(a, b)


def test_grid_search_reports_every_pair_and_its_best_epoch():
    train, test = synthetic()
    results = grid_search(
        train, test, 30, 20, factors=[1, 2], regs=[0.01, 1.0], n_epochs=30, learning_rate=0.05, batch_size=16
    )
    assert [(r["n_factors"], r["reg"]) for r in results] == [(1, 0.01), (1, 1.0), (2, 0.01), (2, 1.0)]
    assert all(1 <= r["best_epoch"] <= 30 for r in results)
    best = min(results, key=lambda r: r["valid_mse"])
    assert best["reg"] == 0.01  # a penalty of 1 per rating shrinks everything to the biases


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="equally long"):
        Ratings([0, 1], [0], [3.0])
    with pytest.raises(ValueError, match="learning_rate"):
        ExplicitMF(2, 2, learning_rate=0)
    with pytest.raises(ValueError, match="exceeds"):
        ExplicitMF(1, 1).fit(Ratings([3], [0], [4.0]), 1)


def test_scatter_add_is_numpys_unbuffered_add_at():
    # np.add.at is the second implementation: repeated indices must add up, not overwrite
    rng = np.random.default_rng(5)
    index = np.array([3, 0, 3, 3, 1, 0])
    values = rng.normal(size=(6, 4))
    expected, got = np.ones((5, 4)), np.ones((5, 4))
    np.add.at(expected, index, values)
    scatter_add(got, index, values)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert got[2].tolist() == [1.0] * 4 and got[4].tolist() == [1.0] * 4  # untouched rows


def test_without_train_tracking_only_the_evaluated_sets_have_a_history():
    train, test = synthetic()
    model = ExplicitMF(30, 20, n_factors=2, seed=1).fit(train, 3, {"test": test}, track_train=False)
    assert list(model.history) == ["test"] and len(model.history["test"]) == 3
