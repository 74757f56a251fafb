"""The Netflix chapter's inputs, registered or one's own: the Netflix ratings (training file, held-out
file, titles) and the folds of its second data set (MovieLens 100K's official folds, or seeded random
folds of a ``u.data``-format file of one's own).

A file of one's own is given as a chapter parameter (a path or ``None``), checked with
:func:`helpers.datasets.own_path` (its error names the parameter) and read with the data set's public
reader (schema checked, no checksum). Without a held-out file of one's own, a share of the shuffled
training file is held out instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sklearn.model_selection import KFold

from helpers import datasets
from helpers.common import formatting
from helpers.netflix.rating_tables import encode_ids, shuffle_split

REGISTERED_FILES = ("jaimeps_training.txt", "jaimeps_testing.txt")  # the registered slice's two rating files
OWN_FOLDS = 5  # random folds made of a ratings file of one's own, as many as MovieLens 100K's official ones
PAIR = ["user_id", "movie_id"]


@dataclass(frozen=True)
class NetflixInputs:
    """The Netflix ratings a run reads: ``ratings`` (the training file) and ``held_out`` (the held-out
    file, or a share of the training file held out), both with ``movie_id``, ``user_id``, ``rating``
    (stars); ``titles`` (``movie_id``, ``year``, ``title``) or ``None``; ``names``, the two tables' names
    as the page shows them; ``described``, what the prose says the run reads."""

    ratings: pd.DataFrame
    held_out: pd.DataFrame
    titles: pd.DataFrame | None
    names: tuple[str, str]
    described: str

    def counts(self) -> pd.DataFrame:
        """One row per table (its name): ratings, users, movies, repeated user–movie pairs and pairs
        also in the training file (counts)."""
        tables = (self.ratings, self.held_out)
        return pd.DataFrame(
            {
                "ratings": [len(t) for t in tables],
                "users": [t.user_id.nunique() for t in tables],
                "movies": [t.movie_id.nunique() for t in tables],
                "repeated user-movie pairs": [int(t.duplicated(PAIR).sum()) for t in tables],
                "pairs also in the training file": [
                    len(self.ratings),
                    len(self.held_out.merge(self.ratings, on=PAIR)),
                ],
            },
            index=list(self.names),
        )

    def most_rated(self, top: int = 8) -> pd.DataFrame:
        """The ``top`` most rated movies of the training file: their ratings (count) and mean rating
        (stars), with the year and title where a titles file was given; indexed by ``movie_id``."""
        most = self.ratings.groupby("movie_id").rating.agg(["size", "mean"]).nlargest(top, "size")
        if self.titles is not None:
            most = most.join(self.titles.set_index("movie_id"))
        return most.rename(columns={"size": "ratings", "mean": "mean rating (stars)"})


def load_or_own(
    train_file: str | Path | None,
    test_file: str | Path | None,
    titles_file: str | Path | None,
    test_fraction: float,
    seed: int,
) -> NetflixInputs:
    """Read the registered Netflix slice when ``train_file`` is ``None``, else the files of one's own.

    With a training file of one's own and no ``test_file``, the last ``test_fraction`` of its ratings
    shuffled with ``seed + 1`` (not the seed of the study's split, ``seed``) are held out
    (:func:`helpers.netflix.rating_tables.shuffle_split`); without ``titles_file`` the run has no titles.
    The registered slice ignores ``test_file`` and ``titles_file``.
    """
    own_train = datasets.own_path(train_file, "train_file")
    own_test = datasets.own_path(test_file, "test_file")
    own_titles = datasets.own_path(titles_file, "titles_file")
    if own_train is None:
        netflix = datasets.load("netflix")
        return NetflixInputs(netflix.train, netflix.test, netflix.titles, REGISTERED_FILES, "the registered slice")
    ratings = datasets.read_netflix_ratings(own_train)
    if own_test is None:
        ratings, held_out = shuffle_split(ratings, test_fraction, seed + 1)
    else:
        held_out = datasets.read_netflix_ratings(own_test)
    titles = None if own_titles is None else datasets.read_netflix_titles(own_titles)
    names = (own_train.name, own_test.name if own_test else f"{own_train.name}, held out")
    described = " and ".join(path.name for path in (own_train, own_test) if path)
    return NetflixInputs(ratings, held_out, titles, names, described)


@dataclass(frozen=True)
class Folds:
    """The second data set's folds: ``folds``, ``(train, test)`` ratings tables (``user_id``, ``item_id``,
    ``rating``, ...); ``described``, what the prose says they are; ``official``, whether they are
    MovieLens 100K's official folds (u1..u5)."""

    folds: list[tuple[pd.DataFrame, pd.DataFrame]]
    described: str
    official: bool

    def coded(self, count: int) -> tuple[list[tuple[pd.DataFrame, pd.DataFrame]], int, int]:
        """The first ``count`` folds with users and movies coded ``0..n-1`` over all of them
        (:func:`helpers.netflix.rating_tables.encode_ids`): ``(folds, n_users, n_items)``, each fold a
        ``(train, test)`` pair of tables with ``user``, ``item``, ``rating``."""
        frames = {
            f"{part}{k}": frame
            for k, (base, held) in enumerate(self.folds[:count], start=1)
            for part, frame in (("base", base), ("test", held))
        }
        coded, n_users, n_items = encode_ids(frames, "user_id", "item_id")
        return [(coded[f"base{k}"], coded[f"test{k}"]) for k in range(1, count + 1)], n_users, n_items


def folds_or_own(ml_file: str | Path | None, seed: int) -> Folds:
    """MovieLens 100K's official folds when ``ml_file`` is ``None``; else :data:`OWN_FOLDS` random folds
    of the ``u.data``-format file of one's own, shuffled with ``seed``."""
    own_ml = datasets.own_path(ml_file, "ml_file")
    if own_ml is None:
        movielens = datasets.load("ml_100k")
        described = f"MovieLens 100K's official folds ({formatting.count(len(movielens.ratings))} ratings)"
        return Folds(list(movielens.folds), described, official=True)
    ratings = datasets.read_ml100k_ratings(own_ml)
    splitter = KFold(n_splits=OWN_FOLDS, shuffle=True, random_state=seed)
    folds = [(ratings.iloc[base], ratings.iloc[held]) for base, held in splitter.split(ratings)]
    described = f"five seeded random folds of {own_ml.name} ({formatting.count(len(ratings))} ratings)"
    return Folds(folds, described, official=False)


def fold_sizes(folds: list[tuple[pd.DataFrame, pd.DataFrame]]) -> pd.DataFrame:
    """The training and test ratings (counts) of each ``(train, test)`` fold, indexed by fold number 1.."""
    return pd.DataFrame(
        {"training ratings": [len(train) for train, _ in folds], "test ratings": [len(test) for _, test in folds]},
        index=pd.RangeIndex(1, len(folds) + 1, name="fold"),
    )
