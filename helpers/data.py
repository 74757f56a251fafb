"""Loaders: one function per registered data set, each returning tidy, typed tables.

``load(name)`` finds the data set under the data root (see ``helpers.paths``), checks
every file against the registry's sha256 (``verify=False`` skips that, for one's own copy of a
larger file), and returns a small dataclass of DataFrames. Each loader's readers are public too
(``read_douyin(path)`` ...) so a chapter can point them at a file of its own, such as the full
Douyin or Netflix data. Whatever a loader removes is counted in ``dropped`` and never silent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.errors import DataError
from helpers.fetch import FETCH_HINT, require_verified
from helpers.paths import require_data_root
from helpers.registry import dataset
from helpers.tables import Column, read_table, require_file

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
TMDB_JSON_COLUMNS = ("genres", "keywords", "production_companies", "production_countries", "spoken_languages")
NETFLIX_RATING_COLUMNS = [Column("movie_id", "int"), Column("user_id", "int"), Column("rating", "float")]
DOUBAN_COLUMNS = [
    Column("name"), Column("movie_url"), Column("rate", "float", optional=True),
    Column("rating_people", "int", optional=True), Column("director", optional=True),
    Column("writer", optional=True), Column("actor", optional=True), Column("genre", optional=True),
    Column("place", optional=True), Column("language", optional=True), Column("year", "int", optional=True),
    Column("movietime", optional=True),
]  # fmt: skip
DOUYIN_METRICS = [
    "UV_VALUE", "COMMENT_CNT", "INCR_FANS_CNT", "LEAVE_UCNT", "FANS_CLUB_UCNT", "PAY_ORDER_GMV",
    "ONLINE_USER_CNT", "WATCH_UCNT", "PAY_CNT", "PAY_UCNT",
]  # fmt: skip


def check_range(frame: pd.DataFrame, column: str, low: float, high: float, path: Path) -> None:
    """Raise DataError at the first row whose ``column`` lies outside ``[low, high]`` (NaN allowed)."""
    values = frame[column]
    bad = values.notna() & ((values < low) | (values > high))
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise DataError(
            f"{path}: data row {row + 1}, column {column}: {values.iloc[row]} is outside [{low}, {high}]. "
            "Fix or remove that row."
        )


def dataset_folder(name: str, root: Path | None, verify: bool) -> Path:
    """Return the folder of data set ``name`` under ``root`` (default: the data root), verified if asked."""
    folder = require_data_root(root) / dataset(name).folder
    if verify:
        require_verified(name, root)
    return folder


USER_FILE_HINT = "Check the path, and the file's format against the columns on the book's rerun page."


def _hint(name: str) -> str:
    """Return the advice for a registered file of data set ``name``: how to fetch it."""
    return FETCH_HINT.format(name=name)


# --- MovieLens latest-small (2016) -------------------------------------------------------------


@dataclass
class MovieLensSmall:
    """MovieLens latest-small 2016: ``ratings`` (userId, movieId, rating in 0.5..5 stars, timestamp
    in Unix seconds), ``movies`` (movieId, title, genres '|'-joined), ``links`` (movieId, imdbId as
    7-digit text, tmdbId nullable) and ``tags`` (userId, movieId, tag, timestamp)."""

    ratings: pd.DataFrame
    movies: pd.DataFrame
    links: pd.DataFrame
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


def load_ml_latest_small_2016(root: Path | None = None, verify: bool = True) -> MovieLensSmall:
    """Load MovieLens latest-small (October 2016) as :class:`MovieLensSmall`."""
    folder = dataset_folder("ml_latest_small_2016", root, verify)
    hint = _hint("ml_latest_small_2016")
    return MovieLensSmall(
        ratings=read_movielens_ratings(folder / "ratings.csv", hint),
        movies=read_table(
            folder / "movies.csv", [Column("movieId", "int"), Column("title"), Column("genres")], hint=hint
        ),
        links=read_table(
            folder / "links.csv",
            [Column("movieId", "int"), Column("imdbId"), Column("tmdbId", "int", optional=True)],
            hint=hint,
        ),
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
    hint = _hint("ml_100k")
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
        from PIL import Image

        if movie_id not in self.paths.index:
            raise DataError(f"ML-100K movie {movie_id} has no poster (19 of the 1,682 movies have none)")
        with Image.open(self.paths[movie_id]) as img:
            return img.convert("RGB")


def load_ml_100k_posters(root: Path | None = None, verify: bool = True) -> Posters:
    """Load the ML-100K poster thumbnails and their links as :class:`Posters`."""
    folder = dataset_folder("ml_100k_posters", root, verify)
    links = read_table(
        folder / "links.csv",
        [Column("movie_id", "int"), Column("imdb_id", optional=True), Column("tmdb_id", "int", optional=True)],
        hint=_hint("ml_100k_posters"),
    )
    manifest = dataset("ml_100k_posters").manifest
    names = [name for name, _ in manifest.entries()] if manifest else []
    paths = pd.Series({int(Path(n).stem): folder / n for n in names}, name="path").sort_index()
    paths.index.name = "movie_id"
    for path in paths:
        require_file(path, _hint("ml_100k_posters"))
    return Posters(links=links, paths=paths)


# --- Netflix Prize subset -------------------------------------------------------------------------


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
        hint=_hint("netflix"),
    ).rename(columns={"MovieID": "movie_id", "UserID": "user_id", "Rating": "rating", "Date": "date"})
    return NetflixSubset(
        train=read_netflix_ratings(folder / "jaimeps_training.txt", _hint("netflix")),
        test=read_netflix_ratings(folder / "jaimeps_testing.txt", _hint("netflix")),
        titles=read_netflix_titles(folder / "movie_titles.txt", _hint("netflix")),
        sample=sample,
    )


# --- TMDB 5000 -------------------------------------------------------------------------------------


@dataclass
class Tmdb5000:
    """TMDB 5000: ``movies`` (one row per film; budget and revenue in US dollars, 0 = unknown;
    runtime in minutes; genres, keywords, production_* and spoken_languages as JSON lists of
    ``{"id", "name"}`` text) and ``cast`` (id, cast and crew as '/'-joined names; crew holds only
    the director)."""

    movies: pd.DataFrame
    cast: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)


def read_tmdb_movies(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read ``tmdb_5000_movies.csv`` (or the Kaggle file of the same schema) with typed columns.

    Each of ``genres``, ``keywords``, ``production_companies``, ``production_countries`` and
    ``spoken_languages`` must hold a JSON list of objects with a ``name``."""
    columns = [
        Column("id", "int"), Column("title"), Column("budget", "int"), Column("revenue", "int"),
        Column("popularity", "float"), Column("runtime", "float", optional=True),
        Column("release_date", "date", optional=True), Column("original_language"),
        Column("homepage", optional=True), Column("tagline", optional=True), Column("overview", optional=True),
        Column("genres"), Column("keywords"), Column("production_companies"), Column("production_countries"),
        Column("spoken_languages"), Column("status"), Column("original_title"),
        Column("vote_average", "float"), Column("vote_count", "int"),
    ]  # fmt: skip
    frame = read_table(path, columns, hint=hint)
    for name in TMDB_JSON_COLUMNS:
        for row, text in enumerate(frame[name], start=1):
            check_json_names(text, path, row, name)
    return frame


