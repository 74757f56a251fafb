"""The chapter's LSTM fits, started once and read section by section.

Every fit of the chapter (each model, window and seed) is one :class:`helpers.douyin.lstm.LstmTask`.
:func:`study_tasks` lists them in the chapter's order; :func:`start` hands them all at once to the
worker processes (:mod:`helpers.common.processes`), the costliest first, so the fits of every model share
the cores; and each section of the chapter then reads the fits of the model it introduces with
:meth:`StudyFits.of` or :meth:`StudyFits.forecasts`, which wait for those fits alone. With one worker
the fits run in the notebook's own process, each when a section first asks for it. Each fit seeds
itself, so its result does not depend on where or when it ran.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import numpy as np

from helpers.common import processes
from helpers.douyin.lstm import Architecture, LstmFit, LstmTask, fit_lstm
from helpers.douyin.timeseries import WindowedData

MULTI = "lstm_multi"  # the key of the multivariate model, the one fitted on its own windows
LONGER = "lstm2_long"  # the key of v2 trained for more epochs
STUDY_MULTI_WINDOW = 30  # the study's code: the multivariate model's seq_len (minutes)
STUDY_MULTI_BATCH = 64  # and its batch_size (windows)
PARTS = ("valid", "test")  # the minutes a fit forecasts: validation and test


@dataclass(frozen=True)
class FitSettings:
    """The chapter's settings of its LSTM fits: the base ``seed`` (fit k uses seed + k), the univariate
    ``window`` and the ``sweep_windows`` v2 is fitted at (minutes), seeds per univariate configuration
    (``seeds``) and of the multivariate model (``multi_seeds``), ``epochs`` and ``batch_size`` (windows),
    the longer trial's ``longer_epochs`` and ``longer_seeds``, and the length of the recursive forecast
    (``forecast_minutes``)."""

    seed: int
    window: int
    sweep_windows: tuple[int, ...]
    seeds: int
    multi_seeds: int
    epochs: int
    batch_size: int
    longer_epochs: int
    longer_seeds: int
    forecast_minutes: int

    @classmethod
    def of(cls, namespace: Mapping[str, Any]) -> FitSettings:
        """Return the settings from the chapter's parameters in ``namespace`` (its ``globals()``)."""
        return cls(
            seed=namespace["seed"],
            window=namespace["window"],
            sweep_windows=tuple(namespace["sweep_windows"]),
            seeds=namespace["lstm_seeds"],
            multi_seeds=namespace["multi_seeds"],
            epochs=namespace["epochs"],
            batch_size=namespace["batch_size"],
            longer_epochs=namespace["longer_epochs"],
            longer_seeds=namespace["longer_seeds"],
            forecast_minutes=namespace["forecast_minutes"],
        )


def study_tasks(
    architectures: Mapping[str, Architecture],
    y: np.ndarray,
    windowed: Mapping[int, WindowedData],
    windowed_multi: WindowedData,
    settings: FitSettings,
    trials: Sequence[str],
) -> list[LstmTask]:
    """Return every fit of the chapter, in its order: v1 (``lstm1``) at the univariate window, v2
    (``lstm2``) at each window of the sweep, the ``trials`` on v2 (model keys) at the univariate window,
    the multivariate model on ``windowed_multi`` in the study's batches, and v2 trained longer
    (:data:`LONGER`) with its first ``longer_seeds`` seeds. ``architectures`` maps each key to its
    layers; ``windowed`` maps a window (minutes) to the univariate windows of ``y`` (n,), viewers per
    minute. The first seed of v1, of v2 at the univariate window and of the multivariate model records
    its validation loss per epoch (for a figure); that of v2 also makes the recursive forecast of the
    last ``forecast_minutes`` minutes."""
    forecast_start = len(y) - settings.forecast_minutes
    forecast_from = windowed[settings.window].target_scaler.transform(
        np.asarray(y, dtype=float)[forecast_start - settings.window : forecast_start, None]
    )

    def tasks_for(
        name: str, prepared: WindowedData, seeds: int, drawn=False, forecast=False, batch=None, epochs=None
    ) -> list[LstmTask]:
        return [
            LstmTask(
                name,
                architectures[name],
                settings.seed + k,
                prepared.x_train,
                prepared.y_train,
                prepared.x_valid,
                prepared.y_valid,
                prepared.x_test,
                epochs or settings.epochs,
                batch or settings.batch_size,
                drawn and k == 0,
                forecast_from if forecast and k == 0 else None,
                settings.forecast_minutes if forecast and k == 0 else 0,
            )  # fmt: skip
            for k in range(seeds)
        ]

    univariate = windowed[settings.window]
    tasks = tasks_for("lstm1", univariate, settings.seeds, drawn=True)
    for w in settings.sweep_windows:
        at_window = w == settings.window
        tasks += tasks_for("lstm2", windowed[w], settings.seeds, drawn=at_window, forecast=at_window)
    for name in trials:
        tasks += tasks_for(name, univariate, settings.seeds)
    tasks += tasks_for(MULTI, windowed_multi, settings.multi_seeds, drawn=True, batch=STUDY_MULTI_BATCH)
    tasks += tasks_for(LONGER, univariate, settings.longer_seeds, epochs=settings.longer_epochs)
    return tasks


