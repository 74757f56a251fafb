"""The study's own pipeline, as its code ran: a dense matrix cut at a number of movie-id columns, ten
ratings per user drawn *with* replacement for the test set, and its similarity prediction; with the
counts that show what the cut and the draw lose."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from helpers.common import params
from helpers.common.metrics import mse
from helpers.movielens import similarity
from helpers.movielens.rating_matrix import RatingMatrix, holdout_per_user


def truncation(ratings: pd.DataFrame, study_columns: int) -> pd.Series:
    """Return what the study's cut at ``study_columns`` movie-id columns drops from ``ratings`` (userId,
    movieId, rating): the movies and the ratings with an id above it. ParameterError where every id lies
    above it (the study's matrix would be empty)."""
    cut = ratings.movieId > study_columns
    if cut.all():
        raise params.ParameterError(
            f"every movie id is above study_columns={study_columns}, so the study's matrix"
            f" would be empty: raise it above the smallest id, {ratings.movieId.min()}"
        )
    dropped = {"movies dropped": ratings.loc[cut, "movieId"].nunique(), "ratings dropped": int(cut.sum())}
    return pd.Series(dropped).rename_axis("")


def unrated_kept_ids(ratings: pd.DataFrame, study_columns: int) -> int:
    """Return how many of the ids 1..``study_columns`` the study's matrix keeps are rated by no one."""
    return int(np.setdiff1d(np.arange(1, study_columns + 1), ratings.movieId).size)


def density_table(study_pct: float, compact: RatingMatrix, study_columns: int) -> pd.Series:
    """Return the two densities (%) the page compares: the study's truncated users × ``study_columns``
    matrix (``study_pct``) and the compact matrix ``compact``, labelled with their shapes."""
    users, movies = compact.matrix.shape
    return pd.Series(
        {
            f"study's truncated {users} × {study_columns:,} matrix": study_pct,
            f"compact {users} × {movies:,} matrix": compact.density_pct(),
        },
        name="density (%)",
    ).rename_axis("matrix")


def enough_ratings(matrix: sp.spmatrix, user_ids: np.ndarray, n_test: int, n_valid: int) -> int:
    """Return the fewest ratings a user has in ``matrix`` (users × movies); ParameterError naming the user
    where it is fewer than the splits need (``n_test`` for the test set, ``n_valid`` for validation, and
    one to train on)."""
    per_user = np.diff(sp.csr_matrix(matrix).indptr)
    needed = n_test + n_valid + 1
    if per_user.min() < needed:
        raise params.ParameterError(
            f"user {user_ids[per_user.argmin()]} has {per_user.min()} ratings; the"
            f" splits need {needed} per user: lower n_test_per_user or n_valid_per_user,"
            " or remove the users with fewer ratings from the file"
        )
    return int(per_user.min())


def split_counts(train: sp.spmatrix, test: sp.spmatrix, study_test: sp.spmatrix) -> pd.Series:
    """Return the counts of the split the page shows: training and test ratings, the test ratings of the
    study's draw with replacement (``study_test``), and the movies rated in test but never in train."""
    test_items = test.nonzero()[1]
    return pd.Series(
        {
            "training ratings": train.nnz,
            "test ratings (without replacement)": test.nnz,
            "test ratings (study's draw, with replacement)": study_test.nnz,
            "movies rated in test but never in train": int(np.setdiff1d(test_items, train.nonzero()[1]).size),
        },
        name="count",
    ).rename_axis("")


def study_mse(matrix: sp.spmatrix, n_test: int, rng: np.random.Generator) -> float:
    """Return the test MSE (stars²) of the study's user-CF formula on one draw of its pipeline: ``n_test``
    ratings per user of ``matrix`` drawn with replacement by ``rng``, predicted from the rest."""
    train, test = holdout_per_user(matrix, n_test, rng, replace=True)
    users, items = test.nonzero()
    return mse(np.asarray(test[users, items]).ravel(), similarity.predict_study(train, users, items))
