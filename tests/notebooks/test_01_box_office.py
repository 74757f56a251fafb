"""Box-office chapter under the quick profile on the real data: records present, in range, and consistent
with one another where the arithmetic of a partition ties them (the test films are all = high + low)."""

import json
import math

import numpy as np
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


def saved_predictions(records) -> tuple[dict, np.ndarray, dict[str, np.ndarray]]:
    """The networks' saved test predictions, each test film's log revenue taken from TMDB 5000 itself, and
    the budget groups rebuilt from the films' budgets and the recorded threshold."""
    saved = json.loads(records["boxoffice.mlp.test_predictions"])
    films = datasets.load("tmdb_5000").movies.set_index("id").loc[saved["id"]]
    truth = np.log1p(films["revenue"].to_numpy(dtype=float))
    high = np.log1p(films["budget"].to_numpy(dtype=float)) > saved["threshold"]
    return saved, truth, {"all": np.ones(truth.size, bool), "high": high, "low": ~high}


def test_every_network_is_scored_as_its_saved_predictions_score_against_the_data(quick_records):
    records = quick_records(STEM)
    saved, truth, groups = saved_predictions(records)
    assert len(set(saved["id"])) == len(saved["id"]) == records["boxoffice.data.test_films"]
    for train in GROUPS:
        for test in GROUPS:
            error = np.asarray(saved[train])[groups[test]] - truth[groups[test]]
            name = f"boxoffice.mlp.{train}.{test}"
            assert records[f"{name}.rmsle"] == pytest.approx(np.sqrt(np.mean(error**2)), abs=1e-5)
            assert records[f"{name}.bias"] == pytest.approx(np.mean(error), abs=1e-5)


def test_the_low_budget_comparison_is_that_of_the_saved_predictions(quick_records):
    records = quick_records(STEM)
    saved, truth, groups = saved_predictions(records)
    low = groups["low"]
    errors = np.column_stack([np.asarray(saved[g])[low] - truth[low] for g in ("low", "all")])

    def difference(rows: np.ndarray) -> np.ndarray:
        return np.sqrt(np.mean(rows[..., 0] ** 2, axis=-1)) - np.sqrt(np.mean(rows[..., 1] ** 2, axis=-1))

    assert records["boxoffice.lowlow_minus_alllow.rmsle"] == pytest.approx(difference(errors), abs=1e-5)
    # a percentile bootstrap of 20,000 resamples of the low-budget test films; the quick run draws only 200,
    # whose 2.5th and 97.5th percentiles have a sampling error of about 0.05 of the interval's width (one
    # standard deviation, for a normal spread): the tolerance is five of them
    draws = difference(errors[np.random.default_rng(0).integers(0, low.sum(), (20_000, low.sum()))])
    lo, hi = np.percentile(draws, [2.5, 97.5])
    assert records["boxoffice.lowlow_minus_alllow.rmsle_lo"] == pytest.approx(lo, abs=0.25 * (hi - lo))
    assert records["boxoffice.lowlow_minus_alllow.rmsle_hi"] == pytest.approx(hi, abs=0.25 * (hi - lo))


def test_keeping_unknown_budgets_keeps_every_film_with_a_revenue_date_and_runtime(quick_records):
    movies = datasets.load("tmdb_5000").movies
    usable = (movies.revenue > 0) & movies.release_date.notna() & movies.runtime.notna()
    assert quick_records(STEM)["boxoffice.keep_zero_budget.n_films"] == int(usable.sum())
