"""What each study claims, and a verdict on each claim from the figures this book recorded.

A claim is either one figure the study prints (:class:`Match`: is this book's figure the same, within a
stated tolerance?) or a finding it states, an ordering (:class:`Order`: "K-ADN beats DeepFM") or the
absence of an effect (:class:`Flat`: "the latent size hardly matters"). Every verdict comes from the rule
of its claim's class, written once below with its tolerance; none is typed by hand. A claim measured on
data that differ from the study's in a way that decides the figure carries ``not_comparable``, the reason
in words, and gets the verdict "not comparable" whatever the numbers say.

The chapters' closing tables and the book's results page are both made from :data:`CLAIMS` with
:func:`scoreboard`, so a study's number is typed once, here, from its report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from pandas.io.formats.style import Styler

from helpers.common import formatting
from helpers.common.names import reader_name
from helpers.common.records import NOT_MEASURED, RecordValue

REPRODUCED = "reproduced"
PARTLY = "partly reproduced"
NOT_REPRODUCED = "not reproduced"
NOT_COMPARABLE = "not comparable"
NOT_RUN = "not run yet"
VERDICT_MARKS = {  # a mark that reads without colour, and the colour class of the page
    REPRODUCED: ("✔", "reproduced"),
    PARTLY: ("◐", "partly"),
    NOT_REPRODUCED: ("✘", "not-reproduced"),
    NOT_COMPARABLE: ("≠", "not-comparable"),
    NOT_RUN: ("○", "not-run"),
}
VERDICT_COLOURS = {  # background of the verdict cell in a notebook's table
    REPRODUCED: "#d7f0d8",
    PARTLY: "#fbeccb",
    NOT_REPRODUCED: "#f7d4d4",
    NOT_COMPARABLE: "#e6e6e6",
    NOT_RUN: "#ffffff",
}
PARTLY_FACTOR = 3  # a figure within this many tolerances of the study's is partly reproduced

STUDIES = {  # the studies named as their chapters are
    "01_box_office": "Box office",
    "02_movielens": "MovieLens",
    "03_douyin": "Douyin live stream",
    "04_douban": "Douban ratings",
    "05_netflix": "Netflix prize",
}


@dataclass(frozen=True)
class Outcome:
    """A claim judged: the study's figure and this book's as text, the verdict and why, in one line."""

    study: str
    book: str
    verdict: str
    reason: str


@dataclass(frozen=True)
class Claim:
    """One thing a study says, where it says it, the book's section that measures it, and its rule.

    ``chapter`` is the notebook name (``05_netflix``); ``section`` the MyST label of the section that
    shows the measurement; ``not_comparable`` the reason, if any, why this book's data cannot test it;
    ``decimals`` those its figures are shown with.
    """

    chapter: str
    text: str
    source: str
    section: str
    not_comparable: str = ""
    decimals: int = formatting.DECIMALS

    @property
    def records(self) -> list[str]:
        """Return the names of the records the rule reads."""
        raise NotImplementedError

    def judge(self, records: Mapping[str, RecordValue]) -> Outcome:
        """Return the claim's outcome on ``records`` (a chapter's records by name)."""
        missing = [name for name in self.records if not isinstance(records.get(name), (int, float))]
        study = self.study_text()
        if missing:
            said = [str(records[name]) for name in missing if str(records.get(name, "")).startswith(NOT_MEASURED)]
            if said:  # this run's data cannot measure it
                return Outcome(study, formatting.MISSING, NOT_COMPARABLE, said[0].removeprefix(NOT_MEASURED))
            return Outcome(study, formatting.MISSING, NOT_RUN, "the chapter has not recorded this yet")
        outcome = self.rule({name: float(records[name]) for name in self.records})
        if self.not_comparable:
            return Outcome(study, outcome.book, NOT_COMPARABLE, self.not_comparable)
        return outcome

    def study_text(self) -> str:
        """Return the study's figure as the page shows it."""
        raise NotImplementedError

    def rule(self, values: Mapping[str, float]) -> Outcome:
        """Return the verdict of this claim's rule on the recorded ``values``."""
        raise NotImplementedError


