"""The box-office networks' figures and the study's claims, judged over both sources of noise.

Each of the three networks (trained on all, high- or low-budget films) is trained from several seeds and
scored on one set of test films. A figure of this book is the mean over the seeds of a per-seed score;
its interval comes from :func:`helpers.common.judgement.resampled`: the seeds' spread plus a paired
bootstrap of the test films (the same resampled films for every seed and both sides of a difference).

Predictions are arrays (S seeds, n test films) of log revenue (log US dollars); ``groups`` are boolean
masks (n,) of the test films in each budget group (``"all"``, ``"high"``, ``"low"``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from helpers.box_office import claims
from helpers.common import formatting, judgement
from helpers.common.judgement import Interval, Judged, Score

UNIT = "test film"
RMSLE = judgement.RMSE  # on log revenue the RMSE is the study's RMSLE
MEASURES = {"rmsle": RMSLE, "mae": judgement.MAE}  # the study's two scores, by the key of its claims
VERDICT_PHRASES = {  # a difference's verdict as the end of a sentence about a lead ("its lead over X ...")
    judgement.REPRODUCED: "holds (its 95 % interval lies below zero)",
    judgement.CONTRADICTED: "is reversed (its 95 % interval lies above zero)",
    judgement.NOT_RESOLVED: "is not resolved (its 95 % interval holds zero)",
}


def interval_text(interval: Interval, decimals: int = formatting.DECIMALS) -> str:
    """Return a figure with its interval as a table shows it, e.g. ``"1.465 (1.402 to 1.530)"``."""
    shown = (formatting.metric(v, decimals) for v in (interval.estimate, interval.low, interval.high))
    return "{} ({} to {})".format(*shown)


def _rows(predictions: ArrayLike, n: int) -> np.ndarray:
    """Return ``predictions`` as (S, n) rows of seeds, checking that they cover ``n`` test films."""
    rows = np.asarray(predictions, dtype=float)
    rows = rows[None, :] if rows.ndim == 1 else rows
    if rows.ndim != 2 or rows.shape[1] != n:
        raise ValueError(f"predictions of shape {rows.shape} for {n} test films: give (seeds, films)")
    return rows


def seed_scores(score: Score, y: ArrayLike, predictions: ArrayLike) -> np.ndarray:
    """Return ``score`` of each seed's predictions (S, n) of ``y`` (n,): an array (S,)."""
    y = np.asarray(y, dtype=float)
    return np.array([score(y, row) for row in _rows(predictions, y.size)])


def score_interval(
    score: Score, y: ArrayLike, predictions: ArrayLike, rng: np.random.Generator, resamples: int
) -> Interval:
    """Return the mean over seeds of ``score`` of ``predictions`` (S, n) of ``y`` (n,), with its 95 %
    interval over the seeds and ``resamples`` bootstrap resamples of the n test films."""
    y = np.asarray(y, dtype=float)
    loss = score.loss(y, _rows(predictions, y.size))

    def per_seed(index: np.ndarray) -> np.ndarray:
        return np.array([score.finish(float(m), y[index]) for m in loss[:, index].mean(axis=1)])

    return judgement.resampled(per_seed, y.size, UNIT, rng, resamples=resamples)


def signed_error_interval(y: ArrayLike, predictions: ArrayLike, rng: np.random.Generator, resamples: int) -> Interval:
    """Return the mean signed error, predicted − actual (log dollars), of ``predictions`` (S, n) of ``y``
    (n,), averaged over the seeds, with its 95 % interval over the seeds and resampled test films."""
    y = np.asarray(y, dtype=float)
    error = _rows(predictions, y.size) - y
    return judgement.resampled(lambda index: error[:, index].mean(axis=1), y.size, UNIT, rng, resamples=resamples)


