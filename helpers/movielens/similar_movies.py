"""Similar movies as the study showed them: the query movies, their most similar movies by rating CF,
by the factorisation's item factors and by poster features, the movies compared, and the rows of posters
with titles that the chapter's figures draw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from matplotlib.figure import Figure

from helpers import datasets
from helpers.common import formatting, plots
from helpers.movielens import neighbours, similarity
from helpers.movielens.cold_start import Unrated
from helpers.movielens.names import reader_name

STUDY_QUERIES = {"Heat (1995)": 6, "Toy Story (1995)": 1}  # the study's two queries: title -> MovieLens id
STUDY_PRINTED = {  # the neighbours the study's strips show, by rating CF
    "Heat (1995)": ["Leaving Las Vegas (1995)", "Rock, The (1996)"],
    "Toy Story (1995)": ["Toy Story 2 (1999)", "Forrest Gump (1994)"],
}
MORE_POSTER_QUERIES = (2571, 1196, 588, 296)  # a few more movies the poster figure shows, where compared
BY_CF, BY_MF = "by rating CF", "by MF factors"


def pick_queries(titles: pd.Series, item_ids: np.ndarray, popularity: np.ndarray) -> tuple[dict[str, int], str]:
    """Return the query movies (title -> id) and the words that name them: the study's two where
    ``titles`` (movieId -> title) lists them under the study's titles and both are rated (in ``item_ids``),
    else the two movies with the most training ratings (``popularity``, per column of ``item_ids``)."""
    queries = {t: m for t, m in STUDY_QUERIES.items() if titles.get(m) == t}
    if len(queries) == len(STUDY_QUERIES) and np.isin(list(queries.values()), item_ids).all():
        return queries, "the study's, " + formatting.listing(list(queries))
    most_rated = item_ids[np.argsort(-popularity, kind="stable")[:2]]
    queries = {titles[m]: int(m) for m in most_rated}
    named = formatting.listing(list(queries))
    words = f"the two most rated movies, {named} (the study's two are not rated in these files)"
    return queries, words


def rating_and_factor_neighbours(
    train: sp.spmatrix,
    item_factors: np.ndarray,
    item_ids: np.ndarray,
    queries: Mapping[str, int],
    n: int,
) -> dict[str, list[int]]:
    """Return, for each query (title -> movie id), two rows of movie ids, the query first: its ``n`` most
    similar movies by the study's cosine between rating columns of ``train`` (users × movies), and by the
    cosine between rows of ``item_factors`` (movies × factors), where a movie without a training rating
    (random factors) is never a neighbour."""
    col_of = pd.Series(np.arange(len(item_ids)), index=item_ids)
    unit = item_factors / np.linalg.norm(item_factors, axis=1, keepdims=True)
    rated = np.diff(sp.csc_matrix(train).indptr) > 0
    rows = {}
    for name, movie in queries.items():
        col = col_of[movie]
        by_cf = similarity.top_similar(similarity.cosine_study(train.T, [col])[0], n, exclude=col)
        by_mf = similarity.top_similar(np.where(rated, unit @ unit[col], -np.inf), n, exclude=col)
        rows[f"{name}, {BY_CF}"] = [movie, *item_ids[by_cf]]
        rows[f"{name}, {BY_MF}"] = [movie, *item_ids[by_mf]]
    return rows


def study_pairs(queries: Mapping[str, int], rows: Mapping[str, list[int]], titles: pd.Series, n: int) -> pd.DataFrame:
    """Return the neighbours the study printed for its queries, each with "yes" where it is among this run's
    ``n`` rating-CF neighbours (``rows``, from :func:`rating_and_factor_neighbours`); an empty table where
    the queries are not the study's."""
    found_here = f"among this chapter's {n} by rating CF"
    if set(queries) != set(STUDY_PRINTED):
        return pd.DataFrame(columns=["query", "the study's neighbour", found_here])
    return pd.DataFrame(
        [
            {
                "query": query,
                "the study's neighbour": title,
                found_here: "yes" if title in {titles[m] for m in rows[f"{query}, {BY_CF}"][1:]} else "no",
            }
            for query, printed in STUDY_PRINTED.items()
            for title in printed
        ]
    )


