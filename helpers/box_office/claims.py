"""What the box-office study (report 000) claims, as the book judges it (:mod:`helpers.common.judgement`).

The report's figures are typed once, here. The chapter measures each claim and judges it with these
objects; the closing table and the results page print the judged objects.
"""

from __future__ import annotations

from helpers.box_office.names import reader_name
from helpers.common.judgement import Claim, Difference, Figure

CHAPTER = "01_box_office"
OTHER_FILMS = "other films: Kaggle's 3,000 training films there, TMDB 5000 films with known budget and revenue here"

REPORTED = {  # the report's test RMSLE and MAE (log dollars), by (trained on, tested on)
    ("all", "all"): (1.949, 1.362), ("all", "high"): (1.404, 1.083), ("all", "low"): (2.753, 1.939),
    ("high", "all"): (2.141, 1.441), ("high", "high"): (1.391, 1.058), ("high", "low"): (3.172, 2.232),
    ("low", "low"): (2.881, 2.150),
}  # fmt: skip


ARROW = "→"


def pair_name(train: str, test: str) -> str:
    """Return the page's name of a network trained on ``train`` films and tested on ``test`` films."""
    return f"{train}{ARROW}{test}"


def pair_of(name: str) -> tuple[str, str]:
    """Return ``(trained on, tested on)`` of a :func:`pair_name` such as ``"all→high"``."""
    train, arrow, test = name.partition(ARROW)
    if not arrow or not train or not test:
        raise ValueError(f"{name!r} is not a pair name such as 'all{ARROW}high'")
    return train, test


def compared_pairs(claim: Difference) -> tuple[tuple[str, str], tuple[str, str]]:
    """Return the two (trained on, tested on) pairs an RMSLE claim compares, first and second."""
    return pair_of(claim.first), pair_of(claim.second)


def _rmsle_difference(
    key: str,
    text: str,
    source: str,
    first: tuple[str, str],
    second: tuple[str, str],
    section: str = "boxoffice-experiments",
) -> Difference:
    """Return a claim that the network ``first`` (trained on, tested on) has a lower RMSLE than ``second``."""
    return Difference(
        CHAPTER,
        f"boxoffice.{key}",
        text,
        source,
        section,
        first=pair_name(*first),
        second=pair_name(*second),
        measure="RMSLE",
        study_first=REPORTED[first][0],
        study_second=REPORTED[second][0],
        claimed_side=-1,
        unit="log dollars",
    )


HIGH_EASIER = _rmsle_difference(
    "high_easier",
    "High-budget films are easier to predict than the whole test set, by RMSLE",
    "report §1.1.2",
    ("all", "high"),
    ("all", "all"),
)
LOW_HARDER = _rmsle_difference(
    "low_harder",
    "Low-budget films are clearly harder than the whole test set, by RMSLE",
    "report §1.1.3",
    ("all", "all"),
    ("all", "low"),
)
ALL_BEATS_HIGH_ON_HIGH = _rmsle_difference(
    "all_beats_high_on_high",
    "On high-budget films, training on all films beats training on high-budget films only, by RMSLE",
    "report §1.2.2",
    ("all", "high"),
    ("high", "high"),
)
HIGH_WORSE_ON_LOW = _rmsle_difference(
    "high_worse_on_low",
    "Trained on high-budget films only, the MLP does worse on low-budget films, by RMSLE",
    "report §1.2.3",
    ("all", "low"),
    ("high", "low"),
)


def _over_prediction(train: str, test: str, text: str, source: str) -> Difference:
    """Return a claim that the network trained on ``train`` over-predicts on ``test`` films: its mean
    signed error (predicted − actual, log dollars) lies above zero."""
    return Difference(
        CHAPTER,
        f"boxoffice.over_predicts_{train}_{test}",
        text,
        source,
        "boxoffice-bias",
        first=f"mean signed error of {pair_name(train, test)}",
        second="no bias",
        measure="predicted − actual log revenue",
        claimed_side=1,
        unit="log dollars",
    )


OVER_PREDICTS_HIGH_ALL = _over_prediction(
    "high", "all", "Trained on high-budget films, the MLP tends not to give low predictions", "report §1.2.1"
)
OVER_PREDICTS_HIGH_LOW = _over_prediction(
    "high", "low", "Trained on high-budget films, the MLP clearly over-estimates low-budget films", "report §1.2.3"
)
OVER_PREDICTIONS = (  # each over-prediction claim with the (trained on, tested on) pair it speaks of
    (OVER_PREDICTS_HIGH_ALL, ("high", "all")),
    (OVER_PREDICTS_HIGH_LOW, ("high", "low")),
)


def _figure(train: str, test: str, metric: str) -> Figure:
    value = REPORTED[train, test][0 if metric == "rmsle" else 1]
    return Figure(
        CHAPTER,
        f"boxoffice.mlp.{train}.{test}.{metric}.figure",
        f"MLP trained on {train}, tested on {test}: {metric.upper()}",
        "report §1",
        "boxoffice-experiments",
        OTHER_FILMS,
        unit="log dollars",
        study=value,
        tolerance=0.05,
    )


