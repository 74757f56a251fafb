"""Rating prediction with embeddings: the matrix-factorisation and embedding + MLP models of the
Netflix-prize study (004), their training with early stopping, and fold-wise evaluation.

Ratings are tables with integer ``user`` and ``item`` codes in ``0..n-1`` and a ``rating`` in stars.
The models follow the study's ``model.py``: user and item embeddings (random-normal initialiser,
L2 penalty on the whole matrix, dropout), joined by a dot product (MF) or by concatenation and a
ReLU MLP (DeepNN), with optional per-user and per-item bias embeddings added to the output.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import keras
import numpy as np
import pandas as pd
from keras import layers, regularizers

from helpers.metrics import mae, rmse

RATING_COLUMNS = ("user", "item", "rating")
RMSE_METRIC = "rmse"
PREDICT_BATCH = 16384


@dataclass(frozen=True)
class ModelSpec:
    """One model configuration.

    ``deep``: MLP on concatenated embeddings (DeepNN) instead of a dot product (MF); ``bias``: add
    user and item bias embeddings; ``normalise``: train on z-scored ratings; ``latent``: embedding
    size; ``l2``: penalty on each embedding matrix; ``dropout``: rate on the embeddings;
    ``hidden``: MLP widths; ``learning_rate``: Adam's; ``clip``: clip predictions to ``rating_range``.
    """

    name: str
    deep: bool
    bias: bool
    normalise: bool
    latent: int = 32
    l2: float = 1e-3
    dropout: float = 0.3
    hidden: tuple[int, ...] = (512, 128, 32)
    learning_rate: float = 1e-3
    clip: bool = False
    rating_range: tuple[float, float] = (1.0, 5.0)


@dataclass(frozen=True)
class TrainSettings:
    """Training loop settings: at most ``epochs`` epochs of ``batch_size`` ratings; stop when the
    validation RMSE has not improved by ``min_delta`` for ``patience`` epochs and keep the best weights."""

    epochs: int = 50
    batch_size: int = 4096
    patience: int = 5
    min_delta: float = 5e-4


@dataclass
class Normaliser:
    """Z-score of ratings with the training mean and (population) standard deviation, both in stars."""

    mean: float = 0.0
    std: float = 1.0

    @classmethod
    def fit(cls, ratings: np.ndarray) -> Normaliser:
        """Return the normaliser of ``ratings`` (1-D, stars); ValueError if they are constant or empty."""
        ratings = np.asarray(ratings, dtype=float)
        if ratings.size == 0 or ratings.std() == 0:
            raise ValueError("cannot normalise an empty or constant rating vector")
        return cls(float(ratings.mean()), float(ratings.std()))

    def transform(self, ratings: np.ndarray) -> np.ndarray:
        """Stars → z-scores."""
        return (np.asarray(ratings, dtype=float) - self.mean) / self.std

    def inverse(self, scores: np.ndarray) -> np.ndarray:
        """Z-scores → stars."""
        return np.asarray(scores, dtype=float) * self.std + self.mean


@dataclass
class FitResult:
    """A trained model: its spec, the Keras model, the normaliser (identity if not normalised),
    the per-epoch ``history`` (``loss``, ``rmse``, ``val_loss``, ``val_rmse``, in training units),
    the mean wall time per epoch in seconds and the number of epochs run."""

    spec: ModelSpec
    model: keras.Model
    normaliser: Normaliser
    history: dict[str, list[float]]
    seconds_per_epoch: float
    epochs: int

    def predict(self, ratings: pd.DataFrame) -> np.ndarray:
        """Predicted ratings in stars for the ``user``/``item`` pairs of ``ratings`` (shape ``(n,)``)."""
        raw = self.model.predict(model_inputs(ratings), batch_size=PREDICT_BATCH, verbose=0).ravel()
        stars = self.normaliser.inverse(raw)
        return np.clip(stars, *self.spec.rating_range) if self.spec.clip else stars

    def history_in_stars(self) -> pd.DataFrame:
        """Per-epoch training and validation RMSE in stars (normalised models scaled back by the std)."""
        scale = self.normaliser.std
        return pd.DataFrame(
            {
                "epoch": np.arange(1, self.epochs + 1),
                "train RMSE (stars)": np.asarray(self.history[RMSE_METRIC]) * scale,
                "validation RMSE (stars)": np.asarray(self.history[f"val_{RMSE_METRIC}"]) * scale,
            }
        )


def check_ratings(ratings: pd.DataFrame, n_users: int, n_items: int) -> None:
    """Raise ValueError unless ``ratings`` has ``user``/``item`` codes in range and finite ratings."""
    missing = [c for c in RATING_COLUMNS if c not in ratings.columns]
    if missing:
        raise ValueError(f"ratings table lacks column(s) {missing}; it has {list(ratings.columns)}")
    for column, size in (("user", n_users), ("item", n_items)):
        codes = ratings[column].to_numpy()
        if codes.size and (codes.min() < 0 or codes.max() >= size):
            raise ValueError(f"{column} codes must lie in 0..{size - 1}, got {codes.min()}..{codes.max()}")
    if not np.isfinite(ratings["rating"].to_numpy(dtype=float)).all():
        raise ValueError("ratings hold a NaN or infinite value")


def encode_ids(
    frames: Mapping[str, pd.DataFrame], user_col: str, item_col: str, rating_col: str = "rating"
) -> tuple[dict[str, pd.DataFrame], int, int]:
    """Map raw user and item ids of several tables to shared codes ``0..n-1`` (sorted raw id order).

    Returns ``({name: DataFrame(user, item, rating)}, n_users, n_items)``. Codes are made from the ids
    of every table (no ratings are used), so a test user absent from training still gets a code.
    """
    users = np.unique(np.concatenate([f[user_col].to_numpy() for f in frames.values()]))
    items = np.unique(np.concatenate([f[item_col].to_numpy() for f in frames.values()]))
    encoded = {
        name: pd.DataFrame(
            {
                "user": np.searchsorted(users, f[user_col].to_numpy()),
                "item": np.searchsorted(items, f[item_col].to_numpy()),
                "rating": f[rating_col].to_numpy(dtype=float),
            }
        )
        for name, f in frames.items()
    }
    return encoded, len(users), len(items)


def shuffle_split(ratings: pd.DataFrame, fraction: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The study's split: shuffle all rows (``DataFrame.sample(frac=1, random_state=seed)``) and hold
    out the last ``int(len * fraction)`` rows. Returns ``(kept, held_out)``."""
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must lie in (0, 1), got {fraction}")
    shuffled = ratings.sample(frac=1, random_state=seed)
    n_out = int(len(shuffled) * fraction)
    if n_out == 0:
        raise ValueError(f"{len(ratings)} rows leave no held-out row at fraction {fraction}")
    return shuffled.iloc[:-n_out], shuffled.iloc[-n_out:]