def subset_difference(
    score: Score,
    y: ArrayLike,
    predictions: ArrayLike,
    first: ArrayLike,
    second: ArrayLike,
    rng: np.random.Generator,
    resamples: int,
    second_predictions: ArrayLike | None = None,
) -> Interval:
    """Return score(films ``first``) − score(films ``second``) of one network, per seed and averaged over
    its seeds, with its 95 % interval.

    ``predictions`` (S, n) of ``y`` (n,); ``first`` and ``second`` are boolean masks (n,) of two groups of
    the same test films (high-budget films and all films, say). Every resample draws n test films from
    all of them and scores each group on the drawn films that belong to it, so how many films each
    group holds varies as it would in another test sample. With ``second_predictions`` (S, n; the same
    seeds, any value outside ``second``) the group ``second`` is scored on those instead: two networks,
    each on its own group of the same test films (seed k paired with seed k).
    """
    y = np.asarray(y, dtype=float)
    loss = score.loss(y, _rows(predictions, y.size))
    other = loss if second_predictions is None else score.loss(y, _rows(second_predictions, y.size))
    if other.shape != loss.shape:
        raise ValueError(f"{loss.shape[0]} seeds against {other.shape[0]}: give both networks the same seeds")
    first, second = np.asarray(first, dtype=bool), np.asarray(second, dtype=bool)
    if not first.any() or not second.any():
        raise ValueError("each group must hold at least one test film")

    def per_seed(index: np.ndarray) -> np.ndarray:
        a, b = index[first[index]], index[second[index]]
        return np.array(
            [score.finish(float(x), y[a]) - score.finish(float(z), y[b])
             for x, z in zip(loss[:, a].mean(axis=1), other[:, b].mean(axis=1), strict=True)]
        )  # fmt: skip

    return judgement.resampled(per_seed, y.size, UNIT, rng, resamples=resamples)


def surprises(y: ArrayLike, predictions: ArrayLike, factor: float) -> tuple[np.ndarray, np.ndarray]:
    """Return boolean masks (S, n) of the films each seed's ``predictions`` (S, n, log dollars) of ``y``
    (n,) under-predict by more than ``factor`` (actual 1 + revenue over ``factor`` times the predicted:
    the unexpected hits) and over-predict by more than ``factor`` (actual under a ``factor``-th of it)."""
    y = np.asarray(y, dtype=float)
    error = _rows(predictions, y.size) - y
    cut = np.log(factor)
    return error < -cut, error > cut


def surprise_shares(y: ArrayLike, predictions: ArrayLike, factor: float) -> tuple[np.ndarray, np.ndarray]:
    """Return, for each seed (S,), the share of the squared error of ``predictions`` (S, n) of ``y`` (n,)
    that the unexpected hits carry and the share that the films over-predicted by more than ``factor``
    carry (:func:`surprises`)."""
    y = np.asarray(y, dtype=float)
    squared = (_rows(predictions, y.size) - y) ** 2
    hits, flops = surprises(y, predictions, factor)
    total = squared.sum(axis=1)
    return (squared * hits).sum(axis=1) / total, (squared * flops).sum(axis=1) / total


def surprise_interval(
    y: ArrayLike, predictions: ArrayLike, factor: float, rng: np.random.Generator, resamples: int
) -> Interval:
    """Return the share of the squared error carried by the unexpected hits less the share carried by the
    films over-predicted by more than ``factor`` (:func:`surprise_shares`), averaged over the seeds of
    ``predictions`` (S, n) of ``y`` (n,), with its 95 % interval over the seeds and resampled test films.
    Above zero the films that beat their prediction carry more of the error; below, those that fell short."""
    y = np.asarray(y, dtype=float)
    squared = (_rows(predictions, y.size) - y) ** 2
    hits, flops = surprises(y, predictions, factor)
    signed = squared * (hits.astype(float) - flops.astype(float))

    def per_seed(index: np.ndarray) -> np.ndarray:
        return signed[:, index].sum(axis=1) / squared[:, index].sum(axis=1)

    return judgement.resampled(per_seed, y.size, UNIT, rng, resamples=resamples)


def sign_agreement_interval(
    study: ArrayLike, here: ArrayLike, rng: np.random.Generator, resamples: int
) -> tuple[float, float, Interval]:
    """Return the share of conditions whose weight here has the sign of the study's, the share chance
    would give, and the interval of their difference over LIME's seeds and resampled conditions.

    ``study`` (m,) are the study's weights of m conditions and ``here`` (L, m) this book's weights of the
    same conditions from L seeds of LIME; no weight may be 0. Chance is the agreement of signs paired at
    random: p·q + (1 − p)(1 − q), with p and q the shares of positive weights in the two lists (1/2 when
    either is 1/2). The shares are means over the seeds; each resample draws m conditions again.
    """
    study, here = np.sign(np.asarray(study, dtype=float)), np.sign(np.atleast_2d(np.asarray(here, dtype=float)))
    if here.shape[1] != study.size or study.size == 0:
        raise ValueError(f"{here.shape[1]} weights here for {study.size} conditions of the study")
    if not (study.all() and here.all()):
        raise ValueError("a weight of 0 has no sign: leave those conditions out")
    agree = here == study

    def chance(index: np.ndarray) -> np.ndarray:
        p, q = (study[index] > 0).mean(), (here[:, index] > 0).mean(axis=1)
        return p * q + (1 - p) * (1 - q)

    def per_seed(index: np.ndarray) -> np.ndarray:
        return agree[:, index].mean(axis=1) - chance(index)

    every = np.arange(study.size)
    interval = judgement.resampled(per_seed, study.size, "like condition", rng, resamples=resamples)
    return float(agree.mean()), float(chance(every).mean()), interval


