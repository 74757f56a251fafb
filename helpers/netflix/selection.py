"""Choosing among the Netflix chapter's models on validation data only: per fold, the candidate (a model,
or the mean of several) with the lowest RMSE on the fold's validation part, scored on its test part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.common.metrics import rmse
from helpers.netflix.rating_tables import scores, shuffle_split


def blended(
    predictions: Mapping[tuple[int, str], Mapping[str, np.ndarray]], fold: int, candidate: str, part: str
) -> np.ndarray:
    """Return a candidate's predictions (n,), stars, of one ``part`` ("valid" or "test") of fold ``fold``:
    a model name, or several joined by `` & `` (the mean of their predictions)."""
    return np.mean([predictions[(fold, member)][part] for member in candidate.split(" & ")], axis=0)


def select_by_validation(
    candidates: Sequence[str],
    folds: Sequence[tuple[pd.DataFrame, pd.DataFrame]],
    predictions: Mapping[tuple[int, str], Mapping[str, np.ndarray]],
    valid_fraction: float,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pick, in each fold, the candidate with the lowest RMSE on that fold's validation part.

    A candidate is a model name or several names joined by `` & `` (:func:`blended`). Returns
    ``(chosen, validation)``: one row per fold with fold, chosen, valid_rmse and the test rmse / mae of
    the choice (stars); and the validation RMSE of every candidate (folds × candidates).
    """
    rows, validation = [], {}
    for number, (train, test) in enumerate(folds, start=1):
        valid = shuffle_split(train, valid_fraction, seed)[1]
        valid_rmse = {
            name: rmse(valid["rating"].to_numpy(), blended(predictions, number, name, "valid")) for name in candidates
        }
        chosen = min(valid_rmse, key=valid_rmse.get)
        validation[number] = valid_rmse
        rows.append(
            {
                "fold": number,
                "chosen": chosen,
                "valid_rmse": valid_rmse[chosen],
                **scores(test["rating"].to_numpy(), blended(predictions, number, chosen, "test")),
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(validation).T.rename_axis("fold")
