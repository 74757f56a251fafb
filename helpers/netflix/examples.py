"""The Netflix chapter's example files of one's own (``python -m helpers examples``), in its documented
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


def write_example(folder: Path) -> Example:
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


def registered_counts() -> list[int]:
    """The Netflix chapter's registered data, counted here: ratings, users and movies of the training
    file, ratings and users of the held-out file, and MovieLens 100K's ratings."""
    netflix, movielens = datasets.load("netflix"), datasets.load("ml_100k")
    train, test = netflix.train, netflix.test
    return [len(train), train.user_id.nunique(), train.movie_id.nunique(), len(test), test.user_id.nunique()] + [
        len(movielens.ratings)
    ]
