"""The naive baselines a rating model has to beat: the global mean, and the mean plus a user and an item
bias fitted by ridge regression (Koren's baseline predictor, ``r̂(u,i) = μ + b_u + b_i``).

The biases minimise ``Σ (r − μ − b_u − b_i)² + λ (Σ b_u² + Σ b_i²)`` over the training ratings, with ``μ``
the mean training rating (not penalised). The problem is a sparse least-squares problem with a ridge
penalty, solved by SciPy's LSQR (its ``damp`` is ``√λ``), not by gradient steps, so the fit is the exact
minimiser up to LSQR's tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import lsqr

from helpers.movielens.sgd_mf import Ratings

LSQR_TOLERANCE = 1e-10  # LSQR's atol and btol: biases within ~1e-7 stars, far below what the book prints


@dataclass(frozen=True)
class BiasBaseline:
    """``global_mean`` (stars) and one bias per user (n_users,) and per item (n_items,), in stars."""

    global_mean: float
    user_bias: np.ndarray
    item_bias: np.ndarray
    reg: float

    def predict(self, users: np.ndarray, items: np.ndarray) -> np.ndarray:
        """Predicted ratings (stars) for the (user, item) index pairs, shape (n,); a user or item with
        no training rating has a bias of 0."""
        return self.global_mean + self.user_bias[np.asarray(users)] + self.item_bias[np.asarray(items)]


def fit_bias_baseline(train: Ratings, n_users: int, n_items: int, reg: float) -> BiasBaseline:
    """Fit ``μ + b_u + b_i`` to ``train`` with the ridge penalty ``reg`` (λ ≥ 0, in ratings' worth of
    shrinkage) on the biases; returns the :class:`BiasBaseline`.

    Raises ValueError for an empty training set, a negative penalty, or an index outside
    ``n_users`` × ``n_items``.
    """
    if len(train) == 0:
        raise ValueError("the bias baseline needs at least one training rating")
    if reg < 0:
        raise ValueError(f"reg must be ≥ 0, got {reg}")
    if train.users.max() >= n_users or train.items.max() >= n_items:
        raise ValueError(f"a training index lies outside the {n_users} × {n_items} matrix")
    mu = float(train.values.mean())
    rows = np.arange(len(train))
    design = sp.csr_matrix(
        (
            np.ones(2 * len(train)),
            (np.concatenate([rows, rows]), np.concatenate([train.users, n_users + train.items])),
        ),
        shape=(len(train), n_users + n_items),
    )
    biases = lsqr(
        design, train.values - mu, damp=float(np.sqrt(reg)), atol=LSQR_TOLERANCE, btol=LSQR_TOLERANCE, iter_lim=10_000
    )[0]
    return BiasBaseline(mu, biases[:n_users], biases[n_users:], reg)


def choose_bias_reg(
    fit: Ratings, valid: Ratings, n_users: int, n_items: int, regs: Sequence[float]
) -> tuple[float, dict[float, float]]:
    """Fit the bias baseline on ``fit`` with each penalty of ``regs`` and score it on ``valid``; return
    the penalty with the lowest validation MSE (the first of equals) and each penalty's MSE (stars²)."""
    if not regs:
        raise ValueError("give at least one penalty to choose from")
    scores = {}
    for reg in regs:
        model = fit_bias_baseline(fit, n_users, n_items, reg)
        scores[reg] = float(np.mean((model.predict(valid.users, valid.items) - valid.values) ** 2))
    return min(scores, key=scores.get), scores
