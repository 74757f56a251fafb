"""MovieLens loaders: latest-small (2016), 100K with its five official folds, and the 100K posters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.common.errors import DataError
from helpers.datasets.folders import USER_FILE_HINT, dataset_folder, fetch_hint
from helpers.datasets.registry import dataset
from helpers.datasets.tables import Column, check_range, read_table, require_file

RATING_COLUMNS_100K = [
    Column("user_id", "int"),
    Column("item_id", "int"),
    Column("rating", "int"),
    Column("timestamp", "int"),
]
ML_100K_GENRES = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
]  # fmt: skip


@dataclass
class MovieLensSmall:
    """MovieLens latest-small 2016: ``ratings`` (userId, movieId, rating in 0.5..5 stars, timestamp
    in Unix seconds), ``movies`` (movieId, title, genres '|'-joined), ``links`` (movieId, imdbId as
    7-digit text, tmdbId nullable; None for files of one's own without one) and ``tags`` (userId,
    movieId, tag, timestamp)."""

    ratings: pd.DataFrame
    movies: pd.DataFrame
    links: pd.DataFrame | None
    tags: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)


def read_movielens_ratings(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read a MovieLens ``ratings.csv`` (userId, movieId, rating, timestamp); ratings must lie in [0.5, 5].

    ``hint`` ends an error about a missing or unreadable file (the loaders pass how to fetch theirs)."""
    frame = read_table(
        path,
        [Column("userId", "int"), Column("movieId", "int"), Column("rating", "float"), Column("timestamp", "int")],
        hint=hint,
    )
    check_range(frame, "rating", 0.5, 5.0, path)
    return frame


