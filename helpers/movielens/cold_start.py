"""Cold start: genre precision of each similarity's neighbours by how many training ratings a movie has,
the rarely rated movies, and the movies without a single training rating (held out or never rated)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from helpers.common import formatting, params
from helpers.movielens import neighbours, similarity

RANDOM = "random"  # the column of a random pick


def bucket_labels(cold_max: int) -> tuple[list[float], list[str]]:
    """Return the edges and labels of the buckets of training ratings: 1–2, 3–``cold_max``,
    ``cold_max``+1–20, 21–100 and more than 100."""
    edges = [0, 2, cold_max, 20, 100, np.inf]
    labels = ["1–2", f"3–{cold_max}", f"{cold_max + 1}–20", "21–100", ">100"]
    return edges, labels


def cold_movies(popularity: np.ndarray, cold_max: int) -> np.ndarray:
    """Return the mask of the compared movies with at most ``cold_max`` training ratings (``popularity``,
    per movie); ParameterError naming the parameter where no movie is that rarely rated."""
    cold = popularity <= cold_max
    if not cold.any():
        raise params.ParameterError(
            f"no compared movie has at most cold_max_ratings={cold_max} training"
            " ratings: raise it (or max_posters, to compare more movies)"
        )
    return cold


def precision_by_bucket(
    precision: Mapping[str, np.ndarray],
    genres: Sequence[frozenset[str]],
    popularity: np.ndarray,
    cold_max: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return genre precision per compared movie (one column per similarity of ``precision``, each (S, m)
    over seeds and movies and averaged over the seeds, and a random pick's; ``ratings``, the movie's bucket
    of training ratings) and its mean per bucket with the number of ``movies`` in each."""
    edges, labels = bucket_labels(cold_max)
    by_movie = pd.DataFrame({name: p.mean(axis=0) for name, p in precision.items()}).assign(
        **{RANDOM: neighbours.random_genre_precision(genres)}, ratings=pd.cut(popularity, edges, labels=labels)
    )
    table = by_movie.groupby("ratings", observed=False).mean()
    table["movies"] = by_movie.groupby("ratings", observed=False).size()
    return by_movie, table


def ends(table: pd.DataFrame, name: str) -> tuple[float, float]:
    """Return the genre precision of similarity ``name`` in the rarest and the most rated bucket that hold
    movies (rows of ``table``, from :func:`precision_by_bucket`)."""
    first, last = table[name].dropna().iloc[[0, -1]]
    return float(first), float(last)


def random_note(random_moves: str) -> str:
    """Return the clause that explains how a random pick's genre precision moves across the buckets
    (``random_moves``: "rises", "falls" or "stays"), which reads neither ratings nor posters."""
    if random_moves == "rises":
        return (
            "so its rise comes from the movies alone: the more rated movies share a genre"
            " with more of the others, which any neighbour list then hits"
        )
    return "so its change comes from the movies alone"


def poster_ahead(table: pd.DataFrame) -> str:
    """Return where poster neighbours share a genre more often than rating CF's, compared as the table
    prints them (three decimals): "among the movies with 1–2 or 3–5 training ratings", or "in no bucket of
    training ratings"."""
    ahead = [
        label
        for label, row in table.dropna(subset=["poster", "cf_item"]).iterrows()
        if round(row.poster, 3) > round(row.cf_item, 3)
    ]
    if not ahead:
        return "in no bucket of training ratings"
    return f"among the movies with {formatting.listing(ahead, 'or')} training ratings"


def best_poster_gain(by_movie: pd.DataFrame, cold: np.ndarray) -> int | None:
    """Return the row (of ``by_movie``, from :func:`precision_by_bucket`) of the cold movie where the
    poster neighbours' genre precision gains most over rating CF's (a best case, for illustration); None
    without posters."""
    if "poster" not in by_movie:
        return None
    gain = by_movie.loc[cold, "poster"].fillna(-1).to_numpy() - by_movie.loc[cold, "cf_item"].fillna(1).to_numpy()
    return int(np.flatnonzero(cold)[np.argmax(gain)])


def unrated_movies(item_ids: np.ndarray, popularity: np.ndarray, listed: np.ndarray) -> dict[str, np.ndarray]:
    """Return the movies without a training rating, by kind: the rated movies (``item_ids``, with
    ``popularity`` training ratings each) whose every rating was held out, and the ``listed`` movies no one
    rated."""
    return {
        "rated only in the test set": item_ids[popularity == 0],
        "listed, never rated": np.setdiff1d(listed, item_ids),
    }


