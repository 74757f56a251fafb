"""What the Douban paper (K-ADN, study 003) claims, as the book judges it (:mod:`helpers.common.judgement`).

The paper's Table 1 and Table 2 are typed once, here.
"""

from __future__ import annotations

from helpers.common.judgement import Claim, Difference, Figure, Ordering
from helpers.common.names import reader_name

CHAPTER = "04_douban"
STUDY = "Douban ratings"
OTHER_FILMS = "other films: the paper's own crawl of 9,160 films there, the public 2019 crawl here"

TABLE_1 = {  # the paper's Table 1: test MAE and RMSE (stars), by model key
    "svm": (1.112, 1.380),
    "fm": (0.801, 1.085),
    "deepfm": (0.703, 0.862),
    "at": (0.652, 0.798),
    "kd": (0.695, 0.854),
    "kadn": (0.611, 0.750),
}
TEXT_HEADLINE = {  # the paper's text below Table 1: K-ADN's figure and its stated drop (%), by metric
    "mae": (0.618, 12.09),
    "rmse": (0.67, 10.6),
}
TABLE_2 = {  # the paper's Table 2: model size (KB) and run time (s), by network
    "teacher": (1_319_757, 941),
    "student": (184_765, 225),
}
METRICS = ("mae", "rmse")
STUDENT_TIME_SHARE = TABLE_2["student"][1] / TABLE_2["teacher"][1]  # 0.239


def beats(better: str, worse: str, metric: str) -> Difference:
    """Return the claim that model ``better`` has a lower test ``metric`` ("mae" or "rmse") than ``worse``."""
    return Difference(
        CHAPTER,
        f"douban.{better}_beats_{worse}.{metric}",
        f"{reader_name(better)} beats {reader_name(worse)}, by test {metric.upper()}",
        "paper Table 1",
        "douban-table-1",
        first=f"{reader_name(better)} {metric.upper()}",
        second=reader_name(worse),
        measure=f"test {metric.upper()}",
        study_first=TABLE_1[better][METRICS.index(metric)],
        study_second=TABLE_1[worse][METRICS.index(metric)],
        claimed_side=-1,
        unit="stars",
    )


KADN_BEST = Ordering(
    CHAPTER,
    "douban.kadn_best",
    "K-ADN has the lowest MAE and RMSE of all models",
    "paper §2.3.1, Table 1",
    "douban-table-1",
    pairs=tuple(beats("kadn", other, metric) for metric in METRICS for other in ("svm", "fm", "deepfm", "at", "kd")),
)
AT_BEATS_DEEPFM = Ordering(
    CHAPTER,
    "douban.at_beats_deepfm",
    "Attention alone beats DeepFM, by MAE and RMSE",
    "paper §2.3.1",
    "douban-table-1",
    pairs=tuple(beats("at", "deepfm", metric) for metric in METRICS),
)
PARAMETER_REDUCTION = Figure(
    CHAPTER,
    "douban.parameter_reduction",
    "The student has 86 % fewer parameters than the teacher",
    "paper §2.3.2, Table 2",
    "douban-table-2",
    unit="%",
    decimals=1,
    study=86.0,
    tolerance=5.0,
)
STUDENT_TIME = Figure(
    CHAPTER,
    "douban.student_time_share",
    "The student needs 24 % of the teacher's run time",
    "paper §2.3.2, Table 2",
    "douban-table-2",
    decimals=2,
    study=round(STUDENT_TIME_SHARE, 2),
    tolerance=0.06,  # a quarter of the paper's share, fixed before the run
)


def _table_figure(model: str, metric: str) -> Figure:
    return Figure(
        CHAPTER,
        f"douban.{model}.{metric}.figure",
        f"{reader_name(model)}: {metric.upper()}",
        "paper Table 1",
        "douban-table-1",
        OTHER_FILMS,
        unit="stars",
        study=TABLE_1[model][METRICS.index(metric)],
        tolerance=0.02,
    )


def _paper_settings_figure(model: str) -> Figure:
    return Figure(
        CHAPTER,
        f"douban.paper_settings.{model}.mae.figure",
        f"{reader_name(model)} with the paper's training settings: MAE",
        "paper §2.3.1, Table 1",
        "douban-paper-settings",
        OTHER_FILMS,
        unit="stars",
        study=TABLE_1[model][0],
        tolerance=0.02,
    )


CLAIMS: tuple[Claim, ...] = (
    KADN_BEST,
    AT_BEATS_DEEPFM,
    PARAMETER_REDUCTION,
    STUDENT_TIME,
    *(_table_figure(model, metric) for model in TABLE_1 for metric in METRICS),
    *(_paper_settings_figure(model) for model in ("kadn", "deepfm")),
)
