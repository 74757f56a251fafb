"""Rating prediction with embeddings: the matrix-factorisation and embedding + MLP models of the
Netflix-prize study (004), their training with early stopping, and fold-wise evaluation.

Ratings are tables with integer ``user`` and ``item`` codes in ``0..n-1`` and a ``rating`` in stars.
The models follow the study's ``model.py``: user and item embeddings (random-normal initialiser,
L2 penalty on the whole matrix, dropout), joined by a dot product (MF) or by concatenation and a
ReLU MLP (DeepNN), with optional per-user and per-item bias embeddings added to the output.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise, product
from typing import Protocol, TypeVar

import keras
import numpy as np
import pandas as pd
import surprise
from keras import layers, regularizers

from helpers.common.metrics import mae, rmse
from helpers.common.names import reader_name
from helpers.common.processes import map_in_processes
from helpers.common.seeding import seed_everything
from helpers.common.training import compile_with_built_optimizer

RATING_COLUMNS = ("user", "item", "rating")
Spec = TypeVar("Spec")
RMSE_METRIC = "rmse"
PREDICT_BATCH = 16384
STEPS_PER_EXECUTION = 32  # batches per call into the compiled training graph: same numbers, fewer Python round trips


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
class TrainingRun:
    """What one training run gave: its spec, the normaliser (identity if not normalised), the
    per-epoch ``history`` (``loss``, ``rmse``, ``val_loss``, ``val_rmse``, in training units), the
    mean wall time per epoch in seconds and the number of epochs run."""

    spec: ModelSpec
    normaliser: Normaliser
    history: dict[str, list[float]]
    seconds_per_epoch: float
    epochs: int

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


@dataclass
class FitResult(TrainingRun):
    """A training run with its trained Keras ``model`` (best-epoch weights)."""

    model: keras.Model

    def predict(self, ratings: pd.DataFrame) -> np.ndarray:
        """Predicted ratings in stars for the ``user``/``item`` pairs of ``ratings`` (shape ``(n,)``)."""
        raw = self.model.predict(model_inputs(ratings), batch_size=PREDICT_BATCH, verbose=0).ravel()
        stars = self.normaliser.inverse(raw)
        return np.clip(stars, *self.spec.rating_range) if self.spec.clip else stars


@dataclass
class FitSummary(TrainingRun):
    """A training run as a worker process hands it back: the model's parameter count and its
    predictions in stars, ``{name: (n,)}``, for each table the :class:`FitTask` named."""

    parameters: int
    predictions: dict[str, np.ndarray]


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
    compile_with_built_optimizer(
        model,
        keras.optimizers.Adam(spec.learning_rate),
        loss="mse",
        metrics=[keras.metrics.RootMeanSquaredError(name=RMSE_METRIC)],
        steps_per_execution=STEPS_PER_EXECUTION,
    )
    return model


def model_inputs(ratings: pd.DataFrame) -> list[np.ndarray]:
    """The two model inputs (user codes, item codes), each of shape ``(n,)`` and dtype int32."""
    return [ratings["user"].to_numpy(dtype="int32"), ratings["item"].to_numpy(dtype="int32")]


def fit(
    spec: ModelSpec,
    train: pd.DataFrame,
    valid: pd.DataFrame,
    n_users: int,
    n_items: int,
    settings: TrainSettings,
    model: keras.Model | None = None,
) -> FitResult:
    """Train ``spec`` on ``train`` with early stopping on the RMSE of ``valid`` (both ratings tables).

    With ``spec.normalise`` both are z-scored with the mean and std of ``train``. ``model``, if
    given, is the compiled, untrained model of ``spec`` to train (default: built here). Returns a
    :class:`FitResult` holding the best-epoch weights.
    """
    check_ratings(train, n_users, n_items)
    check_ratings(valid, n_users, n_items)
    normaliser = Normaliser.fit(train["rating"].to_numpy()) if spec.normalise else Normaliser()
    if model is None:
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
        normaliser,
        {k: list(map(float, v)) for k, v in history.items()},
        (time.perf_counter() - start) / epochs,
        epochs,
        model,
    )


def reuse_compiled(
    spec: ModelSpec, n_users: int, n_items: int, compiled: dict[tuple[ModelSpec, int, int], keras.Model]
) -> keras.Model:
    """Return a compiled model of ``spec`` in a freshly built (seeded) initial state that reuses
    TensorFlow's traced training steps where it can.

    ``compiled`` maps architectures (``spec`` without its name, normalisation and clipping, with the
    user and item counts) to a model already compiled in this process. The first model of an
    architecture is built and stored there; later ones are the stored model with a freshly built
    model's variables (weights and dropout seeds) copied in and its optimizer's step count and
    moments set to zero, which trains exactly as the fresh model would, without tracing again
    (about 1.5 s a fit on 2 cores). The returned model is overwritten by the next call for the same
    architecture.
    """
    fresh = build_model(spec, n_users, n_items)
    model = compiled.setdefault((replace(spec, name="", normalise=False, clip=False), n_users, n_items), fresh)
    if model is not fresh:
        for target, source in zip(model.variables, fresh.variables, strict=True):
            target.assign(source)
        for variable in model.optimizer.variables:
            if variable.name != "learning_rate":
                variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
    return model


def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """RMSE and MAE (stars) of predictions ``y_pred`` against ``y_true`` (both shape ``(n,)``)."""
    return {"rmse": rmse(y_true, y_pred), "mae": mae(y_true, y_pred)}


@dataclass(frozen=True)
class FitTask:
    """One fit that can run in any process: ``spec`` trained on ``train`` with early stopping on
    ``valid``, after seeding everything with ``seed``, then used to predict each table of
    ``scored`` (name → ratings table). Ratings tables as in :func:`fit`."""

    spec: ModelSpec
    train: pd.DataFrame
    valid: pd.DataFrame
    n_users: int
    n_items: int
    settings: TrainSettings
    seed: int
    scored: Mapping[str, pd.DataFrame]

    def cost(self) -> float:
        """A rough relative cost, for starting the longest fits first: multiply-adds per rating
        (the MLP's or the dot product's) times the training ratings, doubled for unnormalised
        models, which train about twice as many epochs."""
        widths = [2 * self.spec.latent, *self.spec.hidden, 1] if self.spec.deep else [self.spec.latent, 1]
        per_rating = sum(a * b for a, b in pairwise(widths))
        return per_rating * len(self.train) * (1.0 if self.spec.normalise else 2.0)

    def run(self) -> FitSummary:
        """Seed, train and predict this task (:func:`fit_task`)."""
        return fit_task(self)


_COMPILED: dict[tuple[ModelSpec, int, int], keras.Model] = {}  # this process's traced models, by architecture


def fit_task(task: FitTask) -> FitSummary:
    """Seed, train and predict one :class:`FitTask`, reusing this process's traced models."""
    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # many small models: no retracing notices
    seed_everything(task.seed)
    model = reuse_compiled(task.spec, task.n_users, task.n_items, _COMPILED)
    result = fit(task.spec, task.train, task.valid, task.n_users, task.n_items, task.settings, model)
    return FitSummary(
        result.spec,
        result.normaliser,
        result.history,
        result.seconds_per_epoch,
        result.epochs,
        model.count_params(),
        {name: result.predict(table) for name, table in task.scored.items()},
    )