def _embedding(inputs: keras.KerasTensor, size: int, spec: ModelSpec, name: str) -> keras.KerasTensor:
    """Latent vector of shape ``(batch, latent)`` for integer codes of shape ``(batch, 1)``."""
    vectors = layers.Embedding(
        size,
        spec.latent,
        embeddings_initializer="random_normal",
        embeddings_regularizer=regularizers.l2(spec.l2),
        name=f"{name}_embedding",
    )(inputs)
    return layers.Dropout(spec.dropout, name=f"{name}_dropout")(layers.Flatten(name=f"{name}_flat")(vectors))


def _bias(inputs: keras.KerasTensor, size: int, name: str) -> keras.KerasTensor:
    """Scalar bias of shape ``(batch, 1)`` per code, initialised at zero."""
    return layers.Flatten(name=f"{name}_bias_flat")(
        layers.Embedding(size, 1, embeddings_initializer="zeros", name=f"{name}_bias")(inputs)
    )


def build_model(spec: ModelSpec, n_users: int, n_items: int) -> keras.Model:
    """Return the compiled Keras model of ``spec`` for ``n_users`` users and ``n_items`` items.

    Inputs: two integer tensors of shape ``(batch, 1)`` (user, item codes). Output: ``(batch, 1)``
    predicted rating in training units. Loss MSE, metric RMSE, optimiser Adam.
    """
    user_in = keras.Input(shape=(1,), name="user", dtype="int32")
    item_in = keras.Input(shape=(1,), name="item", dtype="int32")
    user_vec = _embedding(user_in, n_users, spec, "user")
    item_vec = _embedding(item_in, n_items, spec, "item")
    if spec.deep:
        hidden = layers.Concatenate(name="concat")([user_vec, item_vec])
        for width in spec.hidden:
            hidden = layers.Dense(width, activation="relu")(hidden)
        output = layers.Dense(1, name="rating")(hidden)
    else:
        output = layers.Dot(axes=1, name="rating")([user_vec, item_vec])
    if spec.bias:
        output = layers.Add(name="rating_plus_biases")(
            [output, _bias(user_in, n_users, "user"), _bias(item_in, n_items, "item")]
        )
    model = keras.Model(
        [user_in, item_in], output, name=re.sub(r"[^A-Za-z0-9_.]+", "_", spec.name.replace("+", "plus")).strip("_")
    )
    model.compile(
        optimizer=keras.optimizers.Adam(spec.learning_rate),
        loss="mse",
        metrics=[keras.metrics.RootMeanSquaredError(name=RMSE_METRIC)],
    )
    return model


def model_inputs(ratings: pd.DataFrame) -> list[np.ndarray]:
    """The two model inputs (user codes, item codes), each of shape ``(n,)`` and dtype int32."""
    return [ratings["user"].to_numpy(dtype="int32"), ratings["item"].to_numpy(dtype="int32")]


