"""The box-office chapter's tables on hand-made predictions whose scores are known: planted errors of a
known size, the study's figures as the report prints them, and counts made by hand."""

import json
import math

import matplotlib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.model_selection import KFold

from helpers.box_office import experiments, figures
from helpers.common.judgement import Interval

matplotlib.use("Agg")

Y = np.array([15.0, 16.0, 17.0, 18.0])  # log revenue of four test films
GROUPS = {
    "all": np.ones(4, bool),
    "high": np.array([False, False, True, True]),
    "low": np.array([True, True, False, False]),
}


def interval(estimate: float, low: float = -1.0, high: float = 1.0) -> Interval:
    return Interval(estimate, low, high, 0.95, "2 seeds and 4 test films", "test")


def test_a_pair_in_words_names_both_groups_of_films():
    assert experiments.pair_words("high", "low") == "trained on high-budget films, tested on low-budget films"


def test_the_test_rmsle_is_the_mean_over_seeds_of_each_seeds_rmsle():
    guesses = np.vstack([Y + 1.0, Y + np.array([3.0, -3.0, 3.0, -3.0])])  # RMSLE 1 and 3 on any films
    assert experiments.test_rmsle(Y, guesses, GROUPS["all"]) == pytest.approx(2.0)
    assert experiments.test_rmsle(Y, Y + 0.5, GROUPS["low"]) == pytest.approx(0.5)  # one fit: (n,)


def test_the_study_figures_are_the_reports_by_the_record_of_the_same_pair():
    study = experiments.study_figures()
    assert study["boxoffice.mlp.all.all.rmsle"] == 1.949 and study["boxoffice.mlp.all.all.mae"] == 1.362
    assert study["boxoffice.mlp.high.low.rmsle"] == 3.172 and study["boxoffice.mlp.low.low.rmsle"] == 2.881
    assert "boxoffice.mlp.low.all.rmsle" not in study  # the study did not run low -> all
    assert len(study) == 14  # seven pairs, two scores each


def test_the_experiment_table_gives_the_mlp_interval_the_study_and_each_baseline_per_test_group():
    intervals = {(t, s, m): interval(1.0 + 0.1 * i) for i, (t, s, m) in enumerate(
        (t, s, m) for t in experiments.GROUPS for s in experiments.GROUPS for m in ("rmsle", "mae", "bias")
    )}  # fmt: skip
    baselines = {("mean_revenue", g): np.full(4, 16.5) for g in experiments.GROUPS}
    baselines |= {("ols_budget", g): Y + 2.0 for g in experiments.GROUPS}
    table = experiments.experiment_table(
        "rmsle", lambda a, b: float(np.sqrt(np.mean((a - b) ** 2))), intervals, baselines, Y, GROUPS
    )
    assert list(table.columns) == ["tested on all", "tested on high", "tested on low"]
    assert table.loc[("all", "MLP (95 % interval)"), "tested on all"] == "1.000 (−1.000 to 1.000)"
    assert table.loc[("all", "the study's MLP")].tolist() == [1.949, 1.404, 2.753]
    assert math.isnan(table.loc[("low", "the study's MLP"), "tested on all"])
    assert table.loc[("high", "OLS on log budget")].tolist() == pytest.approx([2.0, 2.0, 2.0])
    assert table.loc[("all", "Mean log revenue"), "tested on low"] == pytest.approx(math.sqrt((1.5**2 + 0.5**2) / 2))
    mae = experiments.experiment_table("mae", lambda a, b: 0.0, intervals, baselines, Y, GROUPS)
    assert mae.loc[("high", "the study's MLP"), "tested on low"] == 2.232


def test_the_budget_spread_counts_films_and_tiny_revenues_per_group():
    y = np.array([18.0, 20.0, np.log1p(500.0), 16.0])
    groups = {"high": np.array([True, True, False, False]), "low": np.array([False, False, True, True])}
    spread = experiments.budget_spread(y, groups)
    assert spread.loc["high"].tolist() == pytest.approx([2, 1.0, 0])  # population sd of 18 and 20
    assert spread.loc["low", "revenue < $10,000"] == 1


