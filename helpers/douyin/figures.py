"""The live-stream chapter's figures, one function each: the day, the hours, the traffic sources, the
correlations, the decomposition, the windows, an LSTM's fit, the window sweep, the recursive forecast,
the training updates and the forecasts' bias. Each draws on a new figure and returns it; the chapter
shows it. Counts are viewers entering per minute (:data:`UNIT`) unless a label says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers.common import formatting, plots
from helpers.datasets import douyin_columns
from helpers.douyin.lstm import LstmFit
from helpers.douyin.timeseries import source_label

UNIT = "viewers entering per minute"
WIDE = 9.4  # inches: the width of a figure that spans the page's column
PARTS_OF_DAY = {"morning": (0, 11), "afternoon": (12, 17), "evening": (18, 23)}  # hours, both ends included
PART_COLOURS = {"morning": "tab:blue", "afternoon": "tab:orange", "evening": "tab:green"}
THIN_COLOUR = "lightgrey"
THIN_HOUR_MINUTES = 15  # an hour with fewer live minutes than this is drawn as thin (hatched, grey)
HEADROOM = 1.25  # the hour chart's axis reaches this times the tallest bar of a well-covered hour


def clock_axis(ax: Axes) -> Axes:
    """Label a time axis with the time of day (hours:minutes) and return ``ax``."""
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    return ax


def day(series: pd.Series, stretches: pd.DataFrame, mean_minutes: int = 10) -> Figure:
    """Draw ``series`` (viewers entering per minute, indexed by time) with its ``mean_minutes`` rolling
    mean, and shade each dead stretch (a row of ``stretches``: ``start``, ``end``)."""
    fig, ax = plt.subplots(figsize=(WIDE, 3.6))
    ax.plot(series.index, series, linewidth=0.6, label="per minute")
    rolling = series.rolling(mean_minutes, min_periods=1).mean()
    ax.plot(series.index, rolling, color="tab:orange", label=f"{mean_minutes}-minute mean")
    for k, (start, end) in enumerate(zip(stretches["start"], stretches["end"], strict=True)):
        ax.axvspan(start, end, color="grey", alpha=0.25, label="dead stretch (removed)" if k == 0 else None)
    ax.legend(loc="upper left")
    clock_axis(ax)
    plots.labelled(ax, "Viewers entering the room, minute by minute", "time of day", UNIT)
    return fig


def part_of_day(hour: int) -> str:
    """Return the part of the day an hour (0-23) belongs to: morning, afternoon or evening."""
    for part, (first, last) in PARTS_OF_DAY.items():
        if first <= hour <= last:
            return part
    raise ValueError(f"an hour of the day lies in 0..23, got {hour}")


def hour_bars(ax: Axes, means: pd.Series, minutes: pd.Series, thin_minutes: int, title: str, unit: str) -> Axes:
    """Draw one bar per hour of ``means`` (indexed by hour), coloured by part of the day. An hour with
    fewer than ``thin_minutes`` live minutes (``minutes``, by hour) is drawn hatched in grey, since its
    mean rests on a few minutes; where its bar would rise above the well-covered hours' tallest by more
    than :data:`HEADROOM`, the axis stops there, the bar is cut and its value is written on it."""
    thin = minutes < thin_minutes
    positions = np.arange(len(means))
    colours = [THIN_COLOUR if thin.iloc[k] else PART_COLOURS[part_of_day(h)] for k, h in enumerate(means.index)]
    bars = ax.bar(positions, means.to_numpy(), color=colours, edgecolor="dimgrey", linewidth=0.5)
    well_covered = means[~thin]
    top = HEADROOM * float(well_covered.max()) if len(well_covered) and well_covered.max() > 0 else None
    for k, bar in enumerate(bars):
        if not thin.iloc[k]:
            continue
        bar.set_hatch("//")
        if top is not None and means.iloc[k] > top:
            ax.annotate(
                f"{formatting.count(means.iloc[k])} ↑",
                (positions[k], 0.97 * top),
                ha="center",
                va="top",
                fontsize=plots.MIN_FONT_PT,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "dimgrey"},
            )
    if top is not None and means.max() > top:
        ax.set_ylim(0, top)
    ax.set_xticks(positions, [str(h) for h in means.index])
    return plots.labelled(ax, title, "hour of the day (h)", unit)


def by_hour(
    hours: pd.DataFrame,
    panels: Sequence[tuple[str, str, str]],
    minutes_column: str = "live minutes",
    thin_minutes: int = THIN_HOUR_MINUTES,
) -> Figure:
    """Draw one panel of :func:`hour_bars` per entry of ``panels`` (column of ``hours``, title, unit):
    ``hours`` holds a mean per live minute for each hour (its index) and the hour's live minutes in
    ``minutes_column``. The legend names the parts of the day and the thin hours."""
    fig, axes = plt.subplots(1, len(panels), figsize=(WIDE, 3.8), squeeze=False)
    for ax, (column, title, unit) in zip(axes[0], panels, strict=True):
        hour_bars(ax, hours[column], hours[minutes_column], thin_minutes, title, unit)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour) for colour in PART_COLOURS.values()]
    handles.append(plt.Rectangle((0, 0), 1, 1, facecolor=THIN_COLOUR, hatch="//", edgecolor="dimgrey"))
    labels = [*PART_COLOURS, f"fewer than {thin_minutes} live minutes"]
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), bbox_to_anchor=(0.5, -0.08))
    fig.tight_layout()
    return fig


def sources(visits: pd.DataFrame) -> Figure:
    """Draw each traffic source's share of all visits per time bin, stacked (``visits``: visits per bin
    (rows, by time) and source column); a bin without visits is left empty."""
    shares = visits.div(visits.sum(axis=1), axis=0).fillna(0)
    fig, ax = plt.subplots(figsize=(WIDE, 5))
    labels = [source_label(c) for c in visits.columns]
    ax.stackplot(shares.index, shares.T.to_numpy(), labels=labels, alpha=0.85)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
    clock_axis(ax)
    plots.labelled(ax, "Traffic-source composition in 30-minute bins", "time of day", "share of visits")
    return fig


def column_words(column: str) -> str:
    """A column of the live-stream table as a reader reads it: a file column by the data dictionary's words
    (:func:`helpers.datasets.douyin_columns`, ``WATCH_UCNT`` -> "viewers entering"), a traffic column by
    :func:`~helpers.douyin.timeseries.source_label` (``natural_total`` -> "natural: total")."""
    words = douyin_columns()["words"]
    return str(words[column]) if column in words.index else source_label(column)


def correlation(frame: pd.DataFrame) -> Figure:
    """Draw the Pearson correlation of the columns of ``frame`` as an annotated heat map (−1 to 1), each
    column named in words (:func:`column_words`)."""
    import seaborn as sns

    fig, ax = plt.subplots(figsize=(8.5, 7))
    sns.heatmap(
        frame.rename(columns=column_words).corr(), annot=True, fmt=".2f", cmap="vlag", vmin=-1, vmax=1, ax=ax,
        annot_kws={"size": plots.MIN_FONT_PT},
    )  # fmt: skip
    ax.set_title("Correlation of the per-minute metrics (Pearson r)")
    return fig


def decomposition(result, period: int) -> Figure:
    """Draw a statsmodels ``seasonal_decompose`` ``result`` (observed, trend, seasonal, residual, in
    viewers entering per minute) of a series with ``period`` minutes."""
    fig = result.plot()
    fig.set_size_inches(9, 7)
    for ax, label in zip(fig.axes, ["observed", "trend", "seasonal", "residual"], strict=True):
        ax.set_ylabel(label)
    fig.axes[0].set_title(f"Additive decomposition, period {period} minutes ({UNIT})")
    fig.axes[-1].set_xlabel("minute of the cleaned series")
    return fig


def windows_diagram(shown: int = 14, window: int = 5, rows: int = 3) -> Figure:
    """Draw how a series of ``shown`` minutes becomes windows of ``window`` minutes: ``rows`` windows,
    each one minute after the last, inputs in blue and the target in red."""
    fig, ax = plt.subplots(figsize=(WIDE, 3.2))
    minutes = np.arange(shown)
    for row in range(rows):
        level = -row * 1.2
        ax.scatter(minutes, np.full(shown, level), color="lightgrey", s=60)
        ax.scatter(minutes[row : row + window], np.full(window, level), color="tab:blue", s=60)
        ax.scatter([row + window], [level], color="tab:red", s=80, marker="s")
        text = f"window {row + 1}: minutes {row + 1}–{row + window} → minute {row + window + 1}"
        ax.annotate(text, (shown - 0.5, level), va="center")
    ax.set_yticks([])
    ax.set_xticks(minutes, [str(m + 1) for m in minutes])
    ax.set_xlim(-0.5, shown + 7)
    ax.spines[["left", "top", "right"]].set_visible(False)
    plots.labelled(ax, f"Sliding windows of {window} minutes (blue: inputs; red: target)", "minute", "")
    return fig


def fit(
    first: LstmFit, forecast: np.ndarray, times: pd.Index, actual: np.ndarray, persistence: np.ndarray, title: str
) -> Figure:
    """Draw an LSTM's first seed: its loss per epoch (left; training and, drawn only, validation) and its
    ``forecast`` of the test minutes (right, at ``times``) against the ``actual`` counts (dots) and the
    ``persistence`` forecast (a dashed step line: each minute's count, held through the next minute,
    so every actual dot returns as the step one minute later), all in viewers entering per minute."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(WIDE, 3.6), gridspec_kw={"width_ratios": [1, 2]})
    curves = {"loss": "training", "val_loss": "validation (drawn only)"}
    plots.learning_curves(first.history, curves, f"{title}: loss", "MSE (scaled viewers²)", ax=left)
    right.plot(times, actual, "o", color="black", markersize=2.5, label="actual", zorder=2)
    right.step(
        times, persistence, where="post", color="tab:blue", linestyle="--", linewidth=1, label="persistence", zorder=3
    )
    right.plot(times, forecast, color="tab:red", linewidth=1.2, label="LSTM forecast", zorder=4)
    right.legend(loc="upper left")
    clock_axis(right)
    plots.labelled(right, f"{title}: test minutes (seed {first.seed})", "time of day", UNIT)
    return fig


