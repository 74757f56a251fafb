"""The Netflix chapter's intervals and verdicts, from the models' predictions, by the book's rules
(:mod:`helpers.common.judgement`).

Predictions are arrays in stars: ``(S, n)``, one row per seed, for a model trained from ``S`` seeds, or
``(n,)`` for a model fitted once (a baseline); ``y`` (n,) are the ratings they predict. Every interval
varies both what a rerun would change: the seeds (rows with the same seed are paired) and the test
ratings (a paired bootstrap of the rating indices).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from helpers.common import formatting, judgement
from helpers.common.judgement import (
    EQUIVALENCE_LEVEL,
    LEVEL,
    RESAMPLES,
    RMSE,
    Difference,
    Interval,
    Judged,
    NoEffect,
    Ordering,
    Pair,
    Score,
)


def seed_rows(predictions: ArrayLike) -> np.ndarray:
    """Return predictions as rows of seeds, ``(S, n)``: one row for a model fitted once."""
    rows = np.asarray(predictions, dtype=float)
    return rows[None, :] if rows.ndim == 1 else rows


def seed_scores(y: ArrayLike, predictions: ArrayLike, score: Score = RMSE) -> np.ndarray:
    """Return the score of each seed's predictions, ``(S,)``."""
    return np.array([score(y, row) for row in seed_rows(predictions)])


def score_interval(
    y: ArrayLike,
    predictions: ArrayLike,
    unit: str,
    rng: np.random.Generator,
    level: float = LEVEL,
    score: Score = RMSE,
    resamples: int = RESAMPLES,
) -> Interval:
    """Return a model's score (the mean over seeds) with its interval at ``level`` over the seeds and the
    test units, drawn ``resamples`` times (:func:`helpers.common.judgement.resampled`); ``unit`` names
    one test unit."""
    y = np.asarray(y, dtype=float)
    losses = score.loss(y, seed_rows(predictions))

    def per_seed(index: np.ndarray) -> np.ndarray:
        ys = y[index]
        return np.array([score.finish(float(mean), ys) for mean in np.take(losses, index, axis=1).mean(axis=1)])

    return judgement.resampled(per_seed, y.size, unit, rng, level, resamples=resamples)


def gap_interval(
    y_first: ArrayLike,
    first: ArrayLike,
    y_second: ArrayLike,
    second: ArrayLike,
    unit: str,
    rng: np.random.Generator,
    reference: tuple[ArrayLike, ArrayLike] | None = None,
    level: float = LEVEL,
    score: Score = RMSE,
    resamples: int = RESAMPLES,
) -> Interval:
    """Return score(``second`` on ``y_second``) − score(``first`` on ``y_first``): one model's predictions
    of two test sets (each ``(S, n_set)`` with the same seeds, or ``(n_set,)``), with its interval at
    ``level`` over the seeds and the ratings of both sets, resampled together (a bootstrap of their
    union, so each resample holds a varying share of each set). With ``reference`` (another model's
    predictions of the two sets, each ``(n_set,)``), the reference's own gap is subtracted on every
    resample: what the model's gap adds to it. The ratings are drawn ``resamples`` times."""
    y_a, y_b = np.asarray(y_first, dtype=float), np.asarray(y_second, dtype=float)
    loss_a, loss_b = score.loss(y_a, seed_rows(first)), score.loss(y_b, seed_rows(second))
    if loss_a.shape[0] != loss_b.shape[0]:
        raise ValueError(f"{loss_a.shape[0]} seeds on the first set against {loss_b.shape[0]} on the second")
    if reference is not None:
        loss_a = np.vstack([loss_a, score.loss(y_a, seed_rows(reference[0]))])
        loss_b = np.vstack([loss_b, score.loss(y_b, seed_rows(reference[1]))])
    n_a = y_a.size

    def per_seed(index: np.ndarray) -> np.ndarray:
        in_a, in_b = index[index < n_a], index[index >= n_a] - n_a
        ys_a, ys_b = y_a[in_a], y_b[in_b]
        means_a, means_b = np.take(loss_a, in_a, axis=1).mean(axis=1), np.take(loss_b, in_b, axis=1).mean(axis=1)
        gaps = np.array(
            [score.finish(float(b), ys_b) - score.finish(float(a), ys_a) for a, b in zip(means_a, means_b, strict=True)]
        )
        return gaps[:-1] - gaps[-1] if reference is not None else gaps

    return judgement.resampled(per_seed, n_a + y_b.size, unit, rng, level, resamples=resamples)


