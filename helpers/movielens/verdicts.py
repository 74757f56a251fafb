"""The chapter's claims judged from its numbers (:mod:`helpers.movielens.claims`, rules of
:mod:`helpers.common.judgement`): what varies for each claim, and the words of computed sentences.

- The density is one number of the data: a figure without an interval.
- The study's user-CF MSE varies with the random test draw: the mean over repeated draws and its
  Student-t interval over the draws.
- A difference of test MSE varies with the factorisation's seed and with the held-out ratings: seeds and
  a paired bootstrap of the held-out ratings (:func:`helpers.common.judgement.score_difference`).
- A difference of genre precision varies with the factorisation's seed (where MF is a side) and with the
  movies it is measured on: seeds and a bootstrap of the query movies
  (:func:`helpers.common.judgement.resampled`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
from numpy.typing import ArrayLike

from helpers.common import formatting, judgement
from helpers.common.judgement import Difference, Interval, Judged
from helpers.movielens import claims
from helpers.movielens.names import reader_name

DRAW = "random test draw"
RATING = "held-out rating"
MOVIE = "query movie"


def judge_sparsity(density_pct: float, other_data: str = "") -> Judged:
    """Return the density claim judged on this book's density of the study's matrix (%); ``other_data``
    says why the figure cannot be compared, where the run reads other files than the study's."""
    return replace(claims.SPARSITY, not_comparable=other_data).judge(density_pct)


def judge_study_cf_mse(draw_mse: ArrayLike, other_data: str = "") -> Judged:
    """Return the study-formula MSE claim judged on the MSE of each repeated random test draw (stars²,
    (draws,)): their mean and its Student-t interval over the draws; ``other_data`` as for
    :func:`judge_sparsity`."""
    spread = judgement.over_repeats(draw_mse, unit=DRAW)
    return replace(claims.STUDY_CF_MSE, not_comparable=other_data).judge(spread.estimate, spread)


def judge_mse_difference(
    claim: Difference, y: ArrayLike, first: ArrayLike, second: ArrayLike, rng: np.random.Generator
) -> Judged:
    """Return ``claim`` judged by test MSE (stars²) of the predictions ``first`` and ``second`` ((S, n)
    one row per seed, or (n,) for a model fitted once) of the held-out ratings ``y`` (n,): the mean
    MSE of each side over its seeds, and the interval of their difference over the seeds and a
    paired bootstrap of the held-out ratings."""
    y = np.asarray(y, dtype=float)
    interval = judgement.score_difference(judgement.MSE, y, first, second, RATING, rng)
    a, b = (np.mean([judgement.MSE(y, row) for row in np.atleast_2d(p)]) for p in (first, second))
    return claim.judge(float(a), float(b), interval)


