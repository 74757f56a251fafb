"""The appendix's figures: the generated ratings' shape beside the slice's, and the measured cost with the cost
model and the power law carried to the prize's size. What they show is said in the appendix's captions;
this module lays them out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.common import plots
from helpers.scale import synthetic


def shape_figure(frames: Mapping[str, pd.DataFrame]) -> Figure:
    """Three panels for each ratings table of ``frames`` (label -> user_id, movie_id, rating): the share of
    each star (bars side by side), and the ratings per movie and per user from the most to the least
    active (log-log, rank as a share of movies or users)."""
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.5))
    stars = synthetic.STARS
    offsets = np.linspace(-0.2, 0.2, len(frames)) if len(frames) > 1 else [0.0]
    for offset, (label, frame) in zip(offsets, frames.items(), strict=True):
        shares = frame.rating.round().value_counts(normalize=True).reindex(stars, fill_value=0)
        axes[0].bar(stars + offset, shares, width=0.4, label=label)
        for ax, key in zip(axes[1:], ("movie_id", "user_id"), strict=True):
            counts = np.sort(frame.groupby(key).size().to_numpy())[::-1]
            ax.loglog(np.arange(1, len(counts) + 1) / len(counts), counts, label=label)
    plots.labelled(axes[0], "Share of each star", "rating (stars)", "share of ratings")
    plots.labelled(axes[1], "Ratings per movie", "rank (share of movies)", "ratings")
    plots.labelled(axes[2], "Ratings per user", "rank (share of users)", "ratings")
    axes[0].set_xticks(stars)
    axes[1].legend(loc="lower left")
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class CostCurve:
    """One engine's panel of :func:`cost_figure`: the ``title``; the sizes measured (ratings) with the
    median seconds of a pass and their standard deviation over the repeats (``sizes``, ``medians``,
    ``sds``), the last of them the held-out size; the ratings of the curves (``reach``), the cost model's
    expected seconds there and its 95 % interval (``model``, shape ``(n, 3)``: prediction, low, high), and
    the power law's (``power_law``)."""

    title: str
    sizes: Sequence[float]
    medians: Sequence[float]
    sds: Sequence[float]
    reach: Sequence[float]
    model: np.ndarray
    power_law: Sequence[float]


def cost_figure(curves: Sequence[CostCurve]) -> Figure:
    """One log-log panel per engine: the measured medians with their spread (error bars; the held-out size
    hollow), the cost model fitted without the held-out size (solid, its 95 % interval shaded) and the power
    law through the same sizes (dashed), both carried to the prize's size."""
    fig, axes = plt.subplots(1, len(curves), figsize=(4.8 * len(curves), 3.8), squeeze=False)
    for ax, curve in zip(axes[0], curves, strict=True):
        ax.errorbar(curve.sizes[:-1], curve.medians[:-1], yerr=curve.sds[:-1], fmt="o", color="black", label="measured")
        ax.errorbar(
            curve.sizes[-1:],
            curve.medians[-1:],
            yerr=curve.sds[-1:],
            fmt="o",
            markerfacecolor="white",
            color="black",
            label="held out, measured after its prediction",
        )
        line = ax.loglog(curve.reach, curve.model[:, 0], label="cost model")[0]
        ax.fill_between(curve.reach, curve.model[:, 1], curve.model[:, 2], color=line.get_color(), alpha=0.2)
        ax.loglog(curve.reach, curve.power_law, linestyle="--", label="power law")
        plots.labelled(ax, curve.title, "training ratings", "seconds per pass")
    axes[0][0].legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    return fig
