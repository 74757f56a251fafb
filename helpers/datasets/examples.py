"""Example files of one's own: small synthetic data sets in each chapter's documented input format, to
see the format by example and to try a chapter's path parameters (``python -m helpers examples FOLDER``).

Sizes, ids and years are unlike the registered data, and some optional inputs are left out, so a chapter
that runs on them shows that it reads only what its parameters name. Ratings come from a planted
low-rank model plus noise, so the models have something to learn. The files are the same bytes on every
call, so a chapter run on them stays current.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.common.errors import ParameterError


@dataclass
class Example:
    """What one chapter's example holds: the path parameters that point the chapter at its files
    (absolute paths), and the counts the chapter must report for them."""

    parameters: dict[str, str]
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
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    return path


def netflix_example(folder: Path) -> Example:
    """The Netflix chapter's inputs: a ratings file (headerless ``MovieID,UserID,Rating``, ids far from
    the Prize's) and a ``u.data``-format file for its second data set; no held-out file and no titles."""
    first = planted_ratings(70, 45, 0.3, (1, 5, 1), seed=1)
    ratings = pd.DataFrame(
        {"movie_id": 30_000 + 7 * first["item"], "user_id": 5_000_000 + 13 * first["user"], "rating": first["rating"]}
    ).astype(int)
    second = planted_ratings(60, 40, 0.35, (1, 5, 1), seed=2)
    udata = pd.DataFrame(
        {
            "user": 900 + second["user"],
            "item": 4000 + second["item"],
            "rating": second["rating"].astype(int),
            "timestamp": 1_600_000_000 + 60 * np.arange(len(second)),
        }
    )
    train = write_text(folder / "my_ratings.txt", ratings.to_csv(header=False, index=False))
    ml = write_text(folder / "my_u.data", udata.to_csv(sep="\t", header=False, index=False))
    return Example(
        {"train_file": str(train), "ml_file": str(ml)},
        {
            "users": ratings.user_id.nunique(),
            "movies": ratings.movie_id.nunique(),
            "ratings": len(ratings),
            "second_ratings": len(udata),
        },
    )


EXAMPLES: dict[str, Callable[[Path], Example]] = {"05_netflix": netflix_example}


def write_examples(folder: Path, stems: list[str] | None = None) -> dict[str, Example]:
    """Write the example files of the chapters ``stems`` (default: every chapter that has one) into
    ``folder/<chapter>/``; return each chapter's :class:`Example`."""
    written = {}
    for stem in stems or list(EXAMPLES):
        if stem not in EXAMPLES:
            raise ParameterError(f"no example files for {stem!r}; chapters with examples: {', '.join(EXAMPLES)}")
        target = folder.resolve() / stem
        target.mkdir(parents=True, exist_ok=True)
        written[stem] = EXAMPLES[stem](target)
    return written
