"""How this book judges a study's claim: four kinds of claim, one rule each, and one judged object.

A claim is one of four kinds (the book's page "How this book judges a claim" gives the equations):

- a **figure** the study prints (:class:`Figure`): *reproduced* when this book's figure lies within a
  stated tolerance of it (its whole interval, where it has one), *contradicted* when it lies wholly
  outside, else *not resolved*; *not comparable*, with the reason, when the data differ in a way that
  decides the number;
- a **difference**, "A beats B" (:class:`Difference`): the paired difference A − B over the units that
  vary (seeds, folds, resampled test units) and its 95 % interval; *reproduced* when the interval lies
  on the side of zero the claim predicts, *contradicted* when it lies on the other side, *not resolved*
  when it holds zero;
- **no effect**, "X does not help" (:class:`NoEffect`): two one-sided tests against a margin fixed
  before the run, read off the 90 % interval (each one-sided test at 5 %); *reproduced* only when the
  whole interval lies inside ±margin, *contradicted* when it lies wholly outside, else *not resolved*;
- an **ordering** of several models, or several no-effect pairs (:class:`Ordering`): each pair judged by
  its own rule; *reproduced* only when every pair is, *contradicted* when any pair is, else *not
  resolved*, and the sentence names the pairs that fail.

A judged claim is one :class:`Judged` object: the numbers, the interval, the rule, the verdict and the
sentence. The chapter's prose and its closing table both print from it, and every relation it prints
(``0.090 < 0.096``) is the one the printed numbers have, never the claim's sign.

The intervals come from :func:`over_repeats` (Student t over seeds), :func:`over_folds` (the corrected
resampled t of Nadeau and Bengio over cross-validation folds) and :func:`resampled` (seeds and a
bootstrap of the test units, moving blocks for a time series, combined as two variance components).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd
from arch.bootstrap import IIDBootstrap, MovingBlockBootstrap
from numpy.typing import ArrayLike
from pandas.io.formats.style import Styler
from scipy import stats

from helpers.common import formatting

REPRODUCED = "reproduced"
CONTRADICTED = "contradicted"
NOT_RESOLVED = "not resolved"
NOT_COMPARABLE = "not comparable"
NOT_RUN = "not run yet"
VERDICTS = (REPRODUCED, CONTRADICTED, NOT_RESOLVED, NOT_COMPARABLE, NOT_RUN)
VERDICT_MARKS = {  # a mark that reads without colour, and the class of the page's colour
    REPRODUCED: ("✔", "reproduced"),
    CONTRADICTED: ("✘", "contradicted"),
    NOT_RESOLVED: ("?", "not-resolved"),
    NOT_COMPARABLE: ("≠", "not-comparable"),
    NOT_RUN: ("○", "not-run"),
}
VERDICT_COLOURS = {  # background of the verdict cell in a notebook's table
    REPRODUCED: "#d7f0d8",
    CONTRADICTED: "#f7d4d4",
    NOT_RESOLVED: "#fbeccb",
    NOT_COMPARABLE: "#e6e6e6",
    NOT_RUN: "#ffffff",
}
LEVEL = 0.95  # the level of a difference's interval (two-sided)
EQUIVALENCE_LEVEL = 0.90  # the interval of two one-sided tests, each at 5 %
RESAMPLES = 2000  # bootstrap resamples of the test units
KINDS = ("figure", "difference", "no-effect", "ordering")
RECORD_PREFIX = "judged."  # a judged claim is recorded as "judged.<claim id>", its sentence as "<claim id>"


# --- intervals ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """An estimated difference (or figure), its interval and what varied to make it.

    ``values`` are the per-seed or per-fold figures the estimate is the mean of (empty where the
    estimate comes from one fit); ``units`` says in words what was resampled ("5 seeds and 10,906 test
    ratings"); ``method`` names the computation.
    """

    estimate: float
    low: float
    high: float
    level: float
    units: str
    method: str
    values: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        for name in ("estimate", "low", "high"):
            object.__setattr__(self, name, float(getattr(self, name)))
        object.__setattr__(self, "values", tuple(float(v) for v in self.values))

    def side(self) -> int:
        """Return where the interval lies: -1 wholly below zero, 1 wholly above, 0 if it holds zero."""
        return -1 if self.high < 0 else 1 if self.low > 0 else 0

    def shifted(self, by: float) -> Interval:
        """Return the interval moved by ``by`` (a figure's interval less a constant, say)."""
        return replace(
            self,
            estimate=self.estimate + by,
            low=self.low + by,
            high=self.high + by,
            values=tuple(v + by for v in self.values),
        )


def over_repeats(values: ArrayLike, level: float = LEVEL, unit: str = "seed") -> Interval:
    """Return the mean of ``values`` (n,), one per repeat (seed), and its Student-t interval at ``level``.

    With fewer than two values no interval can be made, and ValueError says so: a claim needs repeats.
    """
    values = np.asarray(values, dtype=float)
    if values.size < 2:
        raise ValueError(f"an interval over repeats needs at least two {unit}s, got {values.size}")
    mean = float(values.mean())
    half = float(stats.t.ppf(0.5 + level / 2, values.size - 1) * values.std(ddof=1) / math.sqrt(values.size))
    return Interval(
        mean,
        mean - half,
        mean + half,
        level,
        formatting.counted(values.size, unit),
        "Student t over repeats",
        tuple(values),
    )


def over_folds(values: ArrayLike, test_share: float, level: float = LEVEL) -> Interval:
    """Return the mean of per-fold ``values`` (k,) and its corrected resampled-t interval at ``level``.

    Cross-validation folds share most of their training data, so their differences vary less than
    independent samples would; Nadeau and Bengio's correction widens the variance of the mean from
    ``s²/k`` to ``(1/k + n_test/n_train)·s²``, with ``test_share`` = n_test / (n_test + n_train) of one fold.
    """
    values = np.asarray(values, dtype=float)
    k = values.size
    if k < 2:
        raise ValueError(f"an interval over folds needs at least two folds, got {k}")
    if not 0 < test_share < 1:
        raise ValueError(f"test_share={test_share}: must lie strictly between 0 and 1")
    mean = float(values.mean())
    variance = (1 / k + test_share / (1 - test_share)) * values.var(ddof=1)
    half = float(stats.t.ppf(0.5 + level / 2, k - 1) * math.sqrt(variance))
    return Interval(
        mean,
        mean - half,
        mean + half,
        level,
        formatting.counted(k, "fold"),
        "corrected resampled t over folds (Nadeau and Bengio)",
        tuple(values),
    )


def resampled(
    per_seed: Callable[[np.ndarray], np.ndarray],
    n_units: int,
    unit: str,
    rng: np.random.Generator,
    level: float = LEVEL,
    block: int = 1,
    resamples: int = RESAMPLES,
) -> Interval:
    """Return a difference's estimate and interval over seeds and resampled test units.

    ``per_seed(index)`` returns the difference of one seed per entry (S,) computed on the test units
    ``index`` (an int array into ``n_units`` units; the same index for every seed, so the pairs stay
    paired). The estimate is the mean over seeds on all units. Its variance has two parts: the seeds'
    (the sample variance of the S differences over S; none with one seed) and the test sample's (the
    bootstrap variance of the seed-mean over ``resamples`` resamples of the units, in moving blocks of
    ``block`` consecutive units for a time series). The interval is the estimate ± a Student t quantile
    with Satterthwaite's degrees of freedom times the combined standard error. ``unit`` names one test
    unit ("test rating", "test minute").
    """
    every = np.arange(n_units)
    values = np.asarray(per_seed(every), dtype=float).ravel()
    estimate = float(values.mean())
    seed = np.random.default_rng(rng.integers(2**63))
    bootstrap = IIDBootstrap(every, seed=seed) if block <= 1 else MovingBlockBootstrap(block, every, seed=seed)
    means = np.array([np.mean(per_seed(index)) for (index,), _ in bootstrap.bootstrap(resamples)])
    test_var = float(means.var(ddof=1))
    seed_var = float(values.var(ddof=1) / values.size) if values.size > 1 else 0.0
    total = test_var + seed_var
    if seed_var > 0:  # Satterthwaite: the test part is known to many degrees of freedom, the seeds' to S - 1
        dof = total**2 / (seed_var**2 / (values.size - 1))
    else:
        dof = math.inf
    half = float(stats.t.ppf(0.5 + level / 2, dof) * math.sqrt(total)) if total > 0 else 0.0
    blocks = f" in blocks of {block}" if block > 1 else ""
    units = f"{formatting.counted(values.size, 'seed')} and {formatting.counted(n_units, unit)}{blocks}"
    method = f"{'moving-block' if block > 1 else 'paired'} bootstrap of the test units ({resamples:,} resamples)"
    if values.size > 1:
        method += " and Student t over seeds, combined"
    return Interval(estimate, estimate - half, estimate + half, level, units, method, tuple(values))


def power_over_seeds(seeds: int, difference_in_sds: float, level: float = LEVEL) -> float:
    """Return the share of runs in which a difference of ``difference_in_sds`` seed standard deviations
    reads reproduced from ``seeds`` seeds (:func:`over_repeats`): the power of a one-sided t test at
    (1 − ``level``)/2, from the noncentral t distribution with ``seeds`` − 1 degrees of freedom."""
    critical = stats.t.ppf(0.5 + level / 2, seeds - 1)
    return float(stats.nct.sf(critical, seeds - 1, difference_in_sds * math.sqrt(seeds)))


@dataclass(frozen=True)
class Score:
    """A score that is a function of the mean of a per-unit loss: RMSE, MAE, MSE or R².

    ``loss(y, p)`` gives the loss of each unit (n,); ``finish(mean_loss, y)`` turns its mean into the
    score. ``lower_is_better`` says which way is better.
    """

    name: str
    loss: Callable[[np.ndarray, np.ndarray], np.ndarray]
    finish: Callable[[float, np.ndarray], float]
    lower_is_better: bool = True

    def __call__(self, y: ArrayLike, p: ArrayLike) -> float:
        """Return the score of predictions ``p`` (n,) of ``y`` (n,)."""
        y = np.asarray(y, dtype=float)
        return self.finish(float(self.loss(y, np.asarray(p, dtype=float)).mean()), y)


RMSE = Score("RMSE", lambda y, p: (y - p) ** 2, lambda m, y: math.sqrt(m))
MSE = Score("MSE", lambda y, p: (y - p) ** 2, lambda m, y: m)
MAE = Score("MAE", lambda y, p: np.abs(y - p), lambda m, y: m)
R2 = Score("R²", lambda y, p: (y - p) ** 2, lambda m, y: 1 - m / float(np.var(y)), lower_is_better=False)


def _seed_rows(predictions: ArrayLike) -> np.ndarray:
    """Return predictions as rows of seeds (S, n): one row for a model fitted once."""
    rows = np.asarray(predictions, dtype=float)
    return rows[None, :] if rows.ndim == 1 else rows


def score_difference(
    score: Score,
    y: ArrayLike,
    first: ArrayLike,
    second: ArrayLike,
    unit: str,
    rng: np.random.Generator,
    level: float = LEVEL,
    block: int = 1,
    resamples: int = RESAMPLES,
) -> Interval:
    """Return the difference score(first) − score(second) on the test units ``y`` (n,), with its interval
    over seeds and resampled units (:func:`resampled`).

    ``first`` and ``second`` are predictions (S, n), one row per seed, or (n,) for a model fitted once
    (a baseline); rows with the same seed are paired, and a single row is paired with every seed of the
    other model.
    """
    y = np.asarray(y, dtype=float)
    a, b = _seed_rows(first), _seed_rows(second)
    if a.shape[1] != y.size or b.shape[1] != y.size:
        raise ValueError(f"predictions of {a.shape[1]} and {b.shape[1]} units for {y.size} test units")
    if a.shape[0] != b.shape[0] and 1 not in (a.shape[0], b.shape[0]):
        raise ValueError(f"{a.shape[0]} seeds against {b.shape[0]}: pair equal seeds, or one fit with many")
    loss_a, loss_b = score.loss(y, a), score.loss(y, b)

    def per_seed(index: np.ndarray) -> np.ndarray:
        ys = y[index]
        first_scores = np.array([score.finish(float(row[index].mean()), ys) for row in loss_a])
        second_scores = np.array([score.finish(float(row[index].mean()), ys) for row in loss_b])
        return first_scores - second_scores

    return resampled(per_seed, y.size, unit, rng, level, block, resamples)


# --- claims -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judged:
    """A claim judged: what the study says, the figures on both sides, the interval, the rule, the
    verdict and the sentence the page prints. Built by a claim's ``judge``; recorded as JSON."""

    chapter: str
    id: str
    text: str
    source: str
    section: str
    kind: str
    verdict: str
    sentence: str
    study: str  # the study's figures as the page shows them
    book: str  # this book's figures as the page shows them
    reason: str  # why, in one line
    rule: str
    study_figures: dict[str, float] = field(default_factory=dict)
    book_figures: dict[str, float] = field(default_factory=dict)
    estimate: float | None = None
    interval: tuple[float, float] | None = None
    level: float | None = None
    values: tuple[float, ...] = ()
    claimed_side: int | None = None
    margin: float | None = None
    units_resampled: str = ""
    unit: str = ""
    rule_verdict: str = ""  # what the rule reads on this book's data, also where the claim is not comparable
    pairs: tuple[Judged, ...] = ()

    def to_json(self) -> str:
        """Return the judged claim as a JSON string (its record)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Judged:
        """Return the judged claim a :meth:`to_json` string holds."""
        data = json.loads(text)
        data["pairs"] = tuple(cls.from_json(json.dumps(pair)) for pair in data.get("pairs", ()))
        data["values"] = tuple(data.get("values", ()))
        if data.get("interval") is not None:
            data["interval"] = tuple(data["interval"])
        return cls(**data)

    def exported_verdict(self) -> str:
        """Return the verdict as ``claims.json`` gives it: a claim that is not comparable also says what the
        rule reads on this book's data, "not comparable (on this book's data: not resolved)", so its
        interval can be checked like any other's."""
        if self.verdict == NOT_COMPARABLE and self.rule_verdict:
            return f"{NOT_COMPARABLE} (on this book's data: {self.rule_verdict})"
        return self.verdict

    def export(self) -> list[dict]:
        """Return the claim's entries for ``claims.json``: itself, then each of its pairs as an entry of
        its own (``id`` ``"<claim>/<k>"``, ``part_of`` the claim), so every interval can be checked."""
        entry = {
            "chapter": self.chapter,
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "kind": self.kind,
            "study": self.study_figures,
            "book": self.book_figures,
            "estimate": self.estimate,
            "values": list(self.values),
            "interval": list(self.interval) if self.interval is not None else None,
            "level": self.level,
            "claimed_side": self.claimed_side,
            "margin": self.margin,
            "unit": self.unit,
            "units_resampled": self.units_resampled,
            "rule": self.rule,
            "verdict": self.exported_verdict(),
            "sentence": self.sentence,
            "pairs": [f"{self.id}/{k}" for k in range(1, len(self.pairs) + 1)],
        }
        parts = []
        for k, pair in enumerate(self.pairs, start=1):
            for part in pair.export():
                parts.append({**part, "id": f"{self.id}/{k}", "part_of": self.id})
        return [entry, *parts]


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""


def _percent(level: float) -> str:
    """Return a level as the book prints it: ``0.95`` -> ``"95 %"``."""
    return f"{100 * level:.0f} %"


def relation(first: float, second: float, decimals: int) -> tuple[str, str, str]:
    """Return ``(first as text, sign, second as text)``: the two numbers with the sign (<, > or =) that
    holds between them as printed. Decimals are added, up to two more, until the printed numbers
    differ, so the sign never contradicts what the reader sees."""
    for shown in range(decimals, decimals + 3):
        a, b = formatting.metric(first, shown), formatting.metric(second, shown)
        if _printed_value(a) != _printed_value(b):  # "−0.000" and "0.000" print the same number
            return a, "<" if first < second else ">", b
    return a, "=", b


def _printed_value(text: str) -> float:
    """Return the number a metric printed by :func:`formatting.metric` shows."""
    return float(text.replace(formatting.MINUS, "-"))


@dataclass(frozen=True)
class Claim:
    """One thing a study says: its ``id`` (unique in the book, such as ``netflix.biases_help_dl``), its
    words, where the study says it, the MyST label of the section that measures it, and, when this
    book's data cannot test it, the reason (``not_comparable``). ``decimals`` are those its figures are
    shown with, ``unit`` their unit."""

    chapter: str
    id: str
    text: str
    source: str
    section: str
    not_comparable: str = ""
    decimals: int = formatting.DECIMALS
    unit: str = ""

    kind = ""
    rule = ""

    def _judged(self, verdict: str, sentence: str, study: str, book: str, reason: str, **extra) -> Judged:
        """Return the judged claim, "not comparable" with its reason when the data cannot test it."""
        rule_verdict = verdict
        if self.not_comparable and verdict != NOT_RUN:
            verdict, reason = NOT_COMPARABLE, self.not_comparable
            ruled = sentence[0].lower() + sentence[1:]
            sentence = f"Not comparable: {self.not_comparable}. On this book's data the rule reads {ruled}"
        return Judged(
            self.chapter,
            self.id,
            self.text,
            self.source,
            self.section,
            self.kind,
            verdict,
            sentence,
            study,
            book,
            reason,
            self.rule,
            unit=self.unit,
            rule_verdict=rule_verdict,
            **extra,
        )

    def not_run(self, reason: str = "the chapter has not measured this yet") -> Judged:
        """Return the claim as not judged, with ``reason`` (a run that could not measure it)."""
        return Judged(
            self.chapter,
            self.id,
            self.text,
            self.source,
            self.section,
            self.kind,
            NOT_RUN,
            f"Not judged: {reason}.",
            self.study_text(),
            formatting.MISSING,
            reason,
            self.rule,
            unit=self.unit,
        )

    def study_text(self) -> str:
        """Return the study's figures as the page shows them."""
        raise NotImplementedError


def _verdict_word(verdict: str) -> str:
    return verdict[0].upper() + verdict[1:]


@dataclass(frozen=True)
class Figure(Claim):
    """A figure the study prints (``study``, in ``unit``), judged within ``tolerance`` of it."""

    study: float = 0.0
    tolerance: float = 0.0

    kind = "figure"
    rule = "within the tolerance of the study's figure (the whole interval, where there is one)"

    def study_text(self) -> str:
        return f"{formatting.metric(self.study, self.decimals)}{_unit(self.unit)}"

    def judge(self, book: float, interval: Interval | None = None) -> Judged:
        """Return the verdict on this book's figure ``book`` and, where it varies over seeds or test units,
        its ``interval``: reproduced when the interval (or the figure) lies within ±tolerance of the
        study's figure, contradicted when it lies wholly outside, else not resolved."""
        low, high = (interval.low, interval.high) if interval else (book, book)
        lo_gap, hi_gap = low - self.study, high - self.study
        if -self.tolerance <= lo_gap and hi_gap <= self.tolerance:
            verdict = REPRODUCED
        elif lo_gap > self.tolerance or hi_gap < -self.tolerance:
            verdict = CONTRADICTED
        else:
            verdict = NOT_RESOLVED
        unit = _unit(self.unit)
        shown = f"{formatting.metric(book, self.decimals)}{unit}"
        spread = (
            f" ({_percent(interval.level)} interval {formatting.metric(low, self.decimals)} to "
            f"{formatting.metric(high, self.decimals)} over {interval.units})"
            if interval
            else ""
        )
        gap = formatting.signed(book - self.study, self.decimals)
        reason = f"gap {gap}{unit}; tolerance ±{self.tolerance:g}{unit}"
        sentence = (
            f"{_verdict_word(verdict)}: this book's figure is {shown}{spread} against the study's "
            f"{self.study_text()}, a gap of {gap}{unit} for a tolerance of ±{self.tolerance:g}{unit}."
        )
        return self._judged(
            verdict,
            sentence,
            self.study_text(),
            shown,
            reason,
            study_figures={"figure": self.study},
            book_figures={"figure": float(book)},
            estimate=float(book),
            interval=(low, high) if interval else None,
            level=interval.level if interval else None,
            values=interval.values if interval else (),
            margin=self.tolerance,
            units_resampled=interval.units if interval else "",
        )


@dataclass(frozen=True)
class Pair(Claim):
    """What a difference and a no-effect claim share: the two sides' names (``first``, ``second``), the
    measure they are compared by (``measure``, such as "test RMSE") and the study's figures of each
    (None where the study gives no number)."""

    first: str = ""
    second: str = ""
    measure: str = ""
    study_first: float | None = None
    study_second: float | None = None

    def _relation(self, a: float, b: float) -> str:
        x, sign, y = relation(a, b, self.decimals)
        return f"{self.first} {x} {sign} {self.second} {y}"

    def study_text(self) -> str:
        if self.study_first is None or self.study_second is None:
            return "stated, no figures"
        return self._relation(self.study_first, self.study_second)

    def _study_figures(self) -> dict[str, float]:
        return {
            name: value
            for name, value in ((self.first, self.study_first), (self.second, self.study_second))
            if value is not None
        }

    def _interval_text(self, interval: Interval) -> str:
        d = self.decimals
        return (
            f"{self.first} − {self.second} is {formatting.signed(interval.estimate, d)}{_unit(self.unit)}, "
            f"{_percent(interval.level)} interval {formatting.signed(interval.low, d, side_shown=True)} to "
            f"{formatting.signed(interval.high, d, side_shown=True)} over {interval.units}"
        )

    def _pair_judged(
        self,
        verdict: str,
        sentence: str,
        study: str,
        book: str,
        reason: str,
        first: float,
        second: float,
        interval: Interval,
        **extra,
    ) -> Judged:
        """Return the judged pair: the verdict and its words, both figures and ``interval`` (of
        first − second) kept beside them, with the rule's ``extra`` fields (its side or margin)."""
        return self._judged(
            verdict,
            sentence,
            study,
            book,
            reason,
            study_figures=self._study_figures(),
            book_figures={self.first: float(first), self.second: float(second)},
            estimate=interval.estimate,
            interval=(interval.low, interval.high),
            level=interval.level,
            values=interval.values,
            units_resampled=interval.units,
            **extra,
        )


@dataclass(frozen=True)
class Difference(Pair):
    """A finding that ``first`` beats ``second`` by ``measure``: ``claimed_side`` is the sign of
    first − second the claim predicts (-1 where lower is better, +1 where higher is)."""

    claimed_side: int = -1

    kind = "difference"
    rule = "95 % interval of the paired difference: on the claimed side of zero, on the other side, or holding zero"

    def _side_words(self, side: int) -> str:
        return "below" if side < 0 else "above"

    def judge(self, first: float, second: float, interval: Interval) -> Judged:
        """Return the verdict on the figures ``first`` and ``second`` (means over what varied) and the
        ``interval`` of first − second: reproduced when it lies on the claimed side of zero,
        contradicted when it lies on the other side, not resolved when it holds zero."""
        if abs(interval.estimate - (first - second)) > 1e-9 * max(1.0, abs(first), abs(second)):
            raise ValueError(
                f"{self.id}: the interval's estimate {interval.estimate} is not {first} − {second}; "
                "give the figures the interval was made from"
            )
        side = interval.side()
        verdict = REPRODUCED if side == self.claimed_side else NOT_RESOLVED if side == 0 else CONTRADICTED
        book = self._relation(first, second)
        where = {
            REPRODUCED: f"wholly {self._side_words(self.claimed_side)} zero, as the claim predicts",
            CONTRADICTED: f"wholly {self._side_words(-self.claimed_side)} zero, against the claim",
            NOT_RESOLVED: "across zero, so these data cannot tell the two apart",
        }[verdict]
        sentence = (
            f"{_verdict_word(verdict)}: {book}{_unit(self.unit)} by {self.measure}; "
            f"{self._interval_text(interval)}, {where}."
        )
        reason = f"{self.first} − {self.second}: interval {where.split(',')[0]}"
        study = self.study_text()
        if (
            self.study_first is not None
            and self.study_second is not None
            and np.sign(self.study_first - self.study_second) != self.claimed_side
        ):
            reason += "; the study's own figures say the opposite"
        return self._pair_judged(
            verdict, sentence, study, book, reason, first, second, interval, claimed_side=self.claimed_side
        )


@dataclass(frozen=True)
class NoEffect(Pair):
    """A finding that ``first`` and ``second`` do not differ by ``measure``: equivalence within
    ``margin`` (in ``unit``), a margin fixed before the run from the study's own resolution."""

    margin: float = 0.0

    kind = "no-effect"
    rule = "two one-sided tests: the 90 % interval inside ±margin, wholly outside it, or neither"

    def judge(self, first: float, second: float, interval: Interval) -> Judged:
        """Return the verdict on ``first`` − ``second`` from its ``interval`` (made at
        :data:`EQUIVALENCE_LEVEL`): reproduced only when the whole interval lies inside ±margin,
        contradicted when it lies wholly outside, else not resolved."""
        if interval.level != EQUIVALENCE_LEVEL:
            raise ValueError(f"{self.id}: an equivalence test reads the {_percent(EQUIVALENCE_LEVEL)} interval")
        m = self.margin
        if -m < interval.low and interval.high < m:
            verdict, where = REPRODUCED, "inside"
        elif interval.low >= m or interval.high <= -m:
            verdict, where = CONTRADICTED, "wholly outside"
        else:
            verdict, where = NOT_RESOLVED, "partly outside"
        margin_text = f"±{formatting.metric(m, self.decimals)}{_unit(self.unit)}"
        tail = {
            REPRODUCED: "so any difference is smaller than the margin",
            CONTRADICTED: "so the difference is larger than the margin",
            NOT_RESOLVED: "so these data can show neither that the difference is within the margin nor beyond it",
        }[verdict]
        book = self._relation(first, second)
        sentence = (
            f"{_verdict_word(verdict)}: {book}{_unit(self.unit)} by {self.measure}; "
            f"{self._interval_text(interval)}, {where} the margin of {margin_text} set before the run, {tail}."
        )
        reason = f"interval {where} the margin {margin_text}"
        return self._pair_judged(verdict, sentence, self.study_text(), book, reason, first, second, interval, margin=m)


@dataclass(frozen=True)
class Ordering(Claim):
    """A finding about several pairs at once (an ordering, "best of all", "no size matters"): each of
    ``pairs`` (difference or no-effect claims) judged by its own rule."""

    pairs: Sequence[Pair] = field(default_factory=tuple)

    kind = "ordering"
    rule = "every pair judged by its own rule: reproduced only when every pair is"

    def study_text(self) -> str:
        return "; ".join(pair.study_text() for pair in self.pairs)

    def judge(self, judged_pairs: Sequence[Judged]) -> Judged:
        """Return the verdict on the judged ``judged_pairs`` (one per pair, in order): reproduced only when
        every pair is, contradicted when any pair is, else not resolved; the sentence names the pairs
        that are not reproduced."""
        if [j.id for j in judged_pairs] != [p.id for p in self.pairs]:
            raise ValueError(f"{self.id}: judge each of its pairs, in order: {[p.id for p in self.pairs]}")
        verdicts = [j.verdict for j in judged_pairs]
        if all(v == REPRODUCED for v in verdicts):
            verdict = REPRODUCED
        elif CONTRADICTED in verdicts:
            verdict = CONTRADICTED
        else:
            verdict = NOT_RESOLVED
        failing = [(pair, j) for pair, j in zip(self.pairs, judged_pairs, strict=True) if j.verdict != REPRODUCED]
        if failing:
            named = "; ".join(f"{j.verdict}: {j.book}" for _, j in failing)
            held = len(self.pairs) - len(failing)
            sentence = f"{_verdict_word(verdict)}: {held} of {len(self.pairs)} pairs reproduced; {named}."
        else:
            sentence = f"{_verdict_word(verdict)}: every one of the {len(self.pairs)} pairs is reproduced."
        book = "; ".join(j.book for j in judged_pairs)
        reason = f"{len(self.pairs) - len(failing)} of {len(self.pairs)} pairs reproduced"
        if any("the study's own figures say the opposite" in j.reason for j in judged_pairs):
            reason += "; the study's own figures say the opposite for some"
        return self._judged(
            verdict,
            sentence,
            self.study_text(),
            book,
            reason,
            study_figures={k: v for j in judged_pairs for k, v in j.study_figures.items()},
            book_figures={k: v for j in judged_pairs for k, v in j.book_figures.items()},
            pairs=tuple(judged_pairs),
        )


# --- pages --------------------------------------------------------------------------------------------


def verdict_label(verdict: str) -> str:
    """Return the verdict with its mark, e.g. ``"✔ reproduced"``: readable without colour."""
    return f"{VERDICT_MARKS[verdict][0]} {verdict}"


def record_name(claim_id: str) -> str:
    """Return the record name a judged claim is kept under."""
    return f"{RECORD_PREFIX}{claim_id}"


def judged_of(claims: Sequence[Claim], records: Mapping[str, object]) -> list[Judged]:
    """Return the judged claim of each of ``claims`` from a chapter's ``records`` (its recorded JSON),
    in the claims' order; a claim the chapter did not judge is "not run yet"."""
    found = []
    for claim in claims:
        text = records.get(record_name(claim.id))
        found.append(Judged.from_json(text) if isinstance(text, str) else claim.not_run())
    return found


def verdict_counts(judged: Sequence[Judged]) -> dict[str, int]:
    """Return how many of ``judged`` have each verdict, in the order of :data:`VERDICTS`."""
    counts = {v: sum(j.verdict == v for j in judged) for v in VERDICTS}
    return {v: n for v, n in counts.items() if n}


def tally(judged: Sequence[Judged]) -> str:
    """Return a one-line tally of verdicts, e.g. ``"3 reproduced, 1 not resolved"``."""
    return ", ".join(f"{n} {v}" for v, n in verdict_counts(judged).items())


def claims_frame(judged: Sequence[Judged]) -> pd.DataFrame:
    """Return one row per judged claim: the claim and where the study says it, the study's figures,
    this book's, the verdict and why, in the book's number format (all text)."""
    return pd.DataFrame(
        [
            {
                "claim": f"{j.text} ({j.source})",
                "study": j.study,
                "this book": j.book,
                "verdict": j.verdict,
                "why": j.reason,
            }
            for j in judged
        ],
        columns=["claim", "study", "this book", "verdict", "why"],
    )


CLAIMS_TABLE_CLASS = "claims-table"  # the closing table's HTML class, read by _static/book.css and figures.js


def show_claims(judged: Sequence[Judged]) -> Styler:
    """Return a chapter's closing table for the page: :func:`claims_frame` with each verdict marked and
    coloured, and the tally of verdicts as its caption; its HTML table has the class ``claims-table``
    (:data:`CLAIMS_TABLE_CLASS`), which the book's style sheet stacks into one block per claim on a phone."""
    frame = claims_frame(judged)
    colours = frame["verdict"].map(VERDICT_COLOURS)
    frame["verdict"] = frame["verdict"].map(verdict_label)
    return (
        formatting.table(frame)
        .apply(lambda _: [f"background-color: {c}" for c in colours], subset=["verdict"])
        .set_caption(f"The study's claims, judged on this book's data: {tally(judged)}.")
        .set_table_attributes(f'class="{CLAIMS_TABLE_CLASS}"')
    )
