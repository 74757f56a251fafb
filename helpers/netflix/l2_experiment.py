"""The Netflix chapter's test of why MF + norm collapses: MF + norm retrained at several L2 weights (its
table, the weights whose predictions came out flat, the sentence that reads them), and the collapse
criterion of :mod:`helpers.netflix.collapse` set out for this slice, its copied users and the report's
own readings of its data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from helpers.common import formatting, metrics
from helpers.netflix import claims, study_data
from helpers.netflix.fitting import FitSummary

RMSE_COLUMN, SPREAD_COLUMN = "test RMSE", "prediction spread (stars)"


def l2_label(value: float) -> str:
    """A record name's form of an L2 weight: 0.001 -> '1e-3', 0 -> '0'."""
    return "0" if value == 0 else f"{value:.0e}".replace("e-0", "e-")


def l2_table(fits: Mapping[float, FitSummary], y_test: ArrayLike, weights: Sequence[float]) -> pd.DataFrame:
    """One row per L2 weight of ``weights`` (index "L2 weight", the weight as ``f"{w:g}"``): the test
    RMSE and the spread (standard deviation) of the test predictions of its fit in ``fits``, stars, and
    the epochs it ran; ``y_test`` (n,) are the test ratings."""
    rows = {
        f"{value:g}": {
            RMSE_COLUMN: metrics.rmse(y_test, fits[value].predictions["test"]),
            SPREAD_COLUMN: float(np.std(fits[value].predictions["test"])),
            "epochs": fits[value].epochs,
        }
        for value in weights
    }
    return pd.DataFrame(rows).T.rename_axis("L2 weight")


def flat_weights(fits: Mapping[float, FitSummary], y_test: ArrayLike, weights: Sequence[float]) -> list[str]:
    """The weights of ``weights`` (as ``f"{w:g}"``) whose test predictions are one value for every pair
    (:func:`helpers.common.metrics.flat_predictions`)."""
    return list(metrics.flat_predictions(y_test, {f"{v:g}": fits[v].predictions["test"] for v in weights}))


def finding(table: pd.DataFrame, flat: Sequence[str], y_test: ArrayLike, study_rmse: float, mean_rmse: float) -> str:
    """What the L2 experiment found, as a sentence: the weight of ``table`` (:func:`l2_table`) whose test
    RMSE is closest to the study's ``study_rmse``, and the ``flat`` weights, with the spread below which
    predictions count as one value (from the test ratings ``y_test``) and the mean rating's test RMSE
    ``mean_rmse`` (stars)."""
    near = (table[RMSE_COLUMN] - study_rmse).abs().idxmin()
    row = table.loc[near]
    sentence = (
        f"With an L2 weight of {near}, MF + norm reaches {formatting.metric(row[RMSE_COLUMN])} stars "
        f"(its predictions spread {formatting.metric(row[SPREAD_COLUMN])} stars), "
        f"the closest to the study's {formatting.metric(study_rmse)}."
    )
    if not flat:
        return sentence + " No weight tried flattens its predictions here."
    limit = metrics.FLAT_SPREAD * float(np.std(y_test))
    spreads = ", ".join(f"{formatting.metric(table.loc[v, SPREAD_COLUMN])} at {v}" for v in flat)
    return sentence + (
        f" With {formatting.listing(list(flat))} its predictions spread less than {formatting.metric(limit)} "
        f"stars ({spreads}): one value for every pair, the book's collapsed result (the mean rating scores "
        f"{formatting.metric(mean_rmse)})."
    )


def collapses(count: float, weight: float, l2: float) -> str:
    """Whether all-zero vectors minimise MF + norm's loss at the L2 weight ``l2``, for ``count`` training
    ratings: from the collapse ``weight`` where it is known, else (NaN) from the bound 1/√count alone."""
    if not np.isnan(weight):
        return "yes" if weight <= l2 else "no"
    return "yes, whatever the users" if 1 / np.sqrt(count) <= l2 else "cannot tell"


