"""Box-office chapter under the quick profile on the real data: records present, in range, and consistent
with one another where the arithmetic of a partition ties them (the test films are all = high + low)."""

import math

import pytest

from helpers import datasets
from helpers.box_office.tabular import FEATURES
from helpers.common.names import reader_name

STEM = "01_box_office"
GROUPS = ("all", "high", "low")
pytestmark = pytest.mark.notebooks


def test_film_count_is_that_of_the_cleaning(quick_records):
    assert quick_records(STEM)["boxoffice.n_films"] == 3229


def test_every_experiment_is_recorded_with_plausible_errors(quick_records):
    records = quick_records(STEM)
    for train in GROUPS:
        for test in GROUPS:
            rmsle, mae = records[f"boxoffice.mlp.{train}.{test}.rmsle"], records[f"boxoffice.mlp.{train}.{test}.mae"]
            assert 0.3 < rmsle < 20 and 0.2 < mae <= rmsle + 1e-9


def test_tree_models_beat_the_study_even_when_quick(quick_records):
    records = quick_records(STEM)
    for name in ("rf", "gbm"):
        assert 0.8 < records[f"boxoffice.{name}.all.all.rmsle"] < 1.949
        assert 0.8 < records[f"boxoffice.{name}.cv_rmsle"] < 1.949
        assert 0 < records[f"boxoffice.{name}.cv_rmsle_std"] < 0.5
    assert math.isfinite(records["boxoffice.mlp.cv_rmsle"]) and records["boxoffice.mlp.cv_rmsle"] > 0.8


def test_lime_names_a_feature_and_the_best_model_is_scored_as_itself(quick_records):
    records = quick_records(STEM)
    assert records["boxoffice.lime.top_feature"] in FEATURES
    (key,) = [name for name in ("mlp", "rf", "gbm") if reader_name(name) == records["boxoffice.best_model"]]
    assert records["boxoffice.best.all.all.rmsle"] == records[f"boxoffice.{key}.all.all.rmsle"]


def high_share(all_value: float, high_value: float, low_value: float) -> float:
    """The share w of the test films in the high-budget group that makes all = w·high + (1 − w)·low."""
    return (all_value - low_value) / (high_value - low_value)


@pytest.mark.parametrize("prefix", ["boxoffice.mlp", "boxoffice.keep_zero_budget.mlp", "boxoffice.study_count.mlp"])
def test_every_network_splits_its_test_films_the_same_way(quick_records, prefix):
    # the mean squared log error of all test films is the films' share-weighted mean of the two groups',
    # and so is the mean signed error: one share w must fit every network and both measures
    records = quick_records(STEM)
    shares = [high_share(*(records[f"{prefix}.{train}.{test}.rmsle"] ** 2 for test in GROUPS)) for train in GROUPS]
    if prefix == "boxoffice.mlp":
        shares += [high_share(*(records[f"{prefix}.{train}.{test}.bias"] for test in GROUPS)) for train in GROUPS]
    assert 0.35 < shares[0] < 0.65  # the threshold is the training films' median budget
    assert max(shares) - min(shares) < 1e-6


def test_the_low_budget_comparison_is_the_difference_of_its_two_errors(quick_records):
    records = quick_records(STEM)
    difference = records["boxoffice.mlp.low.low.rmsle"] - records["boxoffice.mlp.all.low.rmsle"]
    assert records["boxoffice.lowlow_minus_alllow.rmsle"] == pytest.approx(difference, abs=1e-9)


def test_keeping_unknown_budgets_keeps_every_film_with_a_revenue_date_and_runtime(quick_records):
    movies = datasets.load("tmdb_5000").movies
    usable = (movies.revenue > 0) & movies.release_date.notna() & movies.runtime.notna()
    assert quick_records(STEM)["boxoffice.keep_zero_budget.n_films"] == int(usable.sum())
