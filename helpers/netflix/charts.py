"""The Netflix chapter's figures: the DL+ diagram, the latent-size sweep, this run's best model against the
Netflix Prize's milestones, and the test RMSE fold by fold on the second data set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from helpers.common import plots
from helpers.common.judgement import Interval, Judged

BOX = {"boxstyle": "round,pad=0.3", "facecolor": "#eef3fb", "edgecolor": "tab:blue"}
BIAS_BOX = {**BOX, "facecolor": "#fdf1e6", "edgecolor": "tab:orange"}


@dataclass(frozen=True)
class Arrow:
    """One arrow of a diagram: the patch drawn and the boxes (texts with a box) it joins."""

    patch: FancyArrowPatch
    source: Text
    target: Text


def _extent(box: Text, ax: Axes) -> Bbox:
    """The drawn box around ``box``, in the data coordinates of ``ax`` (the figure must have been drawn)."""
    return box.get_bbox_patch().get_window_extent().transformed(ax.transData.inverted())


def _side(extent: Bbox, side: str) -> tuple[float, float]:
    """The middle of one side ("left", "right", "top", "bottom") of ``extent``."""
    return {
        "left": (extent.x0, (extent.y0 + extent.y1) / 2),
        "right": (extent.x1, (extent.y0 + extent.y1) / 2),
        "top": ((extent.x0 + extent.x1) / 2, extent.y1),
        "bottom": ((extent.x0 + extent.x1) / 2, extent.y0),
    }[side]


def _join(ax: Axes, source: Text, target: Text, sides: tuple[str, str], bend: str = "arc3") -> Arrow:
    """Draw an arrow from side ``sides[0]`` of ``source``'s box to side ``sides[1]`` of ``target``'s."""
    start, end = _side(_extent(source, ax), sides[0]), _side(_extent(target, ax), sides[1])
    patch = FancyArrowPatch(
        start, end, arrowstyle="->", mutation_scale=14, color="black", shrinkA=0, shrinkB=0, connectionstyle=bend
    )
    ax.add_patch(patch)
    return Arrow(patch, source, target)


def model_diagram(latent: int, hidden: Sequence[int]) -> tuple[Figure, list[Arrow]]:
    """Draw DL+ as the study builds it: the user and movie ids, their ``latent``-dimensional embeddings,
    joined end to end and passed through a ReLU MLP of ``hidden`` widths, plus a user and a movie bias,
    summed into the prediction. Every arrow starts and ends on the edge of a box (the boxes are measured
    after drawing them). Returns the figure and its arrows."""
    fig, ax = plt.subplots(figsize=(9.4, 3.8))
    ax.set_axis_off()
    ax.set(xlim=(0, 10.4), ylim=(-0.3, 4.7))

    def box(x: float, y: float, text: str, style: dict = BOX) -> Text:
        return ax.text(x, y, text, ha="center", va="center", bbox=style)

    user, movie = box(0.6, 3.2, "user id $u$"), box(0.6, 1.2, "movie id $i$")
    p_u = box(2.5, 3.2, f"embedding\n$p_u$ ({latent} numbers)")
    q_i = box(2.5, 1.2, f"embedding\n$q_i$ ({latent} numbers)")
    joined = box(4.5, 2.2, "concatenate\n$[p_u; q_i]$")
    layers = "ReLU " + " → ".join(str(width) for width in hidden) + " → 1"
    mlp = box(7.2, 2.2, f"MLP\n{layers}")
    b_u, b_i = box(7.2, 4.3, "bias $b_u$", BIAS_BOX), box(7.2, 0.1, "bias $b_i$", BIAS_BOX)
    output = box(9.7, 2.2, "$\\hat r_{ui}$\n(sum)")
    ax.set_title("DL+: two embeddings, a multilayer perceptron and two biases")
    fig.canvas.draw()  # places the boxes, so that the arrows can start on their edges
    arrows = [
        _join(ax, user, p_u, ("right", "left")),
        _join(ax, movie, q_i, ("right", "left")),
        _join(ax, p_u, joined, ("right", "left")),
        _join(ax, q_i, joined, ("right", "left")),
        _join(ax, joined, mlp, ("right", "left")),
        _join(ax, mlp, output, ("right", "left")),
        _join(ax, b_u, output, ("right", "top"), "angle,angleA=0,angleB=90"),
        _join(ax, b_i, output, ("right", "bottom"), "angle,angleA=0,angleB=-90"),
        _join(ax, user, b_u, ("top", "left"), "angle,angleA=90,angleB=0"),
        _join(ax, movie, b_i, ("bottom", "left"), "angle,angleA=-90,angleB=0"),
    ]
    return fig, arrows


def latent_sweep(
    differences: Mapping[int, Judged], margin: float, seconds_per_epoch: Mapping[int, float], model: str
) -> Figure:
    """Two panels by latent size (log scale): each size's test RMSE less that of size 32 with its 90 %
    interval (``differences``, size → judged no-effect pair), in the band ±``margin`` (stars); and the
    seconds per epoch of each size (``seconds_per_epoch``). ``model`` names the swept model."""
    fig, (ax_gap, ax_time) = plt.subplots(1, 2, figsize=(9, 3.4))
    shown = sorted(differences)
    estimates = np.array([differences[s].estimate for s in shown])
    bounds = np.array([differences[s].interval for s in shown]).reshape(-1, 2)
    ax_gap.axhspan(-margin, margin, color="0.9", label="margin")
    ax_gap.axhline(0, color="0.5", linewidth=0.8)
    ax_gap.errorbar(
        shown,
        estimates,
        yerr=np.abs(bounds.T - estimates),
        marker="o",
        capsize=4,
        linestyle="none",
        label="size − size 32 (90 % interval)",
    )
    reach = max([margin, *np.abs(bounds).ravel()])
    ax_gap.set_ylim(-1.3 * reach, 1.3 * reach)
    ax_gap.legend()
    plots.labelled(ax_gap, f"{model}: test RMSE against size 32", "latent size (dimensions)", "difference (stars)")
    sizes = sorted(seconds_per_epoch)
    ax_time.plot(sizes, [seconds_per_epoch[s] for s in sizes], marker="o", color="C2")
    for ax in (ax_gap, ax_time):
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [str(size) for size in sizes])
        ax.minorticks_off()
    plots.labelled(ax_time, f"{model}: time per epoch", "latent size (dimensions)", "seconds per epoch (s)")
    fig.tight_layout()
    return fig


def against_milestones(milestones: Mapping[str, float], book: Mapping[str, Interval]) -> Figure:
    """A dot chart of RMSE (stars): the Prize's ``milestones`` (name → RMSE) as grey diamonds, lowest at
    the top, and this book's models (label → interval of their RMSE) as dots with their 95 % intervals
    below them."""
    fig, ax = plt.subplots(figsize=(9, 0.45 * (len(milestones) + len(book)) + 1.4))
    names = sorted(milestones, key=milestones.get) + list(book)
    rows = np.arange(len(names))[::-1]
    first = dict(zip(names, rows, strict=True))
    ax.scatter(list(milestones.values()), [first[n] for n in milestones], marker="D", color="0.45", label="milestone")
    values = np.array([book[n].estimate for n in book])
    bounds = np.array([[book[n].low, book[n].high] for n in book]).reshape(-1, 2)
    ax.errorbar(
        values,
        [first[n] for n in book],
        xerr=np.abs(bounds.T - values),
        marker="o",
        capsize=4,
        linestyle="none",
        color="C0",
        label="this book (95 % interval)",
    )
    ax.set_yticks(rows, names)
    ax.grid(axis="x", color="0.9")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14 * 10 / len(names)), ncol=2)
    plots.labelled(ax, "Test RMSE beside the Netflix Prize's milestones (lower is better)", "RMSE (stars)", "")
    fig.tight_layout()
    return fig


def by_fold(rmse: Mapping[str, Sequence[float]], folds: Sequence[int]) -> Figure:
    """Test RMSE (stars) of each model of ``rmse`` (label → one value per fold of ``folds``), fold by
    fold, one marker and line per model."""
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for (label, values), marker in zip(rmse.items(), "osD^v<>", strict=False):
        ax.plot(folds, values, marker=marker, label=label)
    ax.set_xticks(list(folds), [f"u{k}" for k in folds])
    if len(folds) == 1:
        ax.set_xlim(folds[0] - 1, folds[0] + 1)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    plots.labelled(ax, "Test RMSE in each fold", "fold (test part)", "RMSE (stars)")
    fig.tight_layout()
    return fig
