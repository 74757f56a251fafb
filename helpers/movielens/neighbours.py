"""Judge an item-item similarity by the neighbours it gives: genre precision@k, popularity of the
neighbours, and catalogue coverage. All functions take a dense (n, n) similarity over one set of
n items; an item is never its own neighbour."""

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


def genre_sets(genres: Sequence[str], sep: str = "|") -> list[frozenset[str]]:
    """Split '|'-joined genre strings into sets; MovieLens's '(no genres listed)' gives the empty set."""
    return [frozenset(g for g in text.split(sep) if g and g != "(no genres listed)") for text in genres]


def genre_precision(neighbours: np.ndarray, genres: Sequence[frozenset[str]]) -> np.ndarray:
    """Per item (n,): the share of its neighbours (n, k) that share at least one genre with it.

    Items without genres get NaN (they cannot be judged)."""
    out = np.full(neighbours.shape[0], np.nan)
    for item, row in enumerate(neighbours):
        if genres[item]:
            out[item] = np.mean([bool(genres[item] & genres[j]) for j in row])
    return out


def random_genre_precision(genres: Sequence[frozenset[str]]) -> np.ndarray:
    """Per item (n,): the expected genre precision of neighbours drawn at random from the other
    n − 1 items (the baseline a similarity has to beat); NaN for items without genres."""
    n = len(genres)
    out = np.full(n, np.nan)
    for item, own in enumerate(genres):
        if own:
            out[item] = (sum(bool(own & other) for other in genres) - 1) / (n - 1)
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