def unrated_counts(kinds: Mapping[str, np.ndarray], posters: pd.Series) -> pd.DataFrame:
    """Return how many movies of each kind (from :func:`unrated_movies`) there are and how many of them have
    a poster (``posters``: movieId -> path)."""
    return pd.DataFrame(
        {
            "movies": [ids.size for ids in kinds.values()],
            "with a poster": [np.isin(ids, posters.index).sum() for ids in kinds.values()],
        },
        index=pd.Index(list(kinds), name="movies without a training rating"),
    )


def empty_column_lists(empty_scores: np.ndarray, n_movies: int, k: int) -> np.ndarray:
    """Return the ``k`` neighbours (n_movies, k) that rating CF gives each of ``n_movies`` compared movies
    once its ratings are hidden: the same ``empty_scores`` (the cosine of an empty column with each movie)
    for every movie, the movie itself left out."""
    return neighbours.top_k_rows(np.tile(empty_scores, (n_movies, 1)), k, exclude=np.arange(n_movies))


def with_poster(kinds: Mapping[str, np.ndarray], posters: pd.Series) -> np.ndarray:
    """Return the movies of every kind (from :func:`unrated_movies`), in order, that have a poster."""
    ids = np.concatenate(list(kinds.values()))
    return ids[np.isin(ids, posters.index)]


@dataclass(frozen=True)
class Unrated:
    """The movies without a training rating that have a poster, matched to the compared movies: their
    ``poster_lists`` (n, k) of neighbours by poster (rows of the compared movies), and ``shares``, the genre
    precision of each way of finding neighbours (by poster, by rating CF, by MF factors, a random pick),
    one value per movie (NaN where a way cannot name neighbours)."""

    poster_lists: np.ndarray
    shares: dict[str, np.ndarray]


def unrated_neighbours(
    new_ids: np.ndarray,
    new_flat: np.ndarray | None,
    poster_flat: np.ndarray | None,
    item_ids: np.ndarray,
    item_factors: np.ndarray,
    cols: np.ndarray,
    empty_scores: np.ndarray,
    genres: Sequence[frozenset[str]],
    new_genres: Sequence[frozenset[str]],
    k: int,
) -> Unrated | None:
    """Return the ``k`` neighbours, among the compared movies, of the movies ``new_ids`` without a training
    rating, with their genre precision: by poster (flattened features ``new_flat`` against the compared
    movies' ``poster_flat``), by rating CF (the empty column's list, ``empty_scores``, the same for every
    such movie), by MF factors (rows of ``item_factors``, by column of the rating matrix whose movies are
    ``item_ids``; only for the movies in it, whose factors were never updated; the compared movies are the
    columns ``cols``) and for a random pick. ``genres`` and ``new_genres`` are the genre sets of the compared
    and the new movies. None where no such movie has a poster or no movie has one."""
    if new_flat is None or poster_flat is None:
        return None
    in_matrix = np.isin(new_ids, item_ids)
    col_of = pd.Series(np.arange(len(item_ids)), index=item_ids)
    new_factors = item_factors[col_of[new_ids[in_matrix]].to_numpy()]
    poster_lists = neighbours.top_k_rows(similarity.cosine_between(new_flat, poster_flat), k)
    empty_list = neighbours.top_k_rows(empty_scores, k)
    mf_lists = neighbours.top_k_rows(similarity.cosine_between(new_factors, item_factors[cols]), k)
    shares = {
        "by poster": neighbours.genre_precision(poster_lists, genres, new_genres),
        "by rating CF": neighbours.genre_precision(empty_list.repeat(len(new_ids), axis=0), genres, new_genres),
        "by MF factors": np.full(len(new_ids), np.nan),
        "random pick": neighbours.random_genre_precision(genres, new_genres),
    }
    kept_genres = [g for g, kept in zip(new_genres, in_matrix, strict=True) if kept]
    shares["by MF factors"][in_matrix] = neighbours.genre_precision(mf_lists, genres, kept_genres)
    return Unrated(poster_lists, shares)


def unrated_table(
    new_ids: np.ndarray, titles: pd.Series, new_genres: Sequence[frozenset[str]], unrated: Unrated | None, k: int
) -> Styler | None:
    """Return one row per movie without a training rating (``new_ids``): its title, genres and the genre
    precision@``k`` of its neighbours found each way (from :func:`unrated_neighbours`), in the book's table
    format; None without them."""
    if unrated is None:
        return None
    frame = pd.DataFrame(
        {
            "movie": [titles[m] for m in new_ids],
            "genres": [", ".join(sorted(g)) for g in new_genres],
            **{f"genre precision@{k}, {name}": share for name, share in unrated.shares.items()},
        }
    )
    shares = {column: formatting.metric for column in frame.columns[2:]}  # 1.0 as 1.000, not as a count
    return formatting.table(frame, shares)
