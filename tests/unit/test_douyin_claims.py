"""helpers.douyin.claims: the study's figures and findings as its report and notebook give them."""

from helpers.common import judgement
from helpers.douyin import claims


def test_the_studys_figures_are_its_notebooks():
    # the study's notebook: R² 0.756 and RMSE 1.64 (execution counts 127 and 133), multivariate R² 0.727
    assert (claims.V2_R2.study, claims.V2_RMSE.study, claims.MULTI_R2.study) == (0.756, 1.64, 0.727)
    assert claims.MULTI_WORSE.study_first < claims.MULTI_WORSE.study_second  # 0.727 < 0.756: worse, as claimed


def test_each_finding_predicts_the_side_the_report_says():
    assert claims.V2_BEATS_V1.claimed_side == 1  # R²: higher is better, v2 "got better results"
    assert claims.MULTI_WORSE.claimed_side == -1
    assert all(trial.claimed_side == -1 for trial in claims.TRIALS.values())  # each trial dropped as worse
    # report §2.4.1: windows of 10, 100 and 200 were tried and 100 kept
    assert [(p.first, p.second, p.claimed_side) for p in claims.WINDOW.pairs] == [
        ("w=100", "w=10", 1),
        ("w=100", "w=200", 1),
    ]


def test_the_book_judges_its_own_questions_apart_from_the_studys_claims():
    study = {c.id for c in claims.CLAIMS}
    own = {c.id for c in claims.OWN_QUESTIONS}
    assert len(study) == len(claims.CLAIMS) and len(own) == len(claims.OWN_QUESTIONS) and not study & own
    assert all(c.chapter == claims.CHAPTER for c in (*claims.CLAIMS, *claims.OWN_QUESTIONS))
    assert claims.CHOSEN_BEATS_PERSISTENCE.kind == "difference" and claims.WINDOW.kind == "ordering"
    assert all(isinstance(c, judgement.Claim) for c in claims.OWN_QUESTIONS)


def test_the_studys_number_of_updates_is_its_training_log():
    # the notebook's fit of v1 and v2: "2106/2106" steps in each of 30 epochs, batches of 32 windows from
    # 67,488 training minutes (its printed split): create_dataset makes 67,488 - 100 - 1 = 67,387 windows,
    # ceil(67,387 / 32) = 2,106 batches, as the log prints
    assert claims.STUDY_UPDATES == 63_180
    assert -(-(67_488 - 100 - 1) // 32) == claims.STUDY_STEPS_PER_EPOCH
    assert claims.LONGER_BEATS_V2.claimed_side == claims.LONGER_BEATS_PERSISTENCE.claimed_side == 1
