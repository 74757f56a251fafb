"""Netflix Prize loader: the user-complete training and test subset, the titles and the dated sample."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.common.errors import DataError
from helpers.datasets.folders import USER_FILE_HINT, dataset_folder, fetch_hint
from helpers.datasets.tables import Column, check_range, read_table, require_file

NETFLIX_RATING_COLUMNS = [Column("movie_id", "int"), Column("user_id", "int"), Column("rating", "float")]


@dataclass
class NetflixSubset:
    """Netflix Prize: ``train`` (109,065 ratings) and ``test`` (3,326) as (movie_id, user_id, rating
    1..5 stars), ``titles`` (movie_id, year nullable, title) and ``sample`` (10,000 ratings with a
    ``date``)."""

    train: pd.DataFrame
    test: pd.DataFrame
    titles: pd.DataFrame
    sample: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)


def read_netflix_ratings(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read a headerless ``MovieID,UserID,Rating`` file; ratings must lie in [1, 5]."""
    frame = read_table(path, NETFLIX_RATING_COLUMNS, header=False, hint=hint)
    check_range(frame, "rating", 1, 5, path)
    return frame


def read_netflix_titles(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read the official ``movie_titles.txt`` (``MovieID,Year,Title``, latin-1; titles may hold
    commas, so each line is split on its first two commas only; Year ``NULL`` becomes <NA>)."""
    require_file(path, hint)
    rows = []
    for number, line in enumerate(path.read_text(encoding="latin-1").splitlines(), start=1):
        parts = line.split(",", 2)
        if len(parts) != 3 or not parts[0].isdigit() or not (parts[1].isdigit() or parts[1] == "NULL"):
            raise DataError(f"{path}: line {number} is not 'MovieID,Year,Title': {line!r}")
        rows.append((int(parts[0]), None if parts[1] == "NULL" else int(parts[1]), parts[2]))
    titles = pd.DataFrame(rows, columns=["movie_id", "year", "title"])
    titles["year"] = titles["year"].astype("Int64")
    return titles


def load_netflix(root: Path | None = None, verify: bool = True) -> NetflixSubset:
    """Load the Netflix Prize subset as :class:`NetflixSubset`."""
    folder = dataset_folder("netflix", root, verify)
    sample = read_table(
        folder / "netflix-user-ratings-10k.csv",
        [Column("MovieID", "int"), Column("UserID", "int"), Column("Rating", "int"), Column("Date", "date")],
        hint=fetch_hint("netflix"),
    ).rename(columns={"MovieID": "movie_id", "UserID": "user_id", "Rating": "rating", "Date": "date"})
    return NetflixSubset(
        train=read_netflix_ratings(folder / "jaimeps_training.txt", fetch_hint("netflix")),
        test=read_netflix_ratings(folder / "jaimeps_testing.txt", fetch_hint("netflix")),
        titles=read_netflix_titles(folder / "movie_titles.txt", fetch_hint("netflix")),
        sample=sample,
    )
