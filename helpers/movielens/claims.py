"""What the MovieLens study (blog post 001) claims, as the book judges it (:mod:`helpers.common.judgement`),
and the questions the chapter asks beyond it.

The post prints two figures (the density of its rating matrix and the MSE of user-similarity CF) and
states two comparisons without a number: SGD matrix factorisation has "a much smaller" MSE than the
similarity CF, and VGG16 poster features find better similar movies. It shows the poster neighbours
against two others: for Heat against the factorisation's (which gave "romances and dramas"), for Toy
Story against the rating-similarity CF's (which gave Forrest Gump). Both comparisons are claims here.
"""

from __future__ import annotations

from helpers.common.judgement import Claim, Difference, Figure

CHAPTER = "02_movielens"
# Why the poster claims cannot be compared with the post's, whichever network runs here: the post's code
# ran VGG16 on the posters it fetched from TMDB for its movies with ids up to 9,000 and a six-digit IMDb
# id; this book has only the local thumbnails of the MovieLens-100K movies (or a reader's own posters),
# and Keras downloads VGG16's weights at run time, which fails offline. The chapter words the backbone
# and the posters of its own run (:func:`helpers.movielens.verdicts.poster_reason`).
POSTER_REASON = (
    "other image features: VGG16 on posters fetched from TMDB for the post's movies (ids up to 9,000 with a "
    "six-digit IMDb id) there, {backbone} on {posters} here"
)
THUMBNAILS = "the 92-px thumbnails of the MovieLens-100K movies (released up to 1998)"
OWN_POSTERS = "your own posters"
NO_VGG16 = "; VGG16's ImageNet weights are not in the Keras cache, and Keras cannot download them offline"
OTHER_POSTERS = POSTER_REASON.format(backbone="EfficientNet-Lite0", posters=THUMBNAILS) + NO_VGG16

SPARSITY = Figure(
    CHAPTER,
    "movielens.sparsity",
    "The rating matrix is 1.40 % filled",
    "blog post, similarity section",
    "movielens-data",
    study=1.40,
    tolerance=0.005,  # half the last decimal the post prints
    unit="%",
    decimals=2,
)
# The post's 9.8252 is one random test draw of an unknown seed, so its own resolution is the spread of
# one draw, which depends on the draw and not on the method: the tolerance is two standard deviations of
# a single draw (0.049 stars² over the 20 draws of this chapter's full run when the tolerance was set).
STUDY_CF_MSE = Figure(
    CHAPTER,
    "movielens.cf_user_study_mse",
    "User-similarity CF, the study's formula, truncated matrix and random test draw: MSE "
    "(here the mean over repeated draws)",
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
    "Matrix factorisation by SGD has a much smaller error than similarity CF, by test MSE "
    "(here against the corrected user CF, not the post's formula)",
    "blog post, SGD section",
    "movielens-mf",
    first="MF",
    second="corrected user CF",
    measure="test MSE",
    claimed_side=-1,
    unit="stars²",
)
POSTERS_BEAT_MF = Difference(
    CHAPTER,
    "movielens.posters_beat_mf",
    "Poster features find more fitting similar movies than the factorisation's (Heat), by genre precision@k",
    "blog post, poster section",
    "movielens-judged",
    OTHER_POSTERS,
    first="posters",
    second="MF",
    measure="genre precision@k",
    claimed_side=1,
)
POSTERS_BEAT_CF = Difference(
    CHAPTER,
    "movielens.posters_beat_cf",
    "Poster features find more fitting similar movies than rating-similarity CF (Toy Story), by genre precision@k",
    "blog post, poster section",
    "movielens-judged",
    OTHER_POSTERS,
    first="posters",
    second="item CF",
    measure="genre precision@k",
    claimed_side=1,
)

CLAIMS: tuple[Claim, ...] = (SPARSITY, STUDY_CF_MSE, MF_BEATS_CF, POSTERS_BEAT_MF, POSTERS_BEAT_CF)

# The chapter's own questions, judged by the same rules.
MF_BEATS_BIAS = Difference(
    CHAPTER,
    "movielens.mf_beats_bias",
    "Matrix factorisation beats the user + item bias baseline, by test MSE",
    "this book",
    "movielens-mf",
    first="MF",
    second="bias baseline",
    measure="test MSE",
    claimed_side=-1,
    unit="stars²",
)
COLD_POSTERS_BEAT_CF = Difference(
    CHAPTER,
    "movielens.cold_posters_beat_cf",
    "Among rarely rated movies, poster neighbours share a genre more often than rating CF's",
    "this book",
    "movielens-cold",
    first="posters",
    second="item CF",
    measure="genre precision@k",
    claimed_side=1,
)
# The post's case against rating CF is the new movie, without usage data. A new movie's rating column is
# empty, so the study's cosine gives it the same neighbours whatever the movie (the rows of smallest norm);
# its poster neighbours need no rating. Judged with every compared movie treated as new in turn.
NEW_POSTERS_BEAT_CF = Difference(
    CHAPTER,
    "movielens.new_posters_beat_cf",
    "For a movie without a single rating, poster neighbours share a genre more often than rating CF's",
    "this book, after the blog post's weaknesses of CF",
    "movielens-new",
    first="posters",
    second="item CF without ratings",
    measure="genre precision@k",
    claimed_side=1,
)
OWN_QUESTIONS: tuple[Claim, ...] = (MF_BEATS_BIAS, COLD_POSTERS_BEAT_CF, NEW_POSTERS_BEAT_CF)