class FoldTask(Protocol):
    """A fit of one model on one fold that can run in any process: :class:`FitTask`, or another model's
    task with the same two methods (as :class:`helpers.netflix.autorec.AutoRecTask`)."""

    def cost(self) -> float:
        """A rough relative cost (multiply-adds), for starting the longest fits first."""
        ...

    def run(self) -> FittedFold:
        """Seed, train, and predict the task's scored tables."""
        ...


class FittedFold(Protocol):
    """What a :class:`FoldTask` hands back: ``predictions`` in stars per scored table, the epochs run and
    the mean seconds per epoch."""

    predictions: dict[str, np.ndarray]
    epochs: int
    seconds_per_epoch: float


def run_fold_task(task: FoldTask) -> FittedFold:
    """Run one :class:`FoldTask` (a module-level function, so worker processes can import it)."""
    return task.run()


def fold_task_cost(task: FoldTask) -> float:
    """The relative cost of one :class:`FoldTask`."""
    return task.cost()


def fit_many(tasks: Sequence[FitTask], n_jobs: int = 1) -> list[FitSummary]:
    """Run every task, the costliest first, in ``n_jobs`` worker processes if ``n_jobs > 1`` (see
    :mod:`helpers.common.processes`; the workers use oneDNN kernels, 10-35 % faster per epoch here), and
    return the summaries in the order of ``tasks``. Each fit seeds itself, so a model's figures do
    not depend on which other fits run, in what order, or (up to rounding, which can move a fit's
    early stop by an epoch) on ``n_jobs``."""
    return map_in_processes(fit_task, tasks, n_jobs, cost=FitTask.cost, onednn=True)


