"""Error metrics the studies report, as thin wrappers over scikit-learn so every chapter computes them alike."""

from __future__ import annotations

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