def test_the_bias_table_holds_each_pairs_signed_error_and_its_interval():
    intervals = {("all", "low", "bias"): interval(0.3, 0.1, 0.5), ("all", "low", "rmsle"): interval(2.0)}
    table = experiments.bias_table(intervals)
    assert table.loc[("all", "low")].tolist() == [0.3, 0.1, 0.5]
    assert len(table) == 1


def test_surprises_are_counted_per_group_and_kind_with_their_share_of_the_squared_error():
    far = np.log(20.0)  # a factor of 20, beyond the factor 10
    guesses = np.vstack([Y + np.array([-far, 0.0, far, 0.0]), Y + 0.1])  # seed 1: a hit and a short; 2: none
    table = experiments.surprise_table(Y, guesses, GROUPS, 10.0)
    assert table.loc[("all", "hits"), "films (mean over seeds)"] == 0.5
    assert table.loc[("all", "hits"), "mean signed error"] == pytest.approx(-far)
    assert table.loc[("all", "short"), "share of squared error"] == pytest.approx(0.25)  # 0.5 in seed 1, 0 in seed 2
    assert math.isnan(table.loc[("high", "hits"), "mean signed error"])  # no hit among the high-budget films


def test_pair_scores_and_the_gap_table_set_the_rerun_beside_the_study_and_the_first_run():
    groups = {"all": GROUPS["all"], "high": GROUPS["high"], "low": GROUPS["low"]}
    guesses = {g: np.vstack([Y + k + 1.0, Y - k - 1.0]) for k, g in enumerate(experiments.GROUPS)}
    scores = experiments.pair_scores(Y, groups, guesses)
    assert scores["low", "high"] == pytest.approx(3.0)
    intervals = {(t, s, "rmsle"): interval(1.0) for t in experiments.GROUPS for s in experiments.GROUPS}
    table = experiments.gap_table(intervals, scores)
    assert table.loc[("high", "low")].tolist() == pytest.approx([3.172, 1.0, 2.0])
    assert experiments.mean_distance(table, "known budgets") == pytest.approx(
        np.mean(np.abs(np.array([1.949, 1.404, 2.753, 2.141, 1.391, 3.172, 2.881]) - 1.0))
    )
    assert experiments.most_moved(table) == (
        "trained on low-budget films, tested on low-budget films: 1.000 without them, 3.000 with them (study 2.881)"
    )
    blank = experiments.gap_table(intervals, {})
    assert blank["unknown budgets kept"].isna().all()


def test_the_cv_summary_shows_mean_and_sd_and_no_sd_for_one_fold():
    rows = [("mlp", f, g, v) for f, v in enumerate((1.0, 2.0)) for g in experiments.GROUPS]
    cv = pd.DataFrame(rows, columns=["model", "fold", "tested on", "RMSLE"])
    assert experiments.cv_summary(cv).loc["MLP"].tolist() == ["1.500 ± 0.707"] * 3
    assert experiments.cv_summary(cv[cv["fold"] == 0]).loc["MLP", "all"] == "1.000"


def test_with_and_without_scores_each_model_both_ways_on_each_group():
    table = experiments.with_and_without(Y, {"rf": Y + 1.0}, {"rf": Y + 2.0}, GROUPS)
    assert table.loc["Random forest", ("tested on high", "with")] == pytest.approx(1.0)
    assert table.loc["Random forest", ("tested on low", "without")] == pytest.approx(2.0)


def test_the_study_count_is_not_drawn_from_fewer_films_and_the_finding_says_so():
    few = pd.DataFrame({"id": range(10)})
    assert experiments.at_study_count(None, few, [], 0, 0.2) is None
    assert (
        experiments.study_count_finding(None, 0.5)
        == "Not measured: this data has no more films than the study's 3,000."
    )
    assert experiments.study_count_finding(0.25, 0.5) == (
        "Trained on 3,000 of the films (one draw, one seed), the networks' mean distance from the study is 0.250 "
        "(with all of them, the mean over the seeds, 0.500)."
    )


def test_the_bias_figure_draws_a_bar_per_pair_with_its_title():
    intervals = {(t, s, "bias"): interval(0.1) for t in experiments.GROUPS for s in experiments.GROUPS}
    figures.bias_bars(experiments.bias_table(intervals))
    ax = matplotlib.pyplot.gcf().axes[0]
    assert len(ax.patches) == 9 and ax.get_ylabel() == "log revenue (log US dollars)"
    matplotlib.pyplot.close("all")