class FoldModel(Protocol):
    """A model spec other than :class:`ModelSpec` that :func:`cross_validate` can train: it has a
    ``name`` and makes the :class:`FoldTask` of one fold."""

    name: str

    def fold_task(
        self,
        train: pd.DataFrame,
        valid: pd.DataFrame,
        n_users: int,
        n_items: int,
        seed: int,
        scored: Mapping[str, pd.DataFrame],
    ) -> FoldTask:
        """The task that trains this model on ``train``, stops on ``valid`` and predicts ``scored``."""
        ...


def cross_validate(
    specs: Sequence[ModelSpec | FoldModel],
    folds: Sequence[tuple[pd.DataFrame, pd.DataFrame]],
    n_users: int,
    n_items: int,
    settings: TrainSettings,
    valid_fraction: float,
    seed: int,
    n_jobs: int = 1,
) -> tuple[pd.DataFrame, dict[tuple[int, str], dict[str, np.ndarray]]]:
    """Train every spec on every ``(train, test)`` fold, stopping early on a validation part carved
    from the training fold (never on the test fold), in ``n_jobs`` worker processes if ``n_jobs > 1``
    (as :func:`fit_many`; all specs' fits share the workers, the costliest first). A spec is a
    :class:`ModelSpec` (trained with ``settings``) or another model's spec that makes its own
    :class:`FoldTask` (:class:`FoldModel`). Each fit first seeds everything with ``seed``, so a model's figures do
    not depend on which other models run, in what order, or (up to rounding) on ``n_jobs``.

    Returns a long table (fold 1.., model, rmse, mae, epochs, seconds_per_epoch; errors in stars on the
    test fold) and the predictions ``{(fold, name): {"valid": (n_valid,), "test": (n_test,)}}`` in
    stars, so that a later step can combine models using the validation part only.
    """
    tasks, labels = [], []
    for number, (train, test) in enumerate(folds, start=1):
        fit_part, valid = shuffle_split(train, valid_fraction, seed)
        scored = {"valid": valid, "test": test}
        tasks += [
            FitTask(spec, fit_part, valid, n_users, n_items, settings, seed, scored)
            if isinstance(spec, ModelSpec)
            else spec.fold_task(fit_part, valid, n_users, n_items, seed, scored)
            for spec in specs
        ]
        labels += [(number, spec.name) for spec in specs]
    summaries = map_in_processes(run_fold_task, tasks, n_jobs, cost=fold_task_cost, onednn=True)
    rows = [
        {"fold": number, "model": name}
        | scores(task.scored["test"]["rating"].to_numpy(), done.predictions["test"])
        | {"epochs": done.epochs, "seconds_per_epoch": done.seconds_per_epoch}
        for (number, name), task, done in zip(labels, tasks, summaries, strict=True)
    ]
    return pd.DataFrame(rows), {label: done.predictions for label, done in zip(labels, summaries, strict=True)}


PEER_ALGORITHMS = {"SVD": "SVD", "SVDpp": "SVD++"}  # Surprise's classes beside the chapter's models: reader's names
PEER_UPDATE_COST = {"SVD": 3.3, "SVDpp": 166.0}  # cost units per rating, factor and epoch (see PeerTask.cost)
BASELINES = {kind: reader_name(kind) for kind in ("mean", "bias_only")}  # the naive baselines: reader's names


@dataclass(frozen=True)
class PeerSpec:
    """One configuration of a Surprise algorithm (a key of :data:`PEER_ALGORITHMS`): ``factors`` latent
    factors, ``epochs`` epochs of SGD, learning rate and regularisation of every parameter (Surprise's
    ``lr_all`` and ``reg_all``). A :class:`FoldModel`: :func:`cross_validate` trains it on a fold's
    training part and predicts the fold's validation and test parts, as it does the chapter's models."""

    algorithm: str
    factors: int
    epochs: int
    learning_rate: float
    regularisation: float

    def __post_init__(self) -> None:
        if self.algorithm not in PEER_ALGORITHMS:
            raise ValueError(f"peer algorithm {self.algorithm!r} is not one of {sorted(PEER_ALGORITHMS)}")

    @property
    def name(self) -> str:
        """The configuration as a reader reads it, e.g. ``"SVD (100 factors, 20 epochs, learning rate
        0.005, regularisation 0.02)"``."""
        return (
            f"{PEER_ALGORITHMS[self.algorithm]} ({self.factors} factors, {self.epochs} epochs, "
            f"learning rate {self.learning_rate:g}, regularisation {self.regularisation:g})"
        )

    def fold_task(
        self,
        train: pd.DataFrame,
        valid: pd.DataFrame,
        n_users: int,
        n_items: int,
        seed: int,
        scored: Mapping[str, pd.DataFrame],
    ) -> PeerTask:
        """The task that trains this configuration on ``train`` and predicts ``scored`` (``valid`` plays
        no part in the fit: Surprise's SGD runs its epochs without early stopping)."""
        return PeerTask(self, train, seed, scored)


