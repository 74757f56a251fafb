"""Plot helpers shared by the chapters: one house style, labelled axes with units, small figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

FIGSIZE = (7.0, 3.6)
CJK_FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")  # Debian's fonts-noto-cjk, for Chinese titles
CJK_FONT_NAME = "Noto Sans CJK SC"


def use_book_style() -> None:
    """Apply the book's matplotlib style (seaborn whitegrid, readable fonts, tight figures).

    Where Debian's Noto Sans CJK is installed it becomes the fallback font, so Chinese titles render.
    """
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    plt.rcParams.update(
        {"figure.figsize": FIGSIZE, "figure.dpi": 100, "savefig.bbox": "tight", "axes.titleweight": "bold"}
    )
    cjk = [path for path in font_manager.findSystemFonts() if Path(path).name in CJK_FONT_FILES]
    for path in cjk:
        font_manager.fontManager.addfont(path)
    if cjk:
        plt.rcParams["font.family"] = ["DejaVu Sans", CJK_FONT_NAME]


def labelled(ax: Axes, title: str, xlabel: str, ylabel: str) -> Axes:
    """Set a title and both axis labels (say the unit in each label) and return ``ax``."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def learning_curves(
    history: Mapping[str, Sequence[float]], keys: Sequence[str], title: str, ylabel: str, ax: Axes | None = None
) -> Axes:
    """Plot per-epoch curves ``history[key]`` for each key (e.g. ``loss``, ``val_loss``) against epoch 1..n."""
    ax = ax or plt.subplots()[1]
    for key in keys:
        values = history[key]
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", markersize=3, label=key)
    ax.legend()
    return labelled(ax, title, "epoch", ylabel)


def actual_vs_predicted(y_true: ArrayLike, y_pred: ArrayLike, title: str, unit: str, ax: Axes | None = None) -> Axes:
    """Scatter predicted against actual values with the identity line; ``unit`` labels both axes."""
    ax = ax or plt.subplots(figsize=(4.2, 4.2))[1]
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    ax.scatter(y_true, y_pred, s=8, alpha=0.5)
    low, high = float(min(y_true.min(), y_pred.min())), float(max(y_true.max(), y_pred.max()))
    ax.plot([low, high], [low, high], color="black", linewidth=1, label="perfect prediction")
    ax.legend()
    return labelled(ax, title, f"actual ({unit})", f"predicted ({unit})")


def figure_grid(n: int, ncols: int = 3, size: float = 3.0) -> tuple[Figure, np.ndarray]:
    """Return a figure with ``n`` axes laid out ``ncols`` wide (extra axes hidden) and the flat axes array."""
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    flat = axes.ravel()
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def actual_and_predicted_lines(
    y_true: ArrayLike, y_pred: ArrayLike, title: str, ylabel: str, ax: Axes | None = None
) -> Axes:
    """Draw actual and predicted values as two lines over the samples, sorted by the actual value
    (so the actual line rises and the scatter of the predicted line around it shows the error)."""
    ax = ax or plt.subplots()[1]
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    order = np.argsort(y_true, kind="stable")
    ax.plot(y_pred[order], linewidth=0.8, alpha=0.7, label="predicted")
    ax.plot(y_true[order], color="black", linewidth=1.5, label="actual")
    ax.legend()
    return labelled(ax, title, "sample (sorted by actual value)", ylabel)


def image_rows(
    rows: Sequence[Sequence[np.ndarray | None]], captions: Sequence[Sequence[str]], title: str, size: float = 1.7
) -> Figure:
    """Show one row of captioned images per entry of ``rows`` (e.g. a query poster then its neighbours)
    in a single figure; an image of ``None`` is drawn as a grey box so a missing poster keeps its caption.
    Rows may differ in length; ``captions`` has the same shape as ``rows``."""
    width = max(len(row) for row in rows)
    fig, axes = plt.subplots(len(rows), width, figsize=(size * width, size * 1.9 * len(rows)), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for row_axes, images, texts in zip(axes, rows, captions, strict=True):
        for ax, image, caption in zip(row_axes[: len(images)], images, texts, strict=True):
            ax.imshow(image if image is not None else np.full((138, 92, 3), 0.85))
            ax.set_title(caption, fontsize=7, wrap=True)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
