"""Compiling with the optimizer built: the first fit traces the training step once, and trains the same
weights as a plain ``compile``."""

import keras
import numpy as np

from helpers.common.seeding import seed_everything
from helpers.common.training import compile_with_built_optimizer


def small_model() -> keras.Model:
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])


def fit_counting_traces(model: keras.Model, x: np.ndarray, y: np.ndarray) -> int:
    """Fit ``model`` for two epochs; return how many times its training step was traced."""
    traces = []
    step = model.train_step

    def counted(data):
        traces.append(1)  # runs only while TensorFlow traces the step into a graph
        return step(data)

    model.train_step = counted
    model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    return len(traces)


def test_the_first_fit_traces_once_and_learns_the_same_weights():
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    y = x @ np.array([1.0, -2.0, 0.5], dtype="float32")
    seed_everything(0)
    plain = small_model()
    plain.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    seed_everything(0)
    built = small_model()
    compile_with_built_optimizer(built, keras.optimizers.Adam(0.01), loss="mse")
    assert fit_counting_traces(plain, x, y) == 2  # Keras creates Adam's moments in the first step: traced again
    assert fit_counting_traces(built, x, y) == 1
    for a, b in zip(plain.get_weights(), built.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