@dataclass(frozen=True)
class Match(Claim):
    """A figure the study prints: reproduced when this book's is within ``tolerance`` of it (in the
    figure's unit), partly within :data:`PARTLY_FACTOR` tolerances, else not reproduced. With
    ``spread_record`` the tolerance is two of the recorded standard deviations instead."""

    record: str = ""
    study: float = 0.0
    tolerance: float = 0.0
    unit: str = ""
    spread_record: str = ""

    @property
    def records(self) -> list[str]:
        return [self.record] + ([self.spread_record] if self.spread_record else [])

    def study_text(self) -> str:
        return self._figure(self.study)

    def _figure(self, value: float) -> str:
        return f"{formatting.metric(value, self.decimals)}{_unit(self.unit)}"

    def rule(self, values: Mapping[str, float]) -> Outcome:
        book = values[self.record]
        tolerance = 2 * values[self.spread_record] if self.spread_record else self.tolerance
        gap = book - self.study
        verdict = _graded(abs(gap), tolerance)
        basis = "two standard deviations of repeated runs" if self.spread_record else "the tolerance"
        reason = (
            f"gap {formatting.signed(gap)}{_unit(self.unit)}; {basis} is ±{tolerance:.3g}, "
            f"partly within ±{PARTLY_FACTOR * tolerance:.3g}"
        )
        return Outcome(self.study_text(), self._figure(book), verdict, reason)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a record of this book (or a fixed ``constant`` such as a prize's
    RMSE), its name on the page, and the study's value of it (None where the study gives no number)."""

    name: str
    record: str = ""
    study: float | None = None
    constant: float | None = None

    def value(self, values: Mapping[str, float]) -> float:
        """Return this side's value in this book."""
        return self.constant if self.constant is not None else values[self.record]

    def study_value(self) -> float | None:
        """Return this side's value in the study (a constant is the same in both)."""
        return self.constant if self.constant is not None else self.study


@dataclass(frozen=True)
class Order(Claim):
    """A finding that one thing beats another: each pair ``(better, worse)`` holds when ``better``'s
    figure is lower (``lower_is_better``) or higher. All pairs hold: reproduced; some: partly; none:
    not reproduced. The reason also says when the study's own figures contradict the finding."""

    pairs: Sequence[tuple[Side, Side]] = field(default_factory=tuple)
    lower_is_better: bool = True

    @property
    def records(self) -> list[str]:
        return [side.record for pair in self.pairs for side in pair if side.constant is None]

    @property
    def _study_figured(self) -> bool:
        """True when the study gives a number for every side of every pair."""
        return all(side.study_value() is not None for pair in self.pairs for side in pair)

    def _holds(self, better: float, worse: float) -> bool:
        return better < worse if self.lower_is_better else better > worse

    def _comparisons(self, value_of, numbered: bool = True) -> str:
        """Return the pairs as text, those that share their better side written once:
        ``"K-ADN MAE 0.603 < SVM 0.587, FM 0.655"``; names alone unless ``numbered``."""

        def named(side: Side) -> str:
            return f"{side.name} {formatting.metric(value_of(side), self.decimals)}" if numbered else side.name

        sign = "<" if self.lower_is_better else ">"
        groups: dict[Side, list[Side]] = {}
        for better, worse in self.pairs:
            groups.setdefault(better, []).append(worse)
        return "; ".join(
            f"{named(better)} {sign} {', '.join(named(w) for w in worse)}" for better, worse in groups.items()
        )

    def study_text(self) -> str:
        text = self._comparisons(lambda side: side.study_value(), self._study_figured)
        return text if self._study_figured else f"stated: {text}"

    def rule(self, values: Mapping[str, float]) -> Outcome:
        held = [self._holds(b.value(values), w.value(values)) for b, w in self.pairs]
        verdict = REPRODUCED if all(held) else PARTLY if any(held) else NOT_REPRODUCED
        reason = f"{sum(held)} of {len(held)} comparisons hold here"
        if self._study_figured and not all(self._holds(b.study_value(), w.study_value()) for b, w in self.pairs):
            reason += "; the study's own figures contradict it"
        return Outcome(self.study_text(), self._comparisons(lambda side: side.value(values)), verdict, reason)


