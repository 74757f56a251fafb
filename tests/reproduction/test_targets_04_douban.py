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
    names += [f"douban.paper_settings.{m}.{k}" for m in ("kadn", "deepfm") for k in ("mae", "rmse")]
    names += [f"douban.kadn_minus_{m}.mae{end}" for m in ("deepfm", "svm") for end in ("", "_lo", "_hi")]
    names += [f"douban.{n}.train_seconds_per_epoch" for n in ("teacher", "student")]
    names += ["douban.student_train_time_ratio", "douban.teacher.implied_kib", "book.exercises.04_douban"]
    assert not [n for n in names if n not in records]


def test_deepfm_beats_fm(records):
    assert ordered_or_within_spread(records, "deepfm", "fm")


def test_kadn_and_deepfm_tie_far_from_the_papers_gap(records):
    # the paper puts K-ADN 0.092 stars ahead of DeepFM (Table 1: 0.611 against 0.703); over three seeds
    # the 95 % interval of K-ADN − DeepFM contains zero (no winner) and excludes the paper's −0.092
    low, high = records["douban.kadn_minus_deepfm.mae_lo"], records["douban.kadn_minus_deepfm.mae_hi"]
    assert low < 0 < high
    assert low > 0.611 - 0.703


def test_the_papers_weakest_model_is_the_best_here(records):
    # the paper's SVM is its worst model (1.112); here the RBF SVR on standardised features has the lowest
    # test MAE in every seed, and K-ADN is not better than it (its difference's interval is not below zero)
    assert records["douban.best_test_model"] == "SVM"
    assert records["douban.best_test_model_seeds"] == 3
    assert records["douban.kadn_minus_svm.mae_hi"] > 0


def test_the_papers_learning_rate_has_not_converged_in_fifty_epochs(records):
    # a learning rate 300 times smaller than the tuned one: K-ADN still improves at the last epochs and
    # ends worse than with the tuned settings; after five epochs it is worse than predicting the mean
    assert records["douban.pilot.paper_best_epoch"] > 40
    assert records["douban.paper_settings.kadn.mae"] > records["douban.kadn.mae"]
    assert records["douban.pilot.paper_val_mae"] > records["douban.pilot.mean_val_mae"]


def test_an_svr_on_raw_counts_learns_next_to_nothing(records):
    # the hypothesis for the paper's weak SVM: unscaled rater counts swamp the RBF kernel's distances
    assert records["douban.svm_raw.mae"] > 0.95 * records["douban.mean.mae"]


def test_every_learned_model_beats_the_mean(records):
    for model in LEARNED:
        assert records[f"douban.{model}.mae"] < records["douban.mean.mae"], model
        assert records[f"douban.{model}.rmse"] < records["douban.mean.rmse"], model


def test_student_is_small_and_fast(records):
    assert records["douban.param_reduction_pct"] >= 80
    assert records["douban.student_time_ratio"] <= 0.35
    # no attention and a 256-64 MLP against 1024-512-256: the paper's 225 s against 941 s is 0.24
    assert records["douban.student_train_time_ratio"] <= 0.4


def test_three_seeds_and_finite_records(records):
    assert records["douban.n_seeds"] == 3
    assert all(math.isfinite(v) for v in records.values() if isinstance(v, float))
