"""A maintained peer of the chapter's item CF: Surprise's ``KNNWithMeans``, fitted on the same training
ratings and asked for the same held-out ratings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
import surprise

RATING_SCALE = (0.5, 5)  # MovieLens' half-star scale, which Surprise clips its predictions to


def fit_knn_with_means(train: sp.spmatrix, k: int) -> surprise.KNNWithMeans:
    """Return Surprise's item-based ``KNNWithMeans`` (cosine similarity, ``k`` neighbours) fitted on the
    ratings of ``train`` (users × movies, 0 = unrated), whose inner ids are its row and column indices."""
    coo = train.tocoo()
    trainset = surprise.Dataset.load_from_df(
        pd.DataFrame({"user": coo.row, "item": coo.col, "rating": coo.data}),
        surprise.Reader(rating_scale=RATING_SCALE),
    ).build_full_trainset()
    options = {"name": "cosine", "user_based": False}
    return surprise.KNNWithMeans(k=k, sim_options=options, verbose=False).fit(trainset)


def predict(model: surprise.AlgoBase, users: np.ndarray, items: np.ndarray, clip: bool = True) -> np.ndarray:
    """Return ``model``'s predictions (stars, (n,)) of the pairs (``users[j]``, ``items[j]``), clipped to
    the rating scale where ``clip`` (Surprise's default)."""
    return np.array([model.predict(u, i, clip=clip).est for u, i in zip(users, items, strict=True)])
