"""Scale appendix under the quick profile on generated data: records present, errors plausible."""

import numpy as np
import pytest

from helpers import datasets
from helpers.common.exercises import count_exercises
from helpers.common.paths import notebooks_dir
from helpers.common.records import NOT_MEASURED
from helpers.publishing import notebooks, profiles
from helpers.scale import engines, sentences

STEM = "06_scale"
MIN_TEST_RATINGS = 2_000  # "a few thousand" held-out ratings: enough for their spread to settle
pytestmark = pytest.mark.notebooks


def quick_sizes() -> list[int]:
    """The sizes (ratings) the quick profile runs the appendix at."""
    notebook = notebooks.resolve([STEM])[0]
    return profiles.parameters_for(notebook, "quick", {}, profiles.load_profiles())["sizes"]


def slice_rating_sd() -> float:
    """Standard deviation (stars) of the Netflix slice's ratings, which the generator's share of each star copies."""
    stars = datasets.load("netflix").train.rating.round()
    shares = stars.value_counts(normalize=True)
    mean = float((shares * shares.index).sum())
    return float(np.sqrt((shares * (shares.index - mean) ** 2).sum()))


def test_every_size_has_its_records(quick_records):
    records = quick_records(STEM)
    labels = [engines.size_label(n) for n in quick_sizes()]
    names = [
        f"scale.{engine}.{what}.{label}"
        for label in labels
        for engine, what in (
            ("dl", "seconds_per_epoch"),
            ("dl", "seconds_sd"),
            ("dl", "peak_mib"),
            ("dl", "rmse"),
            ("dl", "seconds_to_target"),
            ("als", "seconds"),
            ("als", "seconds_sd"),
            ("als", "peak_mib"),
            ("als", "rmse"),
            ("als", "seconds_to_target"),
        )
    ]
    assert not [n for n in names if n not in records]
    assert records["scale.repeats"] == profiles_value("repeats")


def profiles_value(name: str) -> object:
    """One of the quick profile's parameters of the appendix."""
    notebook = notebooks.resolve([STEM])[0]
    return profiles.parameters_for(notebook, "quick", {}, profiles.load_profiles())[name]


def test_the_appendix_has_its_exercises():
    assert count_exercises(notebooks_dir() / "06_scale.ipynb") >= 7


def test_the_mean_rating_scores_the_spread_of_the_slices_stars(quick_records):
    # predicting the training mean scores the test ratings' standard deviation; the generator copies the slice's
    # share of each star, so that is the slice's spread; with a few thousand test ratings the sample's spread
    # lies within about 0.03 stars of it (sizes with fewer test ratings, whose spread wanders further, are left out)
    records = quick_records(STEM)
    expected = slice_rating_sd()
    test_share = records["scale.setting.test_fraction"]
    for n in (n for n in quick_sizes() if n * test_share >= MIN_TEST_RATINGS):
        assert records[f"scale.mean_predictor.rmse.{engines.size_label(n)}"] == pytest.approx(expected, abs=0.03)


def test_both_engines_learn_the_planted_biases_and_als_learns_more_from_more_ratings(quick_records):
    # the generator plants a bias per user and per movie (standard deviations fitted from the slice), which
    # both engines model: at the largest quick size both score below the training mean's prediction, whose
    # RMSE is the ratings' spread; and ALS's edge over the mean grows as the same movies get more ratings
    records = quick_records(STEM)
    labels = [engines.size_label(n) for n in sorted(quick_sizes())]
    for engine in ("dl", "als"):
        assert records[f"scale.{engine}.rmse.{labels[-1]}"] < records[f"scale.mean_predictor.rmse.{labels[-1]}"], engine

    def als_edge(label: str) -> float:
        return records[f"scale.mean_predictor.rmse.{label}"] - records[f"scale.als.rmse.{label}"]

    assert als_edge(labels[-1]) > als_edge(labels[0])


def test_every_repeat_reached_the_common_target_by_its_last_pass(quick_records):
    # the target at a size is the highest final test RMSE of any repeat of either engine, so every repeat
    # reaches it by its last pass: the median time to it is at most the median time of the whole fit from disk
    records = quick_records(STEM)
    for label in (engines.size_label(n) for n in quick_sizes()):
        assert records[f"scale.target_rmse.{label}"] >= max(records[f"scale.{e}.rmse.{label}"] for e in ("dl", "als"))
        assert 0 < records[f"scale.als.seconds_to_target.{label}"] <= records[f"scale.als.seconds.{label}"] + 1e-9
        assert 0 < records[f"scale.dl.seconds_to_target.{label}"] <= records[f"scale.dl.fit_seconds.{label}"] + 1e-9
        assert records[f"scale.dl.seconds_sd.{label}"] >= 0 and records[f"scale.als.seconds_sd.{label}"] >= 0


def test_the_held_out_error_is_the_prediction_against_the_measurement(quick_records):
    # written out by hand: the error of a prediction p against the measured median m is 100 (p - m) / m
    records = quick_records(STEM)
    assert records["scale.cost_model.heldout_size"] == max(quick_sizes())
    for engine in ("dl", "als"):
        predicted = records[f"scale.cost_model.heldout_predicted.{engine}"]
        measured = records[f"scale.cost_model.heldout_measured.{engine}"]
        error = records[f"scale.cost_model.heldout_error_pct.{engine}"]
        assert error == pytest.approx(100 * (predicted - measured) / measured, rel=1e-9)
        low, high = (records[f"scale.cost_model.heldout_predicted_{end}.{engine}"] for end in ("low", "high"))
        assert 0 <= low <= predicted <= high  # no coefficient of the cost model is negative, nor any time


def test_the_prize_prediction_has_an_interval_around_it(quick_records):
    records = quick_records(STEM)
    hours = [records[f"scale.dl.predicted_hours_1e8{suffix}"] for suffix in ("_low", "", "_high")]
    assert hours == sorted(hours) and hours[0] < hours[2]
    minutes = [records[f"scale.als.predicted_minutes_1e8{suffix}"] for suffix in ("_low", "", "_high")]
    assert minutes == sorted(minutes) and minutes[0] < minutes[2]
    # the cost models' coefficients are fitted at or above zero: no interval reaches below zero hours
    assert hours[0] >= 0 and minutes[0] >= 0
    # the prize's training ratings: 100,480,507 less the held-out share
    assert records["scale.prize_train_ratings"] == round(100_480_507 * (1 - records["scale.setting.test_fraction"]))


def test_the_quick_run_leaves_the_cluster_out_and_cites_none_of_its_figures(quick_records):
    # the quick profile starts no standalone cluster (tests/unit/test_scale_cluster.py starts and stops one);
    # its figures are recorded as not measured, so that no sentence can cite a number this run did not make
    records = quick_records(STEM)
    assert records["scale.setting.cluster_workers"] == 0
    assert records["scale.cluster.plan"] == sentences.LEFT_OUT
    for name in ("scale.als.scaling_efficiency", "scale.cluster.left_behind", "scale.als.cluster_minutes_1e8"):
        assert str(records[name]).startswith(NOT_MEASURED), name
