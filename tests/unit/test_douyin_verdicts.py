"""helpers.douyin.verdicts on simulated minutes: block lengths against the theory of Politis and White,
scores against scikit-learn, and verdicts on forecasts whose difference is planted."""

import math

import numpy as np
import pytest
from sklearn.metrics import mean_squared_error, r2_score

from helpers.common import judgement
from helpers.douyin import claims, verdicts


def ar1(phi: float, n: int, seed: int = 1) -> np.ndarray:
    """An AR(1) series x_t = phi x_{t-1} + e_t with standard normal e_t, after a burn-in of 100."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(size=n + 100)
    x = np.zeros(n + 100)
    for t in range(1, n + 100):
        x[t] = phi * x[t - 1] + noise[t]
    return x[100:]


def theoretical_block(phi: float, n: int) -> float:
    """The optimal block of the circular (and moving) block bootstrap of the mean of an AR(1) series,
    (2 G² / D)^(1/3) n^(1/3) with G = Σ|k|γ(k) and D = (4/3) (Σγ(k))² (Politis and White 2004, with
    Patton, Politis and White's correction): for an AR(1), G / Σγ(k) = 2φ / (1 − φ²)."""
    ratio = 2 * phi / (1 - phi**2)
    return (1.5 * ratio**2) ** (1 / 3) * n ** (1 / 3)


def test_the_block_length_follows_the_theory_for_a_correlated_series():
    found = verdicts.block_length(ar1(0.5, 5000))
    assert found == pytest.approx(theoretical_block(0.5, 5000), rel=0.2)  # 23.7 minutes by the formula


def test_an_uncorrelated_or_constant_series_gets_short_blocks():
    assert verdicts.block_length(np.random.default_rng(0).normal(size=2000)) <= 3
    assert verdicts.block_length(np.zeros(50)) == 1
    assert verdicts.block_length([1.0, 2.0]) == 1


def planted(n: int = 300, seeds: int = 5):
    """Minutes y (an AR(1) around 10) and two forecasts per seed: a good one (y plus white noise of sd 1)
    and a poor one (y plus an error of sd 3 that persists from minute to minute, an AR(1) with φ = 0.8),
    so the good one's R² is higher by construction and the loss differences are correlated in time."""
    rng = np.random.default_rng(7)
    y = 10 + 3 * ar1(0.6, n, seed=3)
    good = y + rng.normal(0, 1, (seeds, n))
    poor = y + np.array([3 * 0.6 * ar1(0.8, n, seed=20 + k) for k in range(seeds)])  # sd of the AR(1): 1/0.6
    return y, good, poor


def test_a_comparison_estimates_the_r2_difference_of_scikit_learn_with_moving_blocks():
    y, good, poor = planted()
    found = verdicts.compare(judgement.R2, y, good, poor, np.random.default_rng(0))
    expected = np.mean([r2_score(y, g) - r2_score(y, p) for g, p in zip(good, poor, strict=True)])
    assert found.estimate == pytest.approx(expected, abs=1e-12)
    block = verdicts.block_length(((y - good) ** 2).mean(0) - ((y - poor) ** 2).mean(0))
    assert block > 1  # the poor forecast's errors persist, so neighbouring minutes' losses are alike
    assert found.units == f"5 seeds and 300 test minutes in blocks of {block}"
    assert found.low > 0  # a planted gap of 8 squared viewers in a variance of about 14 is far from zero


def test_a_baseline_made_once_is_paired_with_every_seed():
    y, good, _ = planted()
    last = np.r_[y[0], y[:-1]]  # persistence
    found = verdicts.compare(judgement.RMSE, y, good, last, np.random.default_rng(0))
    expected = [math.sqrt(mean_squared_error(y, g)) - math.sqrt(mean_squared_error(y, last)) for g in good]
    assert found.values == pytest.approx(expected)


def test_a_planted_better_forecast_reads_reproduced_and_the_reverse_contradicted():
    y, good, poor = planted()
    rng = np.random.default_rng(0)
    better = verdicts.judge_difference(claims.V2_BEATS_V1, judgement.R2, y, good, poor, rng)
    assert better.verdict == judgement.REPRODUCED
    assert better.book_figures["LSTM v2"] == pytest.approx(np.mean([r2_score(y, g) for g in good]))
    worse = verdicts.judge_difference(claims.V2_BEATS_V1, judgement.R2, y, poor, good, rng)
    assert worse.verdict == judgement.CONTRADICTED


def test_two_forecasts_alike_do_not_read_as_different():
    y, good, _ = planted()
    twin = good + np.random.default_rng(11).normal(0, 0.01, good.shape)
    found = verdicts.judge_difference(claims.V2_BEATS_V1, judgement.R2, y, twin, good, np.random.default_rng(0))
    assert found.verdict == judgement.NOT_RESOLVED


def test_a_figure_is_the_seed_mean_score_with_an_interval_around_it():
    y, good, _ = planted()
    interval = verdicts.figure_interval(judgement.RMSE, y, good, np.random.default_rng(0))
    assert interval.estimate == pytest.approx(np.mean([math.sqrt(mean_squared_error(y, g)) for g in good]))
    assert interval.low < interval.estimate < interval.high
    judged = verdicts.judge_figure(claims.V2_RMSE, judgement.RMSE, y, good, np.random.default_rng(0))
    assert judged.verdict == judgement.NOT_COMPARABLE  # other data than the study's, whatever the figure
    assert judged.book_figures["figure"] == pytest.approx(interval.estimate)
