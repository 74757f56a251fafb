"""Box-office chapter under the quick profile on the real data: records present, in range, fast enough."""

import math

import pytest

from helpers.box_office.tabular import FEATURES

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


def test_lime_and_comparison_records(quick_records):
    records = quick_records(STEM)
    assert records["boxoffice.lime.top_feature"] in FEATURES
    assert -1 <= records["boxoffice.lime_permutation_spearman"] <= 1
    assert 0 <= records["boxoffice.cv_folds_low_harder_share"] <= 1
    assert records["boxoffice.best_model"] in ("MLP", "Random forest", "Gradient boosting")