@dataclass(frozen=True)
class Flat(Claim):
    """A finding that something makes no difference: reproduced when the recorded figures span at most
    ``tolerance`` (in ``unit``), partly within :data:`PARTLY_FACTOR` tolerances, else not reproduced."""

    sides: Sequence[Side] = field(default_factory=tuple)
    tolerance: float = 0.0
    unit: str = ""

    @property
    def records(self) -> list[str]:
        return [side.record for side in self.sides]

    def _span(self, value_of) -> str:
        return ", ".join(f"{side.name} {formatting.metric(value_of(side), self.decimals)}" for side in self.sides)

    def study_text(self) -> str:
        return self._span(lambda side: side.study)

    def rule(self, values: Mapping[str, float]) -> Outcome:
        book = [side.value(values) for side in self.sides]
        span = max(book) - min(book)
        verdict = _graded(span, self.tolerance)
        reason = (
            f"span {formatting.metric(span, self.decimals)}{_unit(self.unit)}; no effect means at most "
            f"{self.tolerance:.3g}, partly at most {PARTLY_FACTOR * self.tolerance:.3g}"
        )
        return Outcome(self.study_text(), self._span(lambda side: side.value(values)), verdict, reason)


def _graded(distance: float, tolerance: float) -> str:
    """Return the verdict on a figure ``distance`` away from what it should be (a gap, a span):
    reproduced within ``tolerance``, partly within :data:`PARTLY_FACTOR` tolerances, else not."""
    if distance <= tolerance:
        return REPRODUCED
    if distance <= PARTLY_FACTOR * tolerance:
        return PARTLY
    return NOT_REPRODUCED


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""


BOX_OFFICE_DATA = "other films: Kaggle's 3,000 training films there, TMDB 5000 films with known budget and revenue here"
DOUYIN_DATA = "other data: two months with the off-air nights there, the one public day, cleaned, here"
DOUBAN_DATA = "other films: the paper's own crawl of 9,160 films there, the public 2019 crawl here"
NETFLIX_DATA = "other users: the first 10,000 users there, the book's user subset here"
PRIZE_DATA = "the Prize is scored on Netflix's hidden qualifying set, the study and this book on a user subset"


def _box_office() -> list[Claim]:
    reported = {
        ("all", "all"): (1.949, 1.362), ("all", "high"): (1.404, 1.083), ("all", "low"): (2.753, 1.939),
        ("high", "all"): (2.141, 1.441), ("high", "high"): (1.391, 1.058), ("high", "low"): (3.172, 2.232),
        ("low", "low"): (2.881, 2.150),
    }  # fmt: skip

    def side(train: str, test: str) -> Side:
        name = f"{train}→{test}"
        return Side(name, f"boxoffice.mlp.{train}.{test}.rmsle", reported[train, test][0])

    claims: list[Claim] = [
        Order(
            "01_box_office",
            "High-budget films are easier to predict than the whole test set, by RMSLE",
            "report §1.1.2",
            "boxoffice-experiments",
            pairs=((side("all", "high"), side("all", "all")),),
        ),
        Order(
            "01_box_office",
            "Low-budget films are clearly harder, by RMSLE",
            "report §1.1.3",
            "boxoffice-experiments",
            pairs=((side("all", "all"), side("all", "low")),),
        ),
        Order(
            "01_box_office",
            "On high-budget films, training on all films beats training on high-budget films only, by RMSLE",
            "report §1.2.2",
            "boxoffice-experiments",
            pairs=((side("all", "high"), side("high", "high")),),
        ),
        Order(
            "01_box_office",
            "Trained on high-budget films only, the MLP does worse on low-budget films, by RMSLE",
            "report §1.2.3",
            "boxoffice-experiments",
            pairs=((side("all", "low"), side("high", "low")),),
        ),
    ]
    for (train, test), (rmsle, mae) in reported.items():
        for metric, value in (("rmsle", rmsle), ("mae", mae)):
            claims.append(
                Match(
                    "01_box_office",
                    f"MLP trained on {train}, tested on {test}: {metric.upper()}",
                    "report §1",
                    "boxoffice-experiments",
                    BOX_OFFICE_DATA,
                    record=f"boxoffice.mlp.{train}.{test}.{metric}",
                    study=value,
                    tolerance=0.05,
                )  # fmt: skip
            )
    return claims


