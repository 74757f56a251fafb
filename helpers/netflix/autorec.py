"""I-AutoRec (Sedhain et al., 2015): rating prediction with an item-based autoencoder.

Each item is a vector of its ratings by every user, 0 where the user did not rate it. A one-hidden-layer
network (sigmoid encoder, linear decoder) is trained to reproduce each vector, the error counted only
where a rating was observed, with an L2 penalty on both weight matrices. The reconstructed vector holds
a prediction for every user, so the rating of user ``u`` for item ``i`` is entry ``u`` of item ``i``'s
output. Ratings tables are as in :mod:`helpers.netflix.rating_tables`: integer ``user`` and ``item`` codes
and a ``rating`` in stars.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import keras
import numpy as np
import pandas as pd
from keras import layers, ops, regularizers

from helpers.common.seeding import seed_everything
from helpers.common.training import compile_with_built_optimizer
from helpers.netflix.rating_tables import check_ratings


@dataclass(frozen=True)
class AutoRecSpec:
    """One I-AutoRec configuration: ``hidden`` sigmoid units, Keras' ``l2`` penalty (per squared weight,
    added to the batch's mean squared error) on both weight matrices, Adam at ``learning_rate`` on
    batches of ``batch_size`` items, at most ``epochs`` epochs, stopping when the validation RMSE has
    not improved for ``patience`` epochs (the best epoch's weights are kept). Predictions are clipped
    to ``rating_range``; a user or item with no training rating gets ``default_rating`` (the paper's 3)."""

    name: str = "I-AutoRec"
    hidden: int = 500
    l2: float = 1e-3
    learning_rate: float = 3e-3
    batch_size: int = 256
    epochs: int = 400
    patience: int = 8
    rating_range: tuple[float, float] = (1.0, 5.0)
    default_rating: float = 3.0

    def fold_task(
        self,
        train: pd.DataFrame,
        valid: pd.DataFrame,
        n_users: int,
        n_items: int,
        seed: int,
        scored: Mapping[str, pd.DataFrame],
    ) -> AutoRecTask:
        """The task that trains this spec on ``train``, stops on ``valid`` and predicts ``scored``, for
        :func:`helpers.netflix.cross_validation.cross_validate`."""
        return AutoRecTask(self, train, valid, n_users, n_items, seed, scored)


def item_vectors(ratings: pd.DataFrame, n_users: int, n_items: int) -> np.ndarray:
    """The rating matrix as item vectors: shape ``(n_items, n_users)``, float32 stars, 0 where unrated."""
    check_ratings(ratings, n_users, n_items)
    matrix = np.zeros((n_items, n_users), dtype="float32")
    matrix[ratings["item"].to_numpy(), ratings["user"].to_numpy()] = ratings["rating"].to_numpy()
    return matrix


def observed_mse(y_true: keras.KerasTensor, y_pred: keras.KerasTensor) -> keras.KerasTensor:
    """Mean squared error over the observed entries (non-zero targets) of a batch of item vectors."""
    observed = ops.cast(ops.not_equal(y_true, 0), y_pred.dtype)
    return ops.sum(observed * ops.square(y_true - y_pred)) / ops.maximum(ops.sum(observed), 1.0)


VALID_METRIC = observed_mse.__name__  # Keras names a function metric after the function


def build_autorec(spec: AutoRecSpec, n_users: int) -> keras.Model:
    """Return the compiled I-AutoRec for ``n_users`` users: input and output ``(batch, n_users)`` item
    vectors in stars, loss :func:`observed_mse` plus the L2 penalty, Adam; :func:`observed_mse` alone is
    also reported as a metric (``val_observed_mse`` on validation data)."""
    penalty = regularizers.l2(spec.l2)
    model = keras.Sequential(
        [
            keras.Input((n_users,), name="item_ratings"),
            layers.Dense(spec.hidden, activation="sigmoid", kernel_regularizer=penalty, name="encoder"),
            layers.Dense(n_users, kernel_regularizer=penalty, name="decoder"),
        ],
        name="i_autorec",
    )
    compile_with_built_optimizer(
        model, keras.optimizers.Adam(spec.learning_rate), loss=observed_mse, metrics=[observed_mse]
    )
    return model


@dataclass
class AutoRecFit:
    """A trained I-AutoRec: its spec, the training item vectors it reads, its model (best-epoch weights),
    the validation RMSE per epoch (stars), the epochs run and the mean seconds per epoch."""

    spec: AutoRecSpec
    inputs: np.ndarray
    model: keras.Model
    valid_rmse: list[float]
    epochs: int
    seconds_per_epoch: float

    @cached_property
    def reconstruction(self) -> np.ndarray:
        """The model's output for every training item vector, ``(n_items, n_users)`` stars, computed once
        for all the tables :meth:`predict` is asked about."""
        return self.model.predict(self.inputs, batch_size=len(self.inputs), verbose=0)

    def predict(self, ratings: pd.DataFrame) -> np.ndarray:
        """Predicted stars for the ``user``/``item`` pairs of ``ratings``, shape ``(n,)``."""
        users, items = ratings["user"].to_numpy(), ratings["item"].to_numpy()
        stars = np.clip(self.reconstruction[items, users], *self.spec.rating_range)
        known = self.inputs.any(axis=1)[items] & self.inputs.any(axis=0)[users]
        return np.where(known, stars, self.spec.default_rating)


def fit_autorec(spec: AutoRecSpec, train: pd.DataFrame, valid: pd.DataFrame, n_users: int, n_items: int) -> AutoRecFit:
    """Train ``spec`` on the ``train`` ratings, stopping early on the RMSE (stars) of ``valid``; both are
    ratings tables. Returns the fit with the best epoch's weights."""
    inputs = item_vectors(train, n_users, n_items)
    targets = item_vectors(valid, n_users, n_items)
    model = build_autorec(spec, n_users)
    stop = keras.callbacks.EarlyStopping(
        monitor=f"val_{VALID_METRIC}", mode="min", patience=spec.patience, restore_best_weights=True
    )
    start = time.perf_counter()
    history = model.fit(
        inputs,
        inputs,
        validation_data=(inputs, targets),
        batch_size=spec.batch_size,
        validation_batch_size=n_items,  # one batch: the metric is the mean over every validation rating
        epochs=spec.epochs,
        callbacks=[stop],
        verbose=0,
    ).history
    epochs = len(history["loss"])
    valid_rmse = list(np.sqrt(history[f"val_{VALID_METRIC}"]))
    return AutoRecFit(spec, inputs, model, valid_rmse, epochs, (time.perf_counter() - start) / epochs)


@dataclass
class AutoRecSummary:
    """An I-AutoRec fit as a worker process hands it back: predictions in stars per scored table
    (``{name: (n,)}``), the epochs run and the mean seconds per epoch."""

    predictions: dict[str, np.ndarray]
    epochs: int
    seconds_per_epoch: float


@dataclass(frozen=True)
class AutoRecTask:
    """One I-AutoRec fit that can run in any process: ``spec`` on ``train``, early stopping on ``valid``,
    seeded with ``seed``, then predicting each table of ``scored`` (name → ratings table)."""

    spec: AutoRecSpec
    train: pd.DataFrame
    valid: pd.DataFrame
    n_users: int
    n_items: int
    seed: int
    scored: Mapping[str, pd.DataFrame]

    def cost(self) -> float:
        """A rough relative cost, for starting the longest fits first: the multiply-adds of one epoch
        (both layers, every item) times twice the patience. On MovieLens 100K this ranks a fit just above
        the unnormalised deep models' fits, which take about twice as long: an early start, never a late one."""
        return 2 * self.spec.hidden * self.n_users * self.n_items * 2 * self.spec.patience

    def run(self) -> AutoRecSummary:
        """Seed, train and predict."""
        seed_everything(self.seed)
        done = fit_autorec(self.spec, self.train, self.valid, self.n_users, self.n_items)
        predictions = {name: done.predict(table) for name, table in self.scored.items()}
        return AutoRecSummary(predictions, done.epochs, done.seconds_per_epoch)
