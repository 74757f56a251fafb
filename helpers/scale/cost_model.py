"""A model of each engine's cost from how it works, fitted by least squares to measured passes, checked on a
size it was not fitted to, and carried to the prize's size with an interval.

* DL+ (per epoch): ``a + b * ratings + c * (ratings / batch) * (users + movies)``: a fixed part, the work on
  each rating, and each gradient step's update of every row of both embedding tables (the study's L2
  penalty is on the whole tables, so its gradient reaches every row at each step).
* ALS (per iteration): ``a + b * ratings * rank^2 + c * (users + movies) * rank^3``: a fixed part, each
  rating's outer product added to its user's and its movie's normal equations, and one ``rank x rank``
  solve for every user and movie.

:func:`fit` fits the three coefficients with statsmodels' ordinary least squares, one observation per
repeat; :func:`predict` gives the expected seconds at other sizes with a 95 % confidence interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm

DL_TERMS = ("fixed (s)", "per rating (s)", "per step and table row (s)")
ALS_TERMS = ("fixed (s)", "per rating x rank² (s)", "per user or movie x rank³ (s)")
CONFIDENCE = 0.95  # of the intervals of a prediction


def dl_terms(ratings: Sequence[float], users: Sequence[float], movies: Sequence[float], batch: int) -> np.ndarray:
    """The columns of DL+'s cost model for each size, shape ``(n_sizes, 3)``: 1, the training ratings,
    and the steps of an epoch (``ratings / batch``) times the rows of the two tables (users + movies)."""
    ratings, rows = np.asarray(ratings, dtype=float), np.asarray(users, dtype=float) + np.asarray(movies, dtype=float)
    return np.column_stack([np.ones_like(ratings), ratings, ratings / batch * rows])


def als_terms(ratings: Sequence[float], users: Sequence[float], movies: Sequence[float], rank: int) -> np.ndarray:
    """The columns of ALS's cost model for each size, shape ``(n_sizes, 3)``: 1, the training ratings
    times ``rank²``, and the users and movies times ``rank³``."""
    ratings, rows = np.asarray(ratings, dtype=float), np.asarray(users, dtype=float) + np.asarray(movies, dtype=float)
    return np.column_stack([np.ones_like(ratings), ratings * rank**2, rows * rank**3])


@dataclass(frozen=True)
class CostModel:
    """A fitted cost model: its ``terms`` (names of the columns), the ``coefficients`` (seconds per unit
    of each column), their 95 % ``intervals`` (shape ``(3, 2)``) and statsmodels' ``fitted`` results."""

    terms: tuple[str, ...]
    coefficients: np.ndarray
    intervals: np.ndarray
    fitted: sm.regression.linear_model.RegressionResults


def fit(columns: np.ndarray, seconds: Sequence[float], terms: Sequence[str]) -> CostModel:
    """Fit ``seconds`` (one measured pass per row, s) on ``columns`` (:func:`dl_terms` or :func:`als_terms`
    of each row's size) by ordinary least squares. Needs more rows than columns, over at least as many
    distinct sizes as columns; raises ValueError otherwise."""
    columns, seconds = np.asarray(columns, dtype=float), np.asarray(seconds, dtype=float)
    distinct = len(np.unique(columns, axis=0))
    if distinct < columns.shape[1] or len(seconds) <= columns.shape[1]:
        raise ValueError(
            f"a cost model of {columns.shape[1]} terms needs at least {columns.shape[1]} sizes and more measurements"
            f" than terms; got {distinct} sizes and {len(seconds)} measurements: measure more sizes or repeats"
        )
    fitted = sm.OLS(seconds, columns).fit()
    return CostModel(tuple(terms), fitted.params, fitted.conf_int(1 - CONFIDENCE), fitted)


def predict(model: CostModel, columns: np.ndarray) -> np.ndarray:
    """The expected seconds at each row of ``columns`` and its 95 % confidence interval: shape
    ``(n_rows, 3)``, columns prediction, low, high."""
    frame = model.fitted.get_prediction(np.atleast_2d(columns)).summary_frame(alpha=1 - CONFIDENCE)
    return frame[["mean", "mean_ci_lower", "mean_ci_upper"]].to_numpy()


def error_pct(predicted: float, measured: float) -> float:
    """How far ``predicted`` lies from ``measured``, as a percentage of ``measured`` (positive: over)."""
    return 100 * (predicted - measured) / measured
