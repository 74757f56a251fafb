"""Unit tests of helpers.douban.distill: rating classes, eq. (6) and the teacher/student views."""

import keras
import numpy as np
import pytest

from helpers.douban.distill import (
    DistillationLoss,
    RatingClasses,
    distilled_pair,
    inference_seconds,
    inputs_for_parameters,
    mlp,
    mlp_parameters,
)


def test_rating_classes_bins_and_expected_value():
    classes = RatingClasses.over(0.0, 10.0, 2.5)
    np.testing.assert_allclose(classes.centres, [1.25, 3.75, 6.25, 8.75])
    np.testing.assert_array_equal(classes.classify(np.array([0.0, 2.5, 9.9, 10.0])), [0, 1, 3, 3])
    uniform = np.zeros((1, 4))
    np.testing.assert_allclose(classes.expected(uniform), [5.0])
    peaked = np.array([[0.0, 0.0, 50.0, 0.0]])
    np.testing.assert_allclose(classes.expected(peaked), [6.25])
    with pytest.raises(ValueError, match="ratings must lie"):
        classes.classify(np.array([10.5]))
    with pytest.raises(ValueError):
        RatingClasses.over(1.0, 1.0, 0.5)


def test_distillation_loss_is_two_cross_entropies_plus_hint():
    teacher = np.log(np.array([[0.5, 0.5]]))
    student = np.log(np.array([[0.25, 0.75]]))
    logits = np.stack([teacher, student], axis=1).astype("float32")
    hint = float(np.sum((student - teacher) ** 2))
    expected = -np.log(0.5) - np.log(0.75) + 0.3 * hint
    loss = float(DistillationLoss(0.3)(np.array([1]), logits))
    assert loss == pytest.approx(expected, rel=1e-5)


def test_pair_views_share_lower_layers_and_student_is_smaller():
    inputs = keras.Input((4,))
    shared = keras.layers.Dense(8)(inputs)
    pair = distilled_pair(inputs, keras.layers.Dense(6)(shared), shared, (64, 32), (8,), n_classes=3)
    x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    both = pair.pair.predict_on_batch(x)
    np.testing.assert_allclose(both[:, 0], pair.teacher.predict_on_batch(x), rtol=1e-5)
    np.testing.assert_allclose(both[:, 1], pair.student.predict_on_batch(x), rtol=1e-5)
    assert pair.student.count_params() < pair.teacher.count_params()


def test_inference_seconds_times_every_model_repeatedly():
    inputs = {"x": keras.Input((4,), name="x")}
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs["x"]))
    times = inference_seconds({"a": model, "b": model}, {"x": np.ones((3, 4), dtype="float32")}, repeats=4)
    assert set(times) == {"a", "b"} and all(t.shape == (4,) and np.all(t > 0) for t in times.values())
    with pytest.raises(ValueError, match="repeats"):
        inference_seconds({"a": model}, {"x": np.ones((3, 4), dtype="float32")}, repeats=0)


@pytest.mark.parametrize(("n_inputs", "units", "n_outputs"), [(103, (1024, 512, 256), 20), (7, (5,), 3)])
def test_mlp_parameters_match_keras(n_inputs, units, n_outputs):
    network = mlp(units, n_outputs, "head")
    network.build((None, n_inputs))
    assert mlp_parameters(n_inputs, units, n_outputs) == network.count_params()
    assert inputs_for_parameters(network.count_params(), units, n_outputs) == n_inputs