_FIGURE_KEYS = [(train, test, metric) for (train, test) in REPORTED for metric in ("rmsle", "mae")]
FIGURES = tuple(_figure(*key) for key in _FIGURE_KEYS)
# each figure claim's id: the (trained on, tested on, measure) it reports
FIGURE_KEYS = {claim.id: key for claim, key in zip(FIGURES, _FIGURE_KEYS, strict=True)}

SURPRISE_FACTOR = 10.0  # a film is a surprise when its revenue is over 10 times, or under a tenth of, the prediction
UNEXPECTED_HITS = Difference(
    CHAPTER,
    "boxoffice.unexpected_hits",
    "The network trained on all films may do worse on low-budget films because their box office beat "
    "expectations (the report's second guess); judged as: films far above their prediction carry more of the "
    "low-budget films' error than films far below it",
    "report §1.1.3",
    "boxoffice-surprises",
    first="films over ten times their prediction",
    second="films under a tenth of it",
    measure="share of the low-budget test films' squared error (all→low)",
    claimed_side=1,
)

CLAIMS: tuple[Claim, ...] = (
    HIGH_EASIER,
    LOW_HARDER,
    ALL_BEATS_HIGH_ON_HIGH,
    HIGH_WORSE_ON_LOW,
    OVER_PREDICTS_HIGH_ALL,
    OVER_PREDICTS_HIGH_LOW,
    UNEXPECTED_HITS,
    *FIGURES,
)

# Questions the book asks beyond the study, judged by the same rules.
ALL_BEATS_LOW_ON_LOW = _rmsle_difference(
    "all_beats_low_on_low",
    "On low-budget films, training on all films beats training on low-budget films only, by RMSLE",
    "this book's question, from the report's figures (§1.1.3, §1.3)",
    ("all", "low"),
    ("low", "low"),
    section="boxoffice-low-own",
)
OLS_NAME = reader_name("ols_budget")


def _test_difference(key: str, text: str, first: str, second: str) -> Difference:
    """Return the book's question whether model ``first`` has a lower test RMSLE than ``second``."""
    return Difference(
        CHAPTER,
        f"boxoffice.{key}",
        text,
        "this book's question",
        "boxoffice-peers",
        first=first,
        second=second,
        measure="RMSLE on the test films",
        claimed_side=-1,
        unit="log dollars",
    )


def best_beats_runner_up(best: str, runner_up: str) -> Difference:
    """Return the question whether ``best``, the model cross-validation ranks first, beats ``runner_up``,
    the one it ranks second, on the test films (the names are the models' names on the page)."""
    return _test_difference(
        "best_beats_runner_up",
        f"{best}, ranked first by cross-validation, beats {runner_up}, ranked second, on the test films",
        best,
        runner_up,
    )


def best_beats_ols(best: str) -> Difference:
    """Return the question whether ``best``, the model cross-validation ranks first, beats the naive
    baseline, OLS of log revenue on log budget, on the test films."""
    return _test_difference(
        "best_beats_ols",
        f"{best}, ranked first by cross-validation, beats {OLS_NAME} on the test films",
        best,
        OLS_NAME,
    )


POPULARITY_MLP = Difference(
    CHAPTER,
    "boxoffice.popularity_helps_mlp",
    "TMDB's popularity, a figure measured years after release, lowers the network's test RMSLE "
    "(trained and tested on all films)",
    "this book's question",
    "boxoffice-popularity",
    first="with popularity",
    second="without",
    measure="RMSLE of the network on all test films",
    claimed_side=-1,
    unit="log dollars",
)
POPULARITY_FOREST = Difference(
    CHAPTER,
    "boxoffice.popularity_helps_forest",
    "TMDB's popularity lowers the random forest's test RMSLE",
    "this book's question",
    "boxoffice-popularity",
    first="with popularity",
    second="without",
    measure="RMSLE of the random forest on all test films",
    claimed_side=-1,
    unit="log dollars",
)
UNKNOWN_BUDGETS_HARDER = Difference(
    CHAPTER,
    "boxoffice.unknown_budgets_raise_rmsle",
    "Keeping the films whose budget is unknown (as the study's data did) raises the RMSLE of the network "
    "trained and tested on all films",
    "this book's question, from the report's LIME bins (§2)",
    "boxoffice-gap",
    first="unknown budgets kept",
    second="known budgets only",
    measure="RMSLE of the network trained on all films, on all test films",
    claimed_side=1,
    unit="log dollars",
)
LIME_SIGNS = Difference(
    CHAPTER,
    "boxoffice.lime_signs_beyond_chance",
    "On the conditions the stand-in film shares with the study's first film, LIME's weights push the way the "
    "study's do more often than chance",
    "this book's question, from the report's LIME list (§2)",
    "boxoffice-lime-study",
    first="share of signs agreeing",
    second="chance",
    measure="share of like conditions",
    claimed_side=1,
)

# the fixed ones; the two above (best_beats_*) depend on the ranking
OWN_QUESTIONS: tuple[Claim, ...] = (
    ALL_BEATS_LOW_ON_LOW,
    POPULARITY_MLP,
    POPULARITY_FOREST,
    UNKNOWN_BUDGETS_HARDER,
    LIME_SIGNS,
)
