"""Example files of one's own: small synthetic data sets in each chapter's documented input format, to
see the format by example and to try a chapter's path parameters (``python -m helpers examples FOLDER``).
Each study package's ``examples`` module writes its chapter's files; this module holds what they share:
the :class:`Example` they return, planted ratings, and writing a file only when its bytes change.

Sizes, ids and years are unlike the registered data, and some optional inputs are left out, so a chapter
that runs on them shows that it reads only what its parameters name. Ratings come from a planted
low-rank model plus noise, so the models have something to learn. The files are the same bytes on every
call, so a chapter run on them stays current.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.common.files import write_text_atomically


@dataclass
class Example:
    """What one chapter's example holds: the path parameters that point the chapter at its files
    (absolute paths), and the counts the chapter must report for them."""

    parameters: dict[str, str | int | list[str]]
    counts: dict[str, int]


def planted_ratings(
    n_users: int, n_items: int, density: float, scale: tuple[float, float, float], seed: int
) -> pd.DataFrame:
    """Ratings for about ``density`` of the ``n_users`` x ``n_items`` pairs, every user and item rated at
    least once: two planted factors plus noise, rounded to ``scale = (low, high, step)`` stars.

    Returns a DataFrame (user, item, rating) with user and item as positions 0.. (callers make ids)."""
    low, high, step = scale
    rng = np.random.default_rng(seed)
    users, items = rng.normal(size=(n_users, 2)), rng.normal(size=(n_items, 2))
    chosen = rng.random((n_users, n_items)) < density
    chosen[np.arange(n_users), rng.integers(0, n_items, n_users)] = True
    chosen[rng.integers(0, n_users, n_items), np.arange(n_items)] = True
    u, i = np.nonzero(chosen)
    raw = (low + high) / 2 + 0.8 * (users[u] * items[i]).sum(axis=1) + rng.normal(0, 0.5, u.size)
    return pd.DataFrame({"user": u, "item": i, "rating": np.clip(np.round(raw / step) * step, low, high)})


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` unless it already holds exactly that, through a temporary file renamed
    into place (so a reader never sees half a file); return ``path``."""
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        write_text_atomically(path, text)
    return path
