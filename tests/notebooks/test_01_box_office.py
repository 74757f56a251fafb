"""Box-office chapter under the quick profile on the real data: records present, in range, consistent with
one another where the arithmetic of a partition ties them (the test films are all = high + low), and the
judged claims recomputed from the networks' saved predictions and TMDB 5000 itself by a second
implementation."""

import json
import math

import numpy as np
import pytest
from exercise_levels import check_levels_and_harder_code_exercises
from scipy import stats

from helpers import datasets
from helpers.box_office import claims
from helpers.box_office.tabular import FEATURES
from helpers.common import judgement
from helpers.common.names import reader_name

STEM = "01_box_office"
GROUPS = ("all", "high", "low")
pytestmark = pytest.mark.notebooks
ROUNDING = 1e-4  # the saved predictions carry 5 decimals; a score recomputed from them agrees this well


def test_film_count_is_that_of_the_cleaning(quick_records):
    assert quick_records(STEM)["boxoffice.n_films"] == 3229


def test_every_network_beats_the_mean_revenue_of_its_own_training_films(quick_records):
    # the mean-revenue baseline of each training group, recomputed here from TMDB 5000: the mean log revenue
    # of the training films of that budget group (every usable film not tested, split at the recorded
    # threshold), scored on each test group. A network that has learnt nothing predicts about that mean
    # or worse (an untrained one, far worse); one that learnt anything from budget, popularity and votes
    # beats it on every test group
    records = quick_records(STEM)
    saved, truth, groups, _ = saved_predictions(records)
    train = tmdb_films().drop(index=saved["id"])
    train_log_revenue = np.log1p(train["revenue"].to_numpy(dtype=float))
    train_high = np.log1p(train["budget"].to_numpy(dtype=float)) > saved["threshold"]
    train_groups = {"all": np.ones(len(train), bool), "high": train_high, "low": ~train_high}
    for trained_on in GROUPS:
        mean = train_log_revenue[train_groups[trained_on]].mean()
        for test in GROUPS:
            baseline = np.sqrt(np.mean((truth[groups[test]] - mean) ** 2))
            assert records[f"boxoffice.mean_revenue.{trained_on}.{test}.rmsle"] == pytest.approx(baseline, abs=1e-9)
            assert records[f"boxoffice.mlp.{trained_on}.{test}.rmsle"] < baseline, (trained_on, test)


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
    assert records["boxoffice.best.all.all.rmsle"] == pytest.approx(records[f"boxoffice.{key}.all.all.rmsle"])
    ranked = sorted(("mlp", "rf", "gbm"), key=lambda name: records[f"boxoffice.{name}.cv_rmsle"])
    assert [reader_name(name) for name in ranked[:2]] == [
        records["boxoffice.best_model"],
        records["boxoffice.runner_up"],
    ]


def high_share(all_value: float, high_value: float, low_value: float) -> float:
    """The share w of the test films in the high-budget group that makes all = w·high + (1 − w)·low."""
    return (all_value - low_value) / (high_value - low_value)


@pytest.mark.parametrize(
    ("prefix", "measure"),
    [
        ("boxoffice.mlp", "bias"),  # the mean over seeds of a mean signed error is still a mean
        ("boxoffice.mean_revenue", "rmsle"),
        ("boxoffice.ols_budget", "rmsle"),
        ("boxoffice.keep_zero_budget.mlp", "bias"),  # its figures are means over seeds too
        ("boxoffice.study_count.mlp", "rmsle"),
    ],
)
def test_every_model_splits_its_test_films_the_same_way(quick_records, prefix, measure):
    # the mean squared log error of all test films is the films' share-weighted mean of the two groups',
    # and so is the mean signed error: one share w must fit every network of one test split
    records = quick_records(STEM)
    power = 2 if measure == "rmsle" else 1
    shares = [
        high_share(*(records[f"{prefix}.{train}.{test}.{measure}"] ** power for test in GROUPS)) for train in GROUPS
    ]
    assert 0.35 < shares[0] < 0.65  # the threshold is the training films' median budget
    assert max(shares) - min(shares) < 1e-6


def tmdb_films():
    """TMDB 5000's films with a known budget and revenue, a release date and a runtime (the chapter's
    cleaning, written again here), indexed by id."""
    movies = datasets.load("tmdb_5000").movies
    usable = (movies.budget > 0) & (movies.revenue > 0) & movies.release_date.notna() & movies.runtime.notna()
    return movies[usable].set_index("id")


