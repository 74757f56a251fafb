"""Quick runs that mean something: under each chapter's quick profile (notebooks/chapters.yml) its networks
train far enough to beat a predictor that learned nothing.

The expectation is independent of the networks: the mean of the training targets is the best constant
prediction under squared error, so a network that has not trained (its output near a constant, or noise
around one) cannot beat the mean predictor's RMSE. Each model must come in at least 5 % under it; the full
runs clear it by 12-30 % (Douyin's LSTM v2 9.38 against 10.69 viewers, Douban's FM 0.85 against 1.23 stars,
the appendix's network 0.83 against 1.07 stars, Netflix's DL+ + norm 0.88 against 1.07 stars, the box-office
network's RMSLE 1.46 against 2.05). Under the earlier quick profiles Douyin's LSTM v2 at 2 epochs (10.31
viewers), Douban's FM at 1 epoch (1.41 stars, worse than the mean) and the appendix's network at 1 epoch
(1.026 against 1.051) failed it; the quick profiles now train the LSTMs 6 epochs, Douban's networks 2 epochs
at a learning rate of 0.01, and the appendix's network 2 epochs, each within its quick run's time limit.
"""

import math

import pytest

pytestmark = pytest.mark.notebooks

MARGIN = 0.95  # a trained model's RMSE is at most this share of the mean predictor's

# chapter: [(model's record, the mean predictor's record, whether the records are MSEs)]
CHECKS = {
    "01_box_office": [("boxoffice.mlp.all.all.rmsle", "boxoffice.mean_revenue.all.all.rmsle", False)],
    "02_movielens": [("movielens.mf_sgd.mse", "movielens.baseline_mean.mse", True)],
    "03_douyin": [
        ("douyin.lstm1.rmse", "douyin.training_mean.rmse", False),
        ("douyin.lstm2.rmse", "douyin.training_mean.rmse", False),
    ],
    "04_douban": [(f"douban.{model}.rmse", "douban.mean.rmse", False) for model in ("fm", "deepfm", "at", "kd")],
    "05_netflix": [
        (f"netflix.{model}.rmse_test", "netflix.mean.rmse_test", False) for model in ("dl_norm", "dlplus_norm")
    ],
    "06_scale": [("scale.dl.rmse.largest", "scale.mean_predictor.rmse.largest", False)],
}


@pytest.mark.parametrize(
    ("stem", "model", "mean", "squared"), [(s, *c) for s, checks in CHECKS.items() for c in checks]
)
def test_the_quick_network_beats_the_mean_predictor(quick_records, stem, model, mean, squared):
    records = quick_records(stem)
    error, baseline = records[model], records[mean]
    if squared:
        error, baseline = math.sqrt(error), math.sqrt(baseline)
    assert error <= MARGIN * baseline, (
        f"{stem}: {model} {error:.3f} is not 5 % under the mean predictor's {baseline:.3f}"
    )
