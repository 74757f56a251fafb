"""TMDB 5000 loader: one row per film with its JSON list columns checked, and the cast lists."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.common.errors import DataError
from helpers.datasets.folders import USER_FILE_HINT, dataset_folder, fetch_hint
from helpers.datasets.tables import Column, read_table

TMDB_JSON_COLUMNS = ("genres", "keywords", "production_companies", "production_countries", "spoken_languages")


@dataclass
class Tmdb5000:
    """TMDB 5000: ``movies`` (one row per film; budget and revenue in US dollars, 0 = unknown;
    runtime in minutes; genres, keywords, production_* and spoken_languages as JSON lists of
    ``{"id", "name"}`` text) and ``cast`` (id, cast and crew as '/'-joined names; crew holds only
    the director)."""

    movies: pd.DataFrame
    cast: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)


TMDB_COLUMNS = [
    Column("id", "int"), Column("title"), Column("budget", "int"), Column("revenue", "int"),
    Column("popularity", "float"), Column("runtime", "float", optional=True),
    Column("release_date", "date", optional=True), Column("original_language"), Column("genres"),
]  # fmt: skip
TMDB_OPTIONAL_COLUMNS = [
    Column("homepage", optional=True), Column("tagline", optional=True), Column("overview", optional=True),
    Column("keywords"), Column("production_companies"), Column("production_countries"), Column("spoken_languages"),
    Column("status", optional=True), Column("original_title", optional=True),
    Column("vote_average", "float", optional=True), Column("vote_count", "int", optional=True),
]  # fmt: skip


def read_tmdb_movies(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read ``tmdb_5000_movies.csv``, or a file of one's own in its schema, with typed columns.

    The columns of ``TMDB_COLUMNS`` are required, those of ``TMDB_OPTIONAL_COLUMNS`` are read when the
    file has them (a chapter leaves out the features it would build from an absent one). Budget and
    revenue are in US dollars (0: unknown), runtime in minutes, release_date ``YYYY-MM-DD``. Each of
    ``genres``, ``keywords``, ``production_companies``, ``production_countries`` and
    ``spoken_languages`` that is present must hold a JSON list of objects with a ``name``."""
    frame = read_table(path, TMDB_COLUMNS, hint=hint, extra=TMDB_OPTIONAL_COLUMNS)
    for name in (c for c in TMDB_JSON_COLUMNS if c in frame):
        for row, text in enumerate(frame[name], start=1):
            check_json_names(text, path, row, name)
    return frame


def read_tmdb_cast(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read a cast table: ``id`` (the film's TMDB id, integer) and ``cast`` ('/'-joined names, may be
    empty), and ``crew`` when the file has it. Returns one row per line of the file."""
    return read_table(
        path, [Column("id", "int"), Column("cast", optional=True)], hint=hint, extra=[Column("crew", optional=True)]
    )


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
    cast = read_tmdb_cast(folder / "tmdb_5000_clean_with_cast_huihui7987.csv", hint=fetch_hint("tmdb_5000"))
    return Tmdb5000(movies=read_tmdb_movies(folder / "tmdb_5000_movies.csv", fetch_hint("tmdb_5000")), cast=cast)
