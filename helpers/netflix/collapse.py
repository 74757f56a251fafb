"""When the study's L2 penalty flattens matrix factorisation to the mean rating, computed exactly.

The study's Keras code charges ``λ(‖P‖²_F + ‖Q‖²_F)`` on the whole user and movie matrices at every
step, so over an epoch MF + norm minimises

    L(P, Q) = (1/N) Σ_{(u,i) rated} (z_ui − p_uᵀ q_i)² + λ(‖P‖²_F + ‖Q‖²_F),

with ``z`` the N z-scored training ratings. For any factorisation X = PQᵀ, ‖P‖²_F + ‖Q‖²_F ≥ 2‖X‖_* (the
nuclear norm, the sum of X's singular values), with equality for the best one; so min L is the convex
problem min_X (1/N)‖Z − X‖²_Ω + 2λ‖X‖_*, where Z holds the z-scores (0 where unrated). At X = 0 the
gradient of the first term is −2Z/N and the subgradients of ‖X‖_* are the matrices of spectral norm at
most 1: zero is the global minimiser exactly when σ_max(Z) ≤ λN. Every vector at zero then predicts a
z-score of 0, the mean rating. Below that weight zero is a saddle (along the top singular vectors the
loss falls as t²(2σ_max/N − 2λ)). Dropout on the embeddings only adds a non-negative variance term that
vanishes at zero, so it moves neither statement.

Because the squared z-scores sum to N, σ_max(Z) ≤ ‖Z‖_F = √N: the weight above which MF + norm collapses,
σ_max(Z)/N, is at most 1/√N, and any training set of more than 1/λ² ratings collapses at weight λ,
whoever its users are.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.linalg import norm, svds

from helpers.common import formatting
from helpers.netflix.rating_tables import Normaliser, check_ratings


def rating_matrix(ratings: pd.DataFrame, n_users: int, n_items: int, normaliser: Normaliser) -> sparse.csr_matrix:
    """Return Z, the ``n_users`` × ``n_items`` sparse matrix of the z-scored ratings (``normaliser`` applied
    to the ``rating`` column, stars → z) at their ``user``/``item`` codes, 0 where unrated. A pair rated
    twice holds the sum of its z-scores, as the loss's gradient at zero does."""
    check_ratings(ratings, n_users, n_items)
    z = normaliser.transform(ratings["rating"].to_numpy())
    rows, columns = ratings["user"].to_numpy(), ratings["item"].to_numpy()
    return sparse.csr_matrix((z, (rows, columns)), shape=(n_users, n_items))


def collapse_weight(ratings: pd.DataFrame, n_users: int, n_items: int, normaliser: Normaliser) -> float:
    """Return σ_max(Z)/N for the training ``ratings`` (N rows, codes below ``n_users`` and ``n_items``):
    the L2 weight per squared embedding entry at and above which all-zero vectors minimise the study's
    MF loss on the z-scores of ``normaliser`` (see the module's docstring)."""
    if len(ratings) == 0:
        raise ValueError("no ratings: the collapse weight needs a training set")
    matrix = rating_matrix(ratings, n_users, n_items, normaliser)
    if min(matrix.shape) < 2:  # one row or column: its one singular value is its length
        return float(norm(matrix)) / len(ratings)
    top = svds(matrix, k=1, return_singular_vectors=False, random_state=0)[0]
    return float(top) / len(ratings)


def replicate_users(ratings: pd.DataFrame, n_users: int, copies: int) -> pd.DataFrame:
    """Return ``ratings`` with every user copied ``copies`` times: copy k of user code u has code
    u + k·``n_users`` and the same ratings (copy 0 keeps the original codes, so a table of the original
    users can still be scored). Shape: ``copies`` × the input's rows; the codes run below
    ``copies`` × ``n_users``."""
    if copies < 1:
        raise ValueError(f"copies={copies}: must be at least 1")
    users = ratings["user"].to_numpy()
    if users.size and (users.min() < 0 or users.max() >= n_users):
        raise ValueError(f"user codes must lie in 0..{n_users - 1}, got {users.min()}..{users.max()}")
    shift = np.repeat(np.arange(copies) * n_users, len(ratings))
    copied = pd.concat([ratings] * copies, ignore_index=True)
    copied["user"] = copied["user"].to_numpy() + shift
    return copied


def check_sentence(weight: float, tried: Sequence[float], flat: Sequence[float]) -> str:
    """Return the criterion's prediction beside the runs: ``weight`` is the collapse weight σ_max(Z)/N,
    ``tried`` the L2 weights MF + norm was trained with, ``flat`` those whose predictions came out flat
    (one value for every pair). Says at which weights the criterion predicts a collapse (``≥ weight``),
    at which the runs collapsed, and where the two disagree."""

    def shown(values: Sequence[float]) -> str:
        return formatting.listing([f"{v:g}" for v in sorted(values, reverse=True)])

    predicted = [v for v in tried if v >= weight]
    spared = [v for v in tried if v < weight]
    parts = ([f"a collapse at {shown(predicted)}"] if predicted else []) + (
        [f"none at {shown(spared)}"] if spared else []
    )
    sentence = f"the criterion predicts {' and '.join(parts)}; "
    sentence += f"the runs above collapse at {shown(flat)}" if flat else "no run above collapses"
    mismatch = set(flat) ^ set(predicted)
    return sentence + (f", against the prediction at {shown(mismatch)}." if mismatch else ", as predicted.")
