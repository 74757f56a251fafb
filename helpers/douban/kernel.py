"""What scikit-learn's RBF kernel sees in a design matrix whose columns have very different scales.

``SVR(gamma="scale")`` sets the kernel's width from the variance of every entry of the training matrix,
``γ = 1 / (p · Var(X))`` for p columns, and compares two rows by ``K(x, x') = exp(−γ ‖x − x'‖²)``. When one
column's values run into the hundreds of thousands and the others are 0/1 ids, that column carries
nearly all of ``Var(X)`` and of every distance: the kernel is a function of that column alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class KernelCheck:
    """What the RBF kernel with ``gamma="scale"`` reads in one column of a design matrix.

    ``gamma``: scikit-learn's γ on the rows checked (1 / (p · variance of every entry)); ``variance_share``:
    the column's share of the summed variances of all columns; ``width``: 1 / √γ, the gap in the column's
    units at which the kernel falls to 1/e; ``largest_gap``: over ``pairs`` random pairs of rows, the
    largest |K(x, x') − exp(−γ (x_c − x'_c)²)|, the kernel against the kernel of the column alone;
    ``median_kernel``: the median K(x, x') over those pairs (1: the rows look alike, 0: far apart).
    """

    gamma: float
    variance_share: float
    width: float
    largest_gap: float
    median_kernel: float
    pairs: int


def scale_gamma(x: sparse.spmatrix | np.ndarray) -> float:
    """Return the γ that ``sklearn.svm.SVR(gamma="scale")`` fits on ``x`` (rows, columns): 1 / (p · Var(X)),
    the variance taken over every entry; 1 when that variance is zero, as scikit-learn does."""
    x = sparse.csr_matrix(x, dtype=float)
    variance = float(x.multiply(x).mean() - x.mean() ** 2)
    return 1.0 / (x.shape[1] * variance) if variance != 0 else 1.0


def check_column(
    x: sparse.spmatrix | np.ndarray, column: int, rng: np.random.Generator, pairs: int = 20_000
) -> KernelCheck:
    """Return what the RBF kernel of ``SVR(gamma="scale")`` fitted on ``x`` (rows, columns) reads in column
    ``column`` (:class:`KernelCheck`), from ``pairs`` pairs of rows drawn at random with ``rng`` (a row
    may be paired with itself). Raises ValueError for fewer than two rows or a column out of range."""
    x = sparse.csr_matrix(x, dtype=float)
    n, p = x.shape
    if n < 2 or not -p <= column < p:
        raise ValueError(f"need two or more rows and a column in 0..{p - 1}, got {n} rows and column {column}")
    gamma = scale_gamma(x)
    variances = np.asarray(x.multiply(x).mean(axis=0)).ravel() - np.asarray(x.mean(axis=0)).ravel() ** 2
    first, second = rng.integers(0, n, (2, pairs))
    difference = x[first] - x[second]
    squared = np.asarray(difference.multiply(difference).sum(axis=1)).ravel()
    alone = difference[:, column].toarray().ravel() ** 2
    kernel = np.exp(-gamma * squared)
    return KernelCheck(
        gamma=gamma,
        variance_share=float(variances[column] / variances.sum()),
        width=float(1 / np.sqrt(gamma)),
        largest_gap=float(np.abs(kernel - np.exp(-gamma * alone)).max()),
        median_kernel=float(np.median(kernel)),
        pairs=pairs,
    )


def share_text(share: float) -> str:
    """Return a share of a whole for the page: "all but 8.1e-08" when under 1e-4 is left over, so that a
    share that rounds to 100 % still says it is not all, else a percentage with one decimal ("73.2 %")."""
    rest = 1 - share
    return f"all but {rest:.1e}" if 0 < rest < 1e-4 else f"{100 * share:.1f} %"


ALONE = 0.01  # the kernel reads one column alone when no sampled pair moves by more than this


def reading(check: KernelCheck, name: str, unit: str) -> str:
    """Return what ``check`` says the kernel reads, in one sentence, for a column named ``name`` (in
    ``unit``, such as "raters"): its share of the variance and the width it sets, whether the kernel reads
    that column alone (no sampled pair moved by more than :data:`ALONE`), and whether most pairs of rows
    look alike to it (median kernel above one half) or far apart."""
    alone = (
        f"the kernel reads the {name} and nothing else, a smooth function of that one number"
        if check.largest_gap < ALONE
        else "the other columns move the kernel too"
    )
    pairs = (
        "most pairs of films look alike to it"
        if check.median_kernel > 0.5
        else "most pairs of films look far apart to it"
    )
    return (
        f"The {name} carries {share_text(check.variance_share)} of the variance, so it sets the kernel's width, "
        f"{check.width:,.0f} {unit}: {alone}, and {pairs} (a median kernel of {check.median_kernel:.2f}, where 1 "
        "means alike)."
    )
