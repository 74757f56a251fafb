"""Full-profile Netflix chapter against the targets of its issue (run `make book` first)."""

import math

import pytest

STEM = "05_netflix"
SVDPP_PUBLISHED_RMSE = 0.919
pytestmark = pytest.mark.full


def test_the_studys_ordering_holds(records):
    assert (
        records["netflix.dlplus_norm.rmse_test"]
        <= records["netflix.dl.rmse_test"]
        <= records["netflix.mf_norm.rmse_test"]
    )


def test_deep_models_land_near_the_studys_figures(records):
    # the study: 0.871..0.882 on its 10,000 users; a different slice of the same data, so within 0.03
    for model in ("dl", "dl_norm", "dlplus", "dlplus_norm"):
        assert records[f"netflix.{model}.rmse_test"] == pytest.approx(0.88, abs=0.03)


def test_latent_size_matters_little_as_in_the_study(records):
    values = [records[f"netflix.dl.latent_{size}.rmse_test"] for size in (32, 64, 128, 256, 512)]
    assert max(values) - min(values) <= 0.02  # the study's spread: 0.010


def test_movielens_best_beats_svdpp(records):
    assert records["ml100k.best.rmse_cv"] <= SVDPP_PUBLISHED_RMSE
    assert records["ml100k.best.rmse_cv"] < records["ml100k.dlplus_norm.rmse_cv"]
    assert records["ml100k.best.mae_cv"] < records["ml100k.dlplus_norm.mae_cv"]


def test_movielens_runs_the_six_models_and_normalisation_helps_each(records):
    for raw in ("mf", "dl", "dlplus"):
        assert records[f"ml100k.{raw}_norm.rmse_cv"] < records[f"ml100k.{raw}.rmse_cv"]
    # the deep models with the study's settings land between SVD-like figures and the mean rating
    for model in ("dl", "dl_norm", "dlplus", "dlplus_norm"):
        assert 0.92 < records[f"ml100k.{model}.rmse_cv"] < 0.96


def test_peer_svd_is_measured_on_the_same_folds(records):
    # Surprise's published 0.934 is on random folds; the official u1..u5 folds run a little higher
    assert records["ml100k.peer_svd.rmse_cv"] == pytest.approx(0.938, abs=0.005)
    assert all(math.isfinite(v) for v in records.values() if isinstance(v, float))


MODELS = ("mf", "mf_norm", "dl", "dl_norm", "dlplus", "dlplus_norm")


def test_every_netflix_model_is_judged_over_three_seeds(records):
    assert records["netflix.setting.seeds"] >= 3
    assert all(records[f"netflix.{model}.rmse_test_sd"] > 0 for model in MODELS)
    for name in ("normalisation_dl", "biases_dl"):
        assert records[f"netflix.claim.{name}"].startswith(("Holds", "Does not hold", "Is "))


def test_the_mf_collapse_is_tested_at_four_l2_weights(records):
    for label in ("1e-3", "1e-4", "1e-5", "0"):
        assert f"netflix.mf_norm.l2_{label}.rmse_test" in records
        assert f"netflix.mf_norm.l2_{label}.pred_sd" in records


def test_movielens_best_reaches_the_published_graph_models(records):
    # the target: 0.905 over the five folds (GC-MC's figure on u1)
    assert records["ml100k.best.rmse_cv"] <= 0.905
    assert "ml100k.best.rmse_u1" in records


def test_svdpp_is_measured_on_the_first_fold(records):
    # tried by hand when the chapter was planned: Surprise's SVD++ with default settings, 0.933 on u1
    assert records["ml100k.peer_svdpp.rmse_u1"] == pytest.approx(0.933, abs=0.005)
