"""Unit tests of helpers.netflix.autorec (I-AutoRec) on small planted rating tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_netflix_models import planted_ratings

from helpers.common import seeding
from helpers.netflix import autorec, cross_validation, fitting, models, rating_tables


def test_item_vectors_put_each_rating_at_its_item_and_user() -> None:
    ratings = pd.DataFrame({"user": [0, 2], "item": [1, 0], "rating": [4.0, 2.5]})
    matrix = autorec.item_vectors(ratings, n_users=3, n_items=2)
    np.testing.assert_array_equal(matrix, [[0, 0, 2.5], [4.0, 0, 0]])
    with pytest.raises(ValueError, match="user codes must lie in 0..1"):
        autorec.item_vectors(ratings, n_users=2, n_items=2)


def test_the_loss_counts_only_observed_ratings() -> None:
    y_true = np.array([[4.0, 0.0], [0.0, 2.0]], dtype="float32")
    y_pred = np.array([[3.0, 9.0], [-5.0, 4.0]], dtype="float32")
    # errors 1 and 2 on the two observed entries; the unobserved 9 and -5 count for nothing
    assert float(autorec.observed_mse(y_true, y_pred)) == pytest.approx((1 + 4) / 2)


def test_autorec_learns_planted_effects_and_defaults_unknown_items() -> None:
    seeding.seed_everything(0)
    ratings = planted_ratings(30, 20)
    train, valid = rating_tables.shuffle_split(ratings, 0.2, seed=1)
    spec = autorec.AutoRecSpec(hidden=16, l2=1e-5, learning_rate=0.01, batch_size=8, epochs=150, patience=150)
    result = autorec.fit_autorec(spec, train, valid, 30, 21)
    predicted = result.predict(valid)
    mean_only = np.sqrt(np.mean((valid.rating - train.rating.mean()) ** 2))
    assert np.sqrt(np.mean((predicted - valid.rating) ** 2)) < 0.5 * mean_only
    assert result.valid_rmse[-1] < result.valid_rmse[0]
    never_rated = pd.DataFrame({"user": [0], "item": [20], "rating": [4.0]})  # item 20 has no rating
    assert result.predict(never_rated).tolist() == [spec.default_rating]


def test_cross_validate_trains_autorec_beside_the_embedding_models() -> None:
    ratings = planted_ratings(12, 10)
    folds = [rating_tables.shuffle_split(ratings, 0.25, seed=3)]
    spec = autorec.AutoRecSpec(hidden=4, epochs=2, patience=2, batch_size=4)
    mf = models.ModelSpec("MF", deep=False, bias=False, normalise=True, latent=2)
    settings = fitting.TrainSettings(epochs=2, batch_size=16, patience=2)
    table, predictions = cross_validation.cross_validate([mf, spec], folds, 12, 10, settings, 0.2, seed=5)
    assert table.model.tolist() == ["MF", "I-AutoRec"] and table.epochs.tolist() == [2, 2]
    valid = rating_tables.shuffle_split(folds[0][0], 0.2, seed=5)[1]
    assert predictions[(1, "I-AutoRec")]["valid"].shape == (len(valid),)
