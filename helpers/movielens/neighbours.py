"""Judge an item-item similarity by the neighbours it gives: genre precision@k, popularity of the
neighbours, and catalogue coverage. The functions take a dense (n, n) similarity over one set of
n items, in which an item is never its own neighbour, or (:func:`top_k_rows`) the similarities (q, n)
of q query items to a pool of n items, such as new movies to the rated catalogue."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def top_k_neighbours(sim: np.ndarray, k: int) -> np.ndarray:
    """Indices (n, k) of each item's ``k`` most similar other items, most similar first.

    Ties are broken by the lower index (stable sort), so the result is deterministic.
    """
    sim = np.asarray(sim, dtype=float)
    if sim.ndim != 2 or sim.shape[0] != sim.shape[1]:
        raise ValueError(f"similarity must be square, got shape {sim.shape}")
    if not 1 <= k < sim.shape[0]:
        raise ValueError(f"k must lie in [1, {sim.shape[0] - 1}], got {k}")
    masked = sim.copy()
    np.fill_diagonal(masked, -np.inf)
    return np.argsort(-masked, axis=1, kind="stable")[:, :k]


def top_k_rows(scores: np.ndarray, k: int, exclude: np.ndarray | None = None) -> np.ndarray:
    """Indices (q, k) of the ``k`` highest of each row of ``scores`` (q, n), highest first, a tie going
    to the lower index; ``exclude`` (q,) names for each row one index that may not be chosen (the query
    itself, where the queries belong to the pool), or is None."""
    scores = np.array(scores, dtype=float, ndmin=2)
    excluded = 0 if exclude is None else 1
    if not 1 <= k <= scores.shape[1] - excluded:
        raise ValueError(f"k must lie in [1, {scores.shape[1] - excluded}], got {k}")
    if exclude is not None:
        scores[np.arange(scores.shape[0]), np.asarray(exclude)] = -np.inf
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def genre_sets(genres: Sequence[str], sep: str = "|") -> list[frozenset[str]]:
    """Split '|'-joined genre strings into sets; MovieLens's '(no genres listed)' gives the empty set."""
    return [frozenset(g for g in text.split(sep) if g and g != "(no genres listed)") for text in genres]


def genre_precision(
    neighbours: np.ndarray,
    genres: Sequence[frozenset[str]],
    query_genres: Sequence[frozenset[str]] | None = None,
) -> np.ndarray:
    """Per item (n,): the share of its neighbours (n, k) that share at least one genre with it. The
    neighbours index ``genres``; the items' own genres are ``query_genres`` where the items are queries
    outside that pool, else ``genres`` too.

    Items without genres get NaN (they cannot be judged)."""
    own_genres = genres if query_genres is None else query_genres
    out = np.full(neighbours.shape[0], np.nan)
    for item, row in enumerate(neighbours):
        if own_genres[item]:
            out[item] = np.mean([bool(own_genres[item] & genres[j]) for j in row])
    return out


def random_genre_precision(
    genres: Sequence[frozenset[str]], query_genres: Sequence[frozenset[str]] | None = None
) -> np.ndarray:
    """Per item: the expected genre precision of neighbours drawn at random (the baseline a similarity
    has to beat); NaN for items without genres. Without ``query_genres``, for each of the n items of
    ``genres``, drawn from the other n − 1 items (n,); with them, for each query, drawn from all of
    ``genres`` (q,)."""
    n = len(genres)
    queries = genres if query_genres is None else query_genres
    itself, pool = (1, n - 1) if query_genres is None else (0, n)
    out = np.full(len(queries), np.nan)
    for item, own in enumerate(queries):
        if own:
            out[item] = (sum(bool(own & other) for other in genres) - itself) / pool
    return out


def neighbour_popularity(neighbours: np.ndarray, popularity: np.ndarray) -> np.ndarray:
    """Per item (n,): the mean ``popularity`` (e.g. number of ratings) of its neighbours (n, k)."""
    return np.asarray(popularity, dtype=float)[neighbours].mean(axis=1)


def coverage(neighbours: np.ndarray) -> float:
    """Share (0..1) of the n items that appear in at least one item's neighbour list (n, k)."""
    return np.unique(neighbours).size / neighbours.shape[0]


def summarise(
    neighbour_lists: Sequence[np.ndarray], genres: Sequence[frozenset[str]], popularity: np.ndarray
) -> dict[str, float]:
    """Return the three measures of one similarity, each the mean over ``neighbour_lists`` (one (n, k)
    list per seed of a similarity fitted from several seeds, or one list): ``genre_precision`` (the mean
    over the items with a genre), ``popularity`` (the mean popularity of the neighbours over items, in
    the unit of ``popularity``) and ``coverage`` (0..1)."""
    if not neighbour_lists:
        raise ValueError("give at least one neighbour list")
    return {
        "genre_precision": float(np.mean([np.nanmean(genre_precision(nn, genres)) for nn in neighbour_lists])),
        "popularity": float(np.mean([neighbour_popularity(nn, popularity).mean() for nn in neighbour_lists])),
        "coverage": float(np.mean([coverage(nn) for nn in neighbour_lists])),
    }