def _movielens() -> list[Claim]:
    return [
        Match(
            "02_movielens",
            "The rating matrix is 1.40 % filled",
            "blog post, similarity section",
            "movielens-data",
            record="movielens.sparsity_pct",
            study=1.40,
            tolerance=0.005,
            unit="%",
            decimals=2,
        ),
        Match(
            "02_movielens",
            "User-similarity CF, the study's formula, truncated matrix and random test draw: MSE "
            "(here the mean over repeated draws)",
            "blog post, user similarity",
            "movielens-study-cf",
            record="movielens.cf_user_study.mse_mean",
            study=9.8252,
            unit="stars²",
            spread_record="movielens.cf_user_study.mse_sd",
        ),
        Order(
            "02_movielens",
            "Matrix factorisation by SGD has a much smaller error than similarity CF, by MSE",
            "blog post, SGD section",
            "movielens-mf",
            pairs=((Side("MF", "movielens.mf_sgd.mse"), Side("user CF", "movielens.cf_user_study.mse")),),
        ),
        Order(
            "02_movielens",
            "Poster features find better similar movies than rating CF, by genre precision@5",
            "blog post, poster section",
            "movielens-judged",
            pairs=(
                (
                    Side("poster", "movielens.neighbours.genre_p5.poster"),
                    Side("item CF", "movielens.neighbours.genre_p5.cf_item"),
                ),
            ),
            lower_is_better=False,
        ),
    ]


def _douyin() -> list[Claim]:
    v1 = Side("LSTM v1", "douyin.lstm1.r2")
    v2 = Side("LSTM v2", "douyin.lstm2.r2", 0.756)  # the notebook's figure, by its page order (see the chapter)
    multi = Side("multivariate", "douyin.lstm_multi.study_config.r2", 0.727)
    return [
        Order(
            "03_douyin",
            "The tuned LSTM v2 forecasts better than LSTM v1, by test R²",
            "report §1",
            "douyin-verdict",
            pairs=((v2, v1),),
            lower_is_better=False,
        ),
        Order(
            "03_douyin",
            "The multivariate LSTM does worse than the univariate v2, by test R²",
            "report §2.5",
            "douyin-verdict",
            pairs=((v2, multi),),
            lower_is_better=False,
        ),
        Match(
            "03_douyin",
            "Univariate LSTM v2: test R²",
            "the study's notebook",
            "douyin-study-figures",
            DOUYIN_DATA,
            record="douyin.lstm2.r2",
            study=0.756,
            tolerance=0.05,
        ),
        Match(
            "03_douyin",
            "Univariate LSTM v2: test RMSE",
            "the study's notebook",
            "douyin-study-figures",
            DOUYIN_DATA,
            record="douyin.lstm2.rmse",
            study=1.64,
            tolerance=0.5,
            unit="viewers/min",
        ),
        Match(
            "03_douyin",
            "Multivariate LSTM, the study's window and batch: test R²",
            "the study's notebook",
            "douyin-study-figures",
            DOUYIN_DATA,
            record="douyin.lstm_multi.study_config.r2",
            study=0.727,
            tolerance=0.05,
        ),
    ]


DOUBAN_TABLE_1 = {  # the paper's Table 1: test MAE and RMSE (stars), by model key
    "svm": (1.112, 1.380),
    "fm": (0.801, 1.085),
    "deepfm": (0.703, 0.862),
    "at": (0.652, 0.798),
    "kd": (0.695, 0.854),
    "kadn": (0.611, 0.750),
}

DOUBAN_TEXT_HEADLINE = {  # the paper's text below Table 1: K-ADN's figure and its stated drop (%), by metric
    "mae": (0.618, 12.09),
    "rmse": (0.67, 10.6),
}
DOUBAN_TABLE_2 = {  # the paper's Table 2: model size (KB) and run time (s), by network
    "teacher": (1_319_757, 941),
    "student": (184_765, 225),
}


