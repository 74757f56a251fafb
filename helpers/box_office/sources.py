"""Where the box-office chapter's films come from: the registered TMDB 5000, or files of one's own."""

from __future__ import annotations

import pandas as pd

from helpers import datasets
from helpers.common import formatting

REGISTERED = "TMDB 5000"  # the words naming the registered films


def load_or_own(movies_file: str | None, cast_file: str | None) -> tuple[pd.DataFrame, pd.DataFrame | None, str]:
    """Return the films (one row per film, TMDB's columns), their cast lists (None for films of one's own
    given without a cast file) and the words naming the files read: the registered TMDB 5000 when
    ``movies_file`` is None, else the files named by the two parameters (each checked by
    ``datasets.own_path``, read with the TMDB readers: schema checked, no checksum)."""
    own_movies = datasets.own_path(movies_file, "movies_file")
    own_cast = datasets.own_path(cast_file, "cast_file")
    if own_movies is None:
        tmdb = datasets.load("tmdb_5000")
        return tmdb.movies, tmdb.cast, REGISTERED
    movies = datasets.read_tmdb_movies(own_movies)
    cast = None if own_cast is None else datasets.read_tmdb_cast(own_cast)
    named = [path.name for path in (own_movies, own_cast) if path is not None]
    return movies, cast, formatting.listing(named)
