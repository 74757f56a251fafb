"""Error metrics the studies report, as thin wrappers over scikit-learn so every chapter computes them alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score, root_mean_squared_error

from helpers.common import formatting


def rmse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Root mean squared error, in the unit of ``y``."""
    return float(root_mean_squared_error(y_true, y_pred))


def mse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error, in the unit of ``y`` squared."""
    return float(mean_squared_error(y_true, y_pred))


def mae(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean absolute error, in the unit of ``y``."""
    return float(mean_absolute_error(y_true, y_pred))


def r2(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Coefficient of determination R² (1 is perfect, 0 is the mean predictor)."""
    return float(r2_score(y_true, y_pred))


def rmsle_from_log(log_true: ArrayLike, log_pred: ArrayLike) -> float:
    """RMSLE given values already on the ``log1p`` scale: the RMSE of the logs.

    For a target ``y`` modelled as ``log1p(y)`` this equals ``sqrt(mean((log1p(y) - log1p(ŷ))²))``.
    """
    return rmse(np.asarray(log_true, dtype=float), np.asarray(log_pred, dtype=float))


FLAT_SPREAD = 0.01  # predictions spreading less than this share of the ratings' sd are one value
MEAN_BAND = 0.1  # a flat prediction this many rating sds from the ratings' mean is the mean


def flat_predictions(y_true: ArrayLike, predictions: Mapping[str, ArrayLike]) -> dict[str, float]:
    """Return ``{model: the value it predicts}`` for the models whose predictions (n,) spread less than
    1 % of the spread of the ratings ``y_true`` (n,), as standard deviations: models that give every pair
    (almost) the same value, which is the mean of their predictions, in the ratings' unit."""
    limit = FLAT_SPREAD * float(np.std(y_true))
    return {name: float(np.mean(pred)) for name, pred in predictions.items() if float(np.std(pred)) < limit}


def describe_flat(y_true: ArrayLike, flat: Mapping[str, float], unit: str = "stars", item: str = "pair") -> str:
    """A sentence naming each model of ``flat`` (from :func:`flat_predictions`) with the value it gives
    every ``item`` (what one prediction is for: a user–movie pair, a film), and saying when that value
    is the ratings' mean (within a tenth of their sd)."""
    if not flat:
        return f"no model gives every {item} the same prediction here"
    mean, sd = float(np.mean(y_true)), float(np.std(y_true))
    return "; ".join(
        f"{name} gives every {item} {round(value, 2) + 0.0:.2f} {unit}"  # + 0.0: no "-0.00"
        + (", the mean rating" if abs(value - mean) < MEAN_BAND * sd else "")
        for name, value in flat.items()
    )


def bootstrap_interval(
    values: ArrayLike,
    statistic: Callable[[np.ndarray], float],
    resamples: int,
    rng: np.random.Generator,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over ``values`` (n,) or (n, k): each of
    ``resamples`` draws takes n rows with replacement (the k columns of a row stay together, so a
    paired statistic keeps its pairs). Returns the (lower, upper) bounds at ``level``, in the
    statistic's unit."""
    rows = np.asarray(values, dtype=float)
    draws = rng.integers(0, len(rows), size=(resamples, len(rows)))
    stats = np.array([statistic(rows[draw]) for draw in draws])
    tail = (1 - level) / 2
    return float(np.quantile(stats, tail)), float(np.quantile(stats, 1 - tail))


def mean_interval(values: ArrayLike, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of ``values`` (n,) and its Student-t interval at ``level``: ``(mean, lower, upper)`` in the
    values' unit. With fewer than two values the spread is unknown and both bounds are NaN."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    if values.size < 2:
        return mean, float("nan"), float("nan")
    half = float(stats.t.ppf(0.5 + level / 2, values.size - 1) * values.std(ddof=1) / np.sqrt(values.size))
    return mean, mean - half, mean + half


def side_of_zero(low: float, high: float) -> int:
    """Where the interval ``[low, high]`` lies: -1 wholly below zero, 1 wholly above, 0 if it contains zero
    or a bound is NaN (unknown)."""
    return -1 if high < 0 else 1 if low > 0 else 0


def interval_side(values: ArrayLike, level: float = 0.95) -> int:
    """Where the Student-t interval at ``level`` of the mean of ``values`` (n,) lies (:func:`mean_interval`,
    :func:`side_of_zero`); 0 with fewer than two values."""
    _, low, high = mean_interval(values, level)
    return side_of_zero(low, high)


def interval_sentence(label: str, values: ArrayLike, unit: str = "stars", level: float = 0.95) -> str:
    """Say in words the mean of the per-seed differences ``values`` (n,) named ``label`` (such as
    "K-ADN − DeepFM"), with its Student-t interval at ``level`` (:func:`mean_interval`) and whether that
    interval excludes zero; with one value, the difference only."""
    values = np.asarray(values, dtype=float)
    mean, low, high = mean_interval(values, level)
    if values.size < 2:
        return f"{label}: {formatting.signed(mean)} {unit} on one seed (no interval)"
    verdict = "excludes zero" if side_of_zero(low, high) else "contains zero: the data cannot tell the two apart"
    return (
        f"{label}: {formatting.signed(mean)} {unit} ({level:.0%} interval {formatting.signed(low)} to "
        f"{formatting.signed(high)} over {values.size} seeds), an interval that {verdict}"
    )