def _douban() -> list[Claim]:
    def side(model: str, metric: str, with_metric: bool = False) -> Side:
        name, (mae, rmse) = reader_name(model), DOUBAN_TABLE_1[model]
        shown = f"{name} {metric.upper()}" if with_metric else name
        return Side(shown, f"douban.{model}.{metric}", mae if metric == "mae" else rmse)

    claims: list[Claim] = [
        Order(
            "04_douban",
            "K-ADN has the lowest MAE and RMSE of all models",
            "paper §2.3.1, Table 1",
            "douban-table-1",
            pairs=tuple(
                (side("kadn", metric, with_metric=True), side(other, metric))
                for metric in ("mae", "rmse")
                for other in ("svm", "fm", "deepfm", "at", "kd")
            ),
        ),
        Order(
            "04_douban",
            "Attention alone beats DeepFM",
            "paper §2.3.1",
            "douban-table-1",
            pairs=tuple((side("at", metric, with_metric=True), side("deepfm", metric)) for metric in ("mae", "rmse")),
        ),
        Match(
            "04_douban",
            "The student has 86 % fewer parameters than the teacher",
            "paper §2.3.2, Table 2",
            "douban-table-2",
            record="douban.param_reduction_pct",
            study=86.0,
            tolerance=5.0,
            unit="%",
            decimals=1,
        ),
        Order(
            "04_douban",
            "The student trains in a fraction of the teacher's time",
            "paper §2.3.2, Table 2",
            "douban-table-2",
            pairs=(
                (
                    Side(
                        "student / teacher training time",
                        "douban.student_train_time_ratio",
                        round(DOUBAN_TABLE_2["student"][1] / DOUBAN_TABLE_2["teacher"][1], 2),
                    ),
                    Side("equal time", constant=1.0),
                ),
            ),
        ),
    ]
    for model, (mae, rmse) in DOUBAN_TABLE_1.items():
        name = reader_name(model)
        for metric, value in (("mae", mae), ("rmse", rmse)):
            claims.append(
                Match(
                    "04_douban",
                    f"{name}: {metric.upper()}",
                    "paper Table 1",
                    "douban-table-1",
                    DOUBAN_DATA,
                    record=f"douban.{model}.{metric}",
                    study=value,
                    tolerance=0.02,
                    unit="stars",
                )
            )
    for model in ("kadn", "deepfm"):
        claims.append(
            Match(
                "04_douban",
                f"{reader_name(model)} with the paper's training settings: MAE",
                "paper §2.3.1, Table 1",
                "douban-paper-settings",
                DOUBAN_DATA,
                record=f"douban.paper_settings.{model}.mae",
                study=DOUBAN_TABLE_1[model][0],
                tolerance=0.02,
                unit="stars",
            )
        )
    return claims


NETFLIX_TEST = {  # the study's test RMSE (stars) and its train RMSE, by model key
    "mf": (2.923, 2.915),
    "mf_norm": (0.931, 0.912),
    "dl": (0.878, 0.8235),
    "dl_norm": (0.882, 0.831),
    "dlplus": (0.873, 0.817),
    "dlplus_norm": (0.871, 0.806),
}
NETFLIX_LATENT = {32: 0.874, 64: 0.873, 128: 0.874, 256: 0.874, 512: 0.883}
PROGRESS_PRIZE_2007 = 0.8712  # RMSE of the 2007 Progress Prize on the qualifying set, as the study cites it


