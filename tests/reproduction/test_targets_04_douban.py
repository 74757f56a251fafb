"""Full-profile records of the Douban chapter against the targets of its issues."""

import math

import pytest

from helpers.common import judgement

STEM = "04_douban"
LEARNED = ("ridge", "svm", "fm", "deepfm", "at", "kd", "kadn")
pytestmark = pytest.mark.full


def judged(records, claim_id: str) -> judgement.Judged:
    return judgement.Judged.from_json(records[judgement.record_name(claim_id)])


def pair(records, ordering: str, pair_id: str) -> judgement.Judged:
    return next(p for p in judged(records, ordering).pairs if p.id == pair_id)


def test_every_record_of_the_issue_is_there(records):
    names = ["douban.n_films", "douban.teacher.params", "douban.student.params", "douban.param_reduction_pct"]
    names += ["douban.student_time_ratio", "douban.kadn.mae_without_raters"]
    names += [f"douban.{m}.{k}" for m in ("mean", *LEARNED) for k in ("mae", "rmse")]
    names += [f"douban.paper_settings.{m}.{k}" for m in ("kadn", "deepfm") for k in ("mae", "rmse")]
    names += [f"douban.kadn_minus_{m}.mae{end}" for m in ("deepfm", "svm") for end in ("", "_lo", "_hi")]
    names += [f"douban.{n}.train_seconds_per_epoch" for n in ("teacher", "student")]
    names += ["douban.student_train_time_ratio", "douban.teacher.implied_kib"]
    assert not [n for n in names if n not in records]


def test_three_seeds_and_one_split(records):
    # every network over three seeds on one split holding out a fifth of the films for the test
    assert records["douban.n_seeds"] == 3
    assert records["douban.n_test_films"] == math.ceil(0.2 * records["douban.n_films"])
    assert pair(records, "douban.kadn_best", "douban.kadn_beats_deepfm.mae").units_resampled == (
        f"3 seeds and {records['douban.n_test_films']:,} test films"
    )


def test_every_learned_model_beats_the_mean_rating(records):
    # the ratings spread about a star around their mean; every model that reads the features errs by a
    # third less, far beyond the interval of a few hundredths
    assert judged(records, "douban.all_beat_mean").verdict == judgement.REPRODUCED
    for model in LEARNED:
        assert records[f"douban.{model}.rmse"] < records["douban.mean.rmse"], model


def test_kadn_and_deepfm_tie_far_from_the_papers_gap(records):
    # the paper puts K-ADN 0.092 stars ahead of DeepFM (Table 1: 0.611 against 0.703); here the 95 %
    # interval of K-ADN − DeepFM over the seeds and the test films holds zero and excludes the paper's gap
    low, high = records["douban.kadn_minus_deepfm.mae_lo"], records["douban.kadn_minus_deepfm.mae_hi"]
    assert low < 0 < high
    assert low > 0.611 - 0.703


def test_the_papers_weakest_model_is_not_beaten_by_kadn(records):
    # the paper's SVM is its worst model (1.112); here the RBF SVR on standardised features, chosen on
    # validation, is the best model by validation MAE and K-ADN does not beat it, so the paper's main
    # ordering is not reproduced
    assert records["douban.best_model"] == "SVM"
    assert records["douban.kadn_minus_svm.mae_hi"] > 0
    assert judged(records, "douban.kadn_best").verdict != judgement.REPRODUCED
    assert pair(records, "douban.kadn_best", "douban.kadn_beats_svm.mae").verdict != judgement.REPRODUCED


def test_kd_and_at_differ_by_less_than_the_papers_resolution(records):
    # the paper calls KD's 0.043-star gap to AT "almost the same": here their 90 % interval lies within
    # the margin of 0.05 stars (MAE) and 0.06 (RMSE) set from the paper's own reading
    entry = judged(records, "douban.kd_like_at")
    assert entry.verdict == judgement.REPRODUCED
    assert all(-p.margin < p.interval[0] and p.interval[1] < p.margin for p in entry.pairs)