class MeanPlusSeed(RegressorMixin, BaseEstimator):
    """A stand-in network: it predicts the mean log revenue of the films it was fitted on plus its seed, so
    which films trained it, and from which seed, can be read off its predictions; every fit notes its films'
    count and feature columns in ``FITS``."""

    FITS: list[tuple[int, list[str]]] = []

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> "MeanPlusSeed":
        self.mean_ = float(np.mean(y))
        MeanPlusSeed.FITS.append((len(X), list(X.columns)))
        return self

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return np.full(len(X), self.mean_ + self.seed)


def budget_films(budgets, revenues, first_id=0) -> pd.DataFrame:
    """Films with these budgets and revenues (US dollars), one genre, and the columns the features need."""
    n = len(budgets)
    return pd.DataFrame(
        {
            "id": range(first_id, first_id + n),
            "budget": np.asarray(budgets, dtype=float),
            "revenue": np.asarray(revenues, dtype=float),
            "genres": [json.dumps([{"id": 1, "name": "Drama"}])] * n,
            "popularity": 1.0,
            "runtime": 90.0,
            "release_date": pd.to_datetime(["2010-01-01"] * n),
            "original_language": "en",
        }
    )


TRAIN = budget_films([1e6, 2e6, 4e6, 8e6, 16e6, 32e6], [1e6, 3e6, 5e6, 7e7, 9e7, 2e8])
TEST = budget_films([3e6, 20e6], [2e6, 1e8], first_id=100)  # under and over the training median of 4-8 million
MODELS = experiments.FilmModels(MeanPlusSeed(), None, 1, 1)


def test_the_networks_train_on_each_budget_group_of_the_training_films_from_each_seed():
    MeanPlusSeed.FITS.clear()
    y, groups, guesses = MODELS.networks(TRAIN, TEST, ["log_budget"], [0, 10])
    y_train = np.log1p(TRAIN["revenue"].to_numpy())
    np.testing.assert_allclose(y, np.log1p([2e6, 1e8]))
    assert {g: m.tolist() for g, m in groups.items()} == {
        "all": [True, True],
        "high": [False, True],
        "low": [True, False],
    }
    # by hand: each group's network predicts its training films' mean log revenue, plus its seed
    for train_on, rows in (("all", slice(None)), ("high", slice(3, None)), ("low", slice(None, 3))):
        expected = [[y_train[rows].mean()] * 2, [y_train[rows].mean() + 10] * 2]
        np.testing.assert_allclose(guesses[train_on], expected, err_msg=train_on)
    assert sorted(MeanPlusSeed.FITS) == sorted([(6, ["log_budget"])] * 2 + [(3, ["log_budget"])] * 4)
    fitted = MODELS.pipeline(MeanPlusSeed(seed=1), ["log_budget"]).fit(TRAIN, y_train)
    assert fitted[0].get_params() == {
        "features": ["log_budget"], "cast": None, "popular_count": 1, "popular_min_films": 1,
    }  # fmt: skip
    np.testing.assert_allclose(fitted.predict(TEST), [y_train.mean() + 1] * 2)


def test_films_of_unknown_budget_join_training_and_test_after_the_known_ones():
    unknown = budget_films([0, 0, 0], [5e6, 6e6, 7e6], first_id=200)
    no_revenue = budget_films([5e6], [0], first_id=300)  # no revenue: not a film the study can score
    movies = pd.concat([TRAIN, TEST, unknown, no_revenue], ignore_index=True)
    MeanPlusSeed.FITS.clear()
    kept = experiments.with_unknown_budgets(MODELS, movies, (TRAIN, TEST), ["log_budget"], [0], 1 / 3, seed=0)
    assert (len(kept.films), len(kept.unknown), kept.test_films) == (11, 3, 3)  # one of the three unknown in test
    assert kept.counts().to_dict() == {"films": 11, "of them with an unknown budget": 3, "test films": 3}
    assert kept.counts().name == "count" and kept.counts().index.name == "films"
    assert kept.y.size == 3 and kept.y[:2].tolist() == pytest.approx(np.log1p([2e6, 1e8]).tolist())
    assert min(abs(kept.y[2] - np.log1p([5e6, 6e6, 7e6]))) < 1e-9  # the unknown-budget test film comes last
    assert {tuple(columns) for _, columns in MeanPlusSeed.FITS} == {("log_budget", "budget_unknown")}
    assert max(n for n, _ in MeanPlusSeed.FITS) == 8  # the six known training films and two unknown
    assert kept.scores == experiments.pair_scores(kept.y, kept.groups, kept.guesses) and len(kept.scores) == 9
    one = experiments.with_unknown_budgets(MODELS, movies.iloc[:-3], (TRAIN, TEST), ["log_budget"], [0], 0.5, 0)
    assert (len(one.unknown), one.test_films, one.y, one.scores) == (1, 2, None, {})  # one is too few to split


