"""Netflix chapter under the quick profile on the real data: records present, in range, fast enough."""

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
    assert records["netflix.dl.latent_32.rmse_test"] == records["netflix.dl.rmse_test"]  # size 32 is the DL model
    assert 0.7 < records["netflix.dl.latent_64.rmse_test"] < 1.2
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
    assert records["ml100k.peer_svd.rmse_cv"] == pytest.approx(0.953, abs=0.01)  # Surprise SVD, seed 10, fold u1
