"""The MovieLens chapter's example files of one's own (``python -m helpers examples``), in its documented
input format, and the counts of its registered data, which its prose glues rather than types.

:func:`write_example` writes the files the chapter manifest lists for the chapter and returns the
parameters that point the chapter at them and the counts the chapter must report for them;
:func:`registered_counts` counts the registered data the chapter reads by default.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers import datasets
from helpers.datasets.examples import Example, planted_ratings, write_text

ML_GENRES = ["Action", "Comedy", "Drama", "Romance", "Thriller", "Western", "Sci-Fi", "Musical"]
ML_MIN_RATINGS = 20  # every MovieLens user has rated at least this many movies


def write_example(folder: Path) -> Example:
    """The MovieLens chapter's inputs: a ``ratings.csv`` (half-star ratings of 400 invented movies, 1930s
    to 1950s, with ids from 8,000 in steps of 5, so that the study's cut at id 9,000 drops about half)
    and its ``movies.csv``; no links and no posters, so the chapter leaves its poster sections out. The
    last 60 movies keep three ratings at most (rarely rated, for the cold start), and every user has at
    least 20 ratings, as in MovieLens."""
    n_users, n_movies, n_rare = 150, 400, 60
    planted = planted_ratings(n_users, n_movies, 0.12, (0.5, 5.0, 0.5), seed=11)
    rare = planted["item"] >= n_movies - n_rare
    planted = planted[~rare | (planted.groupby("item").cumcount() < 3)]
    if planted.groupby("user").size().min() < ML_MIN_RATINGS:
        raise AssertionError("the planted MovieLens example has a user with too few ratings")
    rng = np.random.default_rng(12)
    ratings = pd.DataFrame(
        {
            "userId": 70_001 + planted["user"],
            "movieId": 8_000 + 5 * planted["item"],
            "rating": planted["rating"],
            "timestamp": 1_700_000_000 + 45 * np.arange(len(planted)),
        }
    )
    movies = pd.DataFrame(
        {
            "movieId": 8_000 + 5 * np.arange(n_movies),
            "title": [f"Example movie {k:03d} ({year})" for k, year in enumerate(rng.integers(1930, 1960, n_movies))],
            "genres": ["|".join(rng.choice(ML_GENRES, rng.integers(1, 3), replace=False)) for _ in range(n_movies)],
        }
    )
    ratings_path = write_text(folder / "my_ratings.csv", ratings.to_csv(index=False))
    movies_path = write_text(folder / "my_movies.csv", movies.to_csv(index=False))
    rated = ratings.movieId.unique()
    return Example(
        {"ratings_file": str(ratings_path), "movies_file": str(movies_path)},
        {
            "ratings": len(ratings),
            "users": n_users,
            "movies": len(rated),
            "largest_id": int(rated.max()),
            "cut_movies": int((rated > 9_000).sum()),
        },
    )


def registered_counts() -> list[int]:
    """The MovieLens chapter's registered data, counted here: ratings, users, rated movies and the
    largest movie id of latest-small, and the poster thumbnails."""
    ratings = datasets.load("ml_latest_small_2016").ratings
    posters = datasets.load("ml_100k_posters").paths
    return [len(ratings), ratings.userId.nunique(), ratings.movieId.nunique(), ratings.movieId.max(), len(posters)]
