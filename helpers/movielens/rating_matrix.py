"""A ratings table as a sparse user × item matrix, and per-user hold-out splits of it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp


@dataclass
class RatingMatrix:
    """``matrix`` (n_users, n_items) CSR of ratings (0 = unrated) with compact indices;
    ``user_ids[row]`` and ``item_ids[col]`` give the original ids back."""

    matrix: sp.csr_matrix
    user_ids: np.ndarray
    item_ids: np.ndarray

    def density_pct(self) -> float:
        """Share of the matrix's cells that hold a rating, in percent."""
        return 100.0 * self.matrix.nnz / (self.matrix.shape[0] * self.matrix.shape[1])


def rating_matrix(
    ratings: pd.DataFrame, user: str = "userId", item: str = "movieId", value: str = "rating"
) -> RatingMatrix:
    """Build a :class:`RatingMatrix` from a long table with one row per (user, item) rating.

    Raises ValueError if a (user, item) pair occurs twice or a rating is ≤ 0 (0 means unrated).
    """
    if ratings.duplicated([user, item]).any():
        raise ValueError(f"{int(ratings.duplicated([user, item]).sum())} (user, item) pairs occur more than once")
    if (ratings[value] <= 0).any():
        raise ValueError("ratings must be positive: 0 is reserved for 'not rated'")
    user_ids, rows = np.unique(ratings[user].to_numpy(), return_inverse=True)
    item_ids, cols = np.unique(ratings[item].to_numpy(), return_inverse=True)
    matrix = sp.csr_matrix((ratings[value].to_numpy(dtype=float), (rows, cols)), shape=(len(user_ids), len(item_ids)))
    return RatingMatrix(matrix, user_ids, item_ids)


def study_matrix_density_pct(
    ratings: pd.DataFrame, n_columns: int, user: str = "userId", item: str = "movieId"
) -> float:
    """Density (%) of the study's dense matrix: one column per item id 1..max(id), cut to the
    first ``n_columns`` columns (so ratings of ids above ``n_columns`` are lost)."""
    kept = int((ratings[item] <= n_columns).sum())
    return 100.0 * kept / (ratings[user].nunique() * n_columns)


def holdout_per_user(
    matrix: sp.csr_matrix, n_per_user: int, rng: np.random.Generator, replace: bool = False
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Move ``n_per_user`` ratings of every user, drawn without replacement, to a hold-out matrix.

    Input: (n_users, n_items) CSR. Output: ``(train, held_out)``, both CSR of the same shape, that
    add up to ``matrix``. Raises ValueError naming a user with fewer than ``n_per_user`` + 1 ratings
    (a user must keep at least one training rating). ``replace=True`` reproduces the study's draw
    *with* replacement: repeated draws collapse, so users lose fewer than ``n_per_user`` ratings,
    and no minimum is checked.
    """
    matrix = sp.csr_matrix(matrix, copy=True)
    matrix.sum_duplicates()
    counts = np.diff(matrix.indptr)
    short = np.flatnonzero(counts <= n_per_user)
    if short.size and not replace:
        raise ValueError(
            f"user row {short[0]} has {counts[short[0]]} ratings; "
            f"holding out {n_per_user} needs at least {n_per_user + 1}"
        )
    picked = [
        matrix.indptr[row] + rng.choice(counts[row], size=n_per_user, replace=replace) for row in range(matrix.shape[0])
    ]
    held = np.zeros(matrix.nnz, dtype=bool)
    held[np.concatenate(picked)] = True
    coo = matrix.tocoo()
    rows, cols, values = coo.row, coo.col, coo.data

    def part(mask: np.ndarray) -> sp.csr_matrix:
        return sp.csr_matrix((values[mask], (rows[mask], cols[mask])), shape=matrix.shape)

    return part(~held), part(held)
