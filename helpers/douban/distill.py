"""Knowledge distillation of the K-ADN paper (§1.3): a teacher and a student MLP on one shared encoder.

Both heads predict rating *classes* (bins of the rating scale); a film's predicted rating is the
expected value of the class centres under a head's softmax. They are trained together with the
loss of eq. (6): ``H(y, p) + H(y, q) + λ‖l − z‖²`` (student logits ``l``, teacher logits ``z``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf
from keras import ops

TEACHER, STUDENT = 0, 1


@dataclass(frozen=True)
class RatingClasses:
    """Equal-width bins of a rating scale: ``edges`` (n + 1 values), ``centres`` (n values), same unit."""

    edges: np.ndarray
    centres: np.ndarray

    @classmethod
    def over(cls, low: float, high: float, width: float) -> RatingClasses:
        """Bins of ``width`` covering ``[low, high]`` (the last bin may end past ``high``).

        Raises ValueError unless ``low < high`` and ``width > 0``.
        """
        if not (low < high and width > 0):
            raise ValueError(f"need low < high and width > 0, got low={low}, high={high}, width={width}")
        n = int(np.ceil((high - low) / width - 1e-9))
        edges = low + width * np.arange(n + 1)
        return cls(edges=edges, centres=(edges[:-1] + edges[1:]) / 2)

    def __len__(self) -> int:
        return len(self.centres)

    def classify(self, ratings: np.ndarray) -> np.ndarray:
        """Class index (int32) of each rating; a rating on an inner edge goes to the upper bin.

        Raises ValueError for a rating outside ``[edges[0], edges[-1]]``.
        """
        ratings = np.asarray(ratings, dtype=float)
        if ratings.size and (ratings.min() < self.edges[0] or ratings.max() > self.edges[-1]):
            raise ValueError(
                f"ratings must lie in [{self.edges[0]}, {self.edges[-1]}], got {ratings.min()}..{ratings.max()}"
            )
        return np.clip(np.searchsorted(self.edges, ratings, side="right") - 1, 0, len(self) - 1).astype(np.int32)

    def expected(self, logits: np.ndarray) -> np.ndarray:
        """Expected rating ``Σ_c softmax(logits)_c · centre_c`` for logits of shape ``(n, n_classes)``."""
        logits = np.asarray(logits, dtype=float)
        weights = np.exp(logits - logits.max(axis=1, keepdims=True))
        return (weights / weights.sum(axis=1, keepdims=True)) @ self.centres


class DistillationLoss(keras.losses.Loss):
    """Eq. (6) per film: ``H(y, softmax z) + H(y, softmax l) + λ Σ_c (l_c − z_c)²``.

    ``y_true``: class index ``(b,)`` or ``(b, 1)``; ``y_pred``: logits ``(b, 2, n_classes)`` stacked
    teacher first, student second (as :func:`distilled_pair` outputs them). Gradients flow into both
    heads and the shared encoder, as eq. (6) is written.
    """

    def __init__(self, hint_weight: float, name: str = "distillation", **kwargs):
        super().__init__(name=name, **kwargs)
        self.hint_weight = float(hint_weight)

    def call(self, y_true, y_pred):
        labels = ops.reshape(ops.cast(y_true, "int32"), (-1,))
        teacher, student = y_pred[:, TEACHER], y_pred[:, STUDENT]
        cross_entropy = keras.losses.sparse_categorical_crossentropy
        hint = ops.sum(ops.square(student - teacher), axis=-1)
        return (
            cross_entropy(labels, teacher, from_logits=True)
            + cross_entropy(labels, student, from_logits=True)
            + self.hint_weight * hint
        )

    def get_config(self):
        return {**super().get_config(), "hint_weight": self.hint_weight}


def mlp(units: Sequence[int], n_outputs: int, name: str) -> keras.Sequential:
    """ReLU hidden layers of the given widths, then a linear layer of ``n_outputs`` logits."""
    layers = [keras.layers.Dense(width, activation="relu") for width in units]
    return keras.Sequential([*layers, keras.layers.Dense(n_outputs)], name=name)


@dataclass
class DistilledPair:
    """The three views of one distilled network, sharing their common layers.

    ``pair``: inputs → logits ``(b, 2, n_classes)`` (train this with :class:`DistillationLoss`);
    ``teacher`` and ``student``: inputs → that head's logits ``(b, n_classes)``, for counting
    parameters, timing inference and predicting.
    """

    pair: keras.Model
    teacher: keras.Model
    student: keras.Model


def distilled_pair(
    inputs,
    teacher_features,
    student_features,
    teacher_units: Sequence[int],
    student_units: Sequence[int],
    n_classes: int,
) -> DistilledPair:
    """Put a teacher MLP on ``teacher_features`` and a student MLP on ``student_features``.

    Both feature tensors ``(b, d)`` come from the same ``inputs`` and share their lower layers (the
    embeddings); they may be the same tensor.
    """
    teacher_logits = mlp(teacher_units, n_classes, "teacher_mlp")(teacher_features)
    student_logits = mlp(student_units, n_classes, "student_mlp")(student_features)
    as_row = keras.layers.Reshape((1, n_classes))
    stacked = keras.layers.Concatenate(axis=1, name="teacher_student_logits")(
        [as_row(teacher_logits), as_row(student_logits)]
    )
    return DistilledPair(
        pair=keras.Model(inputs, stacked, name="pair"),
        teacher=keras.Model(inputs, teacher_logits, name="teacher"),
        student=keras.Model(inputs, student_logits, name="student"),
    )


def mlp_parameters(n_inputs: int, units: Sequence[int], n_outputs: int) -> int:
    """Weights and biases of a dense MLP (as :func:`mlp` builds it) on ``n_inputs`` numbers with hidden
    widths ``units`` and ``n_outputs`` outputs: ``Σ (n_in + 1) · n_out`` over its layers."""
    widths = [n_inputs, *units, n_outputs]
    return sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:], strict=True))


def inputs_for_parameters(parameters: float, units: Sequence[int], n_outputs: int) -> float:
    """The input width at which :func:`mlp_parameters` reaches ``parameters`` (the inverse in
    ``n_inputs``, as a real number): how wide an MLP's input must be to hold that many parameters."""
    return (parameters - mlp_parameters(0, units, n_outputs)) / units[0]


def inference_seconds(
    models: Mapping[str, keras.Model], inputs: Mapping[str, np.ndarray], repeats: int
) -> dict[str, np.ndarray]:
    """Wall time (s) of ``repeats`` forward passes of each model over the same batch ``inputs``.

    Each model's forward pass is compiled once (``tf.function``) and run once to warm up; then the
    models take turns, one pass each per round, so that a load on the machine hits them alike.
    Returns ``{name: times}``, ``times`` of shape ``(repeats,)``.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    batch = {key: tf.constant(value) for key, value in inputs.items()}
    passes = {name: tf.function(lambda x, model=model: model(x, training=False)) for name, model in models.items()}
    for forward in passes.values():
        forward(batch).numpy()
    times = {name: np.empty(repeats) for name in models}
    for r in range(repeats):
        for name, forward in passes.items():
            start = time.perf_counter()
            forward(batch).numpy()
            times[name][r] = time.perf_counter() - start
    return times
