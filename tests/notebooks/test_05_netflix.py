"""Netflix chapter under the quick profile on the real data: records present, in range, fast enough."""

import math

import pytest

STEM = "05_netflix"
NETFLIX_MODELS = ("mf", "mf_norm", "dl", "dl_norm", "dlplus", "dlplus_norm")
ML_MODELS = ("mf_norm", "dl_norm", "dlplus_norm", "best")
pytestmark = pytest.mark.notebooks


def test_netflix_errors_are_plausible(quick_records):
    records = quick_records(STEM)
    for model in NETFLIX_MODELS:
        # a 1..5-star scale: 4 stars is the worst any sane predictor reaches, 0.7 is far below the prize
        assert 0.7 < records[f"netflix.{model}.rmse_train"] < 4.0
        assert 0.7 < records[f"netflix.{model}.rmse_test"] < 4.0
    # MF + norm collapses to the mean rating (std of the ratings, 1.065 stars); the biased DL must beat it
    assert records["netflix.mf_norm.rmse_test"] == pytest.approx(1.065, abs=0.01)
    assert records["netflix.dlplus_norm.rmse_test"] < records["netflix.mf_norm.rmse_test"] - 0.05


def test_latent_sweep_of_the_quick_profile(quick_records):
    records = quick_records(STEM)
    assert 0.7 < records["netflix.dl.latent_64.rmse_test"] < 1.5
    # size 32 is DL's first seed; with the quick profile's two seeds each lies sd/sqrt(2) from their mean
    gap = abs(records["netflix.dl.latent_32.rmse_test"] - records["netflix.dl.rmse_test"])
    assert gap == pytest.approx(records["netflix.dl.rmse_test_sd"] / math.sqrt(2), rel=1e-9)
    assert 0 < records["netflix.dl.seconds_per_epoch"] < 30


def test_movielens_fold_one(quick_records):
    records = quick_records(STEM)
    for model in ML_MODELS:
        rmse, mae = records[f"ml100k.{model}.rmse_cv"], records[f"ml100k.{model}.mae_cv"]
        assert 0.85 < rmse < 1.25 and 0.6 < mae < rmse
    for raw in ("mf", "dl", "dlplus"):
        # after two epochs the unnormalised models are still far from the ratings, behind their twins
        rmse, mae = records[f"ml100k.{raw}.rmse_cv"], records[f"ml100k.{raw}.mae_cv"]
        assert records[f"ml100k.{raw}_norm.rmse_cv"] < rmse < 4.0 and 0.6 < mae < rmse
    assert "MF+" in records["ml100k.best.name"]
    # Surprise's SVD and SVD++ with four epochs of SGD (the quick profile's) on fold u1: between the
    # published defaults' 0.93-0.95 and the mean rating's 1.15
    assert 0.93 < records["ml100k.peer_svd.rmse_cv"] < 1.05 and 0.93 < records["ml100k.peer_svdpp.rmse_cv"] < 1.05


def test_density_is_that_of_the_registered_slice(quick_records):
    from helpers import datasets

    ratings = datasets.load("netflix").train
    cells = ratings.user_id.nunique() * ratings.movie_id.nunique()
    assert quick_records(STEM)["netflix.density_pct"] == pytest.approx(100 * len(ratings) / cells, rel=1e-9)


def test_the_reports_counts_are_worked_out_from_its_own_figures(quick_records):
    records = quick_records(STEM)
    # the report: 10,000 users, 17,770 movies, 100,480,507 ratings, density 0.117; diagrams 782,529 (DL)
    # and 803,761 (DL+) parameters, the difference being one bias per user and per movie
    assert records["netflix.study.density_pct_from_counts"] == pytest.approx(56.545, abs=1e-3)
    assert records["netflix.study.ratings_at_density"] == pytest.approx(20_790_900)
    assert records["netflix.study.embedded_rows"] == 21_232
    assert records["netflix.prize.density_pct"] == pytest.approx(1.1776, abs=1e-4)


def test_every_model_and_every_l2_weight_is_recorded_with_its_spread(quick_records):
    records = quick_records(STEM)
    for model in NETFLIX_MODELS:
        assert records[f"netflix.{model}.rmse_test_sd"] > 0  # two seeds under the quick profile
    for label in ("1e-3", "1e-4", "1e-5", "0"):
        assert 0.7 < records[f"netflix.mf_norm.l2_{label}.rmse_test"] < 4.0
        assert records[f"netflix.mf_norm.l2_{label}.pred_sd"] >= 0
    # the study's weight is the chapter's MF + norm itself (its first seed): the mean rating, as above
    assert records["netflix.mf_norm.l2_1e-3.rmse_test"] == pytest.approx(1.065, abs=0.01)


def test_the_first_fold_is_u1_and_the_exercises_are_counted(quick_records):
    records = quick_records(STEM)
    assert records["ml100k.best.rmse_u1"] == pytest.approx(records["ml100k.best.rmse_cv"])  # one fold, u1
    assert records["book.exercises.05_netflix"] >= 6
