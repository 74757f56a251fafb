"""Douban loader: the two 2019 crawls of film pages, with their repeated header lines counted; its reader
takes a crawl of one's own too (ids from ``movie_url``, else from name and year)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.common.errors import DataError
from helpers.datasets.folders import USER_FILE_HINT, dataset_folder, fetch_hint
from helpers.datasets.tables import Column, check_range, read_table

DOUBAN_COLUMNS = [
    Column("name"), Column("rate", "float", optional=True), Column("rating_people", "int", optional=True),
    Column("director", optional=True), Column("writer", optional=True), Column("actor", optional=True),
    Column("genre", optional=True), Column("place", optional=True), Column("language", optional=True),
    Column("year", "int", optional=True), Column("movietime", optional=True),
]  # fmt: skip
DOUBAN_OPTIONAL_COLUMNS = [Column("movie_url"), Column("comment", optional=True), Column("review", optional=True)]
COUNT_COLUMNS = ("comment", "review")  # short-comment and review counts, known only after release
ID_DIGITS = 15  # hex digits of the name-and-year hash kept as a film id (60 bits: fits int64)


@dataclass
class Douban:
    """Douban film pages crawled in 2019: ``films_2000_2009`` (with ``comment`` and ``review``
    counts) and ``films_2010_2019``, as :func:`read_douban` returns them; ``dropped`` counts the
    repeated header lines removed from each."""

    films_2000_2009: pd.DataFrame
    films_2010_2019: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def crawls(self) -> dict[str, pd.DataFrame]:
        """The two crawls by file name, oldest first."""
        return {
            "raw_2000-2009_with_comment_review.csv": self.films_2000_2009,
            "raw_2010-2019.csv": self.films_2010_2019,
        }


def name_year_ids(names: pd.Series, years: pd.Series) -> pd.Series:
    """Return an int64 film id per row made from its name and release year (the same film, the same id,
    in any file and row order): the first ``ID_DIGITS`` hex digits of the sha256 of ``name|year``."""
    keys = names.astype(str) + "|" + years.astype("string").fillna("")
    return keys.map(lambda key: int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_DIGITS], 16)).astype("int64")


def read_douban(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read one Douban crawl (UTF-8, comma-separated, with a header) of ``DOUBAN_COLUMNS``, plus those of
    ``DOUBAN_OPTIONAL_COLUMNS`` it has, and add ``douban_id``.

    Returns one row per line: douban_id (int64: the digits of ``movie_url``, or without that column
    :func:`name_year_ids`), name, rate (0..10 stars), rating_people, director, writer, actor, genre,
    place, language ('/'-joined), year, movietime ('130分钟' or '130'), and comment and review (Int64
    counts, from '(全部165038条)' or '165038') when the file has them. The crawls repeat their header
    line where their parts were joined: dropping those lines is a cleaning step of this reader, counted
    in ``frame.attrs["repeated_headers"]`` (the chapter shows it).
    """
    frame = read_table(path, DOUBAN_COLUMNS, hint=hint, drop_repeated_headers=True, extra=DOUBAN_OPTIONAL_COLUMNS)
    if "movie_url" in frame:
        ids = frame["movie_url"].str.extract(r"/subject/(\d+)/?$", expand=False)
        if ids.isna().any():
            row = int(ids.isna().to_numpy().argmax())
            raise DataError(
                f"{path}: data row {row + 1}, column movie_url: no Douban id (…/subject/<digits>/) in a value; "
                "fix that row, or leave the column out and films are told apart by name and year"
            )
        frame.insert(0, "douban_id", ids.astype("int64"))
    else:
        frame.insert(0, "douban_id", name_year_ids(frame["name"], frame["year"]))
    check_range(frame, "rate", 0, 10, path)
    for name in (c for c in COUNT_COLUMNS if c in frame):
        digits = frame[name].str.replace(",", "", regex=False).str.extract(r"(\d+)", expand=False)
        frame[name] = pd.to_numeric(digits).astype("Int64")
    return frame


def read_douban_crawls(paths: Sequence[Path]) -> dict[str, pd.DataFrame]:
    """Read crawls of one's own with :func:`read_douban`; return them by file name, in the order given
    (oldest first: the chapter's rule 2 keeps a later file's row over an earlier one's of the same year).

    Raises DataError when two of the files share a name, since a film's crawl is told by it."""
    crawls: dict[str, pd.DataFrame] = {}
    for path in paths:
        if path.name in crawls:
            raise DataError(f"{path}: another of the crawl files is also named {path.name}; rename one of them")
        crawls[path.name] = read_douban(path)
    return crawls


def load_douban(root: Path | None = None, verify: bool = True) -> Douban:
    """Load both Douban crawls as :class:`Douban`; ``dropped`` counts the repeated header lines removed."""
    folder = dataset_folder("douban", root, verify)
    old = read_douban(folder / "raw_2000-2009_with_comment_review.csv", hint=fetch_hint("douban"))
    new = read_douban(folder / "raw_2010-2019.csv", hint=fetch_hint("douban"))
    douban = Douban(films_2000_2009=old, films_2010_2019=new)
    douban.dropped = {
        f"{name}: repeated header lines": frame.attrs["repeated_headers"] for name, frame in douban.crawls.items()
    }
    return douban
