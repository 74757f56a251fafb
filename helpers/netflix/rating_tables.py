"""Ratings tables of the Netflix chapter: integer ``user`` and ``item`` codes in ``0..n-1`` and a ``rating``
in stars. Checking a table, coding raw ids, the study's shuffled split, the z-score normaliser the study's
"+ norm" models train with, and the errors of predictions in stars.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.common.metrics import mae, rmse

RATING_COLUMNS = ("user", "item", "rating")


@dataclass
class Normaliser:
    """Z-score of ratings with the training mean and (population) standard deviation, both in stars."""

    mean: float = 0.0
    std: float = 1.0

    @classmethod
    def fit(cls, ratings: np.ndarray) -> Normaliser:
        """Return the normaliser of ``ratings`` (1-D, stars); ValueError if they are constant or empty."""
        ratings = np.asarray(ratings, dtype=float)
        if ratings.size == 0 or ratings.std() == 0:
            raise ValueError("cannot normalise an empty or constant rating vector")
        return cls(float(ratings.mean()), float(ratings.std()))

    def transform(self, ratings: np.ndarray) -> np.ndarray:
        """Stars → z-scores."""
        return (np.asarray(ratings, dtype=float) - self.mean) / self.std

    def inverse(self, scores: np.ndarray) -> np.ndarray:
        """Z-scores → stars."""
        return np.asarray(scores, dtype=float) * self.std + self.mean


def check_ratings(ratings: pd.DataFrame, n_users: int, n_items: int) -> None:
    """Raise ValueError unless ``ratings`` has ``user``/``item`` codes in range and finite ratings."""
    missing = [c for c in RATING_COLUMNS if c not in ratings.columns]
    if missing:
        raise ValueError(f"ratings table lacks column(s) {missing}; it has {list(ratings.columns)}")
    for column, size in (("user", n_users), ("item", n_items)):
        codes = ratings[column].to_numpy()
        if codes.size and (codes.min() < 0 or codes.max() >= size):
            raise ValueError(f"{column} codes must lie in 0..{size - 1}, got {codes.min()}..{codes.max()}")
    if not np.isfinite(ratings["rating"].to_numpy(dtype=float)).all():
        raise ValueError("ratings hold a NaN or infinite value")


def encode_ids(
    frames: Mapping[str, pd.DataFrame], user_col: str, item_col: str, rating_col: str = "rating"
) -> tuple[dict[str, pd.DataFrame], int, int]:
    """Map raw user and item ids of several tables to shared codes ``0..n-1`` (sorted raw id order).

    Returns ``({name: DataFrame(user, item, rating)}, n_users, n_items)``. Codes are made from the ids
    of every table (no ratings are used), so a test user absent from training still gets a code.
    """
    users = np.unique(np.concatenate([f[user_col].to_numpy() for f in frames.values()]))
    items = np.unique(np.concatenate([f[item_col].to_numpy() for f in frames.values()]))
    encoded = {
        name: pd.DataFrame(
            {
                "user": np.searchsorted(users, f[user_col].to_numpy()),
                "item": np.searchsorted(items, f[item_col].to_numpy()),
                "rating": f[rating_col].to_numpy(dtype=float),
            }
        )
        for name, f in frames.items()
    }
    return encoded, len(users), len(items)


def shuffle_split(ratings: pd.DataFrame, fraction: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The study's split: shuffle all rows (``DataFrame.sample(frac=1, random_state=seed)``) and hold
    out the last ``int(len * fraction)`` rows. Returns ``(kept, held_out)``."""
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must lie in (0, 1), got {fraction}")
    shuffled = ratings.sample(frac=1, random_state=seed)
    n_out = int(len(shuffled) * fraction)
    if n_out == 0:
        raise ValueError(f"{len(ratings)} rows leave no held-out row at fraction {fraction}")
    return shuffled.iloc[:-n_out], shuffled.iloc[-n_out:]


def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """RMSE and MAE (stars) of predictions ``y_pred`` against ``y_true`` (both shape ``(n,)``)."""
    return {"rmse": rmse(y_true, y_pred), "mae": mae(y_true, y_pred)}