def test_cross_validation_scores_each_held_out_fold_on_each_group():
    y = np.log1p(TRAIN["revenue"].to_numpy())
    groups = {"all": np.ones(6, bool), "high": np.arange(6) % 3 == 1, "low": np.arange(6) % 3 != 1}
    pipeline = MODELS.pipeline(MeanPlusSeed(), ["log_budget"])
    cv = experiments.cross_validate({"mean": pipeline}, TRAIN, y, groups, KFold(2))
    assert cv.columns.tolist() == ["model", "fold", "tested on", "RMSLE"]
    assert cv[["model", "fold", "tested on"]].values.tolist() == [
        ["mean", f, g] for f in (0, 1) for g in ("all", "high", "low")
    ]
    # fold 0 holds out films 0-2 and predicts the mean of films 3-5; its "high" film is film 1
    first, second = y[3:].mean(), y[:3].mean()
    assert cv["RMSLE"].tolist() == pytest.approx([
        np.sqrt(np.mean((y[:3] - first) ** 2)), abs(y[1] - first), np.sqrt(np.mean((y[[0, 2]] - first) ** 2)),
        np.sqrt(np.mean((y[3:] - second) ** 2)), abs(y[4] - second), np.sqrt(np.mean((y[[3, 5]] - second) ** 2)),
    ])  # fmt: skip


def test_the_study_count_draws_the_studys_number_of_films_and_scores_every_pair():
    rng = np.random.default_rng(0)
    films = budget_films(np.exp(rng.uniform(13, 18, 3001)), np.exp(rng.uniform(13, 20, 3001)))
    assert experiments.at_study_count(MODELS, films.iloc[:3000], ["log_budget"], 0, 0.2) is None  # not more
    MeanPlusSeed.FITS.clear()
    scores = experiments.at_study_count(MODELS, films, ["log_budget"], 0, 0.2)
    assert sorted(scores) == sorted((t, s) for t in experiments.GROUPS for s in experiments.GROUPS)
    assert MeanPlusSeed.FITS[0][0] == 2400  # 80 % of 3,000 films, one seed: the all-films network first
    assert len(MeanPlusSeed.FITS) == 3


def test_the_tables_name_their_index_and_columns_as_the_page_prints_them():
    intervals = {(t, s, m): interval(1.0) for t in experiments.GROUPS for s in experiments.GROUPS for m in ("rmsle",)}
    baselines = {("mean_revenue", g): np.full(4, 16.5) for g in experiments.GROUPS}
    table = experiments.experiment_table("rmsle", lambda a, b: 0.0, intervals, baselines, Y, GROUPS)
    assert table.index.names == ["trained on", "model"]
    spread = experiments.budget_spread(
        np.array([np.log1p(10_000.0), 20.0]), {"high": np.array([False, True]), "low": np.array([True, False])}
    )
    assert spread.columns.tolist() == ["films", "std of log revenue", "revenue < $10,000"]
    assert spread.loc["low", "revenue < $10,000"] == 0  # exactly $10,000 is not under it
    surprises = experiments.surprise_table(Y, np.vstack([Y + np.array([-3.0, 0.5, 0.5, 0.5])]), GROUPS, 10.0)
    assert surprises.index.names == ["tested on", "surprise"]
    # one hit (3 log dollars under, beyond log 10 = 2.3) and no short: the hit carries 9 of the 9.75 squared
    assert surprises.loc[("all", "hits"), "share of squared error"] == pytest.approx(9 / 9.75)
    assert surprises.loc[("all", "short"), "share of squared error"] == 0.0


