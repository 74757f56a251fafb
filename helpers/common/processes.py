"""Run many independent model fits in worker processes without oversubscribing the cores.

Each worker is a fresh ("spawned") Python process, kept between calls with the same settings, whose
TensorFlow gets an equal share of the machine's cores, so ``n_jobs`` workers together use every
core once. Small Keras models leave a core idle for much of each step (Python and small-op
overhead), so two workers on two cores finish about 1.5 times as many fits per minute as one
process with two threads. The work items must be picklable and must seed themselves, so that a
result does not depend on where or when it ran. A worker keeps what it imported and traced for the
next task (the standard library's pool never restarts a worker whose memory grows, as joblib's
loky pool does).

Workers may also use TensorFlow's oneDNN kernels (``onednn=True``), which the notebooks' own
kernels leave off because TensorFlow then prints a start-up notice on stderr. The workers import
TensorFlow first thing, with that notice taken out of their stderr and every other line passed on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

# Lines TensorFlow's C++ core prints on stderr while it loads with oneDNN on: information only.
START_UP_NOTICES = ("All log messages before absl::InitializeLog() is called", "oneDNN custom operations are on")

_POOL: dict[tuple[int, bool], ProcessPoolExecutor] = {}  # the live pool, by (n_jobs, onednn); at most one


def worker_environment(n_jobs: int, onednn: bool = False) -> dict[str, str]:
    """TensorFlow settings for one of ``n_jobs`` workers: ``cores // n_jobs`` (at least one)
    threads inside each op, one op at a time, and oneDNN kernels on or off."""
    threads = max(1, (os.cpu_count() or 1) // n_jobs)
    return {
        "TF_NUM_INTRAOP_THREADS": str(threads),
        "TF_NUM_INTEROP_THREADS": "1",
        "TF_ENABLE_ONEDNN_OPTS": "1" if onednn else "0",
    }


def drop_start_up_notices(text: str) -> str:
    """``text`` less its lines that contain one of :data:`START_UP_NOTICES`."""
    return "".join(line for line in text.splitlines(keepends=True) if not any(n in line for n in START_UP_NOTICES))


def import_tensorflow_without_notices() -> None:
    """Import TensorFlow with file descriptor 2 captured, then write what it printed there to
    stderr less its start-up notices (see :func:`drop_start_up_notices`)."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            import tensorflow  # noqa: F401
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        captured.seek(0)
        printed = captured.read().decode(errors="replace")
    sys.stderr.write(drop_start_up_notices(printed))
    sys.stderr.flush()


def start_worker(environment: dict[str, str]) -> None:
    """A worker's first step: ignore interrupts (Ctrl-C or a notebook's interrupt reaches the whole
    process group; the parent handles it, see :func:`map_in_processes`), set ``environment``
    (before TensorFlow reads it), then import TensorFlow."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.update(environment)
    import_tensorflow_without_notices()


def worker_pool(n_jobs: int, onednn: bool) -> ProcessPoolExecutor:
    """The pool of ``n_jobs`` workers with these settings: the live one if it matches, else a new
    one (the old pool is shut down first, so no more than one set of workers holds the cores)."""
    key = (n_jobs, onednn)
    if key not in _POOL:
        for pool in _POOL.values():
            pool.shutdown()
        _POOL.clear()
        _POOL[key] = ProcessPoolExecutor(
            n_jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(worker_environment(n_jobs, onednn),),
        )
    return _POOL[key]


def shutdown_workers() -> None:
    """Stop the live pool's workers, if any, and wait until they have exited: a notebook calls this
    after its last parallel fit, so that its kernel does not have to stop them while it shuts down."""
    for pool in _POOL.values():
        pool.shutdown()
    _POOL.clear()


def map_in_processes(
    function: Callable[[Task], Result],
    tasks: Sequence[Task],
    n_jobs: int = 1,
    cost: Callable[[Task], float] | None = None,
    onednn: bool = False,
) -> list[Result]:
    """Return ``[function(task) for task in tasks]``, in the order of ``tasks``.

    The tasks start in decreasing ``cost`` (if given), so the longest fits do not finish last.
    With ``n_jobs == 1`` they run in this process, under its own TensorFlow settings; otherwise in
    ``n_jobs`` worker processes, where ``function`` must be importable (a module-level function),
    tasks and results picklable, and ``onednn`` turns TensorFlow's oneDNN kernels on (faster dense
    layers on x86 CPUs; sums are rounded in a different order, so figures move in the last digits).
    If a task raises, a worker dies (``BrokenProcessPool``) or the caller is interrupted, the tasks
    not yet started are cancelled, the workers exit after their current task, and the error is
    raised here; the next call starts new workers.
    """
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be at least 1, got {n_jobs}")
    order = sorted(range(len(tasks)), key=lambda i: -cost(tasks[i])) if cost else list(range(len(tasks)))
    if n_jobs == 1:
        results = {i: function(tasks[i]) for i in order}
    else:
        pool = worker_pool(n_jobs, onednn)
        try:
            results = dict(zip(order, pool.map(function, [tasks[i] for i in order]), strict=True))
        except BaseException:
            _POOL.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [results[i] for i in range(len(tasks))]
