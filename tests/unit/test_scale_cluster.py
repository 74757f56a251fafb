"""helpers.scale.cluster: a standalone Spark cluster on this machine runs the appendix's ALS through
``spark://`` and through ``spark-submit``, and leaves no process behind when the code inside then fails (one
cluster start checks both: a start and its fits take about a minute here)."""

from __future__ import annotations

import json
from pathlib import Path

import psutil
import pytest

from helpers.scale import cluster, engines
from tests.unit.test_scale_engines import write_layout


def spark_java_processes(marker: str) -> list[psutil.Process]:
    """Running processes whose command line holds Spark's class path and ``marker`` (a port or a folder)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        line = " ".join(process.info["cmdline"] or [])
        if "org.apache.spark" in line and marker in line:
            found.append(process)
    return found


def test_a_two_worker_cluster_fits_als_by_url_and_by_submit_then_stops_also_after_a_failure(tmp_path: Path) -> None:
    # one cluster serves both checks: the fits, then a failure inside, after which every process must be gone
    folder = write_layout(tmp_path / "data", n_ratings=6_000, n_users=150, n_items=100, bucket_rows=2_000)
    # the fit alone, as the appendix's cluster fits are timed (no refits with fewer iterations)
    task = engines.ALSTask(folder, rank=4, reg_param=0.05, iterations=5, seed=0, scored_iterations=())
    with (
        pytest.raises(ZeroDivisionError),
        cluster.standalone_cluster(2, tmp_path / "logs", worker_memory="1g") as running,
    ):
        assert running.alive_workers() == 2 and running.state()["cores"] == 2  # one core per worker
        started = running.pids()
        assert len(started) >= 3  # the master and two workers
        (one_core,) = engines.measure_als(
            [task], master=running.master_url, driver_memory="1g", settings={"spark.cores.max": "1"}
        )
        assert one_core.rows == 5_400 and one_core.rmse_test < 0.5 * one_core.rmse_mean_predictor  # as in local mode
        command = cluster.submit_command(running.master_url, str(folder), str(tmp_path / "als.json"), 4, 0.05, 5, 0)
        assert command[:3] == ["spark-submit", "--master", running.master_url]
        cluster.run_submit(command, tmp_path / "submit.log")
        submitted = json.loads((tmp_path / "als.json").read_text())
        assert submitted["rows"] == 5_400 and submitted["rmse_test"] < 0.5 * submitted["rmse_mean_predictor"]
        assert list(submitted["iteration_rmse"]) == ["5"]  # the fit alone: no refit with fewer iterations
        port = running.master_url.rsplit(":", 1)[1]
        1 / 0  # noqa: B018 (a failure while the cluster runs)
    assert not [pid for pid in started if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert not spark_java_processes(port)
