"""Cross-validation of the Netflix chapter's models: every model trained on every fold, stopping early on a
validation part carved from the fold's training part, all fits sharing the worker processes; and the mean
and spread of the errors over the folds. Models other than :class:`helpers.netflix.models.ModelSpec` (the
autoencoder, Surprise's peers, the baselines) take part through the :class:`FoldModel` protocol.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from helpers.common.processes import map_in_processes
from helpers.netflix.fitting import FitTask, TrainSettings
from helpers.netflix.models import ModelSpec
from helpers.netflix.rating_tables import scores, shuffle_split


class FoldTask(Protocol):
    """A fit of one model on one fold that can run in any process: :class:`helpers.netflix.fitting.FitTask`,
    or another model's task with the same two methods (as :class:`helpers.netflix.autorec.AutoRecTask`)."""

    def cost(self) -> float:
        """A rough relative cost (multiply-adds), for starting the longest fits first."""
        ...

    def run(self) -> FittedFold:
        """Seed, train, and predict the task's scored tables."""
        ...


class FittedFold(Protocol):
    """What a :class:`FoldTask` hands back: ``predictions`` in stars per scored table, the epochs run and
    the mean seconds per epoch."""

    predictions: dict[str, np.ndarray]
    epochs: int
    seconds_per_epoch: float


def run_fold_task(task: FoldTask) -> FittedFold:
    """Run one :class:`FoldTask` (a module-level function, so worker processes can import it)."""
    return task.run()


def fold_task_cost(task: FoldTask) -> float:
    """The relative cost of one :class:`FoldTask`."""
    return task.cost()


class FoldModel(Protocol):
    """A model spec other than :class:`helpers.netflix.models.ModelSpec` that :func:`cross_validate` can train: it has a
    ``name`` and makes the :class:`FoldTask` of one fold."""

    name: str

    def fold_task(
        self,
        train: pd.DataFrame,
        valid: pd.DataFrame,
        n_users: int,
        n_items: int,
        seed: int,
        scored: Mapping[str, pd.DataFrame],
    ) -> FoldTask:
        """The task that trains this model on ``train``, stops on ``valid`` and predicts ``scored``."""
        ...


def cross_validate(
    specs: Sequence[ModelSpec | FoldModel],
    folds: Sequence[tuple[pd.DataFrame, pd.DataFrame]],
    n_users: int,
    n_items: int,
    settings: TrainSettings,
    valid_fraction: float,
    seed: int,
    n_jobs: int = 1,
) -> tuple[pd.DataFrame, dict[tuple[int, str], dict[str, np.ndarray]]]:
    """Train every spec on every ``(train, test)`` fold, stopping early on a validation part carved
    from the training fold (never on the test fold), in ``n_jobs`` worker processes if ``n_jobs > 1``
    (as :func:`helpers.netflix.fitting.fit_many`; all specs' fits share the workers, the costliest first). A spec is a
    :class:`ModelSpec` (trained with ``settings``) or another model's spec that makes its own
    :class:`FoldTask` (:class:`FoldModel`). Each fit first seeds everything with ``seed``, so a model's figures do
    not depend on which other models run, in what order, or (up to rounding) on ``n_jobs``.

    Returns a long table (fold 1.., model, rmse, mae, epochs, seconds_per_epoch; errors in stars on the
    test fold) and the predictions ``{(fold, name): {"valid": (n_valid,), "test": (n_test,)}}`` in
    stars, so that a later step can combine models using the validation part only.
    """
    tasks, labels = [], []
    for number, (train, test) in enumerate(folds, start=1):
        fit_part, valid = shuffle_split(train, valid_fraction, seed)
        scored = {"valid": valid, "test": test}
        tasks += [
            FitTask(spec, fit_part, valid, n_users, n_items, settings, seed, scored)
            if isinstance(spec, ModelSpec)
            else spec.fold_task(fit_part, valid, n_users, n_items, seed, scored)
            for spec in specs
        ]
        labels += [(number, spec.name) for spec in specs]
    summaries = map_in_processes(run_fold_task, tasks, n_jobs, cost=fold_task_cost, onednn=True)
    rows = [
        {"fold": number, "model": name}
        | scores(task.scored["test"]["rating"].to_numpy(), done.predictions["test"])
        | {"epochs": done.epochs, "seconds_per_epoch": done.seconds_per_epoch}
        for (number, name), task, done in zip(labels, tasks, summaries, strict=True)
    ]
    return pd.DataFrame(rows), {label: done.predictions for label, done in zip(labels, summaries, strict=True)}


def mean_std(table: pd.DataFrame, by: str, metrics: Sequence[str] = ("rmse", "mae")) -> pd.DataFrame:
    """Mean and standard deviation (ddof=1) over folds of each metric, per value of ``by``."""
    return table.groupby(by, sort=False)[list(metrics)].agg(["mean", "std"])
