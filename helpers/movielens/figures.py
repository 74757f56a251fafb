"""The MovieLens chapter's figures, each drawn from the results the chapter computed: what they show is
said in the chapter's captions; the code here only lays them out (axes with units, legends, colours)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers.common import formatting, plots
from helpers.movielens.names import reader_name

RANDOM = "random"  # the row of a random pick in the tables of neighbours, drawn grey and dotted


def study_draws(draw_mse: Sequence[float], study_mse: float) -> Axes:
    """Histogram of the test MSE (stars²) of the study's pipeline over repeated random test draws, with the
    study's own figure ``study_mse`` as a dashed line."""
    _, ax = plt.subplots()
    ax.hist(draw_mse, bins=10, alpha=0.7, label=formatting.counted(len(draw_mse), "random draw"))
    ax.axvline(study_mse, color="black", linestyle="--", label=f"the study: {study_mse}")
    ax.legend()
    return plots.labelled(ax, "The study's pipeline over repeated test draws", "test MSE (stars²)", "draws (count)")


def prediction_spread(actual: np.ndarray, study: np.ndarray, corrected: np.ndarray, k: int) -> Axes:
    """Overlaid histograms (stars) of the held-out ratings ``actual``, the study formula's predictions
    ``study`` and the top-``k`` mean-centred predictions ``corrected`` of the same ratings."""
    _, ax = plt.subplots()
    bins = np.linspace(0, 5.5, 45)
    ax.hist(actual, bins=bins, alpha=0.5, label="actual test ratings")
    ax.hist(study, bins=bins, alpha=0.6, label="user CF, study's formula")
    ax.hist(corrected, bins=bins, alpha=0.6, label=f"user CF, top-{k} mean-centred")
    ax.legend()
    return plots.labelled(ax, "Predictions of the two similarity formulas", "rating (stars)", "test ratings (count)")


def mf_grid(grid: Sequence[Mapping], chosen_epoch: int) -> Axes:
    """Validation MSE (stars²) per epoch of each setting of the MF grid (rows with ``n_factors``, ``reg``
    and the per-epoch ``curve``), with the chosen epoch as a dotted line."""
    _, ax = plt.subplots()
    for row in grid:
        epochs = np.arange(1, len(row["curve"]) + 1)
        ax.plot(epochs, row["curve"], label=f"{row['n_factors']} factors, λ={row['reg']}")
    ax.axvline(chosen_epoch, color="black", linestyle=":", label="chosen epoch")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return plots.labelled(
        ax, "MF grid: validation error per epoch", "epoch (passes over the ratings)", "validation MSE (stars²)"
    )


def neighbours_judged(measured: pd.DataFrame, k: int) -> Figure:
    """Three bar charts side by side, one per column of ``measured`` (genre precision, neighbour
    popularity in training ratings, coverage), one bar per similarity (its rows, model keys; the random
    pick last, in grey)."""
    fig, axes = plt.subplots(1, 3, figsize=(9.4, 3.6))
    names = [reader_name(key) for key in measured.index]
    units = ["share of neighbours", "training ratings", "share of movies"]
    colours = [f"C{n}" for n in range(len(measured) - 1)] + ["grey"]
    for ax, column, unit in zip(axes, measured.columns, units, strict=True):
        ax.bar(names, measured[column].fillna(0), color=colours)
        ax.set_xticks(range(len(names)), names, rotation=40, ha="right")
        plots.labelled(ax, column, "similarity", unit)
    fig.suptitle(f"Neighbours (top {k}) by each similarity")
    fig.tight_layout()
    return fig


JUDGED = ("cf_item", "mf", "poster")  # the similarities the chapter judges, as model keys


def precision_by_bucket(table: pd.DataFrame, k: int) -> Axes:
    """Genre precision@``k`` (share) per bucket of training ratings (the rows of ``table``), one line per
    judged similarity among its columns (model keys) and a dotted one for the random pick."""
    _, ax = plt.subplots()
    for name in [*(key for key in JUDGED if key in table), RANDOM]:
        style = ":" if name == RANDOM else "-"
        ax.plot(table.index.astype(str), table[name], marker="o", label=reader_name(name), linestyle=style)
    ax.legend()
    return plots.labelled(
        ax,
        f"Genre precision@{k} by how often a movie was rated",
        "training ratings of the movie (count)",
        "genre precision@k (share)",
    )