def candidates(
    item_ids: np.ndarray,
    popularity: np.ndarray,
    posters: pd.Series,
    sample: int,
    queries: Sequence[int],
    seed: int,
) -> pd.DataFrame:
    """Return the movies compared by every similarity (movieId, col in the rating matrix, n_train training
    ratings), sorted by id: the rated movies with a poster in ``posters`` (movieId -> path; every rated movie
    where none has one), or, where ``sample`` > 0, a seeded sample of that many with the ``queries`` added."""
    found = pd.DataFrame({"movieId": item_ids, "col": np.arange(len(item_ids)), "n_train": popularity})
    found = found[found.n_train > 0]
    if np.isin(item_ids, posters.index).any():
        found = found[found.movieId.isin(posters.index)]
    if sample:
        drawn = found.sample(min(sample, len(found)), random_state=seed)
        found = pd.concat([drawn, found[found.movieId.isin(queries)]]).drop_duplicates("movieId")
    return found.sort_values("movieId").reset_index(drop=True)


def poster_neighbours(
    sim: np.ndarray | None, movie_ids: np.ndarray, queries: Sequence[int], titles: pd.Series, n: int
) -> dict[str, list[int]]:
    """Return, for each of ``queries`` and :data:`MORE_POSTER_QUERIES` among the compared movies
    ``movie_ids`` (the rows of ``sim``, a movies × movies similarity of their posters), its title -> the
    query and its ``n`` most similar movies; empty where ``sim`` is None (no posters)."""
    if sim is None:
        return {}
    row_of = pd.Series(np.arange(len(movie_ids)), index=movie_ids)
    shown = [m for m in (*queries, *MORE_POSTER_QUERIES) if m in row_of.index]
    return {titles[m]: [m, *movie_ids[similarity.top_similar(sim[row_of[m]], n, exclude=row_of[m])]] for m in shown}


def poster_rows(rows: Mapping[str, Sequence[int]], title: str, posters: pd.Series, titles: pd.Series) -> Figure | None:
    """Draw one figure with a row of posters (``posters``: movieId -> image path; grey where a movie has
    none) and titles per entry of ``rows`` (row label -> movie ids, query first); nothing (None) where
    ``rows`` is empty (no posters to show)."""
    if not rows:
        return None
    images = [
        [np.asarray(datasets.poster_image(posters[m])) if m in posters.index else None for m in ids]
        for ids in rows.values()
    ]
    captions = [
        [f"{label}\nquery: {titles[m]}" if k == 0 else titles[m] for k, m in enumerate(ids)]
        for label, ids in rows.items()
    ]
    return plots.image_rows(images, captions, title)


def poster_similarity(poster_flat: np.ndarray | None) -> np.ndarray | None:
    """Return the cosine similarity (movies × movies) of the flattened poster features; None without them."""
    return None if poster_flat is None else similarity.cosine_dense(poster_flat)


def neighbour_lists(
    train: sp.spmatrix,
    seed_factors: Sequence[np.ndarray],
    cols: np.ndarray,
    poster_flat: np.ndarray | None,
    poster_avg: np.ndarray | None,
    k: int,
) -> dict[str, list[np.ndarray]]:
    """Return each similarity's top-``k`` neighbour lists (movies × k, rows of the compared movies, the
    columns ``cols`` of the rating matrix ``train``), one list per seed: rating CF (the study's cosine of
    rating columns), MF (the cosine of the item factors, one per seed of ``seed_factors``) and, where the
    posters' features are given, the posters (flattened feature maps, and their spatial mean)."""
    lists = {
        "cf_item": [neighbours.top_k_neighbours(similarity.cosine_study(train.T.tocsr()[cols]), k)],
        "mf": [neighbours.top_k_neighbours(similarity.cosine_dense(factors[cols]), k) for factors in seed_factors],
    }
    if poster_flat is not None and poster_avg is not None:
        lists["poster"] = [neighbours.top_k_neighbours(similarity.cosine_dense(poster_flat), k)]
        lists["poster_avg"] = [neighbours.top_k_neighbours(similarity.cosine_dense(poster_avg), k)]
    return lists