@dataclass
class PairJudge:
    """Judges difference, no-effect and ordering claims whose sides are models scored on one test set.

    ``predictions`` maps each side's name (as the claims name it: ``claim.first``, ``claim.second``) to
    its predictions of ``y`` (``(S, n)`` or ``(n,)``); ``unit`` names one test unit ("test rating").
    A difference is judged from the 95 % interval, a no-effect claim from the 90 % interval of two
    one-sided tests (:data:`helpers.common.judgement.EQUIVALENCE_LEVEL`), the ratings drawn
    ``resamples`` times. Each claim is judged once: a pair that is also a claim of its own (or of another
    ordering) keeps one interval.
    """

    y: np.ndarray
    predictions: Mapping[str, ArrayLike]
    unit: str
    rng: np.random.Generator
    resamples: int = RESAMPLES
    done: dict[str, Judged] = field(default_factory=dict)

    def __call__(self, claim: Pair | Ordering) -> Judged:
        """Return the judged ``claim``."""
        if claim.id not in self.done:
            if isinstance(claim, Ordering):
                self.done[claim.id] = claim.judge([self(pair) for pair in claim.pairs])
            else:
                self.done[claim.id] = self._pair(claim)
        return self.done[claim.id]

    def _pair(self, claim: Pair) -> Judged:
        if not isinstance(claim, Difference | NoEffect):
            raise TypeError(f"{claim.id}: a {type(claim).__name__} is not judged from two models' predictions")
        missing = [name for name in (claim.first, claim.second) if name not in self.predictions]
        if missing:
            raise KeyError(f"{claim.id}: no predictions for {missing}; have {sorted(self.predictions)}")
        first, second = (seed_rows(self.predictions[name]) for name in (claim.first, claim.second))
        level = EQUIVALENCE_LEVEL if isinstance(claim, NoEffect) else LEVEL
        interval = judgement.score_difference(
            RMSE, self.y, first, second, self.unit, self.rng, level=level, resamples=self.resamples
        )
        return claim.judge(seed_scores(self.y, first).mean(), seed_scores(self.y, second).mean(), interval)


@dataclass
class FoldJudge:
    """Judges difference claims (and orderings of them) whose sides are models scored on cross-validation
    folds: ``per_fold`` maps each side's name to its test RMSE in each fold, ``(k,)``.

    With two folds or more the interval is over the folds, with Nadeau and Bengio's correction for
    their shared training data (:func:`helpers.common.judgement.over_folds`; ``test_share`` is the share
    of a fold's ratings in its test part). With one fold it is over that fold's test ratings: a paired
    bootstrap of ``y`` (n,) with each side's ``predictions`` of them (:class:`PairJudge`), drawn
    ``resamples`` times.
    """

    per_fold: Mapping[str, Sequence[float]]
    test_share: float
    y: np.ndarray
    predictions: Mapping[str, ArrayLike]
    rng: np.random.Generator
    resamples: int = RESAMPLES
    done: dict[str, Judged] = field(default_factory=dict)

    def __call__(self, claim: Difference | Ordering) -> Judged:
        """Return the judged ``claim``."""
        if claim.id in self.done:
            return self.done[claim.id]
        if isinstance(claim, Ordering):
            judged = claim.judge([self(pair) for pair in claim.pairs])
        elif len(self.per_fold[claim.first]) < 2:
            judged = PairJudge(self.y, self.predictions, "test rating", self.rng, self.resamples)(claim)
        else:
            first, second = (np.asarray(self.per_fold[name], dtype=float) for name in (claim.first, claim.second))
            interval = judgement.over_folds(first - second, self.test_share)
            judged = claim.judge(first.mean(), second.mean(), interval)
        self.done[claim.id] = judged
        return judged


