"""Fit the Douban chapter's models, many at once: each fit is a picklable :class:`FitTask`, run in this
process or in worker processes (:mod:`helpers.common.processes`), so the chapter's tables of models ×
seeds use both cores of the book's machine.

Every fit seeds itself from its task, so its figures do not depend on where or in what order it ran.
Ratings are in stars.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from helpers.common.processes import map_in_processes
from helpers.douban.rating_models import Field, Settings

BASELINES = ("mean", "ridge", "svm")  # models fitted by scikit-learn (or by a mean) on the sparse design
STEP_COST = {"mean": 0.0, "ridge": 1.0, "svm": 20.0, "fm": 1.0, "deepfm": 1.5, "at": 3.0, "kd": 2.0, "kadn": 3.5}


@dataclass(frozen=True)
class FitTask:
    """One fit of model ``name`` with ``seed``.

    ``x_train``, ``x_val``, ``x_test``: the sparse design rows (films, features) for :data:`BASELINES`,
    else the networks' input arrays by name; ``y_train``, ``y_val``: ratings (stars). Networks also need
    their ``fields``, ``n_numeric``, ``settings`` and ``training`` (epochs, batch_size, learning_rate,
    patience of :func:`helpers.douban.rating_models.train`); ridge tries each penalty of ``alphas`` and the
    SVR (RBF kernel) each penalty C of ``svr_cs``, and each keeps the one best on validation.
    """

    name: str
    seed: int
    x_train: Any
    y_train: np.ndarray
    x_val: Any
    y_val: np.ndarray
    x_test: Any
    fields: tuple[Field, ...] = ()
    n_numeric: int = 0
    settings: Settings | None = None
    training: Mapping[str, float] = field(default_factory=dict)
    alphas: tuple[float, ...] = (1.0,)
    svr_cs: tuple[float, ...] = (1.0,)

    def cost(self) -> float:
        """A rough relative cost, so the longest fits start first: training films × epochs × the model's
        cost per film (baselines count one epoch per candidate setting)."""
        candidates = {"ridge": len(self.alphas), "svm": len(self.svr_cs)}.get(self.name, 1)
        return len(self.y_train) * self.training.get("epochs", 1) * STEP_COST.get(self.name, 1.0) * candidates


def fit_task(task: FitTask) -> dict[str, Any]:
    """Seed with ``task.seed``, fit the task's model and return ``{"test": predictions (n_test,),
    "val_mae": best validation MAE, "checks": validation MAE of every check (networks; else empty),
    "teacher_test": the teacher's test predictions (KD, K-ADN; else None), "seconds": wall time}``, and
    for ridge and the SVR ``"chosen"``: the penalty kept on validation."""
    from helpers.common.seeding import seed_everything

    start = time.perf_counter()
    seed_everything(task.seed, tensorflow=task.name not in BASELINES)
    result: dict[str, Any] = {"checks": [], "teacher_test": None}
    if task.name in BASELINES:
        result.update(_fit_baseline(task))
    else:
        import tensorflow as tf

        from helpers.douban.rating_models import build, train

        # each new model traces its predict function once per input shape; TensorFlow warns of that as
        # "retracing" once a worker has fitted a few models, which is expected here
        tf.get_logger().setLevel("ERROR")
        model = build(task.name, task.fields, task.n_numeric, task.settings)
        checks = train(model, task.x_train, task.y_train, task.x_val, task.y_val, seed=task.seed, **task.training)
        result.update(test=model.predict(task.x_test), val_mae=min(checks), checks=checks)
        if model.predict_teacher is not None:
            result["teacher_test"] = model.predict_teacher(task.x_test)
    result["seconds"] = time.perf_counter() - start
    return result


def _fit_baseline(task: FitTask) -> dict[str, Any]:
    """Test predictions and validation MAE of the mean, ridge (best of ``alphas``) or the RBF SVR (best of
    ``svr_cs``); the test rows are predicted by the candidate best on validation only."""
    from sklearn.linear_model import Ridge
    from sklearn.svm import SVR

    if task.name == "mean":
        mean = float(np.mean(task.y_train))
        return {"test": np.full(task.x_test.shape[0], mean), "val_mae": float(np.mean(np.abs(task.y_val - mean)))}
    candidates = [Ridge(alpha=a) for a in task.alphas] if task.name == "ridge" else [SVR(C=c) for c in task.svr_cs]
    fitted = [model.fit(task.x_train, task.y_train) for model in candidates]
    val_maes = [float(np.mean(np.abs(model.predict(task.x_val) - task.y_val))) for model in fitted]
    settings = task.alphas if task.name == "ridge" else task.svr_cs
    best = int(np.argmin(val_maes))
    return {"test": fitted[best].predict(task.x_test), "val_mae": min(val_maes), "chosen": settings[best]}


def fit_tasks(tasks: Sequence[FitTask], n_jobs: int = 1) -> list[dict[str, Any]]:
    """Fit every task (see :func:`fit_task`) and return the results in the order of ``tasks``; in
    ``n_jobs`` worker processes if ``n_jobs > 1``, the costliest first."""
    return map_in_processes(fit_task, tasks, n_jobs, cost=FitTask.cost)
