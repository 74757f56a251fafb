"""Box-office chapter under the full profile: the targets of its issue (#5)."""

import pytest

STEM = "01_box_office"
STUDY_ALL_ALL_RMSLE = 1.949
MLP_GBM_MARGIN = 1.10
pytestmark = pytest.mark.full


def test_best_model_beats_the_study_on_all_films(records):
    assert records["boxoffice.best.all.all.rmsle"] < STUDY_ALL_ALL_RMSLE


def test_lime_and_permutation_importance_rank_the_features_alike(records):
    assert records["boxoffice.lime_permutation_spearman"] > 0.5


def test_mlp_is_within_ten_percent_of_gradient_boosting_in_cross_validation(records):
    assert records["boxoffice.mlp.cv_rmsle"] <= MLP_GBM_MARGIN * records["boxoffice.gbm.cv_rmsle"]


def test_high_budget_test_films_are_easier_than_low_budget_ones(records):
    for train in ("all", "high", "low"):
        assert records[f"boxoffice.mlp.{train}.high.rmsle"] < records[f"boxoffice.mlp.{train}.low.rmsle"]
    assert records["boxoffice.cv_folds_low_harder_share"] == 1.0
    assert records["boxoffice.mlp.all.low_minus_high_ci_low"] > 0


def test_training_on_all_films_beats_training_on_high_budget_films_overall(records):
    assert records["boxoffice.mlp.all.all.rmsle"] < records["boxoffice.mlp.high.all.rmsle"]
