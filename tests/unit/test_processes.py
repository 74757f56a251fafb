"""helpers.common.processes: results come back in task order, whatever the start order or process, and
workers with oneDNN on keep TensorFlow's start-up notices off stderr.

The tests of the pool's bookkeeping (order, a dead worker, a failing task, shutting down) map tasks that
need no TensorFlow, so their workers start without importing it (:func:`start_without_tensorflow`, about
0.3 s a worker instead of 4-8 s on a 2-core machine); the oneDNN test starts real workers."""

import math
import os
import signal
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool

import pytest

from helpers.common import processes


def start_without_tensorflow(environment: dict[str, str]) -> None:
    """:func:`processes.start_worker` less its TensorFlow import: what a worker does first, for tasks that
    need no TensorFlow (it runs in the worker, which imports this module by name from the test folder)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.update(environment)


@pytest.fixture
def light_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Workers that start with :func:`start_without_tensorflow`, in a pool of their own: the live pool is
    shut down before the test and the test's own after it, so no other test gets these workers."""
    processes.shutdown_workers()
    monkeypatch.setattr(processes, "start_worker", start_without_tensorflow)
    yield
    processes.shutdown_workers()


def test_results_keep_the_order_of_the_tasks_in_one_process() -> None:
    started = []

    def record(task: int) -> int:
        started.append(task)
        return task * 10

    assert processes.map_in_processes(record, [1, 3, 2], cost=float) == [10, 30, 20]
    assert started == [3, 2, 1]  # the costliest first


@pytest.mark.usefixtures("light_workers")
def test_results_keep_the_order_of_the_tasks_in_workers() -> None:
    assert processes.map_in_processes(math.sqrt, [1.0, 16.0, 4.0], n_jobs=2, cost=float) == [1.0, 4.0, 2.0]


def test_workers_share_the_cores() -> None:
    env = processes.worker_environment(n_jobs=64)
    assert env == {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "TF_ENABLE_ONEDNN_OPTS": "0"}


def test_onednn_workers_use_it_and_print_no_start_up_notice(capfd: pytest.CaptureFixture[str]) -> None:
    settings = processes.map_in_processes(os.getenv, ["TF_ENABLE_ONEDNN_OPTS"] * 2, n_jobs=2, onednn=True)
    assert settings == ["1", "1"]
    assert "oneDNN" not in capfd.readouterr().err


def test_the_notice_filter_passes_every_other_line_on() -> None:
    printed = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1795413493.115592   14316 port.cc:153] oneDNN custom operations are on. You may see ...\n"
        "E0000 a real error\n"
    )
    assert processes.drop_start_up_notices(printed) == "E0000 a real error\n"


def test_no_workers_is_an_error() -> None:
    with pytest.raises(ValueError, match="n_jobs must be at least 1"):
        processes.map_in_processes(math.sqrt, [1.0], n_jobs=0)


@pytest.mark.usefixtures("light_workers")
def test_a_dead_worker_raises_and_the_next_call_starts_new_ones() -> None:
    with pytest.raises(BrokenProcessPool):
        processes.map_in_processes(os._exit, [3], n_jobs=2)
    assert processes.map_in_processes(math.sqrt, [9.0], n_jobs=2) == [3.0]


@pytest.mark.usefixtures("light_workers")
def test_a_failing_task_raises_its_own_error() -> None:
    with pytest.raises(ValueError, match="math domain error"):
        processes.map_in_processes(math.sqrt, [4.0, -1.0], n_jobs=2)
    assert processes.map_in_processes(math.sqrt, [4.0], n_jobs=2) == [2.0]


@pytest.mark.usefixtures("light_workers")
def test_shutting_the_workers_down_ends_their_processes() -> None:
    assert processes.map_in_processes(math.sqrt, [1.0, 4.0], n_jobs=2) == [1.0, 2.0]
    (pool,) = processes._POOL.values()
    pids = list(pool._processes)  # the executor's own table of its worker processes
    assert pids  # one or two: the executor starts a second worker only if the first is still busy
    processes.shutdown_workers()
    assert not processes._POOL
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # signal 0 only asks whether the process exists
