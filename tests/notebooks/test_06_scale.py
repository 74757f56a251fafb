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


def test_both_engines_give_errors_a_rating_model_can_give(quick_records):
    # at a few ratings per movie neither engine can do much better than the mean; neither may be far worse
    records = quick_records(STEM)
    for n in quick_sizes():
        label = engines.size_label(n)
        mean_rmse = records[f"scale.mean_predictor.rmse.{label}"]
        for engine in ("dl", "als"):
            assert 0.5 < records[f"scale.{engine}.rmse.{label}"] < mean_rmse + 0.25