def pair_intervals(
    y: ArrayLike,
    predictions: Mapping[str, np.ndarray],
    groups: Mapping[str, np.ndarray],
    rng: np.random.Generator,
    resamples: int,
) -> dict[tuple[str, str, str], Interval]:
    """Return, for every network (``predictions`` by the films it was trained on, each (S, n)) and test
    group (``groups``, masks (n,)), the interval of its RMSLE, its MAE and its mean signed error, keyed
    ``(trained on, tested on, "rmsle" | "mae" | "bias")``."""
    y = np.asarray(y, dtype=float)
    found = {}
    for train, rows in predictions.items():
        for test, mask in groups.items():
            for key, score in MEASURES.items():
                found[train, test, key] = score_interval(score, y[mask], rows[:, mask], rng, resamples)
            found[train, test, "bias"] = signed_error_interval(y[mask], rows[:, mask], rng, resamples)
    return found


def judge_study(
    y: ArrayLike,
    predictions: Mapping[str, np.ndarray],
    groups: Mapping[str, np.ndarray],
    intervals: Mapping[tuple[str, str, str], Interval],
    rng: np.random.Generator,
    resamples: int,
) -> list[Judged]:
    """Return every claim of :data:`claims.CLAIMS` and the book's question :data:`claims.ALL_BEATS_LOW_ON_LOW`
    judged, in that order, from the networks' test ``predictions`` (by training group, each (S, n)) of
    ``y`` (n,) with the test ``groups`` (masks (n,)) and the figures' ``intervals`` (from
    :func:`pair_intervals`)."""
    y = np.asarray(y, dtype=float)
    figure = {key: interval.estimate for key, interval in intervals.items()}
    judged = []
    for claim in (claims.HIGH_EASIER, claims.LOW_HARDER):
        (train, first), (_, second) = claims.compared_pairs(claim)
        interval = subset_difference(RMSLE, y, predictions[train], groups[first], groups[second], rng, resamples)
        judged.append(claim.judge(figure[train, first, "rmsle"], figure[train, second, "rmsle"], interval))
    for claim in (claims.ALL_BEATS_HIGH_ON_HIGH, claims.HIGH_WORSE_ON_LOW):
        (train_a, test), (train_b, _) = claims.compared_pairs(claim)
        mask = groups[test]
        interval = judgement.score_difference(
            RMSLE, y[mask], predictions[train_a][:, mask], predictions[train_b][:, mask], UNIT, rng,
            resamples=resamples,
        )  # fmt: skip
        judged.append(claim.judge(figure[train_a, test, "rmsle"], figure[train_b, test, "rmsle"], interval))
    for claim, (train, test) in claims.OVER_PREDICTIONS:
        interval = intervals[train, test, "bias"]
        judged.append(claim.judge(interval.estimate, 0.0, interval))
    low = groups["low"]
    hits, flops = surprise_shares(y[low], predictions["all"][:, low], claims.SURPRISE_FACTOR)
    interval = surprise_interval(y[low], predictions["all"][:, low], claims.SURPRISE_FACTOR, rng, resamples)
    judged.append(claims.UNEXPECTED_HITS.judge(float(hits.mean()), float(flops.mean()), interval))
    for claim in claims.FIGURES:
        interval = intervals[claims.FIGURE_KEYS[claim.id]]
        judged.append(claim.judge(interval.estimate, interval))
    (train_a, test), (train_b, _) = claims.compared_pairs(claims.ALL_BEATS_LOW_ON_LOW)
    mask = groups[test]
    interval = judgement.score_difference(
        RMSLE, y[mask], predictions[train_a][:, mask], predictions[train_b][:, mask], UNIT, rng, resamples=resamples
    )
    judged.append(
        claims.ALL_BEATS_LOW_ON_LOW.judge(figure[train_a, test, "rmsle"], figure[train_b, test, "rmsle"], interval)
    )
    return judged
