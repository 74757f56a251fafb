"""Forecast comparisons on a time series, judged by the book's rules (:mod:`helpers.common.judgement`).

Two forecasts of the same test minutes are compared by a score (R², RMSE) over what varies: the seeds
of a network, and the test minutes themselves, resampled in moving blocks because neighbouring minutes
are alike. The block length is chosen from the data, by the rule of Politis and White
(``arch.bootstrap.optimal_block_length``) on the series of loss differences between the two forecasts
(for one forecast's own figure: on its loss series). Predictions are arrays of viewers per minute,
(S, n) with one row per seed, or (n,) for a forecast made once (a baseline).
"""

from __future__ import annotations

import math

import numpy as np
from arch.bootstrap import optimal_block_length
from numpy.typing import ArrayLike

from helpers.common import judgement
from helpers.common.judgement import Difference, Figure, Interval, Judged, Score

UNIT = "test minute"  # one resampled unit, as the page names it


def seed_rows(predictions: ArrayLike) -> np.ndarray:
    """Return predictions as rows of seeds (S, n): one row for a forecast made once."""
    rows = np.asarray(predictions, dtype=float)
    return rows[None, :] if rows.ndim == 1 else rows


def block_length(losses: ArrayLike) -> int:
    """Return the moving-block length for a bootstrap of ``losses`` (n,), a loss or loss-difference
    series in time order: Politis and White's estimate for the circular (and moving) block bootstrap,
    rounded up, between 1 and n. A constant series (two identical forecasts) gets 1."""
    losses = np.asarray(losses, dtype=float).ravel()
    if losses.size < 3 or np.ptp(losses) == 0:
        return 1
    estimate = float(optimal_block_length(losses).iloc[0]["circular"])
    if not math.isfinite(estimate):
        return 1
    return int(min(losses.size, max(1, math.ceil(estimate))))


def mean_loss(score: Score, y: np.ndarray, predictions: ArrayLike) -> np.ndarray:
    """Return the per-minute loss of ``predictions`` (S, n) or (n,), averaged over the seeds: (n,)."""
    return score.loss(y, seed_rows(predictions)).mean(axis=0)


def seed_scores(score: Score, y: ArrayLike, predictions: ArrayLike) -> np.ndarray:
    """Return ``score`` of each seed's row of ``predictions`` on ``y``: (S,)."""
    y = np.asarray(y, dtype=float)
    return np.array([score(y, row) for row in seed_rows(predictions)])


def compare(
    score: Score,
    y: ArrayLike,
    first: ArrayLike,
    second: ArrayLike,
    rng: np.random.Generator,
    level: float = judgement.LEVEL,
) -> Interval:
    """Return score(first) − score(second) on the minutes ``y`` (n,) with its interval over the seeds and
    the minutes resampled in moving blocks (:func:`helpers.common.judgement.score_difference`), the
    block length chosen by :func:`block_length` on the loss-difference series."""
    y = np.asarray(y, dtype=float)
    block = block_length(mean_loss(score, y, first) - mean_loss(score, y, second))
    return judgement.score_difference(score, y, first, second, UNIT, rng, level=level, block=block)


def figure_interval(
    score: Score, y: ArrayLike, predictions: ArrayLike, rng: np.random.Generator, level: float = judgement.LEVEL
) -> Interval:
    """Return the seed-mean ``score`` of ``predictions`` on ``y`` with its interval over the seeds and the
    minutes resampled in moving blocks (:func:`helpers.common.judgement.resampled`), the block length
    chosen by :func:`block_length` on the forecast's loss series."""
    y = np.asarray(y, dtype=float)
    losses = score.loss(y, seed_rows(predictions))

    def per_seed(index: np.ndarray) -> np.ndarray:
        ys = y[index]
        return np.array([score.finish(float(row[index].mean()), ys) for row in losses])

    block = block_length(losses.mean(axis=0))
    return judgement.resampled(per_seed, y.size, UNIT, rng, level=level, block=block)


def judge_difference(
    claim: Difference, score: Score, y: ArrayLike, first: ArrayLike, second: ArrayLike, rng: np.random.Generator
) -> Judged:
    """Return ``claim`` judged on the forecasts ``first`` and ``second`` of the minutes ``y``: each side's
    seed-mean score and the interval of their difference (:func:`compare`)."""
    interval = compare(score, y, first, second, rng)
    return claim.judge(seed_scores(score, y, first).mean(), seed_scores(score, y, second).mean(), interval)


def judge_figure(claim: Figure, score: Score, y: ArrayLike, predictions: ArrayLike, rng: np.random.Generator) -> Judged:
    """Return ``claim`` judged on the seed-mean ``score`` of ``predictions`` on ``y`` and its interval
    (:func:`figure_interval`)."""
    interval = figure_interval(score, y, predictions, rng)
    return claim.judge(interval.estimate, interval)


def seed_spread(values: ArrayLike) -> float:
    """Return the standard deviation (ddof 1) of per-seed figures (S,); 0 for one seed."""
    values = np.asarray(values, dtype=float)
    return float(np.std(values, ddof=1)) if values.size > 1 else 0.0


def seed_summary(y: ArrayLike, predictions: ArrayLike) -> dict[str, float]:
    """Return what the chapter records of a model's forecasts ``predictions`` (S, n) or (n,) of the
    minutes ``y`` (n,), viewers per minute: the mean test R² over seeds (``r2``), its spread over seeds
    (``r2_sd``), the mean RMSE (``rmse``), the forecasts' mean (``forecast_mean``) and their standard
    deviation over the minutes, averaged over seeds (``forecast_sd``)."""
    rows = seed_rows(predictions)
    r2s = seed_scores(judgement.R2, y, rows)
    return {
        "r2": float(r2s.mean()),
        "r2_sd": seed_spread(r2s),
        "rmse": float(seed_scores(judgement.RMSE, y, rows).mean()),
        "forecast_mean": float(rows.mean()),
        "forecast_sd": float(rows.std(axis=1).mean()),
    }