def test_the_papers_learning_rate_has_not_converged_in_fifty_epochs(records):
    # a learning rate 300 times smaller than the tuned one: K-ADN still improves at the last epochs and
    # ends worse than with the tuned settings; after five epochs it is worse than predicting the mean
    assert records["douban.pilot.paper_best_epoch"] > 40
    assert records["douban.paper_settings.kadn.mae"] > records["douban.kadn.mae"]
    assert records["douban.pilot.paper_val_mae"] > records["douban.pilot.mean_val_mae"]
    assert judged(records, "douban.paper_settings.kadn.tuned_beats_paper").verdict == judgement.REPRODUCED


def test_an_svr_on_raw_counts_learns_next_to_nothing(records):
    # the hypothesis for the paper's weak SVM: unscaled rater counts swamp the RBF kernel's distances. The
    # SVR then reads the rater count alone, which tells a little about the rating: it beats the mean rating
    # by a few hundredths of a star (its 90 % interval below zero, above -0.1), against the ~0.4 stars the
    # SVR on standardised numbers gains; whether within the 0.05-star margin is a near thing on these films
    assert records["douban.svm_raw.mae"] > 0.95 * records["douban.mean.mae"]
    low, high = judged(records, "douban.svm_raw.like_mean").interval
    assert -0.1 < low < high < 0
    assert records["douban.mean.mae"] - records["douban.svm.mae"] > 0.3
    # with scikit-learn's default width the kernel reads the rater count alone: counts of thousands to
    # hundreds of thousands against 0/1 ids, minutes and years move it by no more than ~10^-5
    assert records["douban.svm_raw.kernel_gap"] < 1e-4 and records["douban.svm_raw.median_kernel"] > 0.5


def test_the_papers_svm_errs_more_than_the_mean_rating_here(records):
    # the paper's 1.112 against about 0.96 stars for the mean rating on these films: an SVR that learns
    # nothing does not reach it, and the page says what is left unexplained
    assert records["douban.mean.mae_hi"] < 1.112 and records["douban.svm_raw.mae_hi"] < 1.112
    assert "above the mean rating's" in records["douban.svm_raw.reading"]


def test_the_audience_counts_carry_much_of_the_accuracy(records):
    # the rater count exists only after release; without it K-ADN loses several hundredths of a star
    assert records["douban.kadn.mae_without_raters"] > records["douban.kadn.mae_with_raters"] + 0.03
    assert judged(records, "douban.audience_counts_help_kadn").verdict == judgement.REPRODUCED
    # the ablation's group chosen on validation is one of the two that carry most: genre or the raters
    assert records["douban.ablation.top_group"] in ("genre", "raters")
    assert judged(records, "douban.ablation.top_group_matters").verdict == judgement.REPRODUCED


def test_student_is_small_and_fast(records):
    assert records["douban.param_reduction_pct"] >= 80
    assert judged(records, "douban.parameter_reduction").verdict == judgement.REPRODUCED  # 86 % ± 5
    assert records["douban.student_time_ratio"] <= 0.35
    # no attention and a 256-64 MLP against 1024-512-256: the paper's 225 s against 941 s is 0.24
    assert records["douban.student_train_time_ratio"] <= 0.4
    assert len(judged(records, "douban.student_time_share").values) == 5  # five timed rounds
    predict = judged(records, "douban.student_predict_time_share")
    assert len(predict.values) == 50 and predict.estimate == records["douban.student_time_ratio"]


def test_the_papers_run_time_is_of_the_order_of_a_training(records):
    # the paper's teacher: 941 s. Here an epoch of the teacher takes about 2 s (50 epochs: ~10^2 s) and a
    # prediction of the 1,5xx test films well under a second (~10^-2 s): 941 s is about one order of
    # magnitude from the first and more than four from the second
    assert 0.5 < records["douban.teacher.train_seconds_per_epoch"] < 10
    assert records["douban.teacher.predict_ms"] < 1000
    assert records["douban.run_time.reading"].endswith("it reads as a training time.")


def test_records_are_finite(records):
    assert all(math.isfinite(v) for v in records.values() if isinstance(v, float))