def saved_predictions(records) -> tuple[dict, np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The saved record, each test film's log revenue taken from TMDB 5000 itself, the budget groups
    rebuilt from the films' budgets and the recorded threshold, and each network's predictions (seeds, films)."""
    saved = json.loads(records["boxoffice.mlp.test_predictions"])
    films = tmdb_films().loc[saved["id"]]
    truth = np.log1p(films["revenue"].to_numpy(dtype=float))
    high = np.log1p(films["budget"].to_numpy(dtype=float)) > saved["threshold"]
    groups = {"all": np.ones(truth.size, bool), "high": high, "low": ~high}
    return saved, truth, groups, {g: np.asarray(saved[g]) for g in GROUPS}


def per_seed_rmsle(errors: np.ndarray) -> np.ndarray:
    """The RMSLE of each seed's row of errors (seeds, films), written out with numpy."""
    return np.sqrt(np.mean(errors**2, axis=1))


def test_every_network_is_scored_as_its_saved_predictions_score_against_the_data(quick_records):
    records = quick_records(STEM)
    saved, truth, groups, predictions = saved_predictions(records)
    assert len(set(saved["id"])) == len(saved["id"]) == records["boxoffice.data.test_films"]
    assert len(saved["seeds"]) == len(set(saved["seeds"])) == predictions["all"].shape[0] >= 2
    for train in GROUPS:
        for test in GROUPS:
            error = predictions[train][:, groups[test]] - truth[groups[test]]
            name = f"boxoffice.mlp.{train}.{test}"
            assert records[f"{name}.rmsle"] == pytest.approx(per_seed_rmsle(error).mean(), abs=ROUNDING)
            assert records[f"{name}.mae"] == pytest.approx(np.abs(error).mean(), abs=ROUNDING)
            assert records[f"{name}.bias"] == pytest.approx(error.mean(), abs=ROUNDING)


def test_the_baselines_are_the_training_films_mean_and_least_squares_on_log_budget(quick_records):
    records = quick_records(STEM)
    saved, truth, groups, _ = saved_predictions(records)
    films = tmdb_films()
    train = films.drop(index=saved["id"])  # the training films: every usable film not in the test set
    assert len(train) + len(saved["id"]) == records["boxoffice.n_films"]
    x, y = np.log1p(train["budget"].to_numpy(dtype=float)), np.log1p(train["revenue"].to_numpy(dtype=float))
    slope, intercept = np.polyfit(x, y, 1)
    x_test = np.log1p(films.loc[saved["id"], "budget"].to_numpy(dtype=float))
    for name, guess in (("mean_revenue", np.full(truth.size, y.mean())), ("ols_budget", intercept + slope * x_test)):
        for test in GROUPS:
            rmsle = np.sqrt(np.mean((guess[groups[test]] - truth[groups[test]]) ** 2))
            assert records[f"boxoffice.{name}.all.{test}.rmsle"] == pytest.approx(rmsle, abs=1e-9)


def judged(records, claim_id: str) -> judgement.Judged:
    return judgement.Judged.from_json(records[judgement.record_name(claim_id)])


def test_every_claim_and_question_is_judged_and_its_verdict_follows_from_its_interval(quick_records):
    records = quick_records(STEM)
    ids = [c.id for c in (*claims.CLAIMS, *claims.OWN_QUESTIONS)] + [
        "boxoffice.best_beats_runner_up",
        "boxoffice.best_beats_ols",
    ]
    for claim_id in ids:
        found = judged(records, claim_id)
        assert records[f"{claim_id}.verdict"] == found.sentence
        low, high = found.interval
        if found.kind == "difference":  # the rule by hand: the claimed side, the other side, or across zero
            side = -1 if high < 0 else 1 if low > 0 else 0
            expected = {found.claimed_side: "reproduced", 0: "not resolved"}.get(side, "contradicted")
            assert found.verdict == expected, claim_id
        else:
            assert found.verdict == "not comparable", claim_id


def test_the_rmsle_claims_are_the_per_seed_differences_of_the_saved_predictions(quick_records):
    records = quick_records(STEM)
    _, truth, groups, predictions = saved_predictions(records)

    def rmsle(train: str, test: str) -> np.ndarray:
        return per_seed_rmsle(predictions[train][:, groups[test]] - truth[groups[test]])

    for claim in (*claims.CLAIMS[:4], claims.ALL_BEATS_LOW_ON_LOW):
        first, second = claims.compared_pairs(claim)
        found = judged(records, claim.id)
        assert found.values == pytest.approx(rmsle(*first) - rmsle(*second), abs=ROUNDING)
        assert found.estimate == pytest.approx(np.mean(rmsle(*first) - rmsle(*second)), abs=ROUNDING)


def test_the_over_prediction_interval_is_the_closed_form_one(quick_records):
    # a mean signed error is a mean, so the bootstrap's part has a closed form: the variance of the films'
    # seed-averaged errors over n; the seeds' part is the variance of the per-seed means over S, and
    # Satterthwaite's degrees of freedom join them. The run's 200 resamples estimate the films' part
    # with a relative standard error of about 10 % (5 % on its root): the half-width may differ by 20 %.
    records = quick_records(STEM)
    _, truth, groups, predictions = saved_predictions(records)
    for claim, (train, test) in claims.OVER_PREDICTIONS:
        error = predictions[train][:, groups[test]] - truth[groups[test]]
        per_seed = error.mean(axis=1)
        films_var = error.mean(axis=0).var() / error.shape[1]
        seeds_var = per_seed.var(ddof=1) / per_seed.size
        dof = (films_var + seeds_var) ** 2 / (seeds_var**2 / (per_seed.size - 1))
        half = stats.t.ppf(0.975, dof) * math.sqrt(films_var + seeds_var)
        found = judged(records, claim.id)
        assert found.estimate == pytest.approx(per_seed.mean(), abs=ROUNDING)
        low, high = found.interval
        assert (high - low) / 2 == pytest.approx(half, rel=0.2)
        assert (low + high) / 2 == pytest.approx(per_seed.mean(), abs=ROUNDING)


def test_keeping_unknown_budgets_keeps_every_film_with_a_revenue_date_and_runtime(quick_records):
    movies = datasets.load("tmdb_5000").movies
    usable = (movies.revenue > 0) & movies.release_date.notna() & movies.runtime.notna()
    assert quick_records(STEM)["boxoffice.keep_zero_budget.n_films"] == int(usable.sum())


def test_the_unexpected_hits_claim_is_the_saved_predictions_squared_error_split_by_side(quick_records):
    # written out again with numpy: a film is an unexpected hit when its actual 1 + revenue is over ten
    # times the prediction (error below −ln 10), short when under a tenth of it; each side's share of the
    # low-budget films' squared error, per seed, for the network trained on all films
    records = quick_records(STEM)
    _, truth, groups, predictions = saved_predictions(records)
    error = predictions["all"][:, groups["low"]] - truth[groups["low"]]
    squared = error**2
    hits = (squared * (error < -math.log(10))).sum(axis=1) / squared.sum(axis=1)
    short = (squared * (error > math.log(10))).sum(axis=1) / squared.sum(axis=1)
    found = judged(records, claims.UNEXPECTED_HITS.id)
    assert found.values == pytest.approx(hits - short, abs=ROUNDING)
    assert found.book_figures[claims.UNEXPECTED_HITS.first] == pytest.approx(hits.mean(), abs=ROUNDING)
    assert records["boxoffice.surprises.low.short.films"] == pytest.approx((error > math.log(10)).sum(axis=1).mean())


def test_what_popularity_is_worth_is_the_saved_predictions_rmsle_difference(quick_records):
    records = quick_records(STEM)
    _, truth, _, predictions = saved_predictions(records)
    without = np.asarray(json.loads(records["boxoffice.no_popularity.test_predictions"])["mlp"])
    assert without.shape == predictions["all"].shape
    difference = per_seed_rmsle(predictions["all"] - truth) - per_seed_rmsle(without - truth)
    found = judged(records, claims.POPULARITY_MLP.id)
    assert found.values == pytest.approx(difference, abs=ROUNDING)
    assert records["boxoffice.no_popularity.mlp.all.rmsle"] == pytest.approx(
        per_seed_rmsle(without - truth).mean(), abs=ROUNDING
    )
    # the baselines read the budget alone: without popularity they are the same models
    assert records["boxoffice.no_popularity.ols_budget.all.rmsle"] == records["boxoffice.ols_budget.all.all.rmsle"]


def test_the_unknown_budgets_added_are_tmdbs_films_with_a_revenue_but_no_budget(quick_records):
    movies = datasets.load("tmdb_5000").movies
    usable = (movies.revenue > 0) & movies.release_date.notna() & movies.runtime.notna()
    records = quick_records(STEM)
    assert records["boxoffice.keep_zero_budget.added"] == int((usable & (movies.budget == 0)).sum())
    found = judged(records, claims.UNKNOWN_BUDGETS_HARDER.id)
    # the second side is the networks trained on known budgets, scored on all the test films above
    assert found.book_figures[claims.UNKNOWN_BUDGETS_HARDER.second] == pytest.approx(
        records["boxoffice.mlp.all.all.rmsle"]
    )
    assert found.units_resampled.endswith(
        f"{records['boxoffice.data.test_films'] + math.ceil(0.2 * records['boxoffice.keep_zero_budget.added']):,} test films"
    )


def test_lime_sign_agreement_counts_whole_conditions_and_chance_is_a_share(quick_records):
    records = quick_records(STEM)
    compared = records["boxoffice.lime.compared_conditions"]
    seeds = records["boxoffice.setting.lime_seeds"]
    agreeing = records["boxoffice.lime.study_sign_agreement"] * compared * seeds  # conditions agreeing, summed
    assert agreeing == pytest.approx(round(agreeing), abs=1e-9)
    assert 0 <= records["boxoffice.lime.sign_chance"] <= 1
    assert compared <= records["boxoffice.lime.like_conditions"] <= records["boxoffice.lime.study_conditions_met"]


def test_every_exercise_shows_its_level_and_minutes_and_each_stub_says_only_what_to_write():
    check_levels_and_harder_code_exercises(STEM)
