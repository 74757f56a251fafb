"""Unit tests of helpers.douban.layers on tiny hand-made tensors."""

import keras
import numpy as np
import pytest

from helpers.douban.layers import (
    FMInteraction,
    FrequencyRegularizedEmbedding,
    LocalActivationUnit,
    NumericEmbedding,
    WeightedSumPooling,
)


def test_fm_interaction_equals_sum_of_pairwise_dot_products():
    vectors = np.random.default_rng(0).normal(size=(2, 4, 3)).astype("float32")
    expected = [sum(v[i] @ v[j] for i in range(4) for j in range(i + 1, 4)) for v in vectors]
    np.testing.assert_allclose(np.asarray(FMInteraction()(vectors))[:, 0], expected, rtol=1e-4)
    padded = np.concatenate([vectors, np.zeros((2, 2, 3), "float32")], axis=1)
    np.testing.assert_allclose(np.asarray(FMInteraction()(padded))[:, 0], expected, rtol=1e-4)


def test_weighted_sum_pooling():
    embeddings = np.arange(12, dtype="float32").reshape(1, 3, 4)
    weights = np.array([[1.0, 0.5, 0.0]], dtype="float32")
    np.testing.assert_allclose(
        np.asarray(WeightedSumPooling()(embeddings, weights)), [embeddings[0, 0] + 0.5 * embeddings[0, 1]]
    )


def test_local_activation_unit_masks_padding_and_depends_on_query():
    keras.utils.set_random_seed(0)
    unit = LocalActivationUnit(hidden=5)
    keys = np.random.default_rng(1).normal(size=(2, 3, 4)).astype("float32")
    mask = np.array([[1, 1, 0], [1, 0, 0]], dtype="float32")
    query = np.random.default_rng(2).normal(size=(2, 4)).astype("float32")
    weights = np.asarray(unit(keys, query, mask))
    assert weights.shape == (2, 3)
    assert weights[0, 2] == 0 and np.all(weights[1, 1:] == 0)
    other = np.asarray(unit(keys, -query, mask))
    assert not np.allclose(weights[0, :2], other[0, :2])
    assert any(isinstance(layer, keras.layers.PReLU) for layer in unit._layers)


def test_frequency_regularized_embedding_penalises_rare_ids_in_batch_only():
    layer = FrequencyRegularizedEmbedding(counts=[0, 1, 4], output_dim=2, strength=2.0)
    layer.build((None, 2))
    layer.embeddings.assign(np.array([[9.0, 9.0], [1.0, 1.0], [1.0, 1.0]], dtype="float32"))
    layer(np.array([[1, 0]]), training=True)
    # id 1 only (padding excluded): 0.5 * 2.0 * (1 + 1) / 1
    assert float(layer.losses[-1]) == pytest.approx(2.0)
    layer(np.array([[2, 2], [1, 2]]), training=True)
    # ids 1 and 2 once each, whatever their repeats: 0.5 * 2.0 * (2 / 1 + 2 / 4)
    assert float(layer.losses[-1]) == pytest.approx(2.5)
    fresh = FrequencyRegularizedEmbedding(counts=[0, 1, 4], output_dim=2, strength=2.0)
    fresh(np.array([[1, 2]]))
    assert not fresh.losses  # a training-time penalty only: inference adds nothing


def test_numeric_embedding_scales_one_vector_per_feature():
    layer = NumericEmbedding(3)
    values = np.array([[2.0, 0.0]], dtype="float32")
    out = np.asarray(layer(values))
    vectors = np.asarray(layer.vectors)
    np.testing.assert_allclose(out[0], [2.0 * vectors[0], np.zeros(3)])