def fit(
    spec: ModelSpec, train: pd.DataFrame, valid: pd.DataFrame, n_users: int, n_items: int, settings: TrainSettings
) -> FitResult:
    """Train ``spec`` on ``train`` with early stopping on the RMSE of ``valid`` (both ratings tables).

    With ``spec.normalise`` both are z-scored with the mean and std of ``train``. Returns a
    :class:`FitResult` holding the best-epoch weights.
    """
    check_ratings(train, n_users, n_items)
    check_ratings(valid, n_users, n_items)
    normaliser = Normaliser.fit(train["rating"].to_numpy()) if spec.normalise else Normaliser()
    model = build_model(spec, n_users, n_items)
    stop = keras.callbacks.EarlyStopping(
        monitor=f"val_{RMSE_METRIC}",
        mode="min",
        min_delta=settings.min_delta,
        patience=settings.patience,
        restore_best_weights=True,
    )
    start = time.perf_counter()
    history = model.fit(
        model_inputs(train),
        normaliser.transform(train["rating"].to_numpy()),
        validation_data=(model_inputs(valid), normaliser.transform(valid["rating"].to_numpy())),
        epochs=settings.epochs,
        batch_size=settings.batch_size,
        callbacks=[stop],
        verbose=0,
    ).history
    epochs = len(history["loss"])
    return FitResult(
        spec,
        model,
        normaliser,
        {k: list(map(float, v)) for k, v in history.items()},
        (time.perf_counter() - start) / epochs,
        epochs,
    )


def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """RMSE and MAE (stars) of predictions ``y_pred`` against ``y_true`` (both shape ``(n,)``)."""
    return {"rmse": rmse(y_true, y_pred), "mae": mae(y_true, y_pred)}


def cross_validate(
    specs: Sequence[ModelSpec],
    folds: Sequence[tuple[pd.DataFrame, pd.DataFrame]],
    n_users: int,
    n_items: int,
    settings: TrainSettings,
    valid_fraction: float,
    seed: int,
) -> tuple[pd.DataFrame, dict[tuple[int, str], dict[str, np.ndarray]]]:
    """Train every spec on every ``(train, test)`` fold, stopping early on a validation part carved
    from the training fold (never on the test fold).

    Returns a long table (fold 1.., model, rmse, mae, epochs, seconds_per_epoch; errors in stars on the
    test fold) and the predictions ``{(fold, name): {"valid": (n_valid,), "test": (n_test,)}}`` in
    stars, so that a later step can combine models using the validation part only.
    """
    rows, predictions = [], {}
    for number, (train, test) in enumerate(folds, start=1):
        fit_part, valid = shuffle_split(train, valid_fraction, seed)
        for spec in specs:
            result = fit(spec, fit_part, valid, n_users, n_items, settings)
            tested = result.predict(test)
            predictions[(number, spec.name)] = {"valid": result.predict(valid), "test": tested}
            row = {"fold": number, "model": spec.name, **scores(test["rating"].to_numpy(), tested)}
            rows.append(row | {"epochs": result.epochs, "seconds_per_epoch": result.seconds_per_epoch})
    return pd.DataFrame(rows), predictions


def select_by_validation(
    candidates: Sequence[str],
    folds: Sequence[tuple[pd.DataFrame, pd.DataFrame]],
    predictions: Mapping[tuple[int, str], Mapping[str, np.ndarray]],
    valid_fraction: float,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pick, in each fold, the candidate with the lowest RMSE on that fold's validation part.

    A candidate is a model name or several names joined by `` & `` (the mean of their predictions).
    Returns ``(chosen, validation)``: one row per fold with fold, chosen, valid_rmse and the test
    rmse / mae of the choice (stars); and the validation RMSE of every candidate (folds × candidates).
    """
    rows, validation = [], {}
    for number, (train, test) in enumerate(folds, start=1):
        valid = shuffle_split(train, valid_fraction, seed)[1]

        def blend(name: str, part: str, fold: int = number) -> np.ndarray:
            return np.mean([predictions[(fold, member)][part] for member in name.split(" & ")], axis=0)

        valid_rmse = {name: rmse(valid["rating"].to_numpy(), blend(name, "valid")) for name in candidates}
        chosen = min(valid_rmse, key=valid_rmse.get)
        validation[number] = valid_rmse
        rows.append(
            {
                "fold": number,
                "chosen": chosen,
                "valid_rmse": valid_rmse[chosen],
                **scores(test["rating"].to_numpy(), blend(chosen, "test")),
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(validation).T.rename_axis("fold")


def mean_std(table: pd.DataFrame, by: str, metrics: Sequence[str] = ("rmse", "mae")) -> pd.DataFrame:
    """Mean and standard deviation (ddof=1) over folds of each metric, per value of ``by``."""
    return table.groupby(by, sort=False)[list(metrics)].agg(["mean", "std"])


def tuned(spec: ModelSpec, **changes: object) -> ModelSpec:
    """A copy of ``spec`` with ``changes`` applied (e.g. ``l2=1e-4``), named after them."""
    label = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in changes.items())
    return replace(spec, name=f"{spec.name} ({label})", **changes)
