"""Cosine-similarity collaborative filtering on a sparse rating matrix, vectorised.

Rows of ``X`` are the entities whose similarity is used (users for user-based CF; for item-based
CF pass the transposed matrix, items × users), columns are what is rated. A rating of 0 means
"not rated". Two predictors of the rating ``X[a, c]``:

- :func:`predict_study`, the formula of the study (after Rosenthal): the similarity-weighted sum
  over *all* rows, ``Σ_b s(a,b) X[b,c] / Σ_b |s(a,b)|``; the zeros of rows that never rated ``c``
  count as ratings of 0 stars, which drags every prediction towards 0.
- :func:`predict_topk_centred`, the corrected one: only the ``k`` most similar rows that *did*
  rate ``c``, each row's mean removed and added back,
  ``μ_a + Σ_{b∈N_k(a,c)} s(a,b)(X[b,c] − μ_b) / Σ_{b∈N_k} |s(a,b)|``.

Two cosines: :func:`cosine_study` over whole rows (unrated entries count as 0), and
:func:`cosine_corated` over the columns both rows rated, the cosine of Surprise's ``KNNWithMeans``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import scipy.sparse as sp

STUDY_EPSILON = 1e-9  # the study adds 1e-9 to every entry of X Xᵀ before normalising
CHUNK = 512  # pairs per vectorised chunk (bounds memory at CHUNK × n_rows floats)


def _csr(X: sp.spmatrix | np.ndarray) -> sp.csr_matrix:
    """Return ``X`` as float64 CSR; ValueError if it is not 2-D or holds negative ratings."""
    X = sp.csr_matrix(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"expected a 2-D rating matrix, got shape {X.shape}")
    if X.nnz and X.data.min() < 0:
        raise ValueError("ratings must be non-negative (0 means 'not rated')")
    return X


def cosine_study(
    X: sp.spmatrix | np.ndarray,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """The study's cosine similarity: ``S = (X Xᵀ + ε) / (n nᵀ)``, with
    ``n = sqrt(diag(X Xᵀ + ε))``.

    Inputs: ``X`` (n_rows, n_cols) ratings, 0 = unrated; ``rows`` the row indices
    wanted (default all). Output: dense (len(rows), n_rows) float64. The ε = 1e-9
    keeps rows without ratings finite (their similarity to everything is ≈ 0, to
    themselves 1).
    """
    X = _csr(X)
    rows = np.arange(X.shape[0]) if rows is None else np.asarray(rows)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel() + STUDY_EPSILON)
    dots = (X[rows] @ X.T).toarray() + STUDY_EPSILON
    return dots / norms[rows, None] / norms[None, :]


def cosine_study_of_empty(X: sp.spmatrix | np.ndarray) -> np.ndarray:
    """The study's cosine (:func:`cosine_study`) of a row without a single rating (a new movie's empty
    column, for item CF) with each row of ``X`` (n_rows, n_cols): ``ε / (√ε · √(‖x_b‖² + ε))``, which
    only the ε = 1e-9 keeps from 0/0 and which ranks the rows with the smallest norms first, whatever
    the new row is. Output: (n_rows,) float64."""
    X = _csr(X)
    with_empty = sp.vstack([X, sp.csr_matrix((1, X.shape[1]))], format="csr")
    return cosine_study(with_empty, np.array([X.shape[0]]))[0, :-1]


def cosine_corated(
    X: sp.spmatrix | np.ndarray,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """The cosine over the columns two rows share (the ``"cosine"`` of Surprise):
    ``s(a,b) = Σ_c X[a,c] X[b,c] / sqrt(Σ_c X[a,c]² · Σ_c X[b,c]²)``, every sum over the columns ``c``
    that both ``a`` and ``b`` rated; 0 for two rows with no column in common, 1 for a row with itself.

    Inputs: ``X`` (n_rows, n_cols) ratings, 0 = unrated; ``rows`` the row indices wanted (default all).
    Output: dense (len(rows), n_rows) float64.
    """
    X = _csr(X)
    rows = np.arange(X.shape[0]) if rows is None else np.asarray(rows)
    rated = X.copy()
    rated.data[:] = 1.0
    squares = X.multiply(X).tocsr()
    dots = (X[rows] @ X.T).toarray()
    own = (squares[rows] @ rated.T).toarray()  # Σ X[a,c]² over the columns b rated too
    other = (rated[rows] @ squares.T).toarray()  # Σ X[b,c]² over the columns a rated too
    denominator = np.sqrt(own * other)
    sim = np.divide(dots, denominator, out=np.zeros_like(dots), where=denominator > 0)
    sim[np.arange(rows.size), rows] = 1.0
    return sim


def row_means(X: sp.spmatrix | np.ndarray, default: float | None = None) -> np.ndarray:
    """Mean of each row's non-zero ratings, shape (n_rows,); rows without ratings get ``default``
    (the mean of all ratings when None)."""
    X = _csr(X)
    counts = np.diff(X.indptr)
    sums = np.asarray(X.sum(axis=1)).ravel()
    fill = X.data.mean() if default is None else default
    return np.where(counts > 0, sums / np.maximum(counts, 1), fill)


def _chunks(n: int) -> Iterator[slice]:
    for start in range(0, n, CHUNK):
        yield slice(start, min(start + CHUNK, n))


def _check_pairs(X: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    if rows.shape != cols.shape or rows.ndim != 1:
        raise ValueError(f"rows and cols must be 1-D and equally long, got {rows.shape} and {cols.shape}")
    if rows.size and (rows.min() < 0 or rows.max() >= X.shape[0] or cols.min() < 0 or cols.max() >= X.shape[1]):
        raise ValueError(f"a (row, col) pair lies outside the {X.shape} matrix")
    return rows, cols


def predict_study(
    X: sp.spmatrix | np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
) -> np.ndarray:
    """The study's prediction ``Σ_b s(a,b) X[b,c] / Σ_b |s(a,b)|`` for each pair
    ``(rows[p], cols[p])``, with the similarity of :func:`cosine_study`.

    Inputs: ``X`` (n_rows, n_cols) training ratings; ``rows``, ``cols`` (n_pairs,)
    indices. Output: (n_pairs,) predicted ratings, in the unit of ``X``.
    """
    X = _csr(X)
    rows, cols = _check_pairs(X, rows, cols)
    Xt = X.T.tocsr()
    out = np.empty(rows.size)
    for part in _chunks(rows.size):
        sim = cosine_study(X, rows[part])
        weighted = np.asarray(Xt[cols[part]].multiply(sim).sum(axis=1)).ravel()
        out[part] = weighted / np.abs(sim).sum(axis=1)
    return out


def rater_weight_share(
    X: sp.spmatrix | np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
) -> np.ndarray:
    """The share of the study's similarity weight that falls on rows that rated the column, for each
    pair ``(rows[p], cols[p])``: ``Σ_{b rated c} |s(a,b)| / Σ_b |s(a,b)|`` with the similarity of
    :func:`cosine_study` (the row ``a`` itself included, as the study's sum includes it). The study's
    prediction (:func:`predict_study`) is the raters' similarity-weighted mean times this share.

    Inputs as for :func:`predict_study`. Output: (n_pairs,) shares in [0, 1].
    """
    X = _csr(X)
    rows, cols = _check_pairs(X, rows, cols)
    rated_t = (X.T.tocsr() > 0).astype(np.float64)
    out = np.empty(rows.size)
    for part in _chunks(rows.size):
        weight = np.abs(cosine_study(X, rows[part]))
        out[part] = np.asarray(rated_t[cols[part]].multiply(weight).sum(axis=1)).ravel() / weight.sum(axis=1)
    return out


def lowest_rating(X: sp.spmatrix | np.ndarray) -> np.ndarray:
    """The lowest rating in each column of ``X`` (n_rows, n_cols), shape (n_cols,); NaN for a column
    without ratings."""
    X = sp.csc_matrix(_csr(X))
    counts = np.diff(X.indptr)
    out = np.full(X.shape[1], np.nan)
    if X.nnz:
        rated = counts > 0
        out[rated] = np.minimum.reduceat(X.data, X.indptr[:-1][rated])
    return out


def predict_topk_centred(
    X: sp.spmatrix | np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    k: int,
    cosine: Callable[[sp.csr_matrix, np.ndarray], np.ndarray] = cosine_study,
) -> np.ndarray:
    """Top-``k`` mean-centred prediction for each pair ``(rows[p], cols[p])``.

    Only rows ``b ≠ a`` with a rating of column ``c`` are neighbours; the ``k`` with
    the largest similarity (``cosine(X, rows)``, by default :func:`cosine_study`) are kept, a tie
    going to the lower row index. Only neighbours of positive similarity are averaged; a pair with
    none gets the row mean ``μ_a`` (the mean of all ratings for a row without ratings).
    Output: (n_pairs,) ratings.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    X = _csr(X)
    rows, cols = _check_pairs(X, rows, cols)
    means = row_means(X)
    centred = X.copy()
    centred.data -= np.repeat(means, np.diff(X.indptr))
    rated_t, centred_t = X.T.tocsr(), centred.T.tocsr()
    out = np.empty(rows.size)
    for part in _chunks(rows.size):
        sim = cosine(X, rows[part])
        sim[np.arange(sim.shape[0]), rows[part]] = -np.inf
        rated = rated_t[cols[part]].toarray() > 0
        sim = np.where(rated, sim, -np.inf)
        top = np.argsort(-sim, axis=1, kind="stable")[:, :k]  # ties: the lower index first
        weights = np.take_along_axis(sim, top, axis=1)
        weights = np.where(np.isfinite(weights) & (weights > 0), weights, 0.0)
        deviations = np.take_along_axis(centred_t[cols[part]].toarray(), top, axis=1)
        total = weights.sum(axis=1)
        weighted = (weights * deviations).sum(axis=1)
        shift = np.divide(weighted, total, out=np.zeros_like(total), where=total > 0)
        out[part] = means[rows[part]] + shift
    return out


def top_similar(sim_row: np.ndarray, k: int, exclude: int | None = None) -> np.ndarray:
    """Indices of the ``k`` largest entries of ``sim_row`` (n,), largest first, skipping ``exclude``."""
    sim_row = np.asarray(sim_row, dtype=float).copy()
    if exclude is not None:
        sim_row[exclude] = -np.inf
    order = np.argsort(-sim_row, kind="stable")
    return order[:k]


def _unit_rows(F: np.ndarray) -> np.ndarray:
    F = np.asarray(F, dtype=np.float64)
    norms = np.linalg.norm(F, axis=1)
    return F / np.where(norms > 0, norms, 1.0)[:, None]


def cosine_dense(F: np.ndarray) -> np.ndarray:
    """Plain cosine similarity of the rows of a dense feature matrix ``F`` (n, d) → (n, n).

    Rows of zeros get similarity 0 to everything (and to themselves)."""
    unit = _unit_rows(F)
    return unit @ unit.T


def cosine_between(F: np.ndarray, G: np.ndarray) -> np.ndarray:
    """Plain cosine similarity of each row of ``F`` (q, d) with each row of ``G`` (n, d) → (q, n); a row
    of zeros gets 0."""
    return _unit_rows(F) @ _unit_rows(G).T
