"""The Douban chapter's neural rating models (FM, DeepFM, AT, KD, K-ADN) and how they are trained.

Every model reads the same inputs: one padded id matrix ``(b, max_len)`` per categorical field
(0 = padding) and a ``numeric`` matrix ``(b, m)`` of standardised numbers. Ratings are in stars
(0..10). Models that predict rating classes (AT, KD, K-ADN) turn a softmax into the expected rating.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from helpers.common.training import compile_with_built_optimizer
from helpers.douban.distill import STUDENT, TEACHER, DistillationLoss, RatingClasses, distilled_pair, mlp
from helpers.douban.layers import (
    FMInteraction,
    FrequencyRegularizedEmbedding,
    LocalActivationUnit,
    NumericEmbedding,
    WeightedSumPooling,
)

NUMERIC = "numeric"
MODELS = ("fm", "deepfm", "at", "kd", "kadn")
WARM_UP_BATCHES = 2  # batches run before an epoch is timed, to trace the training step
ALONE = ("student",)  # K-ADN's student as a model of its own (sum pooling, student MLP, cross-entropy)
Arrays = Mapping[str, np.ndarray]


@dataclass(frozen=True)
class Field:
    """One categorical input: its vocabulary size (padding and "other" included), padded length and
    training count of each id (for eq. 3)."""

    name: str
    size: int
    max_len: int
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Settings:
    """Sizes and weights shared by the models: embedding size ``dim``, eq. (3) strength, attention
    hidden width, MLP widths, eq. (6) hint weight λ, and the rating classes of the class models."""

    dim: int
    regularization: float
    attention_hidden: int
    deep_units: tuple[int, ...]
    teacher_units: tuple[int, ...]
    student_units: tuple[int, ...]
    hint_weight: float
    classes: RatingClasses
    rating_mean: float


@dataclass
class RatingModel:
    """A model ready to train: ``network`` (trained with ``loss`` on ``target(ratings)``) and
    ``predict(arrays) -> ratings``; KD models also carry their ``teacher`` and ``student`` views and
    ``predict_teacher`` (the teacher head's expected ratings)."""

    network: keras.Model
    loss: keras.losses.Loss | str
    target: Callable[[np.ndarray], np.ndarray]
    predict: Callable[[Arrays], np.ndarray]
    teacher: keras.Model | None = None
    student: keras.Model | None = None
    predict_teacher: Callable[[Arrays], np.ndarray] | None = None


def model_inputs(fields: Sequence[Field], n_numeric: int) -> dict[str, keras.KerasTensor]:
    """One integer input per field and one float input ``numeric`` of width ``n_numeric``."""
    inputs = {f.name: keras.Input((f.max_len,), dtype="int32", name=f.name) for f in fields}
    inputs[NUMERIC] = keras.Input((n_numeric,), dtype="float32", name=NUMERIC)
    return inputs


def embed(inputs, fields: Sequence[Field], dim: int, regularization: float, prefix: str) -> list[tuple]:
    """For each field: its embeddings ``(b, L, dim)`` (eq. 3 regularised) and its mask ``(b, L)``."""
    embedded = []
    for f in fields:
        layer = FrequencyRegularizedEmbedding(f.counts, dim, regularization, name=f"{prefix}_{f.name}")
        embedded.append((layer(inputs[f.name]), ops.cast(ops.not_equal(inputs[f.name], 0), "float32")))
    return embedded


def encoder(fields: Sequence[Field], n_numeric: int, settings: Settings, attention: bool) -> keras.Model:
    """Film encoder on one set of embeddings: outputs ``[sum-pooled]`` or, with ``attention``,
    ``[attention-pooled, sum-pooled]`` film vectors, each ``(b, F·dim + m)`` (pooled fields, then numbers).

    Sum pooling adds a field's embeddings. Attention pooling (AT, K-ADN) weights field ``f``'s embeddings
    with a local activation unit whose query is the film itself as seen by its *other* fields: the mean
    of their sum-pooled vectors and of the numeric vectors ``x_i v_i``. The query uses no film id and no
    rating, so it exists for an unseen film and cannot leak the target.
    """
    inputs = model_inputs(fields, n_numeric)
    embedded = embed(inputs, fields, settings.dim, settings.regularization, "embedding")
    pool = WeightedSumPooling()
    summed = [pool(vectors, mask) for vectors, mask in embedded]
    outputs = [keras.layers.Concatenate(name="sum_pooled")([*summed, inputs[NUMERIC]])]
    if attention:
        numeric_vectors = NumericEmbedding(settings.dim, name="numeric_vectors")(inputs[NUMERIC])
        total = ops.sum(ops.stack(summed, axis=1), axis=1) + ops.sum(numeric_vectors, axis=1)
        n_context = len(fields) - 1 + n_numeric
        attended = []
        for f, (vectors, mask), own in zip(fields, embedded, summed, strict=True):
            query = (total - own) / n_context
            weights = LocalActivationUnit(settings.attention_hidden, name=f"attention_{f.name}")(vectors, query, mask)
            attended.append(pool(vectors, weights))
        outputs.insert(0, keras.layers.Concatenate(name="attention_pooled")([*attended, inputs[NUMERIC]]))
    return keras.Model(inputs, outputs, name="attention_encoder" if attention else "sum_encoder")


def fm_terms(inputs, fields: Sequence[Field], settings: Settings) -> tuple:
    """FM output ``w0 + Σ w_i x_i + Σ_{i<j} <v_i, v_j> x_i x_j`` ``(b, 1)`` over every active id and
    numeric feature, and the field embeddings (for DeepFM's deep part)."""
    embedded = embed(inputs, fields, settings.dim, settings.regularization, "embedding")
    weights = embed(inputs, fields, 1, settings.regularization, "linear")
    pool = WeightedSumPooling()
    numeric = inputs[NUMERIC]
    linear_numeric = keras.layers.Dense(
        1, bias_initializer=keras.initializers.Constant(settings.rating_mean), name="bias"
    )(numeric)
    linear = keras.layers.Add(name="linear")([linear_numeric, *(pool(w, mask) for w, mask in weights)])
    masked = [vectors * ops.expand_dims(mask, -1) for vectors, mask in embedded]
    numeric_vectors = NumericEmbedding(settings.dim, name="numeric_vectors")(numeric)
    pairwise = FMInteraction(name="fm_pairs")(ops.concatenate([*masked, numeric_vectors], axis=1))
    return keras.layers.Add(name="fm")([linear, pairwise]), embedded


def build(name: str, fields: Sequence[Field], n_numeric: int, settings: Settings) -> RatingModel:
    """Build model ``name`` (one of :data:`MODELS` or :data:`ALONE`).

    fm, deepfm: regression on the rating with squared error. at: attention encoder + teacher-sized
    MLP over rating classes (cross-entropy), which is also K-ADN's teacher as a model of its own;
    student: sum-pooled embeddings + student-sized MLP, likewise. kd, kadn: a teacher and a student MLP
    sharing the embeddings, trained by eq. (6); as §1 of the paper builds it, K-ADN's attention belongs to the
    teacher (attention-pooled input) while the student reads the sum-pooled embeddings; in KD both read
    the sum-pooled ones. Their predictions are the student's (the model one would deploy).
    """
    classes = settings.classes
    if name in ("fm", "deepfm"):
        inputs = model_inputs(fields, n_numeric)
        output, embedded = fm_terms(inputs, fields, settings)
        if name == "deepfm":
            pool = WeightedSumPooling()
            deep_in = keras.layers.Concatenate()([*(pool(v, m) for v, m in embedded), inputs[NUMERIC]])
            output = keras.layers.Add(name="deepfm")([output, mlp(settings.deep_units, 1, "deep_mlp")(deep_in)])
        network = keras.Model(inputs, output, name=name)
        return RatingModel(
            network, "mse", lambda y: np.asarray(y, dtype="float32"), lambda x: network.predict_on_batch(dict(x))[:, 0]
        )
    if name in ("at", *ALONE):
        film = encoder(fields, n_numeric, settings, attention=name == "at")
        units = settings.student_units if name == "student" else settings.teacher_units
        head = mlp(units, len(classes), f"{name}_mlp")
        network = keras.Model(film.inputs, head(film.outputs[0]), name=name)
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        return RatingModel(
            network, loss, classes.classify, lambda x: classes.expected(network.predict_on_batch(dict(x)))
        )
    if name in ("kd", "kadn"):
        film = encoder(fields, n_numeric, settings, attention=name == "kadn")
        teacher_features, student_features = film.outputs[0], film.outputs[-1]
        pair = distilled_pair(
            film.inputs,
            teacher_features,
            student_features,
            settings.teacher_units,
            settings.student_units,
            len(classes),
        )
        return RatingModel(
            pair.pair, DistillationLoss(settings.hint_weight), classes.classify,
            lambda x: classes.expected(pair.pair.predict_on_batch(dict(x))[:, STUDENT]),
            teacher=pair.teacher, student=pair.student,
            predict_teacher=lambda x: classes.expected(pair.pair.predict_on_batch(dict(x))[:, TEACHER]),
        )  # fmt: skip
    raise ValueError(f"unknown model {name!r}; models: {', '.join((*MODELS, *ALONE))}")


class BestOnValidation(keras.callbacks.Callback):
    """After each half epoch (see :func:`train`) compute the validation MAE of the predicted ratings,
    keep the weights of the best one, stop after ``patience`` half epochs without a gain, and put the
    best weights back at the end. ``maes`` holds the MAE of every check (stars)."""

    def __init__(self, predict: Callable[[Arrays], np.ndarray], x_val: Arrays, y_val: np.ndarray, patience: int):
        super().__init__()
        self.predict, self.x_val, self.y_val, self.patience = predict, x_val, np.asarray(y_val, dtype=float), patience
        self.maes: list[float] = []
        self.best_weights: list[np.ndarray] | None = None

    def on_epoch_end(self, epoch, logs=None):
        mae = float(np.mean(np.abs(self.predict(self.x_val) - self.y_val)))
        self.maes.append(mae)
        if mae <= min(self.maes):
            self.best_weights = self.model.get_weights()
        elif len(self.maes) - 1 - int(np.argmin(self.maes)) >= self.patience:
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)