def read_movielens_movies(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read a MovieLens ``movies.csv`` (movieId, title, genres '|'-joined)."""
    return read_table(path, [Column("movieId", "int"), Column("title"), Column("genres")], hint=hint)


def read_movielens_links(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read a MovieLens ``links.csv`` (movieId, imdbId as digits text, tmdbId nullable)."""
    return read_table(
        path, [Column("movieId", "int"), Column("imdbId"), Column("tmdbId", "int", optional=True)], hint=hint
    )


def read_movielens_own(ratings_path: Path, movies_path: Path, links_path: Path | None = None) -> MovieLensSmall:
    """Read MovieLens-format files of one's own (``ratings.csv``, ``movies.csv`` and, optionally,
    ``links.csv``) as :class:`MovieLensSmall`; ``links`` is None without a links file, ``tags`` empty.

    Raises DataError naming the file for a (user, movie) pair rated twice, or a rated movie that the
    movies file does not list (the chapter needs its title and genres)."""
    ratings = read_movielens_ratings(ratings_path)
    twice = ratings.duplicated(["userId", "movieId"])
    if twice.any():
        row = int(twice.to_numpy().argmax())
        raise DataError(
            f"{ratings_path}: data row {row + 1}: user {ratings.userId.iloc[row]} rates movie "
            f"{ratings.movieId.iloc[row]} a second time ({int(twice.sum())} such rows). Keep one rating per "
            "user and movie."
        )
    movies = read_movielens_movies(movies_path)
    unlisted = np.setdiff1d(ratings.movieId.unique(), movies.movieId)
    if unlisted.size:
        raise DataError(
            f"{movies_path}: {unlisted.size} rated movie(s) of {ratings_path.name} are not listed, such as "
            f"movieId {unlisted[0]}. Add a row (movieId,title,genres) for each."
        )
    return MovieLensSmall(
        ratings=ratings,
        movies=movies,
        links=None if links_path is None else read_movielens_links(links_path),
        tags=pd.DataFrame(columns=["userId", "movieId", "tag", "timestamp"]),
    )


def load_ml_latest_small_2016(root: Path | None = None, verify: bool = True) -> MovieLensSmall:
    """Load MovieLens latest-small (October 2016) as :class:`MovieLensSmall`."""
    folder = dataset_folder("ml_latest_small_2016", root, verify)
    hint = fetch_hint("ml_latest_small_2016")
    return MovieLensSmall(
        ratings=read_movielens_ratings(folder / "ratings.csv", hint),
        movies=read_movielens_movies(folder / "movies.csv", hint),
        links=read_movielens_links(folder / "links.csv", hint),
        tags=read_table(
            folder / "tags.csv",
            [Column("userId", "int"), Column("movieId", "int"), Column("tag"), Column("timestamp", "int")],
            hint=hint,
        ),
    )


# --- MovieLens 100K ------------------------------------------------------------------------------


@dataclass
class MovieLens100K:
    """MovieLens 100K: ``ratings`` (user_id, item_id, rating 1..5, timestamp), ``items`` (movie_id,
    title, release_date, imdb_url and one 0/1 column per genre), ``users`` (user_id, age, gender,
    occupation, zip_code) and ``folds``: the five official (u1..u5) ``(base, test)`` splits."""

    ratings: pd.DataFrame
    items: pd.DataFrame
    users: pd.DataFrame
    folds: list[tuple[pd.DataFrame, pd.DataFrame]]
    dropped: dict[str, int] = field(default_factory=dict)


def read_ml100k_ratings(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read a tab-separated ML-100K ratings file (``u.data``, ``u1.base`` ...); ratings must lie in [1, 5]."""
    frame = read_table(path, RATING_COLUMNS_100K, sep="\t", header=False, hint=hint)
    check_range(frame, "rating", 1, 5, path)
    return frame


def load_ml_100k(root: Path | None = None, verify: bool = True) -> MovieLens100K:
    """Load MovieLens 100K as :class:`MovieLens100K` (latin-1 text files, '|'- or tab-separated)."""
    folder = dataset_folder("ml_100k", root, verify)
    hint = fetch_hint("ml_100k")
    item_columns = [
        Column("movie_id", "int"), Column("title"), Column("release_date", optional=True),
        Column("video_release_date", optional=True), Column("imdb_url", optional=True),
    ] + [Column(g, "int") for g in ML_100K_GENRES]  # fmt: skip
    items = read_table(folder / "u.item", item_columns, sep="|", header=False, encoding="latin-1", hint=hint)
    items["release_date"] = pd.to_datetime(items["release_date"], format="%d-%b-%Y")
    items = items.drop(columns="video_release_date")
    users = read_table(
        folder / "u.user",
        [Column("user_id", "int"), Column("age", "int"), Column("gender"), Column("occupation"), Column("zip_code")],
        sep="|",
        header=False,
        encoding="latin-1",
        hint=hint,
    )
    folds = [
        (read_ml100k_ratings(folder / f"u{k}.base", hint), read_ml100k_ratings(folder / f"u{k}.test", hint))
        for k in range(1, 6)
    ]
    return MovieLens100K(ratings=read_ml100k_ratings(folder / "u.data", hint), items=items, users=users, folds=folds)


# --- ML-100K posters -----------------------------------------------------------------------------


@dataclass
class Posters:
    """Poster thumbnails keyed by ML-100K movie id: ``links`` (movie_id, imdb_id 'tt…', tmdb_id)
    and ``paths`` (a Series movie_id → Path of a 92-px-wide JPEG, for the 1,663 movies that have one)."""

    links: pd.DataFrame
    paths: pd.Series
    dropped: dict[str, int] = field(default_factory=dict)

    def image(self, movie_id: int) -> Any:
        """Return the poster of ``movie_id`` as an RGB ``PIL.Image``; DataError if it has none."""
        if movie_id not in self.paths.index:
            raise DataError(f"ML-100K movie {movie_id} has no poster (19 of the 1,682 movies have none)")
        return poster_image(self.paths[movie_id])


def poster_image(path: Path) -> Any:
    """Return the image file ``path`` as an RGB ``PIL.Image``; DataError naming the file if it cannot
    be read as an image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            return img.convert("RGB")
    except (OSError, UnidentifiedImageError) as err:
        raise DataError(f"{path}: not a readable image ({err}). Replace or remove the file.") from err


POSTER_SUFFIXES = (".jpg", ".jpeg", ".png")  # image files a posters folder of one's own may hold


def read_poster_folder(folder: Path) -> pd.Series:
    """Posters of one's own: the image files of ``folder`` named by the movie's id, ``<movieId>.jpg``
    (or ``.jpeg``, ``.png``); hidden files are ignored.

    Returns a Series movieId → Path, sorted by id. Raises DataError naming a file whose name is not an
    id with one of those suffixes, a movie with two files, or a folder with no poster."""
    paths: dict[int, Path] = {}
    for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if not (path.is_file() and path.stem.isdigit() and path.suffix.lower() in POSTER_SUFFIXES):
            raise DataError(
                f"{path}: a posters folder holds only images named by the movie's id, such as 6.jpg "
                f"({', '.join(POSTER_SUFFIXES)}). Rename or remove it."
            )
        if int(path.stem) in paths:
            raise DataError(f"{path}: movie {int(path.stem)} also has {paths[int(path.stem)].name}. Keep one.")
        paths[int(path.stem)] = path
    if not paths:
        raise DataError(f"{folder}: no poster in the folder. Add images named by the movie's id, such as 6.jpg.")
    found = pd.Series(paths, name="path").sort_index()
    found.index.name = "movieId"
    return found


def thumbnails_for(links: pd.DataFrame, posters: Posters) -> tuple[pd.Series, dict[str, int]]:
    """Join MovieLens ``links`` (movieId, imdbId, tmdbId) to the ML-100K thumbnails: by IMDb id, then
    by TMDB id for the movies without an IMDb match; a movie with several ML-100K entries keeps the
    lowest ML-100K id.

    Returns a Series movieId → poster Path and the join's counts by step (for the page's table)."""
    imdb = links.assign(imdb_id="tt" + links.imdbId)
    with_poster = posters.links[posters.links.movie_id.isin(posters.paths.index)]
    by_imdb = imdb.merge(with_poster.drop(columns="tmdb_id"), on="imdb_id")
    by_tmdb = imdb[~imdb.movieId.isin(by_imdb.movieId)].merge(
        with_poster.drop(columns="imdb_id"), left_on="tmdbId", right_on="tmdb_id"
    )
    joined = pd.concat([by_imdb, by_tmdb]).sort_values(["movieId", "movie_id"])
    first = joined.drop_duplicates("movieId").set_index("movieId")["movie_id"]
    counts = {
        "joined by IMDb id": by_imdb.movieId.nunique(),
        "joined by TMDB id (no IMDb match)": by_tmdb.movieId.nunique(),
        "duplicate 100K entries dropped": len(joined) - len(first),
    }
    found = pd.Series(posters.paths.loc[first.to_numpy()].to_numpy(), index=first.index, name="path")
    return found, counts


def load_ml_100k_posters(root: Path | None = None, verify: bool = True) -> Posters:
    """Load the ML-100K poster thumbnails and their links as :class:`Posters`."""
    folder = dataset_folder("ml_100k_posters", root, verify)
    links = read_table(
        folder / "links.csv",
        [Column("movie_id", "int"), Column("imdb_id", optional=True), Column("tmdb_id", "int", optional=True)],
        hint=fetch_hint("ml_100k_posters"),
    )
    manifest = dataset("ml_100k_posters").manifest
    names = [name for name, _ in manifest.entries()] if manifest else []
    paths = pd.Series({int(Path(n).stem): folder / n for n in names}, name="path").sort_index()
    paths.index.name = "movie_id"
    for path in paths:
        require_file(path, fetch_hint("ml_100k_posters"))
    return Posters(links=links, paths=paths)
