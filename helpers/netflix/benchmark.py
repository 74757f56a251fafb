"""The Netflix chapter's benchmark on the second data set's folds: the tuned peers' grids, the candidates
chosen on validation and the choices made among them, the tables of those choices, and the first official
fold (u1) beside published figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from helpers.common.judgement import RESAMPLES, Interval
from helpers.netflix import judging, peers, selection

BEST_MODEL, BEST_PEER = "best model", "best peer"  # the two choices the chapter compares
PUBLISHED_U1 = {  # RMSE on u1, as published (GC-MC: its Table 3; GLocal-K: its best test epoch)
    "GC-MC with side features": 0.905,
    "GC-MC without side features": 0.910,
    "GLocal-K at its best test epoch": 0.889,
}
U1_RMSE = "RMSE on u1"


def peer_grids(
    svd: tuple[Sequence[int], Sequence[int], Sequence[float], Sequence[float]],
    svdpp: tuple[Sequence[int], Sequence[int], Sequence[float], Sequence[float]],
) -> dict[str, list[peers.PeerSpec]]:
    """The tuned peers' grids by algorithm ("SVD", "SVDpp"): each of ``svd`` and ``svdpp`` is (latent
    factors, SGD epochs, learning rates, regularisations) tried (:func:`helpers.netflix.peers.peer_grid`)."""
    return {algorithm: peers.peer_grid([algorithm], *grid) for algorithm, grid in (("SVD", svd), ("SVDpp", svdpp))}


def choices(
    own: Sequence[str], mixed: Sequence[str], partners: Sequence[str], grids: Mapping[str, Sequence[peers.PeerSpec]]
) -> dict[str, list[str]]:
    """What is chosen on validation, by the choice's label → its candidates' names: as :data:`BEST_MODEL`,
    the ``own`` models and each of ``mixed`` averaged with each of ``partners`` (``"A & B"``,
    :func:`helpers.netflix.selection.blended`); each peer algorithm's grid of ``grids`` ("best SVD", ...);
    and all peers together as :data:`BEST_PEER` when there are any."""
    made = {BEST_MODEL: [*own, *(f"{name} & {partner}" for name in mixed for partner in partners)]}
    made |= {f"best {peers.PEER_ALGORITHMS[a]}": [spec.name for spec in grid] for a, grid in grids.items()}
    every_peer = [spec.name for grid in grids.values() for spec in grid]
    if every_peer:
        made[BEST_PEER] = every_peer
    return made


def choose(
    candidates: Mapping[str, Sequence[str]],
    folds: Sequence[tuple[pd.DataFrame, pd.DataFrame]],
    predictions: Mapping[tuple[int, str], Mapping[str, np.ndarray]],
    valid_fraction: float,
    seed: int,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """Make each choice of ``candidates`` (label → names) in every fold on its validation part
    (:func:`helpers.netflix.selection.select_by_validation`); return ``(chosen, validation)`` by label."""
    chosen, validation = {}, {}
    for label, names in candidates.items():
        chosen[label], validation[label] = selection.select_by_validation(
            names, folds, predictions, valid_fraction, seed
        )
    return chosen, validation


def chosen_table(chosen: Mapping[str, pd.DataFrame], labels: Sequence[str] = (BEST_MODEL, BEST_PEER)) -> pd.DataFrame:
    """What each choice of ``labels`` picked in each fold (rows) and its validation RMSE (stars)."""
    return pd.concat(
        {
            label: table.set_index("fold")[["chosen", "valid_rmse"]].rename(columns={"valid_rmse": "validation RMSE"})
            for label, table in chosen.items()
            if label in labels
        },
        axis=1,
    )


def fold_rmse(per_fold: pd.DataFrame, chosen: Mapping[str, pd.DataFrame], shown: Mapping[str, str]) -> dict:
    """Test RMSE (stars) fold by fold, by label: each model of ``shown`` (label → model name, a column of
    ``per_fold``, folds × models), then each choice of ``chosen`` as "<label> (chosen on validation)"."""
    rows = {label: per_fold[name].to_numpy() for label, name in shown.items()}
    rows |= {f"{label} (chosen on validation)": t.sort_values("fold").rmse.to_numpy() for label, t in chosen.items()}
    return rows


def u1_intervals(
    y: ArrayLike, models: Mapping[str, ArrayLike], rng: np.random.Generator, resamples: int = RESAMPLES
) -> dict[str, dict[str, Interval]]:
    """Each model's RMSE on u1's test ratings ``y`` (label → predictions (n,), stars) with its 95 %
    interval over those ratings, resampled (:func:`helpers.netflix.judging.score_interval`)."""
    return {
        name: {U1_RMSE: judging.score_interval(y, p, "test rating", rng, resamples=resamples)}
        for name, p in models.items()
    }


def u1_table(u1: Mapping[str, Mapping[str, Interval]], published: Mapping[str, float] = PUBLISHED_U1) -> pd.DataFrame:
    """The models' RMSE on u1 with their intervals, then the ``published`` figures (no interval)."""
    table = judging.interval_frame(u1)
    for name, value in published.items():
        table.loc[f"{name} (published)"] = [value, "not published"]
    return table


def folds_run(count: int) -> str:
    """The folds a run used, as the prose says them: "the one fold", "the 5 folds"."""
    return "the one fold" if count == 1 else f"the {count} folds"


def most_chosen(chosen: pd.DataFrame, folds: int) -> str:
    """The candidate chosen in most of ``folds`` folds (``chosen``: one row per fold, its "chosen" column),
    with how often: "X (chosen in 3 of 5 folds)", or "X (chosen in the one fold)" when one ran."""
    counts = chosen.chosen.value_counts()
    if folds == 1:
        return f"{counts.index[0]} (chosen in the one fold)"
    return f"{counts.index[0]} (chosen in {counts.iloc[0]} of {folds} folds)"


def u1_models(first_fold: Mapping[str, np.ndarray], study_best: str) -> dict[str, np.ndarray]:
    """The models set beside the published figures on u1, by label: the best model chosen on validation,
    the study's best model ``study_best`` with its settings and, when the peers ran, the best peer; their
    test predictions (n,), stars, from ``first_fold`` (name or choice label → predictions)."""
    shown = {
        f"{BEST_MODEL} (chosen on validation)": first_fold[BEST_MODEL],
        "DL+ + norm (study's settings)": first_fold[study_best],
    }
    if BEST_PEER in first_fold:
        shown[f"{BEST_PEER} (chosen on validation)"] = first_fold[BEST_PEER]
    return shown
