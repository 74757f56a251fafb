"""Full-profile records of the Douban chapter against the targets of its issue."""

import math

import pytest

STEM = "04_douban"
LEARNED = ("ridge", "svm", "fm", "deepfm", "at", "kd", "kadn")
pytestmark = pytest.mark.full


def ordered_or_within_spread(records, better: str, worse: str) -> bool:
    """``better`` has the lower (or equal) mean MAE, or it is behind by less than the seed spread of
    the two means (their standard deviations combined), so the data cannot tell the two apart."""
    a, b = records[f"douban.{better}.mae"], records[f"douban.{worse}.mae"]
    spread = math.hypot(records[f"douban.{better}.mae_std"], records[f"douban.{worse}.mae_std"])
    return a <= b or a - b < spread


def test_every_record_of_the_issue_is_there(records):
    names = ["douban.n_films", "douban.teacher.params", "douban.student.params", "douban.param_reduction_pct"]
    names += ["douban.student_time_ratio", "douban.kadn.mae_without_raters"]
    names += [f"douban.{m}.{k}" for m in ("mean", *LEARNED) for k in ("mae", "rmse")]
    assert not [n for n in names if n not in records]


def test_paper_ordering_kadn_deepfm_fm(records):
    assert ordered_or_within_spread(records, "deepfm", "fm")
    assert ordered_or_within_spread(records, "kadn", "deepfm")


def test_every_learned_model_beats_the_mean(records):
    for model in LEARNED:
        assert records[f"douban.{model}.mae"] < records["douban.mean.mae"], model
        assert records[f"douban.{model}.rmse"] < records["douban.mean.rmse"], model


def test_student_is_small_and_fast(records):
    assert records["douban.param_reduction_pct"] >= 80
    assert records["douban.student_time_ratio"] <= 0.35


def test_three_seeds_and_finite_records(records):
    assert all(records[f"douban.{m}.mae_std"] > 0 for m in LEARNED if m != "mean")
    assert all(math.isfinite(v) for v in records.values() if isinstance(v, float))