def genre_precisions(
    lists: Mapping[str, Sequence[np.ndarray]], genres: Sequence[frozenset[str]]
) -> dict[str, np.ndarray]:
    """Return each similarity's genre precision per seed and movie (S, m) from its neighbour ``lists``."""
    return {name: np.array([neighbours.genre_precision(nn, genres) for nn in lst]) for name, lst in lists.items()}


MEASURES = {  # a measure's record name: its column in the table
    "genre_precision": "genre precision@k",
    "popularity": "neighbour popularity (ratings)",
    "coverage": "coverage",
}


def measures_table(
    lists: Mapping[str, Sequence[np.ndarray]], genres: Sequence[frozenset[str]], popularity: np.ndarray
) -> pd.DataFrame:
    """Return the three measures of each similarity's neighbour ``lists`` (one row per similarity, model
    keys; see :func:`helpers.movielens.neighbours.summarise`) and a last row, ``random``: what neighbours
    drawn at random reach (genre precision; the compared movies' own mean ``popularity``; no coverage)."""
    measured = pd.DataFrame(
        {name: neighbours.summarise(lst, genres, popularity) for name, lst in lists.items()}
    ).T.rename(columns=MEASURES)
    measured.loc["random"] = [np.nanmean(neighbours.random_genre_precision(genres)), popularity.mean(), np.nan]
    return measured.rename_axis("similarity")


HEAT = STUDY_QUERIES["Heat (1995)"]


def heat_example(
    queries: Mapping[str, int],
    candidates: pd.DataFrame,
    lists: Mapping[str, Sequence[np.ndarray]],
    precision: Mapping[str, np.ndarray],
    genres: Sequence[frozenset[str]],
    titles: pd.Series,
) -> dict[str, object] | None:
    """Return the study's own poster example, Heat, by each judged similarity (rating CF, MF's first seed,
    posters): its neighbours' titles and the share of them that share a genre with it, keyed by record name
    (``<similarity>.heat_neighbours`` and ``.heat_genre_overlap``), with Heat's genres; None where Heat is not
    among the ``queries`` (title -> id) or the compared movies, or no movie has a poster."""
    if "poster" not in lists or HEAT not in queries.values() or HEAT not in set(candidates.movieId):
        return None
    row = int(np.flatnonzero(candidates.movieId.to_numpy() == HEAT)[0])
    ids = candidates.movieId.to_numpy()
    found: dict[str, object] = {}
    for name in ("cf_item", "mf", "poster"):
        found[f"{name}.heat_genre_overlap"] = precision[name][0, row]
        found[f"{name}.heat_neighbours"] = "; ".join(titles[m] for m in ids[lists[name][0][row]])
    found["poster.heat_genres"] = ", ".join(sorted(genres[row]))
    return found


def cold_example_rows(
    example: int | None,
    candidates: pd.DataFrame,
    lists: Mapping[str, Sequence[np.ndarray]],
    titles: pd.Series,
    n: int,
) -> tuple[dict[str, list[int]], str]:
    """Return the rows of posters for one compared movie (row ``example`` of ``candidates``): the movie and
    its ``n`` nearest neighbours by rating CF and by poster (first lists of ``lists``), and the figure's
    title (the movie and its training ratings); no rows where ``example`` is None (no posters)."""
    if example is None:
        return {}, ""
    ids = candidates.movieId.to_numpy()
    movie, ratings = ids[example], int(candidates.n_train.iloc[example])
    rows = {f"by {reader_name(name)}": [movie, *ids[lists[name][0][example][:n]]] for name in ("cf_item", "poster")}
    return (
        rows,
        f"{titles[movie]} ({formatting.counted(ratings, 'training rating')}): neighbours by rating CF and by poster",
    )


def unrated_rows(
    new_ids: np.ndarray, found: Unrated | None, candidates: pd.DataFrame, titles: pd.Series, n: int
) -> dict[str, list[int]]:
    """Return the rows of posters for the first three movies without a training rating (``new_ids``): each
    and its ``n`` nearest compared movies by poster (``found.poster_lists``, rows of ``candidates``); empty
    where ``found`` is None (no such movie has a poster)."""
    if found is None:
        return {}
    ids = candidates.movieId.to_numpy()
    shown = list(zip(new_ids, found.poster_lists, strict=True))[:3]
    return {f"{titles[m]}, by poster": [m, *ids[row][:n]] for m, row in shown}
