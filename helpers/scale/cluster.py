"""Spark as a cluster on this machine: a standalone master and its workers, started from the scripts that ship
with pyspark, stopped whatever happens; and the ``spark-submit`` command that runs the appendix's ALS on any
cluster.

:func:`standalone_cluster` is a context manager: it starts the master (``spark-class ...deploy.master.Master``)
and ``workers`` workers (``...deploy.worker.Worker``) bound to 127.0.0.1 on free ports, waits until the master
counts them all, yields a :class:`StandaloneCluster`, and on leaving, also after an error, stops every process
it started and everything those started (the executors) and waits until none is left.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

EXAMPLE_MASTER = "spark://head-node:7077"  # a real cluster's master address, where a run started none here
LOCALHOST = "127.0.0.1"
MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
READY_SECONDS = 120  # the longest wait for the master's port and its workers' registration
POLL_SECONDS = 0.5
STOP_SECONDS = 20  # after SIGTERM, the wait before SIGKILL
SUBMIT_SCRIPT = Path(__file__).with_name("submit_als.py")  # what spark-submit runs
PACKAGE_ROOT = Path(__file__).parents[2]  # the folder that holds the helpers package


def spark_bin() -> Path:
    """The folder of pyspark's scripts (``spark-class``, ``spark-submit``) in this environment."""
    import pyspark

    return Path(pyspark.__file__).parent / "bin"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        return int(probe.getsockname()[1])


def _wait_until(ready: Callable[[], bool], what: str, seconds: float, logs: Path) -> None:
    """Poll ``ready`` until it holds; after ``seconds``, raise RuntimeError naming ``what`` and the ``logs``."""
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"Spark's standalone cluster: {what} not ready after {seconds:.0f} s; see the logs in {logs}"
            )
        time.sleep(POLL_SECONDS)


def _port_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    with socket.socket() as probe:
        return probe.connect_ex((LOCALHOST, port)) == 0


@dataclass
class StandaloneCluster:
    """A running standalone cluster: ``master_url`` (``spark://127.0.0.1:<port>``, what Spark's master
    setting takes), the master's web address ``web_url``, the ``processes`` started (master first) and
    the folder of their logs ``log_dir``."""

    master_url: str
    web_url: str
    processes: list[subprocess.Popen]
    log_dir: Path

    def state(self) -> dict:
        """The master's state as its web server reports it in JSON (``aliveworkers``, ``cores``, ...)."""
        # the address is the http:// one this module built on 127.0.0.1, never a file: or custom scheme
        with urllib.request.urlopen(f"{self.web_url}/json/", timeout=5) as response:  # noqa: S310
            return json.load(response)

    def alive_workers(self) -> int:
        """The number of workers registered with the master and alive (0 while the master cannot answer)."""
        try:
            return int(self.state()["aliveworkers"])
        except OSError:
            return 0

    def pids(self) -> list[int]:
        """The process ids of the cluster's processes and of every process they started, still running."""
        found = []
        for process in self.processes:
            try:
                parent = psutil.Process(process.pid)
                found += [parent.pid, *(child.pid for child in parent.children(recursive=True))]
            except psutil.NoSuchProcess:
                continue
        return found


def _start(arguments: Sequence[str], log: Path) -> subprocess.Popen:
    """Start ``spark-class`` with ``arguments`` in a session of its own (a process group to stop as one),
    its output to ``log``."""
    environment = os.environ | {"SPARK_LOCAL_IP": LOCALHOST, "SPARK_LOG_DIR": str(log.parent)}
    with open(log, "w") as output:
        return subprocess.Popen(
            [str(spark_bin() / "spark-class"), *arguments],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=environment,
            start_new_session=True,
        )


