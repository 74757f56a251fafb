"""helpers.processes: results come back in task order, whatever the start order or process."""

import math

import pytest

from helpers import processes


def test_results_keep_the_order_of_the_tasks_in_one_process() -> None:
    started = []

    def record(task: int) -> int:
        started.append(task)
        return task * 10

    assert processes.map_in_processes(record, [1, 3, 2], cost=float) == [10, 30, 20]
    assert started == [3, 2, 1]  # the costliest first


def test_results_keep_the_order_of_the_tasks_in_workers() -> None:
    assert processes.map_in_processes(math.sqrt, [1.0, 16.0, 4.0], n_jobs=2, cost=float) == [1.0, 4.0, 2.0]


def test_workers_share_the_cores() -> None:
    env = processes.worker_environment(n_jobs=64)
    assert env == {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}


def test_no_workers_is_an_error() -> None:
    with pytest.raises(ValueError, match="n_jobs must be at least 1"):
        processes.map_in_processes(math.sqrt, [1.0], n_jobs=0)
