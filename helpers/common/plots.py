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
DPI = 100  # pixels per inch of the figures the notebooks embed
MIN_FONT_PT = 11  # the smallest font any figure text uses (points at DPI)
PAGE_IMAGE_PX = 768  # width of the book's text column at a 1400 px window (CSS pixels), measured in Chromium
MIN_READ_PT = 9  # the smallest text a reader should meet on the page, after the browser scales a figure down
# The widest figure whose smallest text still shows at MIN_READ_PT: a figure wider than the column is
# scaled by PAGE_IMAGE_PX / width, and a point at DPI is DPI / 96 CSS points.
MAX_FIGURE_PX = int(PAGE_IMAGE_PX * MIN_FONT_PT * DPI / 96 / MIN_READ_PT)
CJK_FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")  # Debian's fonts-noto-cjk, for Chinese titles
CJK_FONT_NAME = "Noto Sans CJK SC"


FONT_SIZE_KEYS = ("font.size", "axes.labelsize", "xtick.labelsize", "ytick.labelsize", "legend.fontsize")


def use_book_style() -> None:
    """Apply the book's matplotlib style (seaborn whitegrid, tight figures, no text below
    :data:`MIN_FONT_PT`).

    Where Debian's Noto Sans CJK is installed it becomes the fallback font, so Chinese titles render.
    """
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    plt.rcParams.update(
        {"figure.figsize": FIGSIZE, "figure.dpi": DPI, "savefig.bbox": "tight", "axes.titleweight": "bold"}
    )
    plt.rcParams.update(dict.fromkeys(FONT_SIZE_KEYS, MIN_FONT_PT) | {"axes.titlesize": 12, "figure.titlesize": 13})
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


LOG_SCALE_RATIO = 10.0  # learning curves spanning more than this factor get a log axis


def learning_curves(
    history: Mapping[str, Sequence[float]],
    curves: Mapping[str, str],
    title: str,
    ylabel: str,
    ax: Axes | None = None,
) -> Axes:
    """Plot per-epoch curves against epoch 1..n: ``curves`` maps a key of ``history`` (e.g. Keras'
    ``val_loss``) to the name the legend shows (``validation``). When the values span more than
    :data:`LOG_SCALE_RATIO` (a first epoch far above the rest), the y axis is logarithmic so the later
    epochs stay readable, and its label says so."""
    ax = ax or plt.subplots()[1]
    values = np.concatenate([np.asarray(history[key], dtype=float) for key in curves])
    for key, name in curves.items():
        ax.plot(np.arange(1, len(history[key]) + 1), history[key], marker="o", markersize=3, label=name)
    if values.min() > 0 and values.max() / values.min() > LOG_SCALE_RATIO:
        ax.set_yscale("log")
        ylabel = f"{ylabel}, log scale"
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
            ax.set_title(caption, fontsize=MIN_FONT_PT, wrap=True)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