def stop(processes: Sequence[subprocess.Popen]) -> None:
    """Stop ``processes`` and everything they started: SIGTERM to each one's process group and to each
    descendant, then SIGKILL to whatever is left after :data:`STOP_SECONDS`; returns once none is running."""
    targets = []
    for process in processes:
        try:
            parent = psutil.Process(process.pid)
            targets += [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
    for process in reversed(processes):  # workers before the master
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for target in targets:
        try:
            target.terminate()
        except psutil.NoSuchProcess:
            continue
    _, alive = psutil.wait_procs(targets, timeout=STOP_SECONDS)
    for target in alive:
        try:
            target.kill()
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs(alive, timeout=STOP_SECONDS)
    for process in processes:
        process.wait(timeout=STOP_SECONDS)  # reaped: no zombie left


@contextmanager
def standalone_cluster(
    workers: int, log_dir: Path, worker_memory: str = "2g", cores_per_worker: int = 1
) -> Iterator[StandaloneCluster]:
    """Start a standalone master and ``workers`` workers of ``cores_per_worker`` cores and
    ``worker_memory`` each on this machine, logs in ``log_dir``; yield the running cluster; stop it on
    leaving, also after an error (:func:`stop`). Raises RuntimeError, the cluster stopped, if it is not
    ready within :data:`READY_SECONDS`."""
    log_dir = Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    port, web_port = free_port(), free_port()
    master = ["--host", LOCALHOST, "--port", str(port), "--webui-port", str(web_port)]
    processes = [_start([MASTER_CLASS, *master], log_dir / "master.log")]
    cluster = StandaloneCluster(f"spark://{LOCALHOST}:{port}", f"http://{LOCALHOST}:{web_port}", processes, log_dir)
    try:
        _wait_until(lambda: _port_open(port), "the master", READY_SECONDS, log_dir)
        for number in range(1, workers + 1):
            worker = [cluster.master_url, "--host", LOCALHOST, "--webui-port", str(free_port())]
            worker += ["--cores", str(cores_per_worker), "--memory", worker_memory]
            worker += ["--work-dir", str(log_dir / f"worker-{number}")]
            processes.append(_start([WORKER_CLASS, *worker], log_dir / f"worker-{number}.log"))
        _wait_until(lambda: cluster.alive_workers() == workers, f"{workers} workers", READY_SECONDS, log_dir)
        yield cluster
    finally:
        stop(processes)


def submit_command(
    master: str,
    data_dir: str,
    output: str,
    rank: int,
    reg_param: float,
    iterations: int,
    seed: int,
    executor_memory: str = "1g",
    spark_submit: str = "spark-submit",
) -> list[str]:
    """The ``spark-submit`` command that fits the appendix's ALS on the cluster at ``master`` (a
    ``spark://``, ``yarn`` or ``k8s://`` address) from the Parquet layout in ``data_dir`` (on storage
    every machine reads: a shared file system, ``hdfs://`` or an object store) and writes what it measured
    as JSON to ``output`` on the driver's machine. ``spark_submit``: the script's path or name."""
    return [
        spark_submit,
        "--master",
        master,
        "--deploy-mode",
        "client",
        "--executor-memory",
        executor_memory,
        str(SUBMIT_SCRIPT.relative_to(PACKAGE_ROOT)),  # run_submit runs it from there
        "--data-dir",
        data_dir,
        "--output",
        output,
        "--rank",
        str(rank),
        "--reg-param",
        str(reg_param),
        "--iterations",
        str(iterations),
        "--seed",
        str(seed),
    ]


def run_submit(command: Sequence[str], log: Path) -> None:
    """Run a :func:`submit_command` with pyspark's own ``spark-submit`` in place of its first word, from
    the folder that holds this ``helpers`` package (so that the driver imports it), its output to ``log``.
    Raises RuntimeError quoting the log's end if it fails."""
    cwd = PACKAGE_ROOT
    environment = os.environ | {
        "PYSPARK_PYTHON": sys.executable,
        "PYSPARK_DRIVER_PYTHON": sys.executable,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(cwd), os.environ.get("PYTHONPATH", "")])),
        "SPARK_LOCAL_IP": LOCALHOST,
    }
    with open(log, "w") as output:
        completed = subprocess.run(
            [str(spark_bin() / "spark-submit"), *command[1:]],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=environment,
            cwd=cwd,
            check=False,
        )
    if completed.returncode:
        tail = "\n".join(Path(log).read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"spark-submit failed (exit {completed.returncode}); the end of {log}:\n{tail}")
