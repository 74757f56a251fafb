"""What the MovieLens study (blog post 001) claims, as the book judges it (:mod:`helpers.common.judgement`)."""

from __future__ import annotations

from helpers.common.judgement import Claim, Difference, Figure

CHAPTER = "02_movielens"
STUDY = "MovieLens"
OTHER_POSTERS = (
    "other image features: VGG16 on full posters there, EfficientNet-Lite0 on MovieLens 100K's thumbnails here"
)

SPARSITY = Figure(
    CHAPTER,
    "movielens.sparsity",
    "The rating matrix is 1.40 % filled",
    "blog post, similarity section",
    "movielens-data",
    study=1.40,
    tolerance=0.005,
    unit="%",
    decimals=2,
)
STUDY_CF_MSE = Figure(
    CHAPTER,
    "movielens.cf_user_study_mse",
    "User-similarity CF, the study's formula, truncated matrix and random test draw: MSE",
    "blog post, user similarity",
    "movielens-study-cf",
    study=9.8252,
    tolerance=0.1,
    unit="stars²",
    decimals=3,
)
MF_BEATS_CF = Difference(
    CHAPTER,
    "movielens.mf_beats_cf",
    "Matrix factorisation by SGD has a much smaller error than similarity CF, by test MSE",
    "blog post, SGD section",
    "movielens-mf",
    first="MF",
    second="user CF",
    measure="test MSE",
    claimed_side=-1,
    unit="stars²",
)
POSTERS_BEAT_MF = Difference(
    CHAPTER,
    "movielens.posters_beat_mf",
    "Poster features find more fitting similar movies than the factorisation's, by genre precision@5",
    "blog post, poster section",
    "movielens-judged",
    OTHER_POSTERS,
    first="posters",
    second="MF",
    measure="genre precision@5",
    claimed_side=1,
)

CLAIMS: tuple[Claim, ...] = (SPARSITY, STUDY_CF_MSE, MF_BEATS_CF, POSTERS_BEAT_MF)