def peer_grid(
    algorithms: Sequence[str],
    factors: Sequence[int],
    epochs: Sequence[int],
    learning_rates: Sequence[float],
    regularisations: Sequence[float],
) -> list[PeerSpec]:
    """Return every configuration of the grid: each algorithm with each combination of factors, epochs,
    learning rate and regularisation (in that order)."""
    return [PeerSpec(*values) for values in product(algorithms, factors, epochs, learning_rates, regularisations)]


@dataclass
class SurpriseSummary:
    """A Surprise fit as a worker hands it back: predictions in stars per scored table (``{name: (n,)}``),
    the epochs run and the mean seconds per epoch."""

    predictions: dict[str, np.ndarray]
    epochs: int
    seconds_per_epoch: float


def _trainset(train: pd.DataFrame, rating_range: tuple[float, float]) -> surprise.Trainset:
    """The ratings table ``train`` as Surprise's training set, on the scale ``rating_range``."""
    reader = surprise.Reader(rating_scale=rating_range)
    return surprise.Dataset.load_from_df(train[list(RATING_COLUMNS)], reader).build_full_trainset()


def _surprise_predictions(algorithm: surprise.AlgoBase, table: pd.DataFrame) -> np.ndarray:
    """A fitted Surprise algorithm's predictions (n,), stars, clipped to its rating scale as Surprise
    clips them, for the ``user``/``item`` pairs of ``table``."""
    return np.array([algorithm.predict(u, i).est for u, i in zip(table.user, table.item, strict=True)])


@dataclass(frozen=True)
class PeerTask:
    """One fit of a :class:`PeerSpec` on the ``train`` ratings table, seeded with ``seed``, predicting each
    table of ``scored`` (name → ratings table; tables as in :func:`fit`)."""

    spec: PeerSpec
    train: pd.DataFrame
    seed: int
    scored: Mapping[str, pd.DataFrame]

    def cost(self) -> float:
        """A rough relative cost, in the units of :meth:`FitTask.cost` (about 4·10⁸ a second on the book's
        machine): SGD updates per training rating, factor and epoch, SVD++'s about 50 times SVD's (each of
        its updates also touches the implicit factors of every movie the user rated). Measured on
        MovieLens 100K here: SVD, 100 factors, 20 epochs, about 1.2 s; SVD++, 20 factors, about 12 s."""
        per_update = PEER_UPDATE_COST[self.spec.algorithm]
        return per_update * self.spec.factors * self.spec.epochs * len(self.train)

    def run(self) -> SurpriseSummary:
        """Train and predict (:func:`fit_peer`)."""
        return fit_peer(self)


def fit_peer(task: PeerTask) -> SurpriseSummary:
    """Train ``task.spec`` with Surprise on ``task.train`` and return its predictions of each scored table."""
    spec = task.spec
    # SVD++ may keep each user's rated items between epochs: the same fit, about 10 % faster
    cached = {"cache_ratings": True} if spec.algorithm == "SVDpp" else {}
    algorithm = getattr(surprise, spec.algorithm)(
        n_factors=spec.factors,
        n_epochs=spec.epochs,
        lr_all=spec.learning_rate,
        reg_all=spec.regularisation,
        random_state=task.seed,
        **cached,
    )
    start = time.perf_counter()
    algorithm.fit(_trainset(task.train, (1, 5)))
    seconds = time.perf_counter() - start
    predictions = {name: _surprise_predictions(algorithm, table) for name, table in task.scored.items()}
    return SurpriseSummary(predictions, spec.epochs, seconds / spec.epochs)