def test_the_cv_summary_keeps_the_models_in_their_order():
    rows = [(m, 0, g, 1.0) for m in ("rf", "mlp") for g in experiments.GROUPS]
    cv = pd.DataFrame(rows, columns=["model", "fold", "tested on", "RMSLE"])
    assert experiments.cv_summary(cv).index.tolist() == ["Random forest", "MLP"]


def test_the_pair_that_moves_most_is_found_by_its_change_and_only_among_the_studys():
    pairs = pd.MultiIndex.from_tuples(
        [("all", "all"), ("all", "high"), ("low", "all")], names=["trained on", "tested on"]
    )
    table = pd.DataFrame(
        {"study": [1.9, 1.4, np.nan], "known budgets": [3.0, 1.0, 1.0], "unknown budgets kept": [3.1, 1.5, 9.0]},
        index=pairs,
    )
    # by hand: all → all moves 0.1 (the largest sum, 6.1), all → high moves 0.5; low → all, the study's
    # missing pair, moves most but is not among the study's
    assert experiments.most_moved(table).startswith("trained on all films, tested on high-budget films: 1.000")
    blank = experiments.gap_table(
        {(t, s, "rmsle"): interval(1.0) for t in experiments.GROUPS for s in experiments.GROUPS}, {}
    )
    assert blank["unknown budgets kept"].dtype == float  # NaN, not None: the distances below are numbers
    assert math.isnan(experiments.mean_distance(blank, "unknown budgets kept"))


def test_the_unknown_budget_split_and_the_study_count_draw_follow_their_seed():
    unknown = budget_films([0] * 6, [5e6, 6e6, 7e6, 8e6, 9e6, 1e7], first_id=200)
    movies = pd.concat([TRAIN, TEST, unknown], ignore_index=True)
    first = experiments.with_unknown_budgets(MODELS, movies, (TRAIN, TEST), ["log_budget"], [0], 2 / 3, seed=3)
    again = experiments.with_unknown_budgets(MODELS, movies, (TRAIN, TEST), ["log_budget"], [0], 2 / 3, seed=3)
    assert first.test_films == 2 + 4  # two thirds of the six unknown budgets in test
    np.testing.assert_array_equal(first.y, again.y)  # the same films, in the same order, for the same seed
    two = experiments.with_unknown_budgets(MODELS, movies.iloc[:-4], (TRAIN, TEST), ["log_budget"], [0], 0.5, 0)
    assert two.test_films == 3 and len(two.scores) == 9  # two unknown budgets are enough: one each way
    one = experiments.with_unknown_budgets(MODELS, movies.iloc[:-5], (TRAIN, TEST), ["log_budget"], [0], 0.5, 0)
    assert len(one.films) == 9 and one.scores == {}  # the films are counted even when nothing is trained
    rng = np.random.default_rng(1)
    films = budget_films(np.exp(rng.uniform(13, 18, 3100)), np.exp(rng.uniform(13, 20, 3100)))
    draws = [experiments.at_study_count(MODELS, films, ["log_budget"], 5, 0.2) for _ in range(2)]
    assert draws[0] == draws[1]


def test_the_networks_and_the_pipeline_read_the_cast_they_were_given():
    cast = pd.DataFrame({"id": [*range(6), 100, 101], "cast": ["A/B", "C", "D/E/F", "G", "H", "I/J", "K", "L/M"]})
    models = experiments.FilmModels(MeanPlusSeed(), cast, 1, 1)
    MeanPlusSeed.FITS.clear()
    models.networks(TRAIN, TEST, ["log_budget", "num_cast"], [0])  # without the cast, num_cast cannot be built
    assert {tuple(columns) for _, columns in MeanPlusSeed.FITS} == {("log_budget", "num_cast")}
    y = np.log1p(TRAIN["revenue"].to_numpy())
    assert models.pipeline(MeanPlusSeed(), ["num_cast"]).fit(TRAIN, y)[0].cast is cast
