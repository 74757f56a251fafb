"""What the Douyin study (report and notebook 002) claims, as the book judges it
(:mod:`helpers.common.judgement`)."""

from __future__ import annotations

from helpers.common.judgement import Claim, Difference, Figure

CHAPTER = "03_douyin"
STUDY = "Douyin live stream"
OTHER_DATA = "other data: two months with the off-air nights there, the one public day, cleaned, here"
STUDY_V2_R2 = 0.756  # the notebook's figure, by its page order (see the chapter)
STUDY_MULTI_R2 = 0.727

V2_BEATS_V1 = Difference(
    CHAPTER,
    "douyin.v2_beats_v1",
    "The tuned LSTM v2 forecasts better than LSTM v1, by test R²",
    "report §1",
    "douyin-verdict",
    first="LSTM v2",
    second="LSTM v1",
    measure="test R²",
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
    measure="test R²",
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
    study=1.64,
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

CLAIMS: tuple[Claim, ...] = (V2_BEATS_V1, MULTI_WORSE, V2_R2, V2_RMSE, MULTI_R2)
