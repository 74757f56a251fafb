"""helpers.douyin.lstm on tiny random windows: the layer stack, seeded repeatable fits, recursive forecasts."""

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from helpers.douyin import lstm


def tiny_task(seed=0, steps=0, n_features=1, monitor=False):
    rng = np.random.default_rng(1)
    x = rng.random((24, 5, n_features)).astype("float32")
    y = x[:, -1, 0].copy()
    return lstm.LstmTask("tiny", lstm.Architecture((4, 3), (0.5,)), seed, x[:16], y[:16], x[16:19], y[16:19], x[19:],
                        2, 8, monitor, x[-1, :, :1] if steps else None, steps)  # fmt: skip


def test_the_stack_has_the_asked_layers():
    model = lstm.build_lstm(lstm.Architecture((8, 4), (0.5, 0.0)), window=5, n_features=2)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["LSTM", "Dropout", "LSTM", "Dense"]
    assert model.layers[0].return_sequences and not model.layers[2].return_sequences
    assert model.output_shape == (None, 1)


def test_more_dropout_rates_than_layers_is_an_error():
    with pytest.raises(ValueError, match="dropout rates"):
        lstm.Architecture((4,), (0.1, 0.2)).rates()


@pytest.fixture(scope="module")
def fitted():
    """Three tiny fits: a seed twice (the first with a forecast and its validation loss monitored), then
    another seed on two features."""
    return lstm.fit_lstms(
        [tiny_task(seed=3, steps=4, monitor=True), tiny_task(seed=3), tiny_task(seed=5, n_features=2)]
    )


def test_fit_all_keeps_the_order_of_the_tasks(fitted):
    assert [r.seed for r in fitted] == [3, 3, 5]
    assert fitted[2].valid_pred.shape == (3,) and fitted[2].test_pred.shape == (5,)


def test_a_fit_is_repeatable_for_a_seed_and_monitors_only_when_asked(fitted):
    np.testing.assert_allclose(fitted[0].test_pred, fitted[1].test_pred, rtol=1e-6)
    np.testing.assert_allclose(fitted[0].valid_pred, fitted[1].valid_pred, rtol=1e-6)
    assert set(fitted[0].history) == {"loss", "val_loss"} and len(fitted[0].history["loss"]) == 2
    assert set(fitted[1].history) == {"loss"}


def test_the_validation_predictions_are_the_models_output_on_the_validation_windows(fitted):
    # a second computation: the test windows' predictions of the same seed's model, on the windows
    # the validation part shares with them (the task's validation windows are x[16:19], its test x[19:])
    task = tiny_task(seed=3)
    both = lstm.fit_lstms([replace(task, x_test=np.concatenate([task.x_valid, task.x_test]))])[0]
    np.testing.assert_allclose(both.test_pred[:3], fitted[1].valid_pred, rtol=1e-5)


def test_recursive_forecast_has_the_asked_length_and_refuses_multivariate_windows(fitted):
    assert fitted[0].forecast.shape == (4,) and np.isfinite(fitted[0].forecast).all()
    assert fitted[1].forecast.shape == (0,)
    model = lstm.build_lstm(lstm.Architecture((3,)), window=5, n_features=2)
    with pytest.raises(ValueError, match="univariate"):
        lstm.recursive_forecast(model, np.zeros((5, 2)), 3)


REUSE_SCRIPT = """
import sys
sys.path.insert(0, {folder!r})
from helpers.douyin import lstm
lstm.use_jax_backend()
import numpy as np
from test_lstm import tiny_task
new = lstm.fit_lstm(tiny_task(seed=7))
lstm._MODELS.clear()  # a second new model, then one reused after another seed's fit
again, other, reused = (lstm.fit_lstm(tiny_task(seed=s)) for s in (7, 8, 7))
print(np.array_equal(again.test_pred, new.test_pred), np.array_equal(reused.test_pred, new.test_pred),
      np.array_equal(reused.valid_pred, new.valid_pred), np.allclose(other.test_pred, new.test_pred))
"""


def test_a_reused_model_fits_as_a_new_one_would():
    # on the chapter's JAX backend, in a process of its own; the tiny task has a dropout layer, so its seed
    # state must be reset too, not only the weights and Adam, and the data must be shuffled alike
    script = REUSE_SCRIPT.format(folder=str(Path(__file__).parent))
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env)
    assert done.stdout.split() == ["True", "True", "True", "False"], done.stderr[-2000:]


def test_worker_processes_give_the_same_fit(fitted):
    in_worker = lstm.fit_lstms([tiny_task(seed=3), tiny_task(seed=5, n_features=2)], n_jobs=2)
    np.testing.assert_allclose(in_worker[0].test_pred, fitted[1].test_pred, rtol=1e-5)
    np.testing.assert_allclose(in_worker[1].test_pred, fitted[2].test_pred, rtol=1e-5)


def test_the_l2_penalty_is_the_sum_of_squared_input_kernel_weights():
    model = lstm.build_lstm(lstm.Architecture((4, 3), l2=0.01), window=5, n_features=2)
    kernels = [layer.get_weights()[0] for layer in model.layers if type(layer).__name__ == "LSTM"]
    expected = 0.01 * sum(float((k**2).sum()) for k in kernels)
    assert float(sum(model.losses)) == pytest.approx(expected, rel=1e-5)
    assert not lstm.build_lstm(lstm.Architecture((4, 3)), window=5, n_features=2).losses


def test_a_relu_head_clips_negative_outputs_to_zero():
    model = lstm.build_lstm(lstm.Architecture((3,), head_activation="relu"), window=5, n_features=1)
    kernel, _ = model.layers[-1].get_weights()
    model.layers[-1].set_weights([kernel, np.array([-100.0])])  # |LSTM output| < 1, so the sum stays < 0
    assert (lstm.predict(model, np.ones((4, 5, 1), "float32")) == 0).all()


def test_the_jax_backend_is_set_before_keras_and_refused_after_it():
    script = "from helpers.douyin import lstm\nlstm.use_jax_backend()\nimport keras\nprint(keras.backend.backend())\n"
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert done.stdout.split() == ["jax"], done.stderr[-2000:]
    late = "import keras\nfrom helpers.douyin import lstm\nlstm.use_jax_backend()\n"
    done = subprocess.run([sys.executable, "-c", late], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode != 0 and "already imported with another backend" in done.stderr


def test_the_smallest_outputs_are_the_models_and_a_relu_head_on_positive_inputs_is_the_identity(fitted):
    # end_min is taken over the training, validation and test windows: at most the smallest prediction
    assert fitted[1].end_min <= min(fitted[1].valid_pred.min(), fitted[1].test_pred.min())
    # ReLU(z) = z with gradient 1 for z > 0: a seed whose linear-head outputs stay positive before and after
    # its 4 updates fits with a ReLU head exactly as with the linear one (the same weights and batches; no
    # dropout, whose training-time outputs differ from the ones recorded)
    linear, relu = lstm.Architecture((4, 3)), lstm.Architecture((4, 3), head_activation="relu")
    fits = (lstm.fit_lstm(replace(tiny_task(seed=s), architecture=linear)) for s in range(6))
    positive = [f for f in fits if min(f.start_min, f.end_min) > 0]
    assert positive, "no seed kept the head's input positive: widen the search"
    same = lstm.fit_lstm(replace(tiny_task(seed=positive[0].seed), architecture=relu))
    np.testing.assert_allclose(same.test_pred, positive[0].test_pred, rtol=1e-5)
