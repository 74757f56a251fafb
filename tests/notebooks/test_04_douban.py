"""Quick-profile run of the Douban chapter on the real data: records present, in range, run in time."""

import math

import pytest

STEM = "04_douban"
MODELS = ("mean", "ridge", "svm", "fm", "deepfm", "at", "kd", "kadn")
pytestmark = pytest.mark.notebooks


def test_cleaning_records(quick_records):
    records = quick_records(STEM)
    assert records["douban.repeated_headers"] == 6
    # 8,403 unique films of 2007-2019 before the paper's rules 3-5 remove a few hundred
    assert 7000 <= records["douban.n_films"] <= 8403


def test_errors_are_plausible(quick_records):
    records = quick_records(STEM)
    for model in MODELS:
        mae, rmse = records[f"douban.{model}.mae"], records[f"douban.{model}.rmse"]
        assert math.isfinite(mae) and 0.3 < mae <= rmse < 1.6, model
    # ratings spread about one star around their mean: the mean predictor errs by about that much
    assert 0.8 < records["douban.mean.mae"] < 1.1
    # the linear and kernel baselines need no epochs: they beat the mean even in the quick run
    assert records["douban.ridge.mae"] < records["douban.mean.mae"]
    assert records["douban.svm.mae"] < records["douban.mean.mae"]
    assert records["douban.kadn.mae_without_raters"] > 0.3


def test_teacher_student_records(quick_records):
    records = quick_records(STEM)
    assert records["douban.student.params"] < records["douban.teacher.params"]
    # the size worked out from the widths (a dense layer holds (inputs + 1) x outputs) is what Keras counts
    assert records["douban.teacher.implied_kib"] * 1024 / 4 == records["douban.teacher.mlp_params"]
    # the student is a 256-64 MLP on sum-pooled embeddings, the teacher a 1024-512-256 one behind six
    # attention units: an epoch of the student's training takes well under the teacher's time
    assert records["douban.student_train_time_ratio"] < 0.9
    # KD's teacher is K-ADN's without the attention units: the attention must cost some of the time
    assert records["douban.attention_share_pct"] > 0


def test_the_papers_numbers_worked_back(quick_records):
    records = quick_records(STEM)
    # 0.618 / (1 - 12.09 %) = 0.703, DeepFM's MAE in Table 1; 0.67 / (1 - 10.6 %) = 0.749, K-ADN's own RMSE
    assert (records["douban.headline.mae_base"], records["douban.headline.rmse_base"]) == ("DeepFM", "K-ADN")
    # 1,319,757 KB = 337,857,792 float32 parameters; a 1024-512-256 MLP with 20 classes holds
    # 1,024 + 1,025 x 512 + 513 x 256 + 257 x 20 = 662,292 besides its input layer's 1,024 per input
    assert records["douban.n_classes"] == 20
    assert records["douban.teacher.paper_size_inputs"] == pytest.approx((337_857_792 - 662_292) / 1024)


def test_paper_settings_are_applied(quick_records):
    records = quick_records(STEM)
    # one quick epoch at the paper's learning rate of 1e-5 leaves K-ADN's class heads near their random
    # start: its error stays above the mean predictor's, which the tuned rate beats within an epoch
    assert records["douban.paper_settings.kadn.mae"] > records["douban.mean.mae"]
    assert records["douban.setting.paper_learning_rate"] == 1e-5


def test_unscaled_numbers_hurt_the_svr(quick_records):
    records = quick_records(STEM)
    # raw rater counts (up to hundreds of thousands) swamp the RBF kernel's distances
    assert records["douban.svm_raw.mae"] > records["douban.svm.mae"] + 0.1


def test_one_seed_gives_no_interval(quick_records):
    records = quick_records(STEM)
    assert records["douban.outcome.kadn_deepfm"].endswith("on one seed (no interval)")
    assert records["book.exercises.04_douban"] >= 6
