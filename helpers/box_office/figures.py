"""The box-office chapter's figures: the budget split, the learning curves, each network's predictions,
the mean signed errors, LIME's bar charts and the two importances. Each draws one figure with a title and
axis labels with units and shows it; log revenue is in log US dollars throughout."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from lime.explanation import Explanation

from helpers.box_office.experiments import GROUPS
from helpers.common import plots

LOG_DOLLARS = "log US dollars"
GROUP_COLOURS = {"high": "tab:blue", "low": "tab:orange"}


def budget_split(log_budget: pd.Series, y: np.ndarray, groups: Mapping[str, np.ndarray], threshold: float) -> None:
    """Draw the training films' log revenue ``y`` (n,) against ``log_budget`` (n,) by budget group (masks
    (n,)) with the ``threshold`` dashed (left), and the distribution of log revenue in each group (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.4, 4))
    for group, colour in GROUP_COLOURS.items():
        mask = groups[group]
        label = f"{group} budget"
        left.scatter(log_budget[mask], y[mask], s=6, alpha=0.4, color=colour, label=label)
        right.hist(y[mask], bins=40, alpha=0.6, color=colour, label=label)
    left.axvline(threshold, color="black", linestyle="--", linewidth=1, label="threshold")
    left.legend()
    right.legend()
    plots.labelled(
        left, "Revenue against budget (training films)", f"log budget ({LOG_DOLLARS})", f"log revenue ({LOG_DOLLARS})"
    )
    plots.labelled(right, "Log revenue by budget group", f"log revenue ({LOG_DOLLARS})", "films")
    plt.show()


def learning_curves(networks: Mapping[str, Sequence]) -> None:
    """Draw the training and validation loss per epoch of the first network of each training group
    (``networks``: fitted :class:`~helpers.box_office.tabular.StudyMLP` lists by group), side by side."""
    fig, axes = plt.subplots(1, len(networks), figsize=(9.4, 3.6), sharey=True)
    for ax, (group, models) in zip(axes, networks.items(), strict=True):
        plots.learning_curves(
            models[0].history_,
            {"loss": "training", "val_loss": "validation"},
            "all films" if group == "all" else f"{group}-budget films",
            "loss (log US dollars²)",
            ax=ax,
        )
    fig.suptitle("The MLP's learning curves, by the films it was trained on")
    fig.tight_layout()
    plt.show()


def experiment(train_on: str, y: np.ndarray, predictions: np.ndarray, groups: Mapping[str, np.ndarray]) -> None:
    """Draw the study's two figures for the network trained on ``train_on`` films, from its first seed
    (``predictions`` (S, n) of ``y`` (n,)), one row per test group: actual and predicted log revenue as lines,
    and predicted against actual 1 + revenue in US dollars on log axes."""
    fig, axes = plt.subplots(3, 2, figsize=(9.4, 10.5))
    for (line_ax, scatter_ax), test_on in zip(axes, GROUPS, strict=True):
        mask = groups[test_on]
        truth, guess = y[mask], predictions[0, mask]
        title = f"trained on {train_on}, tested on {test_on}"
        plots.actual_and_predicted_lines(truth, guess, title, f"log revenue ({LOG_DOLLARS})", ax=line_ax)
        # 1 + revenue: on log axes, RMSLE's own scale
        plots.actual_vs_predicted(
            np.exp(truth), np.exp(guess), f"revenue: {title}", "1 + revenue, US dollars", ax=scatter_ax
        )
        scatter_ax.set_xscale("log")
        scatter_ax.set_yscale("log")
    fig.suptitle(f"MLP trained on {train_on} films, first seed", fontweight="bold")
    fig.tight_layout()
    plt.show()


def bias_bars(bias: pd.DataFrame) -> None:
    """Draw each network's mean signed error on each test group with its 95 % interval as error bars
    (``bias``: :func:`helpers.box_office.experiments.bias_table`)."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    width = 0.25
    for k, test_on in enumerate(GROUPS):
        rows = bias.xs(test_on, level="tested on").reindex(GROUPS)
        estimate = rows["mean signed error"]
        ax.bar(
            np.arange(len(GROUPS)) + (k - 1) * width,
            estimate,
            width,
            yerr=[estimate - rows["95% low"], rows["95% high"] - estimate],
            capsize=3,
            label=f"tested on {test_on}",
        )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(np.arange(len(GROUPS)), [f"trained on {g}" for g in GROUPS])
    ax.legend()
    plots.labelled(
        ax, "Mean signed error of each network (predicted − actual)", "training films", f"log revenue ({LOG_DOLLARS})"
    )
    plt.show()


def lime(explanation: Explanation, title: str) -> None:
    """Draw LIME's bar chart of one ``explanation`` with ``title`` and labelled axes."""
    fig = explanation.as_pyplot_figure()
    fig.set_size_inches(5.6, 4.5)
    plots.labelled(fig.axes[0], title, f"LIME weight ({LOG_DOLLARS})", "condition")
    plt.show()


def importances(comparison: pd.DataFrame) -> None:
    """Draw LIME's and permutation importance's shares of their totals per feature, side by side
    (``comparison``: :func:`helpers.box_office.explain.compare_importances`)."""
    ax = comparison[["lime_share", "permutation_share"]].iloc[::-1].plot.barh(figsize=(7, 5.5))
    ax.legend(["LIME, mean |weight|", "permutation, RMSLE rise"])
    plots.labelled(ax, "Feature importance of the random forest", "share of total importance", "feature")
    plt.show()
