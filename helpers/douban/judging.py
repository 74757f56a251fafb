"""Judge the Douban chapter's claims (:mod:`helpers.douban.claims`) on its test films, with the book's
rules (:mod:`helpers.common.judgement`).

The chapter scores every model on one set of test films. A network is fitted from several seeds and
gives predictions ``(S, n)``, one row per seed; a model fitted once (the mean rating, ridge, the SVR)
gives ``(n,)``. A figure's interval and a difference's interval both vary the seeds and resample the
test films (a paired bootstrap: the same films for both models and every seed). Errors are in stars.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from helpers.common import formatting, judgement
from helpers.common.judgement import Figure, Interval, Judged, NoEffect, Ordering, Pair, Score
from helpers.common.records import Recorder
from helpers.douban.claims import COMPARED

SCORES: dict[str, Score] = {"mae": judgement.MAE, "rmse": judgement.RMSE}
TEST_UNIT = "test film"
TIMED_EPOCH = "timed epoch"  # one round of the training-time share
TIMED_PREDICTION = "timed prediction"  # one round of the prediction-time share


def seed_rows(predictions: ArrayLike) -> np.ndarray:
    """Return predictions as rows of seeds ``(S, n)``: one row for a model fitted once ``(n,)``."""
    rows = np.asarray(predictions, dtype=float)
    return rows[None, :] if rows.ndim == 1 else rows


def mean_score(score: Score, y: ArrayLike, predictions: ArrayLike) -> float:
    """Return the mean over seeds of ``score`` of ``predictions`` (S, n) or (n,) of the ratings ``y`` (n,)."""
    return float(np.mean([score(y, row) for row in seed_rows(predictions)]))


def score_interval(
    score: Score, y: ArrayLike, predictions: ArrayLike, rng: np.random.Generator, level: float = judgement.LEVEL
) -> Interval:
    """Return the mean over seeds of ``score`` of ``predictions`` (S, n) or (n,) of the ratings ``y`` (n,)
    and its interval at ``level`` over the seeds and resampled test films."""
    y = np.asarray(y, dtype=float)
    rows = seed_rows(predictions)
    if rows.shape[1] != y.size:
        raise ValueError(f"predictions of {rows.shape[1]} films for {y.size} test films")

    def per_seed(index: np.ndarray) -> np.ndarray:
        return np.array([score(y[index], row[index]) for row in rows])

    return judgement.resampled(per_seed, y.size, TEST_UNIT, rng, level)


def judge_figure(claim: Figure, score: Score, y: ArrayLike, predictions: ArrayLike, rng: np.random.Generator) -> Judged:
    """Return ``claim`` (a printed error figure) judged on this run's ``score`` of ``predictions`` (S, n)
    or (n,) of the test ratings ``y`` (n,), with its 95 % interval over seeds and test films."""
    interval = score_interval(score, y, predictions, rng)
    return claim.judge(interval.estimate, interval)


def judge_pair(
    claim: Pair, score: Score, y: ArrayLike, first: ArrayLike, second: ArrayLike, rng: np.random.Generator
) -> Judged:
    """Return ``claim`` (a difference or a no-effect claim) judged on ``score`` of the predictions
    ``first`` and ``second`` ((S, n) or (n,)) of the test ratings ``y`` (n,): the paired difference
    first − second over seeds and resampled test films, its interval at 95 % (90 % for no effect)."""
    level = judgement.EQUIVALENCE_LEVEL if isinstance(claim, NoEffect) else judgement.LEVEL
    interval = judgement.score_difference(score, y, first, second, TEST_UNIT, rng, level=level)
    return claim.judge(mean_score(score, y, first), mean_score(score, y, second), interval)


def judge_compared(claim: Pair, y: ArrayLike, predictions: Mapping[str, ArrayLike], rng: np.random.Generator) -> Judged:
    """Return ``claim``, one of the pairs listed in :data:`helpers.douban.claims.COMPARED`, judged on the
    test predictions of its two models, ``predictions[model key]`` ((S, n) or (n,))."""
    first, second, metric = COMPARED[claim.id]
    return judge_pair(claim, SCORES[metric], y, predictions[first], predictions[second], rng)


def judge_ordering(
    claim: Ordering, y: ArrayLike, predictions: Mapping[str, ArrayLike], rng: np.random.Generator
) -> Judged:
    """Return ``claim`` judged pair by pair (:func:`judge_compared`) on the test ratings ``y``."""
    return claim.judge([judge_compared(pair, y, predictions, rng) for pair in claim.pairs])


def judge_time_share(
    claim: Figure, student_seconds: ArrayLike, teacher_seconds: ArrayLike, unit: str = TIMED_EPOCH
) -> Judged:
    """Return ``claim`` (the student's share of the teacher's run time) judged on repeated timings: round
    ``r`` of ``student_seconds`` and of ``teacher_seconds`` (each (R,), seconds, timed in turn) gives one
    ratio, and the share is the mean of the R ratios with its Student-t interval; ``unit`` names what one
    round timed (:data:`TIMED_EPOCH`, a training epoch, or :data:`TIMED_PREDICTION`)."""
    student, teacher = np.asarray(student_seconds, dtype=float), np.asarray(teacher_seconds, dtype=float)
    if student.shape != teacher.shape:
        raise ValueError(f"{student.size} student timings against {teacher.size} teacher timings: pair them")
    interval = judgement.over_repeats(student / teacher, unit=unit)
    return claim.judge(interval.estimate, interval)


def run_time_reading(paper_seconds: float, readings: Mapping[str, tuple[str, float]]) -> str:
    """Return a sentence setting the paper's run time ``paper_seconds`` beside what each reading of it
    times on this machine: ``readings`` maps a reading ("training", "prediction") to what was timed, in
    words, and its seconds (two or more, in the order the sentence names them). It says how many times as
    long the paper's figure is and which reading is nearest to it in order of magnitude (the smallest
    |log ratio|)."""
    if len(readings) < 2 or any(not seconds > 0 for _, seconds in readings.values()):
        raise ValueError(f"give two or more readings, each a positive time in seconds: {dict(readings)}")
    ratios = {reading: paper_seconds / seconds for reading, (_, seconds) in readings.items()}
    nearest = min(ratios, key=lambda reading: abs(math.log(ratios[reading])))
    timed = "; ".join(f"{words}, {_seconds(seconds)}" for words, seconds in readings.values())
    return (
        f"On this machine: {timed}. The paper's {paper_seconds:,.0f} s is "
        f"{formatting.listing([_times(r) for r in ratios.values()])} times as long, in that order: in order of "
        f"magnitude it reads as a {nearest} time."
    )


def _seconds(seconds: float) -> str:
    """Return a time for the page: three significant figures, in s or, under a second, in ms."""
    return f"{float(f'{seconds:.3g}'):,g} s" if seconds >= 1 else f"{float(f'{1000 * seconds:.3g}'):,g} ms"


def _times(ratio: float) -> str:
    """Return ``ratio`` to three significant figures, thousands separated: "8.71", "48,300"."""
    return f"{float(f'{ratio:.3g}'):,g}"


def paper_same_sentence(table: Mapping[str, tuple[float, float]], margins: Mapping[str, float]) -> str:
    """Return what the paper's own Table 1 (``table``: model key -> (MAE, RMSE), stars) says of its words
    "KD differs little from AT" (相差无几), read against the ``margins`` (metric -> stars) of the no-effect
    claim: by each metric, KD's gap to AT and AT's lead over DeepFM (which the paper counts as a gain), each
    said to lie inside or outside the margin as its figure does."""

    def against(gap: float, margin: float) -> str:
        return "inside" if abs(gap) < margin else "outside"

    parts = []
    for column, metric in enumerate(("mae", "rmse")):
        kd, at, deepfm = (table[m][column] for m in ("kd", "at", "deepfm"))
        same, gain, margin = kd - at, deepfm - at, margins[metric]
        parts.append(
            f"by {metric.upper()} KD errs by {formatting.metric(kd)} stars and AT by {formatting.metric(at)}, a gap "
            f"of {formatting.metric(same)}, {against(same, margin)} the margin of ±{formatting.metric(margin, 2)}, "
            f"while AT's lead of {formatting.metric(gain)} over DeepFM, which the paper counts as a gain, lies "
            f"{against(gain, margin)} it"
        )
    return f"In the paper's own Table 1, {'; '.join(parts)}."


def record(recorded: Recorder, judged: Judged) -> Judged:
    """Record ``judged`` (:meth:`Recorder.judged`) and, for an ordering, each pair's sentence under
    ``<pair id>.verdict``, so the prose can cite one pair from the same judged object. Returns it."""
    recorded.judged(judged)
    for pair in judged.pairs:
        recorded.keep(f"{pair.id}.verdict", pair.sentence)
    return judged


def pairs_frame(judged: list[Judged]) -> pd.DataFrame:
    """Return one row per judged pair of ``judged`` (an ordering gives one row per pair; a difference or a
    no-effect claim one row): the two figures as their relation prints them, the difference, its
    interval, the margin of a no-effect claim and the verdict (all text, in the book's number format)."""
    rows = []
    for claim in judged:
        for pair in claim.pairs or (claim,):
            if pair.interval is None:  # not run: nothing to show
                continue
            low, high = pair.interval
            rows.append(
                {
                    "pair": pair.book,
                    "difference (stars)": formatting.signed(pair.estimate),
                    "interval": f"{formatting.signed(low)} to {formatting.signed(high)} ({100 * pair.level:.0f} %)",
                    "margin": f"±{formatting.metric(pair.margin, 2)}" if pair.margin is not None else "",
                    "verdict": judgement.verdict_label(pair.verdict),
                }
            )
    return pd.DataFrame(rows, columns=["pair", "difference (stars)", "interval", "margin", "verdict"])


def raw_svr_reading(judged: Judged, raw: Interval, mean: Interval, paper: float) -> str:
    """Return what the judged claim "an SVR on raw numbers does no better than the mean rating" and the
    test MAE intervals of that SVR (``raw``) and of the mean rating (``mean``) say about the paper's SVM
    (MAE ``paper``): one sentence on what the SVR learns (from the verdict, the sign of SVR − mean and,
    where the verdict is not resolved, its size against the margin),
    one on where the paper's figure lies against both intervals, and so what the missing scaling does and
    does not explain."""
    if judged.verdict == judgement.REPRODUCED:
        learns = "An SVR set up so learns next to nothing: it errs about as much as the mean rating."
    elif judged.verdict == judgement.CONTRADICTED and judged.estimate is not None and judged.estimate < 0:
        learns = "An SVR set up so still learns: it errs less than the mean rating."
    elif judged.verdict == judgement.CONTRADICTED:
        learns = "An SVR set up so does worse than predicting the mean rating."
    elif judged.estimate is not None and judged.margin is not None:
        learns = (
            f"An SVR set up so errs {formatting.metric(abs(judged.estimate))} stars "
            f"{'less' if judged.estimate < 0 else 'more'} than the mean rating, and these films cannot tell "
            f"whether by less than the margin of {formatting.metric(judged.margin, 2)}."
        )
    else:
        learns = "These films cannot tell whether an SVR set up so learns anything."
    shown = formatting.metric(paper)

    def span(interval: Interval) -> str:
        return f"{formatting.metric(interval.low)} to {formatting.metric(interval.high)}"

    if paper < raw.low:
        where = (
            f"The paper's {shown} lies below this SVR's 95 % interval ({span(raw)}): the missing scaling gives an "
            "SVR weaker than the paper's."
        )
    elif paper <= raw.high:
        where = (
            f"The paper's {shown} lies inside this SVR's 95 % interval ({span(raw)}): the missing scaling alone "
            "can give a figure as weak as the paper's."
        )
    elif paper > mean.high:
        where = (
            f"The paper's {shown} lies above this SVR's 95 % interval ({span(raw)}) and above the mean rating's "
            f"({span(mean)}): on these films it would be an error larger than predicting the mean. The missing "
            "scaling explains an SVM that learns little, not the further "
            f"{formatting.metric(paper - raw.estimate)} stars; the paper gives no mean-rating baseline, so "
            "whether its films spread more widely than these, which would raise every model's error, it does "
            "not tell."
        )
    else:
        where = (
            f"The paper's {shown} lies above this SVR's 95 % interval ({span(raw)}) but within the mean "
            f"rating's ({span(mean)}): the missing scaling explains part of the paper's figure, not all of it."
        )
    return f"{learns} {where}"


def ablation_sentence(sides: Mapping[str, int]) -> str:
    """Return one sentence on an ablation from where each group's interval of the MAE rise lies (``sides``:
    group -> -1 below zero, 0 holding zero, +1 above; :meth:`Interval.side`)."""
    above = [group for group, side in sides.items() if side > 0]
    below = [group for group, side in sides.items() if side < 0]
    across = [group for group, side in sides.items() if side == 0]
    parts = []
    if above:
        parts.append(f"leaving out {formatting.listing(above)} raises the test MAE (the interval lies above zero)")
    if below:
        parts.append(f"leaving out {formatting.listing(below)} lowers it (the interval lies below zero)")
    if across:
        one = len(across) == 1
        parts.append(
            f"the interval{'' if one else 's'} of {formatting.listing(across)} hold{'s' if one else ''} zero, "
            f"so these films cannot tell whether {'that group adds' if one else 'those groups add'} anything "
            "beyond the others"
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def variance_parts(
    score: Score,
    y: ArrayLike,
    first: ArrayLike,
    second: ArrayLike,
    rng: np.random.Generator,
    resamples: int = judgement.RESAMPLES,
) -> tuple[float, float]:
    """Return the two parts of the variance of the mean over seeds of score(first) − score(second) on the
    test ratings ``y`` (n,): the seeds' (the sample variance of the per-seed differences over S; zero with
    one seed) and the test films' (the variance of that mean over ``resamples`` draws of n films with
    replacement, the same films for both models and every seed). ``first`` and ``second`` are
    predictions (S, n) or (n,), paired as in :func:`helpers.common.judgement.score_difference`."""
    y = np.asarray(y, dtype=float)
    loss_a, loss_b = score.loss(y, seed_rows(first)), score.loss(y, seed_rows(second))

    def per_seed(index: np.ndarray) -> np.ndarray:
        a = np.array([score.finish(float(m), y[index]) for m in loss_a[:, index].mean(axis=1)])
        b = np.array([score.finish(float(m), y[index]) for m in loss_b[:, index].mean(axis=1)])
        return a - b

    every = per_seed(np.arange(y.size))
    seeds_part = float(every.var(ddof=1) / every.size) if every.size > 1 else 0.0
    means = [per_seed(rng.integers(0, y.size, y.size)).mean() for _ in range(resamples)]
    return seeds_part, float(np.var(means, ddof=1))


def variance_sentence(pair: str, seeds_part: float, films_part: float, seeds: int, more_seeds: int) -> str:
    """Return a sentence on what limits the interval of the difference ``pair`` ("K-ADN − DeepFM by
    MAE") from its variance's two parts (:func:`variance_parts`) over ``seeds`` seeds, and by how much
    ``more_seeds`` seeds would narrow it (the seeds' part shrinks as 1 / seeds, the films' stays)."""
    if seeds < 2:
        return f"With one seed, the interval of {pair} varies the test films alone."
    total = seeds_part + films_part
    narrower = 1 - math.sqrt((seeds_part * seeds / more_seeds + films_part) / total)
    return (
        f"The test films make {formatting.percent(films_part / total, 0)} of the variance of {pair} and the "
        f"seeds the rest, so {more_seeds} seeds instead of {seeds} would narrow its interval by about "
        f"{formatting.percent(narrower, 0)}."
    )
