"""Unit tests of helpers.douban.kernel: scikit-learn's own γ, and what the RBF kernel reads in a design
whose one column dwarfs the others, on small planted matrices whose answer is known."""

import math

import numpy as np
import pytest
from scipy import sparse
from sklearn.svm import SVR

from helpers.douban import kernel


def planted(count_scale: float, n: int = 400, ids: int = 30, seed: int = 0) -> sparse.csr_matrix:
    """``n`` rows of ``ids`` 0/1 id columns (each on with probability 0.1) and one last column of
    log-normal counts times ``count_scale``."""
    rng = np.random.default_rng(seed)
    onehot = (rng.random((n, ids)) < 0.1).astype(float)
    counts = count_scale * np.exp(rng.normal(0.0, 1.5, n))
    return sparse.csr_matrix(np.column_stack([onehot, counts]))


def test_gamma_is_the_one_scikit_learn_fits():
    # a second implementation: the γ an SVR with gamma="scale" keeps after fitting
    x = planted(1000.0)
    fitted = SVR().fit(x, np.arange(x.shape[0], dtype=float))
    assert kernel.scale_gamma(x) == pytest.approx(fitted._gamma, rel=1e-12)
    assert kernel.scale_gamma(sparse.csr_matrix((3, 2))) == 1.0  # no variance: scikit-learn's 1


def test_a_column_of_huge_counts_decides_the_kernel_alone():
    # counts of about 10^4 against 0/1 ids: the count's variance is ~10^8 times an id's (at most 1/4), so
    # the kernel of the whole row and that of the count alone differ by about γ x (ids differing) ~ 1e-7
    check = kernel.check_column(planted(10_000.0), -1, np.random.default_rng(1))
    assert check.variance_share > 1 - 1e-6
    assert check.largest_gap < 1e-5
    assert check.width == pytest.approx(1 / math.sqrt(check.gamma))
    # a log-normal count's mean square is set by its largest values, so most pairs of rows sit well within
    # the kernel's width: most look alike (kernel near 1), not far apart
    assert check.median_kernel > 0.5 and check.pairs == 20_000


def test_columns_of_one_scale_share_the_kernel():
    # counts of variance 0.05² x (e^2.25 - 1) e^2.25 = 0.20 against 30 ids of variance 0.1 x 0.9 each, 2.7
    # in all: the count carries about 7 % of the variance (a log-normal's sample variance swings with its
    # few largest values, so only "well under the ids' share" is checked), and the ids move the kernel
    check = kernel.check_column(planted(0.05), -1, np.random.default_rng(2))
    assert check.variance_share < 0.2
    assert check.largest_gap > 0.1


def test_a_planted_two_row_matrix_gives_the_hand_computed_figures():
    # rows (0, 0) and (1, 2): entries 0, 0, 1, 2 have variance 1.25 - 0.75² = 0.6875, γ = 1 / (2 x 0.6875);
    # column variances 0.25 and 1: the second column carries 0.8 of them; the two rows' kernel is
    # exp(-γ x 5) and the second column's alone exp(-γ x 4)
    x = np.array([[0.0, 0.0], [1.0, 2.0]])
    gamma = 1 / (2 * 0.6875)
    check = kernel.check_column(x, 1, np.random.default_rng(3), pairs=2000)
    assert check.gamma == pytest.approx(gamma)
    assert check.variance_share == pytest.approx(0.8)
    assert check.largest_gap == pytest.approx(math.exp(-4 * gamma) - math.exp(-5 * gamma))
    with pytest.raises(ValueError, match="column in 0..1"):
        kernel.check_column(x, 2, np.random.default_rng(3))


def test_the_reading_follows_the_figures():
    dominant = kernel.KernelCheck(1e-10, 0.9999999, 100_000.0, 5e-6, 0.98, 100)
    assert kernel.reading(dominant, "rater count", "raters") == (
        "The rater count carries all but 1.0e-07 of the variance, so it sets the kernel's width, 100,000 raters: the "
        "kernel reads the rater count and nothing else, a smooth function of that one number, and most pairs of "
        "films look alike to it (a median kernel of 0.98, where 1 means alike)."
    )
    shared = kernel.KernelCheck(0.2, 0.3, 2.2, 0.4, 0.2, 100)
    sentence = kernel.reading(shared, "count", "raters")
    assert "the other columns move the kernel too" in sentence and "look far apart" in sentence


def test_a_share_near_one_says_what_is_left_over():
    assert kernel.share_text(0.99999992) == "all but 8.0e-08"
    assert kernel.share_text(0.732) == "73.2 %" and kernel.share_text(1.0) == "100.0 %"