def check_json_names(text: str, path: Path, row: int, column: str) -> None:
    """Raise DataError naming ``path``, data ``row`` and ``column`` unless ``text`` is a JSON list of
    objects that each have a ``name`` (TMDB's ``[{"id": 28, "name": "Action"}]``)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, list) or not all(isinstance(item, dict) and "name" in item for item in value):
        raise DataError(
            f"{path}: data row {row}, column {column}: expected a JSON list of objects with a name, "
            f'like [{{"id": 28, "name": "Action"}}], got {text[:60]!r}. Fix or remove that row.'
        )


def json_names(text: str) -> list[str]:
    """Return the ``name`` of each object in a TMDB JSON list.

    ``'[{"id": 28, "name": "Action"}]'`` gives ``['Action']``.
    """
    return [item["name"] for item in json.loads(text)]


def load_tmdb_5000(root: Path | None = None, verify: bool = True) -> Tmdb5000:
    """Load TMDB 5000 and its cast lists as :class:`Tmdb5000`."""
    folder = dataset_folder("tmdb_5000", root, verify)
    cast = read_table(
        folder / "tmdb_5000_clean_with_cast_huihui7987.csv",
        [Column("id", "int"), Column("cast", optional=True), Column("crew", optional=True)],
        hint=_hint("tmdb_5000"),
    )
    return Tmdb5000(movies=read_tmdb_movies(folder / "tmdb_5000_movies.csv", _hint("tmdb_5000")), cast=cast)


# --- Douban ----------------------------------------------------------------------------------------


@dataclass
class Douban:
    """Douban film pages crawled in 2019: ``films_2000_2009`` (with ``comment`` and ``review``
    counts) and ``films_2010_2019``. Columns: douban_id, name, rate (0..10 stars), rating_people,
    director, writer, actor, genre, place, language ('/'-joined), year, movietime ('130分钟')."""

    films_2000_2009: pd.DataFrame
    films_2010_2019: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)


def read_douban(path: Path, with_counts: bool = False, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read one raw Douban crawl (UTF-8) and add ``douban_id`` from ``movie_url``.

    With ``with_counts`` the ``comment`` and ``review`` columns ('(全部165038条)') become integers.
    The crawls repeat their header line where their parts were joined: dropping those lines is a
    cleaning step of this reader, counted in ``frame.attrs["repeated_headers"]`` (the chapter shows it).
    """
    columns = DOUBAN_COLUMNS + (
        [Column("comment", optional=True), Column("review", optional=True)] if with_counts else []
    )
    frame = read_table(path, columns, hint=hint, drop_repeated_headers=True)
    ids = frame["movie_url"].str.extract(r"/subject/(\d+)/?$", expand=False)
    if ids.isna().any():
        row = int(ids.isna().to_numpy().argmax())
        raise DataError(
            f"{path}: data row {row + 1}, column movie_url: no Douban id in {frame['movie_url'].iloc[row]!r}"
        )
    frame.insert(0, "douban_id", ids.astype("int64"))
    check_range(frame, "rate", 0, 10, path)
    for name in ("comment", "review") if with_counts else ():
        frame[name] = frame[name].str.extract(r"(\d+)", expand=False).astype("Int64")
    return frame


