"""What the Douyin study (report and notebook 002) claims, as the book judges it
(:mod:`helpers.common.judgement`), and the questions the chapter asks beyond it.

``CLAIMS`` are the study's findings: its improved LSTM v2 beats v1, its multivariate LSTM does worse than
v2, the changes to v2 the report says it tried and dropped (``TRIALS``: L2 on the LSTM layers, a ReLU or
an ELU head, each judged as "worse than v2"), its choice of a 100-minute window over 10 and 200 minutes
(``WINDOW``), and the three figures its notebook prints. ``OWN_QUESTIONS`` are this book's: does the LSTM
chosen on the validation minutes beat persistence, and does v2 trained with more updates (toward the
study's number) beat v2 trained as here and persistence? Every comparison is by test R², over the seeds and
the test minutes (moving blocks).
"""

from __future__ import annotations

from helpers.common.judgement import Claim, Difference, Figure, Ordering
from helpers.douyin.names import reader_name

CHAPTER = "03_douyin"
OTHER_DATA = "other data: two months with the off-air nights there, the one day the book ships, cleaned, here"
STUDY_V2_R2 = 0.756  # the notebook's figure, by its page order (see the chapter)
STUDY_V2_RMSE = 1.64  # viewers entering per minute, the same run
STUDY_MULTI_R2 = 0.727
STUDY_WINDOW = 100  # report §2.4.1: "I tried 10, 100 and 200 and chose 100 as the time step"
STUDY_OTHER_WINDOWS = (10, 200)
STUDY_STEPS_PER_EPOCH = 2106  # the notebook's training log of v1 and v2: "2106/2106" steps per epoch
STUDY_EPOCHS = 30
STUDY_UPDATES = STUDY_STEPS_PER_EPOCH * STUDY_EPOCHS  # 63,180 Adam updates per univariate fit
MEASURE = "test R²"

V2_BEATS_V1 = Difference(
    CHAPTER,
    "douyin.v2_beats_v1",
    "The tuned LSTM v2 forecasts better than LSTM v1, by test R²",
    "report §1",
    "douyin-verdict",
    first="LSTM v2",
    second="LSTM v1",
    measure=MEASURE,
    study_first=STUDY_V2_R2,
    claimed_side=1,
)
MULTI_WORSE = Difference(
    CHAPTER,
    "douyin.multi_worse_than_v2",
    "The multivariate LSTM does worse than the univariate v2, by test R²",
    "report §2.5",
    "douyin-verdict",
    first="multivariate",
    second="LSTM v2",
    measure=MEASURE,
    study_first=STUDY_MULTI_R2,
    study_second=STUDY_V2_R2,
    claimed_side=-1,
)
V2_R2 = Figure(
    CHAPTER,
    "douyin.v2_r2_figure",
    "Univariate LSTM v2: test R²",
    "the study's notebook",
    "douyin-study-figures",
    OTHER_DATA,
    study=STUDY_V2_R2,
    tolerance=0.05,
)
V2_RMSE = Figure(
    CHAPTER,
    "douyin.v2_rmse_figure",
    "Univariate LSTM v2: test RMSE",
    "the study's notebook",
    "douyin-study-figures",
    OTHER_DATA,
    unit="viewers/min",
    study=STUDY_V2_RMSE,
    tolerance=0.5,
)
MULTI_R2 = Figure(
    CHAPTER,
    "douyin.multi_r2_figure",
    "Multivariate LSTM, the study's window and batch: test R²",
    "the study's notebook",
    "douyin-study-figures",
    OTHER_DATA,
    study=STUDY_MULTI_R2,
    tolerance=0.05,
)


def worse_than_v2(key: str, id_part: str, text: str) -> Difference:
    """Return the report's finding that the trial ``key`` (a model key) forecasts worse than v2, by test R²."""
    return Difference(
        CHAPTER,
        f"douyin.trial_{id_part}_worse",
        text,
        "report §2.4.5",
        "douyin-trials",
        first=reader_name(key),
        second="LSTM v2",
        measure=MEASURE,
        claimed_side=-1,
    )


TRIAL_L2 = worse_than_v2("lstm2_l2", "l2", "An L2 penalty on the LSTM layers works badly: worse than v2, by test R²")
TRIAL_RELU = worse_than_v2("lstm2_relu", "relu", "A ReLU head does not help: worse than v2, by test R²")
TRIAL_ELU = worse_than_v2("lstm2_elu", "elu", "An ELU head gives poor results: worse than v2, by test R²")
TRIALS: dict[str, Difference] = {"lstm2_l2": TRIAL_L2, "lstm2_relu": TRIAL_RELU, "lstm2_elu": TRIAL_ELU}


def window_label(minutes: int) -> str:
    """Return LSTM v2's name in a printed relation when it reads windows of ``minutes``: ``"w=100"``, the
    length fused to its letter, so that "w=100 0.047 > w=10 0.019" reads as two figures, not four."""
    return f"w={minutes}"


def window_pair(other: int) -> Difference:
    """Return the pair "v2 on the study's window beats v2 on ``other`` minutes", by test R²."""
    return Difference(
        CHAPTER,
        f"douyin.window_{STUDY_WINDOW}_beats_{other}",
        f"LSTM v2 forecasts better from {STUDY_WINDOW} minutes than from {other}, by test R²",
        "report §2.4.1",
        "douyin-windows",
        first=window_label(STUDY_WINDOW),
        second=window_label(other),
        measure=MEASURE,
        claimed_side=1,
    )


WINDOW = Ordering(
    CHAPTER,
    "douyin.window_100_best",
    f"A window of {STUDY_WINDOW} minutes forecasts best of "
    f"{', '.join(str(w) for w in sorted((STUDY_WINDOW, *STUDY_OTHER_WINDOWS)))}, by test R² of LSTM v2",
    "report §2.4.1",
    "douyin-windows",
    pairs=tuple(window_pair(other) for other in STUDY_OTHER_WINDOWS),
)
WINDOWS_NEEDED = (STUDY_WINDOW, *STUDY_OTHER_WINDOWS)  # the windows a run must fit to judge WINDOW

CHOSEN_BEATS_PERSISTENCE = Difference(
    CHAPTER,
    "douyin.chosen_beats_persistence",
    "The LSTM chosen on the validation minutes forecasts better than persistence, by test R²",
    "this book",
    "douyin-verdict",
    first="chosen LSTM",
    second="persistence",
    measure=MEASURE,
    claimed_side=1,
)

LONGER_BEATS_V2 = Difference(
    CHAPTER,
    "douyin.longer_beats_v2",
    "LSTM v2 trained with more updates forecasts better than v2 trained for the chapter's epochs, by test R²",
    "this book",
    "douyin-updates",
    first=reader_name("lstm2_long"),
    second="LSTM v2",
    measure=MEASURE,
    claimed_side=1,
)
LONGER_BEATS_PERSISTENCE = Difference(
    CHAPTER,
    "douyin.longer_beats_persistence",
    "LSTM v2 trained with more updates forecasts better than persistence, by test R²",
    "this book",
    "douyin-updates",
    first=reader_name("lstm2_long"),
    second="persistence",
    measure=MEASURE,
    claimed_side=1,
)

CLAIMS: tuple[Claim, ...] = (V2_BEATS_V1, MULTI_WORSE, *TRIALS.values(), WINDOW, V2_R2, V2_RMSE, MULTI_R2)
OWN_QUESTIONS: tuple[Claim, ...] = (CHOSEN_BEATS_PERSISTENCE, LONGER_BEATS_V2, LONGER_BEATS_PERSISTENCE)
