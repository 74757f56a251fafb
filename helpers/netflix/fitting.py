"""Training the Netflix chapter's rating models (:mod:`helpers.netflix.models`): one fit with early
stopping on a validation table, the fit as a task any worker process can run (seeded, reusing the
process's traced models), and many fits at once in worker processes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import keras
import numpy as np
import pandas as pd

from helpers.common.processes import map_in_processes
from helpers.common.seeding import seed_everything
from helpers.netflix.models import RMSE_METRIC, ModelSpec, build_model, model_inputs
from helpers.netflix.rating_tables import Normaliser, check_ratings

PREDICT_BATCH = 16384


@dataclass(frozen=True)
class TrainSettings:
    """Training loop settings: at most ``epochs`` epochs of ``batch_size`` ratings; stop when the
    validation RMSE has not improved by ``min_delta`` for ``patience`` epochs and keep the best weights."""

    epochs: int = 50
    batch_size: int = 4096
    patience: int = 5
    min_delta: float = 5e-4


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


def architecture(spec: ModelSpec, n_users: int, n_items: int) -> tuple[ModelSpec, int, int]:
    """The key under which models share traced training steps: ``spec`` without its name,
    normalisation and clipping (which change the data, not the network), with the user and item counts."""
    return replace(spec, name="", normalise=False, clip=False), n_users, n_items


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
    model = compiled.setdefault(architecture(spec, n_users, n_items), fresh)
    if model is not fresh:
        for target, source in zip(model.variables, fresh.variables, strict=True):
            target.assign(source)
        for variable in model.optimizer.variables:
            if variable.name != "learning_rate":
                variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
    return model


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


def fit_tasks(tasks: Sequence[FitTask]) -> list[FitSummary]:
    """Run ``tasks`` one after another in this process (:func:`fit_task`); return their summaries."""
    return [fit_task(task) for task in tasks]


def group_cost(tasks: Sequence[FitTask]) -> float:
    """The summed :meth:`FitTask.cost` of ``tasks``."""
    return sum(task.cost() for task in tasks)


def fit_many(tasks: Sequence[FitTask], n_jobs: int = 1) -> list[FitSummary]:
    """Run every task in ``n_jobs`` worker processes if ``n_jobs > 1`` (see
    :mod:`helpers.common.processes`; the workers use oneDNN kernels, 10-35 % faster per epoch here), and
    return the summaries in the order of ``tasks``.

    The tasks of one architecture (:func:`architecture`: the seeds of a model, MF and MF + norm) run
    together in one worker, the costliest group first, so that each architecture's training steps are
    traced once rather than once in each worker (about 1.5 s each on 2 cores). Each fit seeds itself,
    so a model's figures do not depend on which other fits run, in what order, or (up to rounding,
    which can move a fit's early stop by an epoch) on ``n_jobs``."""
    groups: dict[tuple[ModelSpec, int, int], list[int]] = {}
    for i, task in enumerate(tasks):
        groups.setdefault(architecture(task.spec, task.n_users, task.n_items), []).append(i)
    members = list(groups.values())
    done = map_in_processes(
        fit_tasks, [[tasks[i] for i in group] for group in members], n_jobs, cost=group_cost, onednn=True
    )
    by_index = {
        i: summary
        for group, summaries in zip(members, done, strict=True)
        for i, summary in zip(group, summaries, strict=True)
    }
    return [by_index[i] for i in range(len(tasks))]
