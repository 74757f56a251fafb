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
    expected = 100 * (1 - records["douban.student.params"] / records["douban.teacher.params"])
    assert math.isclose(records["douban.param_reduction_pct"], expected)
    assert 0 < records["douban.student_time_ratio"] < 1.5
