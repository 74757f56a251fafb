"""The MovieLens chapter's inputs: the registered MovieLens release or the reader's own files, and the
posters it compares (the registered thumbnails joined by links, or a folder of one's own), with the counts
its first tables show."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import datasets
from helpers.common import formatting

REGISTERED = "MovieLens latest-small (2016)"  # what the run reads by default, in words
OWN_FILES = "your own files, not the study's MovieLens release"  # why the study's figures are not comparable


@dataclass(frozen=True)
class Inputs:
    """The chapter's data: ``ratings`` (userId, movieId, rating, timestamp), ``movies`` (movieId, title,
    genres), ``links`` (movieId, imdbId, tmdbId; None without a links file), ``files`` (what the run reads,
    in words) and ``other_data`` (why the study's figures cannot be compared; empty for its own release)."""

    ratings: pd.DataFrame
    movies: pd.DataFrame
    links: pd.DataFrame | None
    files: str
    other_data: str


def load_or_own(ratings_file: str | None, movies_file: str | None = None, links_file: str | None = None) -> Inputs:
    """Return the registered MovieLens latest-small (2016) where ``ratings_file`` is None, else the reader's
    own ``ratings_file`` with its ``movies_file`` and optional ``links_file`` (schema checked, no checksum;
    ParameterError naming the parameter of a path that does not exist)."""
    own_ratings = datasets.own_path(ratings_file, "ratings_file")
    if own_ratings is None:
        ml = datasets.load("ml_latest_small_2016")
        return Inputs(ml.ratings, ml.movies, ml.links, REGISTERED, "")
    own_movies = datasets.own_path(movies_file, "movies_file")
    own_links = datasets.own_path(links_file, "links_file")
    ml = datasets.read_movielens_own(own_ratings, own_movies, own_links)
    names = [path.name for path in (own_ratings, own_movies, own_links) if path]
    return Inputs(ml.ratings, ml.movies, ml.links, formatting.listing(names), OWN_FILES)


def data_counts(data: Inputs) -> pd.Series:
    """Return the counts of the data the page shows first: ratings, users, rated movies, movies listed and
    the largest movie id."""
    ratings = data.ratings
    return pd.Series(
        {
            "ratings": len(ratings),
            "users": ratings.userId.nunique(),
            "rated movies": ratings.movieId.nunique(),
            "movies in movies.csv": len(data.movies),
            "largest movieId": ratings.movieId.max(),
        },
        name="count",
    ).rename_axis("")


@dataclass(frozen=True)
class Posters:
    """The posters a run compares: ``files`` (movieId → image path, empty without posters), ``found`` (how
    they were found, count per step, for the page's table), ``available`` (images available: thumbnails
    or the files of the reader's folder) and ``own`` (True for the reader's own folder)."""

    files: pd.Series
    found: dict[str, int]
    available: int
    own: bool

    def count_with_poster(self, item_ids: np.ndarray) -> int:
        """Return how many of the movies ``item_ids`` have a poster."""
        return int(np.isin(item_ids, self.files.index).sum())


def load_posters(posters_dir: str | None, links: pd.DataFrame | None) -> Posters:
    """Return the reader's posters in ``posters_dir`` (images named ``<movieId>.jpg``) where it is given,
    else the registered ML-100K thumbnails joined to the movies by ``links``, else (no links) no posters."""
    own = datasets.own_path(posters_dir, "posters_dir", folder=True)
    if own is not None:
        files = datasets.read_poster_folder(own)
        return Posters(files, {"posters in the folder": len(files)}, len(files), True)
    if links is not None:
        thumbnails = datasets.load("ml_100k_posters")
        files, found = datasets.thumbnails_for(links, thumbnails)
        return Posters(files, {"thumbnails": len(thumbnails.paths), **found}, len(thumbnails.paths), False)
    return Posters(pd.Series(dtype=object), {}, 0, False)


def poster_counts(posters: Posters, item_ids: np.ndarray) -> pd.Series:
    """Return the poster counts the page shows: how they were found, and how many of the rated movies
    ``item_ids`` have one and how many do not."""
    with_poster = posters.count_with_poster(item_ids)
    return pd.Series(
        {
            **posters.found,
            "rated movies with a poster": with_poster,
            "rated movies without one": len(item_ids) - with_poster,
        },
        name="count",
    ).rename_axis("")


def poster_note(posters: Posters, item_ids: np.ndarray) -> str:
    """Return the sentence the page prints about the posters: how many rated movies have one, or, where
    none has, that the poster sections are left out and how to give posters."""
    with_poster = posters.count_with_poster(item_ids)
    if with_poster:
        return (
            f"{formatting.count(with_poster)} of the {formatting.count(len(item_ids))} rated movies have a poster,"
            " and the poster sections compare those."
        )
    return (
        "No movie of these files has a poster, so the poster sections are left out: give a folder of images"
        " named by movie id, or a MovieLens links file matched to the registered thumbnails by IMDb and TMDB id."
    )