@dataclass(frozen=True)
class Baseline:
    """A naive baseline (a key of :data:`BASELINES`): ``"mean"`` predicts the training mean rating for
    every pair; ``"bias_only"`` the mean plus a user and a movie bias (Surprise's ``BaselineOnly``, its
    default ten rounds of alternating least squares with its default shrinkage, clipped to 1..5 stars).
    A :class:`FoldModel`, so :func:`cross_validate` scores it as it scores the models."""

    kind: str

    def __post_init__(self) -> None:
        if self.kind not in BASELINES:
            raise ValueError(f"baseline {self.kind!r} is not one of {sorted(BASELINES)}")

    @property
    def name(self) -> str:
        """The reader's name of the baseline."""
        return BASELINES[self.kind]

    def predict(self, train: pd.DataFrame, scored: Mapping[str, pd.DataFrame]) -> dict[str, np.ndarray]:
        """Fit on the ``train`` ratings table and return the predictions (n,), stars, of each table of
        ``scored``."""
        if self.kind == "mean":
            mean = float(train["rating"].mean())
            return {name: np.full(len(table), mean) for name, table in scored.items()}
        algorithm = surprise.BaselineOnly(verbose=False)
        algorithm.fit(_trainset(train, (1, 5)))
        return {name: _surprise_predictions(algorithm, table) for name, table in scored.items()}

    def fold_task(
        self,
        train: pd.DataFrame,
        valid: pd.DataFrame,
        n_users: int,
        n_items: int,
        seed: int,
        scored: Mapping[str, pd.DataFrame],
    ) -> BaselineTask:
        """The task that fits the baseline on ``train`` and predicts ``scored`` (``valid`` is not used)."""
        return BaselineTask(self, train, scored)


@dataclass(frozen=True)
class BaselineTask:
    """One fit of a :class:`Baseline` on ``train``, predicting each table of ``scored``."""

    baseline: Baseline
    train: pd.DataFrame
    scored: Mapping[str, pd.DataFrame]

    def cost(self) -> float:
        """A negligible cost: the baselines run last."""
        return float(len(self.train))

    def run(self) -> SurpriseSummary:
        """Fit and predict."""
        start = time.perf_counter()
        predictions = self.baseline.predict(self.train, self.scored)
        return SurpriseSummary(predictions, 1, time.perf_counter() - start)


def blended(
    predictions: Mapping[tuple[int, str], Mapping[str, np.ndarray]], fold: int, candidate: str, part: str
) -> np.ndarray:
    """Return a candidate's predictions (n,), stars, of one ``part`` ("valid" or "test") of fold ``fold``:
    a model name, or several joined by `` & `` (the mean of their predictions)."""
    return np.mean([predictions[(fold, member)][part] for member in candidate.split(" & ")], axis=0)


def select_by_validation(
    candidates: Sequence[str],
    folds: Sequence[tuple[pd.DataFrame, pd.DataFrame]],
    predictions: Mapping[tuple[int, str], Mapping[str, np.ndarray]],
    valid_fraction: float,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pick, in each fold, the candidate with the lowest RMSE on that fold's validation part.

    A candidate is a model name or several names joined by `` & `` (:func:`blended`). Returns
    ``(chosen, validation)``: one row per fold with fold, chosen, valid_rmse and the test rmse / mae of
    the choice (stars); and the validation RMSE of every candidate (folds × candidates).
    """
    rows, validation = [], {}
    for number, (train, test) in enumerate(folds, start=1):
        valid = shuffle_split(train, valid_fraction, seed)[1]
        valid_rmse = {
            name: rmse(valid["rating"].to_numpy(), blended(predictions, number, name, "valid")) for name in candidates
        }
        chosen = min(valid_rmse, key=valid_rmse.get)
        validation[number] = valid_rmse
        rows.append(
            {
                "fold": number,
                "chosen": chosen,
                "valid_rmse": valid_rmse[chosen],
                **scores(test["rating"].to_numpy(), blended(predictions, number, chosen, "test")),
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(validation).T.rename_axis("fold")


def mean_std(table: pd.DataFrame, by: str, metrics: Sequence[str] = ("rmse", "mae")) -> pd.DataFrame:
    """Mean and standard deviation (ddof=1) over folds of each metric, per value of ``by``."""
    return table.groupby(by, sort=False)[list(metrics)].agg(["mean", "std"])


SETTING_LABELS = {"l2": "L2", "latent": "latent size", "learning_rate": "learning rate"}  # names a reader reads


def tuned(spec: Spec, **changes: object) -> Spec:
    """A copy of ``spec`` (a frozen dataclass with a ``name``: :class:`ModelSpec` or the autoencoder's spec)
    with ``changes`` applied (e.g. ``l2=1e-4``), named after them as a reader reads them
    (``"MF+ (L2 0.0001)"``)."""
    label = ", ".join(
        f"{SETTING_LABELS.get(k, k.replace('_', ' '))} {v if isinstance(v, bool) else format(v, 'g')}"
        for k, v in changes.items()
    )
    return replace(spec, name=f"{spec.name} ({label})", **changes)