def window_sweep(sweep: pd.DataFrame, baselines: Mapping[str, float]) -> Figure:
    """Draw v2's validation R² by window (``sweep``: ``window (min)``, ``validation R² mean`` and ``sd``)
    with a horizontal line for each baseline's validation R² (``baselines``: reader's name to R²)."""
    fig, ax = plt.subplots()
    ax.errorbar(
        sweep["window (min)"], sweep["validation R² mean"], yerr=sweep["validation R² sd"], marker="o", capsize=4,
        label="LSTM v2 (mean ± sd over seeds)",
    )  # fmt: skip
    for (name, r2), style in zip(baselines.items(), ("--", ":", "-."), strict=False):
        ax.axhline(r2, color="grey", linestyle=style, label=name)
    ax.set_xscale("log")
    ax.legend()
    plots.labelled(ax, "Validation R² of LSTM v2 by input window", "window (minutes, log scale)", "validation R²")
    return fig


def recursive_forecast(before: pd.Series, actual: pd.Series, forecast: np.ndarray, last_observed: float) -> Figure:
    """Draw a recursive forecast of the minutes of ``actual`` (a Series indexed by time) after the
    minutes ``before``, against what happened and against a flat forecast at ``last_observed``."""
    fig, ax = plt.subplots()
    ax.plot(before.index, before, color="black", linewidth=0.8, label="observed before")
    ax.plot(actual.index, actual, color="black", marker="o", markersize=3, linewidth=0.8, label="actual")
    ax.plot(actual.index, forecast, color="tab:red", marker="o", markersize=3, label="LSTM v2, recursive")
    flat = np.full(len(actual), last_observed)
    ax.plot(actual.index, flat, color="grey", linestyle="--", label="persistence (flat)")
    ax.legend()
    clock_axis(ax)
    plots.labelled(ax, f"Recursive {len(actual)}-minute forecast", "time of day", UNIT)
    return fig


def updates(curves: Mapping[str, Sequence[float]], batches: int) -> Figure:
    """Draw each training-loss curve (``curves``: legend label to the loss after each epoch) against the
    Adam updates made, ``batches`` per epoch, on log axes."""
    fig, ax = plt.subplots()
    for label, loss in curves.items():
        ax.plot(batches * np.arange(1, len(loss) + 1), loss, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.legend()
    plots.labelled(
        ax, "Training loss of LSTM v2 against the updates made", "Adam updates (log scale)",
        "training MSE (scaled viewers², log scale)",
    )  # fmt: skip
    return fig


def bias(errors: pd.Series) -> Figure:
    """Draw each model's mean forecast error (``errors``: reader's name to forecast − actual, viewers per
    minute) as horizontal bars, sorted, with the zero line."""
    fig, ax = plt.subplots()
    errors.sort_values().plot.barh(ax=ax, color="tab:blue")
    ax.axvline(0, color="black", linewidth=0.8)
    plots.labelled(ax, "Mean forecast error on the test minutes", "forecast − actual (viewers per minute)", "model")
    return fig
