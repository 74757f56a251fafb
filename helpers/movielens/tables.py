"""The MovieLens chapter's tables of test scores: every model on the same held-out ratings, with the
spread of its predictions and, for a model that gives every pair one value, that value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from helpers.common import formatting, metrics
from helpers.common.metrics import mse

MSE_COLUMN = "test MSE (stars²)"


GRID_COLUMNS = {  # a column of the MF grid's rows: its header on the page
    "n_factors": "factors",
    "reg": "penalty λ",
    "valid_mse": "lowest validation MSE (stars²)",
    "best_epoch": "at epoch",
}


def grid_table(grid: Sequence[Mapping]) -> Styler:
    """Return the MF grid (rows of :func:`helpers.movielens.sgd_mf.grid_search`) as the page shows it: one
    row per setting, its lowest validation MSE and the epoch it was reached at, without the curves."""
    return formatting.table(pd.DataFrame(grid).drop(columns="curve").rename(columns=GRID_COLUMNS))


def seed_rows(predictions: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Return each model's predictions as rows (S, n), one per seed; a model fitted once has one row."""
    return {name: np.atleast_2d(p) for name, p in predictions.items()}


def mse_table(actual: np.ndarray, predictions: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Return the test MSE (stars²) of each model's predictions (n,) of the held-out ratings ``actual``
    (n,), one row per model in the order given."""
    scores = [mse(actual, p) for p in predictions.values()]
    return pd.DataFrame({MSE_COLUMN: scores}, index=pd.Index(list(predictions), name="model"))


def flat_models(actual: np.ndarray, predictions: Mapping[str, np.ndarray]) -> dict[str, float]:
    """Return the models whose predictions (their first seed's) give every pair one value, with that value
    (stars): see :func:`helpers.common.metrics.flat_predictions`."""
    return metrics.flat_predictions(actual, {name: rows[0] for name, rows in seed_rows(predictions).items()})


def model_table(actual: np.ndarray, predictions: Mapping[str, np.ndarray]) -> Styler:
    """Return every model's test MSE (stars², the mean over its seeds), the spread (standard deviation,
    stars) of its predictions and, for a model that gives every pair one value, that value (stars);
    ``predictions`` maps a model's name to its predictions (n,) or (S, n), one row per seed."""
    rows = seed_rows(predictions)
    flat = flat_models(actual, predictions)
    frame = pd.DataFrame(
        {
            MSE_COLUMN: [np.mean([mse(actual, r) for r in p]) for p in rows.values()],
            "spread (stars)": [np.mean([np.std(r) for r in p]) for p in rows.values()],
            "one value (stars)": [round(flat.get(n, np.nan), 2) + 0.0 for n in rows],
        },
        index=list(rows),
    )
    return frame.style.format("{:.3f}", subset=[MSE_COLUMN, "spread (stars)"]).format(
        "{:.2f}", subset="one value (stars)", na_rep=""
    )
