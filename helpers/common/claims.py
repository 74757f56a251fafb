"""What each study claims: the figures its report prints, the data it measured them on, and the
record under which this book measures the same figure.

The chapters' closing tables and the book's results page are both made from this one list with
:func:`comparison_table`, so a study's number is typed once, here, from its report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from helpers.common.records import RecordValue


@dataclass(frozen=True)
class Claim:
    """One reported figure: ``study`` is the report's number for what ``record`` measures here.

    ``lower_is_better`` is True for errors, False for scores, None where neither applies (counts).
    """

    chapter: str
    record: str
    label: str
    study: float
    study_data: str
    book_data: str
    lower_is_better: bool | None = True


BOX_OFFICE_STUDY = "Kaggle TMDB Box Office train (3,000 films), 17 features"
BOX_OFFICE_BOOK = "TMDB 5000 films with budget and revenue > 0, 15 of the 17 features"
MOVIELENS = "MovieLens latest-small, October 2016 (the study's release)"
DOUYIN_STUDY = "Douyin live room, 38,093 minutes (2019-10-01..12-03)"
DOUYIN_BOOK = "the one public day of the same room (2019-12-02, 696 minutes)"
DOUBAN_STUDY = "Douban, 9,160 films (the paper's crawl)"
DOUBAN_BOOK = "Douban 2019 crawl, films of 2007-2019 after the paper's cleaning"
NETFLIX_STUDY = "Netflix Prize, the first 10,000 users"
NETFLIX_BOOK = "Netflix Prize user-complete subset, 1,000 users, 109,065 ratings"
STUDIES = {
    "01_box_office": "Box office (study 000)",
    "02_movielens": "MovieLens (study 001)",
    "03_douyin": "Douyin live stream (study 002)",
    "04_douban": "Douban ratings, K-ADN (study 003)",
    "05_netflix": "Netflix prize (study 004)",
}


def _box_office() -> list[Claim]:
    reported = {
        ("all", "all"): (1.949, 1.362), ("all", "high"): (1.404, 1.083), ("all", "low"): (2.753, 1.939),
        ("high", "all"): (2.141, 1.441), ("high", "high"): (1.391, 1.058), ("high", "low"): (3.172, 2.232),
        ("low", "low"): (2.881, 2.150),
    }  # fmt: skip
    claims = []
    for (train, test), (rmsle, mae) in reported.items():
        for metric, value in (("rmsle", rmsle), ("mae", mae)):
            claims.append(
                Claim(
                    "01_box_office",
                    f"boxoffice.mlp.{train}.{test}.{metric}",
                    f"MLP trained on {train}, tested on {test}: {metric.upper()}",
                    value,
                    BOX_OFFICE_STUDY,
                    BOX_OFFICE_BOOK,
                )  # fmt: skip
            )
    return claims


def _douban() -> list[Claim]:
    reported = {
        "svm": (1.112, 1.380),
        "fm": (0.801, 1.085),
        "deepfm": (0.703, 0.862),
        "at": (0.652, 0.798),
        "kd": (0.695, 0.854),
        "kadn": (0.611, 0.750),
    }
    names = {"svm": "SVM", "fm": "FM", "deepfm": "DeepFM", "at": "AT", "kd": "KD", "kadn": "K-ADN"}
    claims = [
        Claim(
            "04_douban",
            f"douban.{model}.{metric}",
            f"{names[model]}: {metric.upper()} (stars)",
            value,
            DOUBAN_STUDY,
            DOUBAN_BOOK,
        )
        for model, pair in reported.items()
        for metric, value in zip(("mae", "rmse"), pair, strict=True)
    ]
    claims += [
        Claim(
            "04_douban",
            "douban.param_reduction_pct",
            "student has fewer parameters than teacher (%)",
            86.0,
            DOUBAN_STUDY,
            DOUBAN_BOOK,
            False,
        ),
        Claim(
            "04_douban",
            "douban.student_time_ratio",
            "student inference time / teacher's",
            0.24,
            DOUBAN_STUDY,
            DOUBAN_BOOK,
        ),
    ]
    return claims


def _netflix() -> list[Claim]:
    reported = {
        "mf": ("MF", 2.923),
        "mf_norm": ("MF + normalisation", 0.931),
        "dl": ("DL", 0.878),
        "dl_norm": ("DL + normalisation", 0.882),
        "dlplus": ("DL+ (with biases)", 0.873),
        "dlplus_norm": ("DL+ + normalisation", 0.871),
    }
    reported_train = {
        "mf": 2.915,
        "mf_norm": 0.912,
        "dl": 0.8235,
        "dl_norm": 0.831,
        "dlplus": 0.817,
        "dlplus_norm": 0.806,
    }
    reported_sweep = {32: 0.874, 64: 0.873, 128: 0.874, 256: 0.874, 512: 0.883}
    claims = []
    for key, (label, value) in reported.items():
        claims.append(
            Claim(
                "05_netflix",
                f"netflix.{key}.rmse_train",
                f"{label}: train RMSE (stars)",
                reported_train[key],
                NETFLIX_STUDY,
                NETFLIX_BOOK,
            )
        )
        claims.append(
            Claim(
                "05_netflix",
                f"netflix.{key}.rmse_test",
                f"{label}: test RMSE (stars)",
                value,
                NETFLIX_STUDY,
                NETFLIX_BOOK,
            )
        )
    claims += [
        Claim(
            "05_netflix",
            f"netflix.dl.latent_{size}.rmse_test",
            f"DL, latent size {size}: test RMSE (stars)",
            value,
            NETFLIX_STUDY,
            NETFLIX_BOOK,
        )
        for size, value in reported_sweep.items()
    ]
    return claims


CLAIMS: list[Claim] = [
    *_box_office(),
    Claim("02_movielens", "movielens.sparsity_pct", "rating-matrix density (%)", 1.40, MOVIELENS, MOVIELENS, None),
    Claim(
        "02_movielens",
        "movielens.cf_user_study_exact.mse",
        "user-similarity CF, the study's formula, truncated matrix and draw: MSE (stars²)",
        9.8252,
        MOVIELENS,
        MOVIELENS,
    ),
    Claim("03_douyin", "douyin.lstm1.r2", "univariate LSTM: test R²", 0.756, DOUYIN_STUDY, DOUYIN_BOOK, False),
    Claim(
        "03_douyin", "douyin.lstm1.rmse", "univariate LSTM: test RMSE (viewers/min)", 1.64, DOUYIN_STUDY, DOUYIN_BOOK
    ),
    Claim("03_douyin", "douyin.lstm_multi.r2", "multivariate LSTM: test R²", 0.727, DOUYIN_STUDY, DOUYIN_BOOK, False),
    *_douban(),
    *_netflix(),
]


def claims_for(chapter: str) -> list[Claim]:
    """Return the claims of ``chapter`` (a notebook name such as ``05_netflix``), in report order."""
    return [c for c in CLAIMS if c.chapter == chapter]


def comparison_table(chapter: str, records: Mapping[str, RecordValue]) -> pd.DataFrame:
    """Return the chapter's closing table: one row per claim with the study's number, this book's
    number (NaN where the chapter has not recorded it), the gap and the data each was measured on."""
    rows = []
    for claim in claims_for(chapter):
        book = records.get(claim.record)
        value = float(book) if isinstance(book, (int, float)) else float("nan")
        rows.append(
            {
                "figure": claim.label,
                "study": claim.study,
                "this book": value,
                "gap (book - study)": value - claim.study,
                "study's data": claim.study_data,
                "this book's data": claim.book_data,
            }
        )
    return pd.DataFrame(rows)
