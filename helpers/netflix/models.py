"""The rating models of the Netflix-prize study (004), as specs and the Keras models built from them.

The models follow the study's ``model.py``: user and item embeddings (random-normal initialiser, L2 penalty
on the whole matrix, dropout), joined by a dot product (MF) or by concatenation and a ReLU MLP (DeepNN),
with optional per-user and per-item bias embeddings added to the output. Ratings tables are as in
:mod:`helpers.netflix.rating_tables`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeVar

import keras
import numpy as np
import pandas as pd
from keras import layers, regularizers

from helpers.common.training import compile_with_built_optimizer

Spec = TypeVar("Spec")
RMSE_METRIC = "rmse"
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


STUDY_MODELS = {  # the study's six configurations: model key → (reader's name, deep, bias, normalise)
    "mf": ("MF", False, False, False),
    "mf_norm": ("MF + norm", False, False, True),
    "dl": ("DL", True, False, False),
    "dl_norm": ("DL + norm", True, False, True),
    "dlplus": ("DL+", True, True, False),
    "dlplus_norm": ("DL+ + norm", True, True, True),
}


def study_specs(**shared: object) -> dict[str, ModelSpec]:
    """The study's six models (:data:`STUDY_MODELS`) by model key, each with the ``shared`` settings
    (latent size, L2, dropout, hidden widths, learning rate: fields of :class:`ModelSpec`)."""
    return {
        key: ModelSpec(name, deep=deep, bias=bias, normalise=normalise, **shared)  # type: ignore[arg-type]
        for key, (name, deep, bias, normalise) in STUDY_MODELS.items()
    }


def configurations(specs: dict[str, ModelSpec]) -> pd.DataFrame:
    """One row per spec (by reader's name): how it joins the two embeddings, whether it adds biases and
    whether it learns z-scored ratings."""
    return pd.DataFrame(
        {
            spec.name: {
                "joins the embeddings by": "an MLP" if spec.deep else "a dot product",
                "user and movie biases": spec.bias,
                "z-scored ratings": spec.normalise,
            }
            for spec in specs.values()
        }
    ).T


def parameter_table(specs: dict[str, ModelSpec], n_users: int, n_items: int) -> pd.DataFrame:
    """One row per spec (by reader's name): the parameters of its Keras model for ``n_users`` users and
    ``n_items`` movies, and the users and movies it embeds (counts)."""
    return pd.DataFrame(
        {
            spec.name: {
                "parameters": build_model(spec, n_users, n_items).count_params(),
                "users + movies": n_users + n_items,
            }
            for spec in specs.values()
        }
    ).T
