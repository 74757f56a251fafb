"""A model of each engine's cost from how it works, fitted by least squares to measured passes, checked on a
size it was not fitted to, and carried to the prize's size with an interval.

* DL+ (per epoch): ``a + b * ratings + c * (ratings / batch) * (users + movies)``: a fixed part, the work on
  each rating, and each gradient step's update of every row of both embedding tables (the study's L2
  penalty is on the whole tables, so its gradient reaches every row at each step).
* ALS (per iteration): ``a + b * ratings * rank^2 + c * (users + movies) * rank^3``: a fixed part, each
  rating's outer product added to its user's and its movie's normal equations, and one ``rank x rank``
  solve for every user and movie.

:func:`fit` fits the three coefficients by least squares on relative errors with none of them negative (a
cost cannot be), one observation per repeat; :func:`predict` gives the expected seconds at other sizes with a
95 % interval from a bootstrap over the repeats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize

DL_TERMS = ("fixed (s)", "per rating (s)", "per step and table row (s)")
ALS_TERMS = ("fixed (s)", "per rating x rank² (s)", "per user or movie x rank³ (s)")
CONFIDENCE = 0.95  # of the intervals of a prediction
BOOTSTRAP_DRAWS = 1000  # resamples of the repeats behind each interval
BOOTSTRAP_SEED = 0  # of the resampling, so that a rerun gives the same interval
TAILS_PCT = (50 * (1 - CONFIDENCE), 50 * (1 + CONFIDENCE))  # the interval's percentiles of the draws


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
    of each column, none negative), their 95 % ``intervals`` (shape ``(3, 2)``) and the ``draws``: the
    coefficients refitted to each bootstrap resample of the repeats (shape ``(BOOTSTRAP_DRAWS, 3)``)."""

    terms: tuple[str, ...]
    coefficients: np.ndarray
    intervals: np.ndarray
    draws: np.ndarray


def non_negative_fit(columns: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """The coefficients (shape ``(n_columns,)``, each at least 0) that minimise the squared *relative*
    errors of ``columns @ coefficients`` against ``seconds`` (each row divided by its measured time, so
    that a size of 10^4 ratings counts as much as one of 10^6): scipy's bounded least squares on the
    weighted rows, each column scaled to unit length first (the columns span ten decades)."""
    weighted = columns / seconds[:, None]
    scale = np.linalg.norm(weighted, axis=0)
    scale[scale == 0] = 1.0
    solution = optimize.lsq_linear(weighted / scale, np.ones_like(seconds), bounds=(0, np.inf), method="bvls")
    return solution.x / scale


def fit(columns: np.ndarray, seconds: Sequence[float], terms: Sequence[str]) -> CostModel:
    """Fit ``seconds`` (one measured pass per row, s) on ``columns`` (:func:`dl_terms` or :func:`als_terms`
    of each row's size) by :func:`non_negative_fit`, so that no size gets a negative time; the interval of
    each coefficient from a bootstrap: the repeats at each size resampled with replacement
    :data:`BOOTSTRAP_DRAWS` times, the model refitted to each. Needs at least as many distinct sizes as
    columns; raises ValueError otherwise, or if a time is not positive."""
    columns, seconds = np.asarray(columns, dtype=float), np.asarray(seconds, dtype=float)
    sizes, size_of_row = np.unique(columns, axis=0, return_inverse=True)
    if len(sizes) < columns.shape[1]:
        raise ValueError(
            f"a cost model of {columns.shape[1]} terms needs at least {columns.shape[1]} sizes; got {len(sizes)}"
            " sizes: measure more sizes"
        )
    if not np.all(seconds > 0):
        raise ValueError(f"seconds={seconds.tolist()}: every measured time must be positive")
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    groups = [np.flatnonzero(size_of_row.ravel() == k) for k in range(len(sizes))]
    draws = np.array(
        [
            non_negative_fit(columns[rows], seconds[rows])
            for rows in (
                np.concatenate([rng.choice(group, len(group)) for group in groups]) for _ in range(BOOTSTRAP_DRAWS)
            )
        ]
    )
    return CostModel(tuple(terms), non_negative_fit(columns, seconds), np.percentile(draws, TAILS_PCT, axis=0).T, draws)


def predict(model: CostModel, columns: np.ndarray) -> np.ndarray:
    """The expected seconds at each row of ``columns`` and its 95 % bootstrap interval (the percentiles of
    the resampled models' predictions): shape ``(n_rows, 3)``, columns prediction, low, high; never
    negative."""
    columns = np.atleast_2d(np.asarray(columns, dtype=float))
    low, high = np.percentile(columns @ model.draws.T, TAILS_PCT, axis=1)
    return np.column_stack([columns @ model.coefficients, low, high])


def error_pct(predicted: float, measured: float) -> float:
    """How far ``predicted`` lies from ``measured``, as a percentage of ``measured`` (positive: over)."""
    return 100 * (predicted - measured) / measured
