"""Both engines timed the same way: each fit in a fresh process, from the Parquet files on disk to a fitted
model, repeated, and summed up by its median and spread.

:func:`time_fit` runs one fit of either engine (:class:`~helpers.scale.engines.DLScaleTask` or
:class:`~helpers.scale.engines.ALSTask`) and returns a :class:`Timing`: the process's start apart (the
interpreter and TensorFlow's import, or the Spark session's JVM), the time from disk to a fitted model, its
first pass over the ratings (an epoch, or an iteration) apart from the steady passes after it, the peak
memory of every process (Spark's JVM included), and the test RMSE after the passes where it was scored, which
gives the time to reach a stated RMSE (:func:`seconds_to_target`). :func:`time_repeats` repeats it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.scale import engines

DL, ALS = "dl", "als"  # the engines, as the records name them
DEFAULT_DRIVER_MEMORY = engines.DEFAULT_DRIVER_MEMORY


@dataclass(frozen=True)
class Timing:
    """One fit of one engine in a fresh process.

    ``engine``: :data:`DL` or :data:`ALS`; ``rows``: training ratings; ``startup_seconds``: the process's
    start before the fit (s); ``fit_seconds``: from the Parquet files on disk to the fitted model (s);
    ``passes``: epochs or iterations; ``first_pass_seconds``: the first one (s; with tracing or Spark's
    just-in-time compilation); ``steady_pass_seconds``: one of the later ones (s; the median of DL+'s
    later epochs, ALS's iterations in a warm JVM); ``seconds_to_pass``: passes -> seconds from disk to the
    model after that many passes, for the passes whose ``pass_rmse`` (test RMSE, stars) was scored;
    ``peak_mib``: the peak resident memory of the fit's processes added up (MiB); ``rmse_test``: after all
    passes (stars); ``rmse_mean_predictor``: of the training mean (stars); ``pass_seconds``: the seconds of
    one pass that the cost models fit (s): DL+'s steady epoch, and ALS's timed fit over its iterations
    (Spark times only whole fits, and the difference of two short fits is noisy at small sizes)."""

    engine: str
    rows: int
    startup_seconds: float
    fit_seconds: float
    passes: int
    first_pass_seconds: float
    steady_pass_seconds: float
    seconds_to_pass: dict[int, float]
    pass_rmse: dict[int, float]
    peak_mib: float
    rmse_test: float
    rmse_mean_predictor: float
    pass_seconds: float


def from_dl(result: engines.DLScaleResult) -> Timing:
    """The :class:`Timing` of one DL+ training: its epochs are timed one by one, and what came before the
    first (building the model and the pipeline) counts towards every epoch's time from disk."""
    epochs = np.asarray(result.epoch_seconds)
    before = result.fit_seconds - epochs.sum()
    return Timing(
        engine=DL,
        rows=result.rows,
        startup_seconds=result.startup_seconds,
        fit_seconds=result.fit_seconds,
        passes=result.epochs,
        first_pass_seconds=float(epochs[0]),
        steady_pass_seconds=float(np.median(epochs[1:])) if len(epochs) > 1 else math.nan,
        seconds_to_pass={k + 1: float(before + seconds) for k, seconds in enumerate(np.cumsum(epochs))},
        pass_rmse={k + 1: rmse for k, rmse in enumerate(result.epoch_rmse)},
        peak_mib=result.peak_mib,
        rmse_test=result.rmse_test,
        rmse_mean_predictor=result.rmse_mean_predictor,
        pass_seconds=float(np.median(epochs[1:])) if len(epochs) > 1 else math.nan,
    )


def from_als(result: engines.ALSResult, iterations: int) -> Timing:
    """The :class:`Timing` of one ALS fit of ``iterations`` iterations. Spark times no single iteration:
    a steady one is the difference of the two shorter fits' seconds over their difference in iterations
    (run after the timed fit, in a warm JVM), the first is the timed fit less the steady ones after it,
    and the fit after ``k`` iterations is the fit from disk less ``iterations - k`` steady ones."""
    seconds = result.iteration_seconds
    shorter = sorted(k for k in seconds if k < iterations)
    steady = (seconds[shorter[-1]] - seconds[shorter[0]]) / (shorter[-1] - shorter[0]) if len(shorter) > 1 else math.nan
    first = result.seconds - (iterations - 1) * steady
    return Timing(
        engine=ALS,
        rows=result.rows,
        startup_seconds=result.start_seconds,
        fit_seconds=result.fit_seconds,
        passes=iterations,
        first_pass_seconds=first,
        steady_pass_seconds=steady,
        seconds_to_pass={
            k: result.fit_seconds - (iterations - k) * steady if k < iterations else result.fit_seconds
            for k in result.iteration_rmse
        },
        pass_rmse=dict(result.iteration_rmse),
        peak_mib=result.peak_mib,
        rmse_test=result.rmse_test,
        rmse_mean_predictor=result.rmse_mean_predictor,
        pass_seconds=result.seconds / iterations,
    )


def time_fit(
    task: engines.DLScaleTask | engines.ALSTask,
    master: str = "local[*]",
    driver_memory: str = DEFAULT_DRIVER_MEMORY,
    settings: Mapping[str, str] | None = None,
) -> Timing:
    """Run one fit of ``task``'s engine in a fresh process (:func:`~helpers.scale.engines.measure_dl`, or
    :func:`~helpers.scale.engines.measure_als` with Spark's ``master``, ``driver_memory`` and more
    ``settings``) and return its :class:`Timing`."""
    if isinstance(task, engines.DLScaleTask):
        return from_dl(engines.measure_dl(task))
    (result,) = engines.measure_als([task], master=master, driver_memory=driver_memory, settings=settings)
    return from_als(result, task.iterations)


def time_repeats(
    task: engines.DLScaleTask | engines.ALSTask,
    repeats: int,
    master: str = "local[*]",
    driver_memory: str = DEFAULT_DRIVER_MEMORY,
    settings: Mapping[str, str] | None = None,
) -> list[Timing]:
    """:func:`time_fit` ``repeats`` times, each in its own fresh process, one after the other."""
    if repeats < 1:
        raise ValueError(f"repeats={repeats}: time a fit at least once")
    return [time_fit(task, master, driver_memory, settings) for _ in range(repeats)]


PER_FIT, PER_ENGINE = "fit", "engine"  # a fresh process for every fit, or one for all of an engine's fits
PROCESS_NOTES = {  # how the page says where the fits ran
    PER_FIT: "each time in a fresh process",
    PER_ENGINE: (
        "all of one engine's fits in one fresh process, one after the other, to keep this run short: only"
        " the first fit pays the process's start, and a fit's peak memory is the process's so far"
    ),
}


def time_sizes(
    tasks: Mapping[int, engines.DLScaleTask | engines.ALSTask],
    repeats: int,
    process_per: str = PER_FIT,
    master: str = "local[*]",
    driver_memory: str = DEFAULT_DRIVER_MEMORY,
    settings: Mapping[str, str] | None = None,
) -> dict[int, list[Timing]]:
    """Time each of ``tasks`` (size in ratings -> one engine's task at that size) ``repeats`` times, and
    return size -> its timings. :data:`PER_FIT`: :func:`time_repeats`, each fit in its own fresh process;
    :data:`PER_ENGINE`: every fit, size after size, in one fresh process (one TensorFlow import or one Spark
    start for all: the first fit pays the start-up, later fits run warm and report the process's peak
    memory so far). Raises ValueError for another ``process_per``."""
    if process_per == PER_FIT:
        return {n: time_repeats(task, repeats, master, driver_memory, settings) for n, task in tasks.items()}
    if process_per != PER_ENGINE:
        raise ValueError(f"process_per={process_per!r}: give {PER_FIT!r} or {PER_ENGINE!r}")
    if repeats < 1:
        raise ValueError(f"repeats={repeats}: time a fit at least once")
    order = [n for n in tasks for _ in range(repeats)]
    queue = [tasks[n] for n in order]
    if all(isinstance(task, engines.DLScaleTask) for task in queue):
        timings = [from_dl(result) for result in engines.measure_dl_all(queue)]
    else:
        results = engines.measure_als(queue, master=master, driver_memory=driver_memory, settings=settings)
        timings = [from_als(result, task.iterations) for result, task in zip(results, queue, strict=True)]
    return {n: [timing for size, timing in zip(order, timings, strict=True) if size == n] for n in tasks}


def seconds_to_target(timing: Timing, target_rmse: float) -> float:
    """Seconds from disk to the first scored pass of ``timing`` whose test RMSE is at most ``target_rmse``
    (stars); NaN if no scored pass reached it."""
    reached = [timing.seconds_to_pass[k] for k in sorted(timing.pass_rmse) if timing.pass_rmse[k] <= target_rmse]
    return reached[0] if reached else math.nan


def common_target(*runs: Sequence[Timing]) -> float:
    """The test RMSE (stars) that every one of ``runs`` (each engine's repeats at one size) reached by its
    last pass: the highest of their final RMSEs, so that the time to reach it is known for each."""
    return max(timing.rmse_test for timings in runs for timing in timings)


def median_and_sd(values: Sequence[float]) -> tuple[float, float]:
    """The median of ``values`` and their sample standard deviation (``ddof=1``), NaNs (a target not
    reached) left out; NaN where no value is left (the median) or one (the standard deviation)."""
    array = np.asarray(values, dtype=float)
    array = array[np.isfinite(array)]
    median = float(np.median(array)) if len(array) else math.nan
    return median, float(np.std(array, ddof=1)) if len(array) > 1 else math.nan


SUMMARY_FIELDS = {  # column -> what it summarises, per size over the repeats
    "fit from disk (s)": "fit_seconds",
    "first pass (s)": "first_pass_seconds",
    "steady pass (s)": "steady_pass_seconds",
    "pass for the cost model (s)": "pass_seconds",
    "start-up (s)": "startup_seconds",
    "peak memory (MiB)": "peak_mib",
    "test RMSE (stars)": "rmse_test",
}


def summary(timings: Mapping[int, Sequence[Timing]], target_rmse: float) -> pd.DataFrame:
    """One row per size (``timings``: ratings -> its repeated timings): the median and the standard
    deviation over the repeats of each of :data:`SUMMARY_FIELDS` and of the seconds to ``target_rmse``
    (columns ``<name>`` and ``<name> sd``; the time to the target over the repeats that reached it), the
    number of repeats and how many reached the target."""
    rows = {}
    for n, runs in timings.items():
        row: dict[str, float] = {"repeats": len(runs)}
        values = {name: [getattr(run, field) for run in runs] for name, field in SUMMARY_FIELDS.items()}
        values["to the target (s)"] = [seconds_to_target(run, target_rmse) for run in runs]
        for name, column in values.items():
            row[name], row[f"{name} sd"] = median_and_sd(column)
        row["reached the target"] = int(np.sum(np.isfinite(values["to the target (s)"])))
        rows[n] = row
    return pd.DataFrame(rows).T.rename_axis("ratings")
