"""Error metrics the studies report, as thin wrappers over scikit-learn so every chapter computes them alike."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score, root_mean_squared_error


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