def _netflix() -> list[Claim]:
    def test(model: str) -> Side:
        name, rmse = reader_name(model), NETFLIX_TEST[model][0]
        return Side(name, f"netflix.{model}.rmse_test", rmse)

    claims: list[Claim] = [
        Order(
            "05_netflix",
            "Normalisation rescues matrix factorisation, by test RMSE",
            "report §5(1)",
            "netflix-training",
            pairs=((test("mf_norm"), test("mf")),),
        ),
        Order(
            "05_netflix",
            "The simple DL model clearly improves on MF, by test RMSE",
            "report §5(2)",
            "netflix-training",
            pairs=((test("dl"), test("mf_norm")),),
        ),
        Flat(
            "05_netflix",
            "Normalisation does not help the simple DL model, by test RMSE",
            "report §5(2)",
            "netflix-training",
            sides=(test("dl"), test("dl_norm")),
            tolerance=0.01,
            unit="stars",
        ),
        Flat(
            "05_netflix",
            "The latent size has little effect on DL, by test RMSE",
            "report §5(2)",
            "netflix-latent",
            sides=tuple(
                Side(f"{size}", f"netflix.dl.latent_{size}.rmse_test", rmse) for size, rmse in NETFLIX_LATENT.items()
            ),
            tolerance=0.01,
            unit="stars",
        ),
        Order(
            "05_netflix",
            "User and movie biases help DL, and normalisation helps DL+, by test RMSE",
            "report §5(3)",
            "netflix-training",
            pairs=((test("dlplus"), test("dl")), (test("dlplus_norm"), test("dlplus"))),
        ),
        Order(
            "05_netflix",
            "The best model beats the 2007 Progress Prize, by test RMSE",
            "report §5(3)",
            "netflix-prize",
            PRIZE_DATA,
            decimals=4,
            pairs=((test("dlplus_norm"), Side("Progress Prize 2007", constant=PROGRESS_PRIZE_2007)),),
        ),
    ]
    for model, (rmse, train) in NETFLIX_TEST.items():
        name = reader_name(model)
        for part, value in (("train", train), ("test", rmse)):
            claims.append(
                Match(
                    "05_netflix",
                    f"{name}: {part} RMSE",
                    "report §5",
                    "netflix-training",
                    NETFLIX_DATA,
                    record=f"netflix.{model}.rmse_{part}",
                    study=value,
                    tolerance=0.01,
                    unit="stars",
                )
            )
    return claims


CLAIMS: list[Claim] = [*_box_office(), *_movielens(), *_douyin(), *_douban(), *_netflix()]


def claims_for(chapter: str) -> list[Claim]:
    """Return the claims of ``chapter`` (a notebook name such as ``05_netflix``), in report order."""
    return [c for c in CLAIMS if c.chapter == chapter]


def study_figures(chapter: str) -> dict[str, float]:
    """Return the figures the study prints for ``chapter``, by the record that measures each here."""
    return {claim.record: claim.study for claim in claims_for(chapter) if isinstance(claim, Match)}


def scoreboard(chapter: str, records: Mapping[str, RecordValue]) -> pd.DataFrame:
    """Return one row per claim of ``chapter``: the claim and where the study makes it, the study's
    figure and this book's (text in the book's number format), the verdict, the reason in one line,
    and the label of the section that shows it."""
    rows = []
    for claim in claims_for(chapter):
        outcome = claim.judge(records)
        rows.append(
            {
                "claim": claim.text,
                "where the study says it": claim.source,
                "study": outcome.study,
                "this book": outcome.book,
                "verdict": outcome.verdict,
                "why": outcome.reason,
                "section": claim.section,
            }
        )
    return pd.DataFrame(rows)


def verdict_label(verdict: str) -> str:
    """Return the verdict with its mark, e.g. ``"✔ reproduced"``: readable without colour."""
    return f"{VERDICT_MARKS[verdict][0]} {verdict}"


def verdict_counts(board: pd.DataFrame) -> str:
    """Return a one-line tally of a scoreboard's verdicts, e.g. ``"3 reproduced, 1 not reproduced"``."""
    counts = board["verdict"].value_counts()
    return ", ".join(f"{counts[v]} {v}" for v in VERDICT_MARKS if v in counts)


def show_scoreboard(chapter: str, records: Mapping[str, RecordValue]) -> Styler:
    """Return the chapter's closing table for the page: the scoreboard without its section labels,
    verdicts marked and coloured, with the tally of verdicts as its caption."""
    board = scoreboard(chapter, records).drop(columns="section")
    colours = board["verdict"].map(VERDICT_COLOURS)
    tally = verdict_counts(board)
    board["verdict"] = board["verdict"].map(verdict_label)
    return (
        formatting.table(board)
        .apply(lambda _: [f"background-color: {c}" for c in colours], subset=["verdict"])
        .set_caption(f"The study's claims and this book's figures: {tally}.")
    )