class StudyFits:
    """The chapter's fits, started by :func:`start`: each section reads its model's fits with :meth:`of`
    (the :class:`~helpers.douyin.lstm.LstmFit` of each seed) or :meth:`forecasts` (in viewers per minute),
    waiting for those fits only."""

    def __init__(
        self,
        tasks: Sequence[LstmTask],
        windowed: Mapping[int, WindowedData],
        windowed_multi: WindowedData,
        window: int,
        n_jobs: int,
    ) -> None:
        self.tasks = list(tasks)
        self.windowed = dict(windowed)
        self.windowed_multi = windowed_multi
        self.window = window
        self._results: dict[int, LstmFit] = {}
        self._futures: dict[int, Future] = {}
        if n_jobs > 1:
            pool = processes.worker_pool(n_jobs, onednn=False)
            for i in sorted(range(len(self.tasks)), key=lambda i: -self.tasks[i].cost()):
                self._futures[i] = pool.submit(fit_lstm, self.tasks[i])

    def default_window(self, name: str) -> int:
        """Return the window (minutes) a model is read at when none is named: the study's for the
        multivariate model, the univariate window for the others."""
        return self.windowed_multi.x_train.shape[1] if name == MULTI else self.window

    def _result(self, i: int) -> LstmFit:
        """Return fit ``i``: waited for in the workers, or fitted here now (one worker)."""
        if i not in self._results:
            if i in self._futures:
                try:
                    self._results[i] = self._futures[i].result()
                except BaseException:
                    for future in self._futures.values():
                        future.cancel()
                    processes.shutdown_workers()
                    raise
            else:
                self._results[i] = fit_lstm(self.tasks[i])
        return self._results[i]

    def of(self, name: str, window: int | None = None) -> list[LstmFit]:
        """Return the fits of model ``name`` at ``window`` (minutes; None: :meth:`default_window`), in
        seed order. Raises KeyError when no such fit was started."""
        window = self.default_window(name) if window is None else window
        found = [i for i, task in enumerate(self.tasks) if task.name == name and task.window == window]
        if not found:
            raise KeyError(f"no fit of {name!r} at a window of {window} minutes was started")
        return [self._result(i) for i in found]

    def prepared(self, name: str, window: int | None = None) -> WindowedData:
        """Return the windows model ``name`` was fitted on at ``window`` (None: :meth:`default_window`)."""
        if name == MULTI:
            return self.windowed_multi
        return self.windowed[self.default_window(name) if window is None else window]

    def forecasts(self, name: str, part: str, window: int | None = None) -> np.ndarray:
        """Return the forecasts of model ``name`` at ``window`` of the validation (``"valid"``) or test
        (``"test"``) minutes: (seeds, minutes), viewers per minute (the scaled predictions mapped back
        with the target's scaler)."""
        if part not in PARTS:
            raise ValueError(f"part must be one of {PARTS}, got {part!r}")
        scaled = np.array([getattr(fit, f"{part}_pred") for fit in self.of(name, window)])
        return self.prepared(name, window).inverse(scaled)

    def seconds(self, name: str, window: int | None = None) -> float:
        """Return the mean wall time of a fit of model ``name`` at ``window`` (s)."""
        return float(np.mean([fit.seconds for fit in self.of(name, window)]))


def start(
    tasks: Sequence[LstmTask],
    windowed: Mapping[int, WindowedData],
    windowed_multi: WindowedData,
    window: int,
    n_jobs: int,
) -> StudyFits:
    """Start every fit of ``tasks`` in ``n_jobs`` worker processes (one: none, each fit then runs in this
    process when first read) and return the :class:`StudyFits` the sections read them from;
    ``windowed`` and ``windowed_multi`` are the windows the tasks were cut from, ``window`` the
    univariate window (minutes)."""
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be at least 1, got {n_jobs}")
    return StudyFits(tasks, windowed, windowed_multi, window, n_jobs)
