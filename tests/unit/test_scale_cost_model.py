"""helpers.scale.cost_model on planted costs: known coefficients recovered, a held-out size predicted, the
interval covering the truth, a second implementation (scipy's non-negative least squares) agreeing, and no
negative coefficient or prediction where ordinary least squares gives one."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize

from helpers.scale import cost_model, engines

SIZES = np.array([1e5, 3e5, 1e6, 3e6])  # training ratings
USERS = SIZES / 209  # the prize's ratings per user
MOVIES = np.array([12_000, 16_000, 17_500, 17_770])
BATCH = 4096
PLANTED = np.array([2.0, 1e-6, 2e-7])  # a, b, c of DL+'s epoch (s, s per rating, s per step and row)
REPEATS = 3


def planted_dl(sizes: slice, noise_sd: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The cost columns of DL+ at ``SIZES[sizes]``, each repeated, and seconds drawn from the planted
    coefficients with Gaussian noise of ``noise_sd`` (a share of each time)."""
    columns = np.repeat(cost_model.dl_terms(SIZES[sizes], USERS[sizes], MOVIES[sizes], BATCH), REPEATS, axis=0)
    exact = columns @ PLANTED
    return columns, exact * (1 + np.random.default_rng(seed).normal(0, noise_sd, len(exact)))


def test_the_columns_of_each_model_by_hand():
    # 819,200 ratings in batches of 4,096 are 200 steps, each touching 4,000 + 1,000 rows: 10^6 step-rows
    assert cost_model.dl_terms([819_200], [4_000], [1_000], 4096).tolist() == [[1.0, 819_200.0, 1e6]]
    # rank 10: 1,000 ratings x 100 and 30 rows x 1,000
    assert cost_model.als_terms([1_000], [20], [10], 10).tolist() == [[1.0, 1e5, 3e4]]


def test_exact_costs_give_back_the_planted_coefficients():
    columns, seconds = planted_dl(slice(None, 3), noise_sd=0.0)
    seconds = seconds + np.tile([-1e-3, 0.0, 1e-3], 3)  # a hair of noise, so that the fit has a spread
    model = cost_model.fit(columns, seconds, cost_model.DL_TERMS)
    assert model.coefficients == pytest.approx(PLANTED, rel=1e-3)


def test_noisy_costs_predict_the_held_out_size_within_its_interval():
    # 1 % noise on each time: fitted on the three smaller sizes, the largest's time (planted: 2 + 3 + 4.7 s)
    # comes back within 25 % (over 200 seeds of the noise: median error 6 %, 99th percentile 18 %, worst 22 %),
    # and the 95 % interval of the expected time covers the planted one
    columns, seconds = planted_dl(slice(None, 3), noise_sd=0.01)
    model = cost_model.fit(columns, seconds, cost_model.DL_TERMS)
    held_out = cost_model.dl_terms(SIZES[3:], USERS[3:], MOVIES[3:], BATCH)
    (truth,) = held_out @ PLANTED
    ((predicted, low, high),) = cost_model.predict(model, held_out)
    assert abs(cost_model.error_pct(predicted, truth)) < 25
    assert low < truth < high
    for coefficient, (lower, upper) in zip(PLANTED, model.intervals, strict=True):
        assert lower < coefficient < upper


def test_the_fit_agrees_with_scipys_non_negative_least_squares():
    # a second solver (Lawson and Hanson's NNLS) on the same rows, each divided by its measured time
    columns, seconds = planted_dl(slice(None), noise_sd=0.05, seed=3)
    model = cost_model.fit(columns, seconds, cost_model.DL_TERMS)
    scale = np.linalg.norm(columns / seconds[:, None], axis=0)
    expected, _ = optimize.nnls(columns / seconds[:, None] / scale, np.ones_like(seconds))
    assert model.coefficients == pytest.approx(expected / scale, rel=1e-6)


def test_where_ordinary_least_squares_goes_negative_the_fit_does_not():
    # planted: a fixed 1 s and 1e-6 s per rating, no per-step term; the largest size measured 20 % fast (a
    # noisy repeat set), so that OLS bends down with a negative per-step term and predicts a negative time at
    # the prize's size (9·10^7 ratings, 480,189 users, 17,770 movies: about -1,000 s); the constrained fit
    # keeps every coefficient >= 0, so every prediction and interval is >= 0
    planted = np.array([1.0, 1e-6, 0.0])
    columns = np.repeat(cost_model.dl_terms(SIZES, USERS, MOVIES, BATCH), REPEATS, axis=0)
    seconds = columns @ planted * np.repeat([1.0, 1.0, 1.0, 0.8], REPEATS)
    ols, *_ = np.linalg.lstsq(columns, seconds, rcond=None)
    prize = cost_model.dl_terms([9e7], [480_189], [17_770], BATCH)
    assert ols[2] < 0 and (prize @ ols)[0] < 0  # what the constraint prevents
    model = cost_model.fit(columns, seconds, cost_model.DL_TERMS)
    assert np.all(model.coefficients >= 0) and np.all(model.intervals >= 0)
    assert np.all(cost_model.predict(model, prize) >= 0)


def test_a_power_law_misses_what_the_cost_model_gets():
    # the planted cost grows faster than any one power of the ratings (its last term goes as ratings x users);
    # a power law through the three smaller sizes under-predicts the largest, the cost model does not

    columns, seconds = planted_dl(slice(None, 3), noise_sd=0.0)
    seconds = seconds + np.tile([-1e-3, 0.0, 1e-3], 3)
    (truth,) = cost_model.dl_terms(SIZES[3:], USERS[3:], MOVIES[3:], BATCH) @ PLANTED
    power_law = engines.extrapolate(np.repeat(SIZES[:3], REPEATS), seconds, SIZES[3])
    assert cost_model.error_pct(power_law, truth) < -5


def test_too_few_sizes_are_refused_with_the_fix():
    columns, seconds = planted_dl(slice(None, 2), noise_sd=0.01)
    with pytest.raises(ValueError, match="needs at least 3 sizes; got 2 sizes: measure more sizes"):
        cost_model.fit(columns, seconds, cost_model.DL_TERMS)


def test_als_planted_coefficients_come_back():
    # rank 32: a fixed 0.5 s, 2e-10 s per rating and rank² (0.61 s at 3e6), 1e-10 s per user or movie and rank³
    # (0.11 s at 3e6); with 0.01 % noise the coefficients come back within 5 %
    planted = np.array([0.5, 2e-10, 1e-10])
    columns = np.repeat(cost_model.als_terms(SIZES, USERS, MOVIES, 32), REPEATS, axis=0)
    seconds = columns @ planted * (1 + np.random.default_rng(1).normal(0, 1e-4, len(columns)))
    model = cost_model.fit(columns, seconds, cost_model.ALS_TERMS)
    assert model.coefficients == pytest.approx(planted, rel=0.05)