def interval_text(bounds: Interval | Judged, decimals: int = formatting.DECIMALS, signed: bool = False) -> str:
    """Return ``"a to b"``: the bounds of an interval, or of a judged claim's interval, as the book prints
    them (with their signs for a difference)."""
    low, high = (bounds.low, bounds.high) if isinstance(bounds, Interval) else bounds.interval
    shown = formatting.signed if signed else formatting.metric
    return f"{shown(low, decimals)} to {shown(high, decimals)}"


def interval_frame(intervals: Mapping[str, Mapping[str, Interval]], signed: Sequence[str] = ()) -> pd.DataFrame:
    """Return one row per model (the keys of ``intervals``) and, for each measure of its mapping, two
    columns: the estimate, and its interval as text (``"<measure>, 95 % interval"``; the measures named
    in ``signed`` are differences, printed with their sign). A measure a model lacks is left empty."""
    measures = list(dict.fromkeys(measure for row in intervals.values() for measure in row))
    rows = {}
    for name, row in intervals.items():
        cells: dict[str, object] = {}
        for measure in measures:
            interval = row.get(measure)
            level = f"{100 * interval.level:.0f} %" if interval else "95 %"
            cells[measure] = interval.estimate if interval else np.nan
            cells[f"{measure}, {level} interval"] = (
                interval_text(interval, signed=measure in signed) if interval else formatting.MISSING
            )
        rows[name] = cells
    return pd.DataFrame(rows).T.rename_axis("model")


def estimates_sentence(intervals: Mapping[str, Interval], unit: str = "stars", signed: bool = True) -> str:
    """Return ``"A +0.012 stars (95 % interval −0.010 to +0.034), B …"``: each named estimate with its
    interval, as the book prints them."""
    shown = formatting.signed if signed else formatting.metric
    return "; ".join(
        f"{name} {shown(i.estimate)} {unit} ({100 * i.level:.0f} % interval {interval_text(i, signed=signed)})"
        for name, i in intervals.items()
    )


def against_published(interval: Interval, published: Mapping[str, float]) -> str:
    """Return a sentence that sets a figure's interval beside published figures (name → value, no interval
    of their own): where each published figure lies against the interval, read off the numbers."""

    def where(value: float) -> str:
        return "below" if value < interval.low else "above" if value > interval.high else "inside"

    placed = [f"{name} ({formatting.metric(value)}) lies {where(value)} it" for name, value in published.items()]
    return (
        f"its {100 * interval.level:.0f} % interval is {interval_text(interval)} over {interval.units}; "
        f"{formatting.listing(placed)}."
    )


def leak_sentence(model: str, leak: Interval, baseline: str, lead: float) -> str:
    """Return what the held-out file says of the test split's leak for ``model``: ``leak`` is the interval
    of its held-out RMSE less its test-split RMSE beyond that of ``baseline`` (stars), ``lead`` the
    baseline's held-out RMSE less the model's (stars). The sentence gives the estimate, the interval's
    upper end as the most the leak can flatter the model, and how that bound compares with the lead."""
    level = f"{100 * leak.level:.0f} %"
    if leak.high <= 0:
        return (
            f"The held-out file shows no flattering of {model}: even the upper end of the {level} interval, "
            f"{formatting.signed(leak.high)} stars, is not above zero."
        )
    sentence = (
        f"By the held-out file, the test split flatters {model} by {formatting.signed(leak.estimate)} stars, "
        f"and by at most {formatting.metric(leak.high)} stars (the upper end of the {level} interval)"
    )
    if lead > 0:
        bound = "less than" if leak.high < lead else "not less than"
        sentence += (
            f": {bound} its lead of {formatting.metric(lead)} stars over {baseline.lower()} on the held-out "
            "file, which no step had seen"
        )
    return sentence + "."
