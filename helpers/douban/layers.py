"""Small Keras layers with one job each, for the factorisation and attention models of the Douban chapter.

Shapes: ``b`` batch, ``L`` ids per field (padded with 0), ``n`` feature vectors, ``k`` embedding size.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops


class FMInteraction(keras.layers.Layer):
    """Factorisation-machine pairwise term: ``(b, n, k)`` feature vectors ``v_i x_i`` → ``(b, 1)``.

    Returns ``Σ_{i<j} <v_i x_i, v_j x_j> = ½ Σ_k [(Σ_i v_ik x_i)² − Σ_i (v_ik x_i)²]``; a padded
    (zero) vector adds nothing.
    """

    def call(self, vectors):
        square_of_sum = ops.square(ops.sum(vectors, axis=1))
        sum_of_squares = ops.sum(ops.square(vectors), axis=1)
        return 0.5 * ops.sum(square_of_sum - sum_of_squares, axis=1, keepdims=True)


class WeightedSumPooling(keras.layers.Layer):
    """Pool ``(b, L, k)`` embeddings with ``(b, L)`` weights into ``(b, k)``: ``Σ_j w_j e_j``.

    With weights equal to the padding mask this is the plain sum pooling of eq. (1) with ``w_j = 1``.
    """

    def call(self, embeddings, weights):
        return ops.sum(embeddings * ops.expand_dims(weights, -1), axis=1)


class LocalActivationUnit(keras.layers.Layer):
    """DIN local activation unit (eq. 1-2): the weight ``a(e_j, v_A)`` of each key for a query.

    Inputs: keys ``(b, L, k)``, query ``(b, k)``, mask ``(b, L)`` (1 for a real id, 0 for padding).
    As in DIN the unit is a hidden layer with PReLU (eq. 2) on ``[e_j, v_A, e_j − v_A, e_j ⊙ v_A]``
    followed by a linear Dense(1). The ``e_j − v_A`` block of that input is a linear combination of the
    first two, so its weights fold into theirs: the hidden layer is computed as
    ``e_j W_e + v_A W_q + (e_j ⊙ v_A) W_p + c``, the same functions without copying the query to every
    key. Output ``(b, L)``: the weights, 0 on padding; as in DIN they are not normalised by a softmax.
    """

    def __init__(self, hidden: int = 36, **kwargs):
        super().__init__(**kwargs)
        self.hidden = hidden
        self.prelu = keras.layers.PReLU(shared_axes=[1])
        self.score = keras.layers.Dense(1)

    def build(self, keys_shape, query_shape=None, mask_shape=None):
        dim = keys_shape[-1]
        self.key_kernel = self.add_weight(shape=(dim, self.hidden), initializer="glorot_uniform", name="key_kernel")
        self.query_kernel = self.add_weight(shape=(dim, self.hidden), initializer="glorot_uniform", name="query_kernel")
        self.product_kernel = self.add_weight(
            shape=(dim, self.hidden), initializer="glorot_uniform", name="product_kernel"
        )
        self.bias = self.add_weight(shape=(self.hidden,), initializer="zeros", name="bias")

    def call(self, keys, query, mask):
        per_film = ops.expand_dims(ops.matmul(query, self.query_kernel) + self.bias, 1)
        products = keys * ops.expand_dims(query, 1)
        hidden = ops.matmul(keys, self.key_kernel) + ops.matmul(products, self.product_kernel) + per_film
        return ops.squeeze(self.score(self.prelu(hidden)), -1) * mask

    def get_config(self):
        return {**super().get_config(), "hidden": self.hidden}


class FrequencyRegularizedEmbedding(keras.layers.Embedding):
    """Embedding with the frequency-adaptive L2 penalty of eq. (3).

    In training, for the ids present in a batch (``I_i = 1``), it adds ``λ/2 · Σ_i ‖w_i‖² / n_i`` to the loss, whose
    gradient is the ``λ w_i I_i / n_i`` of eq. (3): rare ids (small training count ``n_i``) are held
    closer to zero than frequent ones. Id 0 is padding: never penalised, and its count is ignored.

    ``counts``: training-set count of each id, shape ``(input_dim,)``; ``strength``: λ.
    """

    def __init__(self, counts, output_dim: int, strength: float, **kwargs):
        counts = np.asarray(counts, dtype="float32")
        super().__init__(input_dim=len(counts), output_dim=output_dim, **kwargs)
        self.strength = float(strength)
        self.counts = counts.tolist()
        scale = np.where(counts > 0, 1.0 / np.maximum(counts, 1.0), 1.0)
        scale[0] = 0.0
        self.inverse_counts = scale.astype("float32")

    def call(self, inputs, training=None):
        if training and self.strength > 0:
            present = ops.cast(ops.bincount(ops.reshape(inputs, (-1,)), minlength=self.input_dim) > 0, "float32")
            norms = ops.sum(ops.square(self.embeddings), axis=1)
            self.add_loss(0.5 * self.strength * ops.sum(present * self.inverse_counts * norms))
        return super().call(inputs)

    def get_config(self):
        config = super().get_config()
        config.pop("input_dim")
        return {**config, "counts": self.counts, "strength": self.strength}


class NumericEmbedding(keras.layers.Layer):
    """One learned vector per numeric feature, scaled by its value: ``(b, m)`` → ``(b, m, k)``.

    Row ``i`` of the output is ``x_i v_i``, the FM view of a real-valued feature.
    """

    def __init__(self, output_dim: int, **kwargs):
        super().__init__(**kwargs)
        self.output_dim = output_dim

    def build(self, input_shape):
        self.vectors = self.add_weight(
            shape=(input_shape[-1], self.output_dim), initializer="glorot_uniform", name="vectors"
        )

    def call(self, values):
        return ops.expand_dims(values, -1) * self.vectors

    def get_config(self):
        return {**super().get_config(), "output_dim": self.output_dim}