def load_douban(root: Path | None = None, verify: bool = True) -> Douban:
    """Load both Douban crawls as :class:`Douban`; ``dropped`` counts the repeated header lines removed."""
    folder = dataset_folder("douban", root, verify)
    old = read_douban(folder / "raw_2000-2009_with_comment_review.csv", with_counts=True, hint=_hint("douban"))
    new = read_douban(folder / "raw_2010-2019.csv", hint=_hint("douban"))
    dropped = {
        "raw_2000-2009_with_comment_review.csv: repeated header lines": old.attrs["repeated_headers"],
        "raw_2010-2019.csv: repeated header lines": new.attrs["repeated_headers"],
    }
    return Douban(films_2000_2009=old, films_2010_2019=new, dropped=dropped)


# --- Douyin ----------------------------------------------------------------------------------------


@dataclass
class Douyin:
    """One Douyin live room, one row per minute: ``minutes`` with ``date_time``, the two traffic-source
    columns as Python-dict text, and the per-minute metrics (``WATCH_UCNT``: viewers entering per
    minute; ``ONLINE_USER_CNT``: viewers online; ``PAY_ORDER_GMV``: sales in yuan ...)."""

    minutes: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)


def read_douyin(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read a Douyin per-minute file in the study's schema (``predict.csv`` or the full ``data.csv``).

    The unnamed first column (a saved pandas index) is dropped; metrics become floats (empty → NaN).
    """
    columns = [Column("date_time", "datetime"), Column("natural_flow_trend_index"), Column("pay_flow_trend_index")]
    columns += [Column(name, "float", optional=True) for name in DOUYIN_METRICS]
    frame = read_table(path, columns, hint=hint)
    return frame.sort_values("date_time", kind="stable").reset_index(drop=True)


def load_douyin(root: Path | None = None, verify: bool = True) -> Douyin:
    """Load the Douyin live-stream day as :class:`Douyin`."""
    folder = dataset_folder("douyin", root, verify)
    return Douyin(minutes=read_douyin(folder / "predict.csv", _hint("douyin")))


LOADERS = {
    "ml_latest_small_2016": load_ml_latest_small_2016,
    "ml_100k": load_ml_100k,
    "ml_100k_posters": load_ml_100k_posters,
    "netflix": load_netflix,
    "tmdb_5000": load_tmdb_5000,
    "douban": load_douban,
    "douyin": load_douyin,
}


def load(name: str, root: Path | None = None, verify: bool = True) -> Any:
    """Load registered data set ``name`` (see ``helpers.registry.DATASETS``) from ``root``.

    ``root`` defaults to the data root; ``verify=False`` skips the checksum check. Raises
    DataError naming the data set, file, row or column for anything missing or malformed.
    """
    dataset(name)
    return LOADERS[name](root, verify)
