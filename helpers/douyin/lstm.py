"""Stacked-LSTM forecasters in Keras: one builder, and a runner that fits many (architecture, window,
seed) configurations, in parallel processes if asked, so a chapter can report mean ± std over seeds.

Inputs are windows of shape (window, n_features) scaled to [0, 1]; the output is the next value of
the scaled target. Training is plain Adam on the mean squared error with a fixed number of epochs,
as in the Douyin study: the validation loss, where a fit monitors it (for a learning-curve figure),
is drawn, never used to stop or select. Each fit predicts its validation and its test windows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from helpers.common.paths import build_dir
from helpers.common.processes import map_in_processes
from helpers.common.training import compile_with_built_optimizer

JAX_CACHE = "jax_cache"  # folder under build/ for the XLA programs JAX compiles (same program: reused)


def use_jax_backend() -> None:
    """Make Keras run on its JAX backend in this process and in the worker processes it starts: call it
    before anything imports Keras. JAX compiles the whole training step, the LSTMs' loop over the window
    included, into one XLA program; TensorFlow runs that loop step by step, which on the book's CPU made
    the LSTM fits the slowest part of the book. Compiled programs are kept in ``build/jax_cache``, so a
    second seed of the same architecture and window does not compile again.

    Raises RuntimeError if Keras is already imported with another backend, or if JAX is not installed."""
    import os
    import sys

    try:
        import jax  # noqa: F401
    except ImportError as err:
        raise RuntimeError("the LSTMs need JAX: run `make install` (requirements.txt pins jax and jaxlib)") from err
    if "keras" in sys.modules and sys.modules["keras"].backend.backend() != "jax":
        raise RuntimeError("Keras is already imported with another backend: restart the kernel and run from the top")
    os.environ["KERAS_BACKEND"] = "jax"
    os.environ.setdefault("JAX_COMPILATION_CACHE_DIR", str(build_dir() / JAX_CACHE))
    os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
    os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES", "0")


@dataclass(frozen=True)
class Architecture:
    """A stack of LSTM layers (``units`` per layer) with a Dense(1) head; ``dropout[i]`` is the rate
    of a Dropout layer after LSTM layer ``i`` (0: none); ``l2`` the L2 penalty on every LSTM layer's
    input kernel (per squared weight; 0: none); ``head_activation`` the Dense head's
    activation (None: linear, Keras' default)."""

    units: tuple[int, ...]
    dropout: tuple[float, ...] = ()
    l2: float = 0.0
    head_activation: str | None = None

    def rates(self) -> tuple[float, ...]:
        """Return one dropout rate per LSTM layer (missing rates are 0)."""
        if len(self.dropout) > len(self.units):
            raise ValueError(f"{len(self.dropout)} dropout rates for {len(self.units)} LSTM layers")
        return tuple(self.dropout) + (0.0,) * (len(self.units) - len(self.dropout))


def build_lstm(architecture: Architecture, window: int, n_features: int, learning_rate: float = 1e-3):
    """Return a compiled ``keras.Sequential``: input (window, n_features) → stacked LSTMs → Dense(1),
    Adam with ``learning_rate``, mean-squared-error loss (plus the L2 penalty, if any)."""
    import keras

    model = keras.Sequential([keras.Input((window, n_features))])
    penalty = keras.regularizers.L2(architecture.l2) if architecture.l2 > 0 else None
    for depth, (units, rate) in enumerate(zip(architecture.units, architecture.rates(), strict=True)):
        model.add(
            keras.layers.LSTM(
                units,
                return_sequences=depth < len(architecture.units) - 1,
                kernel_regularizer=penalty,
            )
        )
        if rate > 0:
            model.add(keras.layers.Dropout(rate))
    model.add(keras.layers.Dense(1, activation=architecture.head_activation))
    compile_with_built_optimizer(model, keras.optimizers.Adam(learning_rate), loss="mse")
    # Build the compiled loss now: left to ``fit``, Keras builds it from a first batch it draws from the
    # shuffled data, one draw of NumPy's generator more on a new model than on a model fitted before
    model.compute_loss(y=np.zeros((1, 1), "float32"), y_pred=np.zeros((1, 1), "float32"))
    return model


@dataclass
class LstmTask:
    """One model to fit: ``name`` labels it, ``x_*`` / ``y_*`` are scaled windows and targets (training,
    validation, test); ``monitor`` records the validation loss after every epoch (for a learning-curve
    figure; it costs one pass over the validation windows per epoch); ``forecast_from``
    (window, n_features), if given, is the window a recursive forecast of ``forecast_steps`` values
    starts from (univariate models only: each forecast is fed back)."""

    name: str
    architecture: Architecture
    seed: int
    x_train: np.ndarray
    y_train: np.ndarray
    x_valid: np.ndarray
    y_valid: np.ndarray
    x_test: np.ndarray
    epochs: int
    batch_size: int
    monitor: bool = False
    forecast_from: np.ndarray | None = None
    forecast_steps: int = 0

    @property
    def window(self) -> int:
        """Input window length (rows)."""
        return int(self.x_train.shape[1])

    def cost(self) -> float:
        """A rough relative training cost (for scheduling the longest fits first)."""
        width = sum(u * (u + self.x_train.shape[2]) for u in self.architecture.units)
        return float(self.window * width * len(self.x_train) * self.epochs)


@dataclass
class LstmFit:
    """What one fit gave: scaled validation and test predictions ((n_valid,), (n_test,)), per-epoch
    ``loss`` (and ``val_loss`` where the task monitored it), the recursive forecast (scaled), the
    fit's wall time in s, and the smallest output (scaled) of the model over its training windows
    before training (``start_min``) and over its training, validation and test windows after it
    (``end_min``): with a linear head, the smallest input its head received there."""

    name: str
    window: int
    seed: int
    valid_pred: np.ndarray
    test_pred: np.ndarray
    history: dict[str, list[float]]
    forecast: np.ndarray = field(default_factory=lambda: np.empty(0))
    seconds: float = 0.0
    start_min: float = float("nan")
    end_min: float = float("nan")


def predict(model, x: np.ndarray, chunk: int = 1024) -> np.ndarray:
    """Return the model's (n,) predictions for windows ``x`` (n, window, n_features), computed eagerly
    in chunks (no ``predict`` function is traced, so many models in one process stay quiet and fast)."""
    from keras import ops

    return np.concatenate(
        [ops.convert_to_numpy(model(x[i : i + chunk], training=False)).ravel() for i in range(0, len(x), chunk)]
    )


def recursive_forecast(model, start: np.ndarray, steps: int) -> np.ndarray:
    """Forecast ``steps`` values one at a time from the window ``start`` (window, 1), appending each
    prediction to the window and dropping its oldest value. Returns the (steps,) scaled forecasts."""
    if start.ndim != 2 or start.shape[1] != 1:
        raise ValueError(f"a recursive forecast needs a univariate window (window, 1), got {start.shape}")
    window = start.astype("float32").copy()
    out = np.empty(steps)
    for step in range(steps):
        out[step] = predict(model, window[None])[0]
        window = np.vstack([window[1:], [[out[step]]]]).astype("float32")
    return out


_MODELS: dict[tuple[Architecture, int, int], object] = {}  # this process's model of each shape, traced once


def _seeded_model(architecture: Architecture, window: int, n_features: int):
    """Return a compiled model as :func:`build_lstm` builds it now (weights, dropout seeds and a fresh
    Adam), reusing this process's earlier model of the same architecture and shape when there is one.

    Keras traces a model's training step (and JAX compiles it) on its first ``fit``: a second or two of
    every short fit here. A reused model keeps its traced step, and the fresh model's variables (weights,
    the dropout layers' seed states) and its optimizer's (Adam's moments, its step count) are copied
    into it, so the fit is the one a new model would give."""
    fresh = build_lstm(architecture, window, n_features)
    kept = _MODELS.setdefault((architecture, window, n_features), fresh)
    if kept is not fresh:
        for mine, theirs in zip(
            [*kept.variables, *kept.optimizer.variables], [*fresh.variables, *fresh.optimizer.variables], strict=True
        ):
            mine.assign(theirs.value)
    return kept


def fit_lstm(task: LstmTask) -> LstmFit:
    """Seed everything with ``task.seed``, build and fit the model, and return its :class:`LstmFit`."""
    import time

    from helpers.common.seeding import seed_everything

    start = time.perf_counter()
    seed_everything(task.seed)
    model = _seeded_model(task.architecture, task.window, task.x_train.shape[2])
    start_min = float(predict(model, task.x_train).min())
    fitted = model.fit(
        task.x_train, task.y_train, epochs=task.epochs, batch_size=task.batch_size,
        validation_data=(task.x_valid, task.y_valid) if task.monitor else None, shuffle=True, verbose=0,
    )  # fmt: skip
    every = predict(model, np.concatenate([task.x_train, task.x_valid, task.x_test]))  # one pass: calls cost
    valid_pred, test_pred = np.split(every[len(task.x_train) :], [len(task.x_valid)])
    forecast = np.empty(0)
    if task.forecast_steps:
        forecast = recursive_forecast(model, task.forecast_from, task.forecast_steps)
    history = {key: [float(v) for v in values] for key, values in fitted.history.items()}
    return LstmFit(
        task.name, task.window, task.seed, valid_pred, test_pred, history, forecast, time.perf_counter() - start,
        start_min, float(every.min()),
    )  # fmt: skip


def fit_lstms(tasks: Sequence[LstmTask], n_jobs: int = 1) -> list[LstmFit]:
    """Fit every task and return the results in the order of ``tasks``; the costliest start first,
    in ``n_jobs`` worker processes if ``n_jobs > 1`` (see :mod:`helpers.common.processes`). Each fit seeds
    itself, so the results do not depend on ``n_jobs``."""
    return map_in_processes(fit_lstm, tasks, n_jobs, cost=LstmTask.cost)