def train(
    model: RatingModel, x_train: Arrays, y_train: np.ndarray, x_val: Arrays, y_val: np.ndarray, *,
    epochs: int, batch_size: int, learning_rate: float, patience: int, seed: int,
) -> list[float]:  # fmt: skip
    """Train with Adam on shuffled mini-batches, validating twice per epoch (§2.3.1) and keeping the
    best model; return the validation MAE (stars) of every check. ``y_*`` are ratings in stars."""
    n = len(y_train)
    compile_with_built_optimizer(model.network, keras.optimizers.Adam(learning_rate), loss=model.loss)
    data = tf.data.Dataset.from_tensor_slices((dict(x_train), model.target(y_train)))
    data = data.shuffle(n, seed=seed, reshuffle_each_iteration=True).repeat().batch(batch_size)
    check = BestOnValidation(model.predict, x_val, y_val, patience)
    model.network.fit(
        data,
        steps_per_epoch=math.ceil(n / batch_size / 2),
        epochs=2 * epochs,
        callbacks=[check],
        shuffle=False,
        verbose=0,
    )
    return check.maes


def epoch_seconds(
    models: Mapping[str, RatingModel], x: Arrays, y: np.ndarray, *, batch_size: int, learning_rate: float,
    repeats: int, seed: int,
) -> dict[str, np.ndarray]:  # fmt: skip
    """Wall time (s) of ``repeats`` training epochs of each of ``models`` over ``x`` and the ratings ``y``
    (stars), with Adam at ``learning_rate`` in batches of ``batch_size``.

    Each model first trains on :data:`WARM_UP_BATCHES` batches (which traces its training step and is
    not counted); then the models take turns, one epoch each per round, so that a load on the machine
    hits them alike and round ``r`` of one model pairs with round ``r`` of another. The weights are
    trained. Returns ``{name: seconds}``, ``seconds`` of shape ``(repeats,)``.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    data = {}
    for name, model in models.items():
        compile_with_built_optimizer(model.network, keras.optimizers.Adam(learning_rate), loss=model.loss)
        data[name] = (
            tf.data.Dataset.from_tensor_slices((dict(x), model.target(y))).shuffle(len(y), seed=seed).batch(batch_size)
        )
        model.network.fit(data[name].take(WARM_UP_BATCHES), epochs=1, shuffle=False, verbose=0)
    seconds = {name: np.empty(repeats) for name in models}
    for r in range(repeats):
        for name, model in models.items():
            start = time.perf_counter()
            model.network.fit(data[name], epochs=1, shuffle=False, verbose=0)
            seconds[name][r] = time.perf_counter() - start
    return seconds