def _judged_movies(first: ArrayLike, second: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Return per-movie precisions of both sides as (S, m) rows, kept to the m movies both can judge (a
    movie without a genre is NaN); ValueError when the sides differ in movies."""
    a, b = (np.atleast_2d(np.asarray(p, dtype=float)) for p in (first, second))
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"precisions of {a.shape[1]} and {b.shape[1]} movies: give the same movies")
    judged = ~(np.isnan(a).any(axis=0) | np.isnan(b).any(axis=0))
    return a[:, judged], b[:, judged]


def precision_difference(first: ArrayLike, second: ArrayLike, rng: np.random.Generator) -> Interval:
    """Return the difference of mean genre precision, first − second, with its interval over seeds and
    a bootstrap of the query movies. ``first`` and ``second`` are per-movie precisions (n,) of a
    similarity fitted once, or (S, n) one row per seed; a movie without a genre (NaN) is left out, as
    it cannot be judged."""
    a, b = _judged_movies(first, second)
    if a.shape[1] < 2:
        raise ValueError(f"only {a.shape[1]} movie(s) with a genre: a bootstrap needs at least two")

    def per_seed(index: np.ndarray) -> np.ndarray:
        return a[:, index].mean(axis=1) - b[:, index].mean(axis=1)

    return judgement.resampled(per_seed, a.shape[1], MOVIE, rng)


def judge_precision_difference(
    claim: Difference,
    first: ArrayLike,
    second: ArrayLike,
    k: int,
    rng: np.random.Generator,
    not_comparable: str | None = None,
) -> Judged:
    """Return ``claim`` judged by genre precision@``k`` per movie of two similarities (see
    :func:`precision_difference` for the shapes): each side's mean over its seeds and the movies both
    can judge, and the interval of their difference. ``not_comparable`` replaces the claim's reason
    where it is given (the poster claims name the backbone of this run). With fewer than two movies to
    compare the claim is not judged, and says so."""
    measure = f"genre precision@{k}"
    claim = replace(claim, measure=measure, text=claim.text.replace("genre precision@k", measure))
    if not_comparable is not None:
        claim = replace(claim, not_comparable=not_comparable)
    a, b = _judged_movies(first, second)
    if a.shape[1] < 2:
        return claim.not_run(
            f"{formatting.count(a.shape[1])} movie(s) with a genre to compare, and a bootstrap needs two"
        )
    return claim.judge(float(a.mean()), float(b.mean()), precision_difference(first, second, rng))


def poster_reason(backbone: str, own_posters: bool = False, other_data: str = "") -> str:
    """Return why the poster claims are not comparable: this run's ``backbone`` (a model key; where it is
    not VGG16, that VGG16's weights cannot be had offline) on the thumbnails, or on the reader's own
    posters where ``own_posters``; ``other_data`` (why the run's ratings are not the study's) comes first
    where it is given."""
    reason = claims.POSTER_REASON.format(
        backbone=reader_name(backbone), posters=claims.OWN_POSTERS if own_posters else claims.THUMBNAILS
    )
    if backbone != "vgg16":
        reason += claims.NO_VGG16
    return f"{other_data}; {reason}" if other_data else reason


def change_words(
    start: float, end: float, up: str = "rises", down: str = "falls", same: str = "stays", decimals: int = 3
) -> str:
    """Return the verb that says how a quantity moves from ``start`` to ``end`` as the page prints them
    (to ``decimals`` decimals): ``up``, ``down``, or ``same`` where the printed numbers are equal."""
    if formatting.metric(start, decimals) == formatting.metric(end, decimals):
        return same
    return up if end > start else down


def moves_to(start: float, end: float, decimals: int = 3) -> str:
    """Return how a figure moves from ``start`` to ``end``, ending with the new figure as printed:
    ``"falls to 0.950"``, ``"rises to 1.200"`` or ``"stays at 0.950"``."""
    verb = change_words(start, end, decimals=decimals)
    return f"{verb} {'at' if verb == 'stays' else 'to'} {formatting.metric(end, decimals)}"


NO_POSTERS = "no posters given"  # why a poster claim is not run


def judge_posters(
    claim: Difference,
    precision: Mapping[str, np.ndarray],
    rival: ArrayLike,
    k: int,
    rng: np.random.Generator,
    movies: np.ndarray | None = None,
    not_comparable: str | None = None,
) -> Judged:
    """Return ``claim`` judged by genre precision@``k`` of the poster neighbours (``precision["poster"]``,
    (S, m)) against ``rival``'s ((m,) or (S, m); (S, m) where ``movies`` is given), over the movies of the
    mask ``movies`` (all where None): see
    :func:`judge_precision_difference`. Without posters (no ``"poster"`` key) the claim is not run, and
    says so."""
    if "poster" not in precision:
        return claim.not_run(NO_POSTERS)
    first, second = precision["poster"], rival
    if movies is not None:
        first, second = np.asarray(first)[:, movies], np.asarray(second)[:, movies]
    return judge_precision_difference(claim, first, second, k, rng, not_comparable)


def heat_sentence(by_poster: float, by_mf: float) -> str:
    """Return the sentence on the study's own poster example: whether more, fewer or as many of Heat's
    poster neighbours share a genre with it than of its neighbours by MF factors (shares ``by_poster`` and
    ``by_mf``, compared as printed to three decimals), with both shares."""
    how = change_words(by_mf, by_poster, "more", "fewer", "as many")
    than = "as" if how == "as many" else "than"
    return (
        f"{how} of Heat's poster neighbours share a genre with it {than} of its neighbours by MF factors"
        f" ({by_poster:.3f} against {by_mf:.3f})"
    )
