"""Douban loader: the two 2019 crawls of film pages, with their repeated header lines counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.common.errors import DataError
from helpers.datasets.folders import USER_FILE_HINT, dataset_folder, fetch_hint
from helpers.datasets.tables import Column, check_range, read_table

DOUBAN_COLUMNS = [
    Column("name"), Column("movie_url"), Column("rate", "float", optional=True),
    Column("rating_people", "int", optional=True), Column("director", optional=True),
    Column("writer", optional=True), Column("actor", optional=True), Column("genre", optional=True),
    Column("place", optional=True), Column("language", optional=True), Column("year", "int", optional=True),
    Column("movietime", optional=True),
]  # fmt: skip


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
    old = read_douban(folder / "raw_2000-2009_with_comment_review.csv", with_counts=True, hint=fetch_hint("douban"))
    new = read_douban(folder / "raw_2010-2019.csv", hint=fetch_hint("douban"))
    dropped = {
        "raw_2000-2009_with_comment_review.csv: repeated header lines": old.attrs["repeated_headers"],
        "raw_2010-2019.csv: repeated header lines": new.attrs["repeated_headers"],
    }
    return Douban(films_2000_2009=old, films_2010_2019=new, dropped=dropped)
