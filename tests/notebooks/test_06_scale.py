"""Scale appendix under the quick profile on generated data: records present, errors plausible."""

import numpy as np
import pytest

from helpers import datasets
from helpers.common.exercises import count_exercises
from helpers.common.paths import notebooks_dir
from helpers.publishing import notebooks, profiles
from helpers.scale import engines

STEM = "06_scale"
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
            ("dl", "peak_mib"),
            ("dl", "rmse"),
            ("als", "seconds"),
            ("als", "rmse"),
        )
    ]
    assert not [n for n in names if n not in records]


def test_the_appendix_has_five_exercises():
    assert count_exercises(notebooks_dir() / "06_scale.ipynb") >= 5


def test_the_mean_rating_scores_the_spread_of_the_slices_stars(quick_records):
    # predicting the training mean scores the test ratings' standard deviation; the generator copies the slice's
    # share of each star, so that is the slice's spread; with a few thousand test ratings the sample's spread
    # lies within about 0.03 stars of it
    records = quick_records(STEM)
    expected = slice_rating_sd()
    for n in quick_sizes():
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


def test_the_extrapolation_to_a_hundred_million_ratings_is_the_power_law_through_the_measured_sizes(quick_records):
    # written out by hand: the exponent k of seconds = c · ratings^k through the smallest and largest quick
    # sizes (two sizes: the line through both points), then the largest size's time carried to 10^8
    records = quick_records(STEM)
    sizes = sorted(quick_sizes())
    small, large = (engines.size_label(n) for n in (sizes[0], sizes[-1]))
    for engine, timed in (("dl", "seconds_per_epoch"), ("als", "seconds")):
        t_small, t_large = records[f"scale.{engine}.{timed}.{small}"], records[f"scale.{engine}.{timed}.{large}"]
        k = np.log(t_large / t_small) / np.log(sizes[-1] / sizes[0])
        assert records[f"scale.{engine}.growth_exponent"] == pytest.approx(k, rel=1e-9)
        minutes = t_large * (1e8 / sizes[-1]) ** k / 60
        name = "dl.extrapolated_minutes_per_epoch_1e8" if engine == "dl" else "als.extrapolated_minutes_1e8"
        assert records[f"scale.{name}"] == pytest.approx(minutes, rel=1e-9)
    # the network's hours: one epoch's minutes times the study's epochs
    hours = records["scale.dl.extrapolated_minutes_per_epoch_1e8"] * records["scale.setting.study_epochs"] / 60
    assert records["scale.dl.extrapolated_hours_1e8"] == pytest.approx(hours, rel=1e-9)