def collapse_table(rows: Mapping[str, tuple[float, float]], l2: float) -> pd.DataFrame:
    """One row per data set of ``rows`` (its name → (training ratings, collapse weight σmax(Z)/N, NaN
    where unknown)): its training ratings, collapse weight, the bound 1/√N and whether it collapses at
    ``l2`` (:func:`collapses`), all as the page prints them."""
    return pd.DataFrame(
        {
            name: {
                "training ratings": formatting.count(count),
                "collapse weight σmax(Z)/N": formatting.MISSING if np.isnan(weight) else f"{weight:.2g}",
                "bound 1/√N": f"{1 / np.sqrt(count):.2g}",
                f"collapses at L2 {l2:g}": collapses(count, weight, l2),
            }
            for name, (count, weight) in rows.items()
        }
    ).T


def collapse_rows(
    train: pd.DataFrame,
    slice_weight: float,
    n_users: int,
    copies: int,
    copied: pd.DataFrame | None,
    copied_weight: float | None,
    density: pd.DataFrame,
) -> dict[str, tuple[float, float]]:
    """The rows of :func:`collapse_table`, name → (training ratings, collapse weight): this slice (its
    ``train`` ratings by ``n_users`` users, ``slice_weight``); its users copied ``copies`` times
    (``copied`` ratings, ``copied_weight``), when they were; and the report's two readings of its data
    (from ``density``, :func:`helpers.netflix.study_data.density_table`), nine tenths of them for
    training as its split, with no known weight (NaN)."""
    rows = {f"this slice ({formatting.count(n_users)} users)": (float(len(train)), slice_weight)}
    if copied is not None and copied_weight is not None:
        label = f"its users copied {copies} times ({formatting.count(n_users * copies)} users)"
        rows[label] = (float(len(copied)), copied_weight)
    for label in (study_data.AT_COUNTS, study_data.AT_DENSITY):
        ratings = study_data.STUDY_TRAIN_SHARE * density.loc[label, "ratings"]
        rows[label.removeprefix("the report: ")] = (ratings, float("nan"))
    return rows


def unexplained(report_training: float, l2: float, reached: Mapping[str, bool]) -> str:
    """What the collapse leaves unexplained of the study's MF + norm figure, as a sentence: whether the
    smaller of the report's readings of its data (``report_training`` training ratings) lies above
    1/λ², the count above which any data collapse at the study's L2 weight λ
    (:data:`helpers.netflix.claims.STUDY_L2`); where MF + norm, trained here with ``l2``, collapsed
    (``reached``: data set → whether it collapsed); and, when every reading and run collapses at the
    study's own weight, that its printed code cannot give its figure."""
    study_l2, study_std = claims.STUDY_L2, claims.STUDY_RATING_STD
    bound = formatting.count(1 / study_l2**2)
    settled = report_training > 1 / study_l2**2
    sentence = (
        f"The smaller of the report's two readings of its data holds about {formatting.count(report_training)} "
        "training ratings, "
    )
    if settled:
        sentence += (
            f"more than the {bound} above which any data collapse at the study's L2 weight of {study_l2:g}: by "
            "the criterion, the loss its code prints is minimised by the mean predictor on its own data, at "
            "either reading."
        )
    else:
        sentence += (
            f"not more than the {bound} above which any data collapse at the study's L2 weight of "
            f"{study_l2:g}, so the criterion alone does not settle its case."
        )
    collapsed_at = [where for where, done in reached.items() if done]
    missed_at = [where for where, done in reached.items() if not done]
    if collapsed_at:
        sentence += f" Trained with L2 {l2:g}, MF + norm collapses here at {formatting.listing(collapsed_at)}"
        sentence += f", and not at {formatting.listing(missed_at)}." if missed_at else "."
    elif missed_at:
        sentence += f" Trained with L2 {l2:g}, MF + norm does not collapse here."
    mf_norm_test, mf_norm_train = claims.TEST["mf_norm"]
    if settled and not missed_at and l2 == study_l2:
        return sentence + (
            f" So the study's {mf_norm_test} stars ({mf_norm_train} on its training set), well below the "
            f"{study_std} stars its code's comment gives as the standard deviation of its ratings (the RMSE of "
            "predicting their mean, on the ratings it was computed from), is not what the printed code gives "
            "on data of either size the report states. The report does not say what differed in the run "
            "behind that figure (its penalty, its data or its code), and this chapter cannot tell."
        )
    return sentence + f" Whether the study's {mf_norm_test} stars is what its printed code gives, this run cannot say."
