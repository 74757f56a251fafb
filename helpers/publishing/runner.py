"""Execute notebooks with papermill under a named profile, into the book's build folder.

The profile's settings (:mod:`helpers.publishing.profiles`) override the study settings of a notebook's
``parameters`` cell. Each run prints one line with its wall time, the CPU seconds and the peak memory of its kernel,
and records them in ``run_stats.json`` beside the executed copies (:mod:`helpers.publishing.fingerprint`).

Runs are atomic: a notebook executes into ``NN_name.running-<pid>.ipynb`` beside its target and is renamed
into place only when every cell ran and no output shows a missing-glyph warning. A failed or
interrupted run leaves the previous executed copy byte for byte, keeps its own partial copy as
``NN_name.failed.ipynb`` (which the book never reads), and is marked failed in ``run_stats.json`` so
that ``--skip-current`` reruns it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from helpers.publishing.fingerprint import (
    RunResult,
    fingerprint,
    input_files,
    is_current,
    mark_failed,
    read_stats,
    update_stats,
)
from helpers.publishing.notebooks import all_notebooks, resolve
from helpers.publishing.profiles import default_output_dir, load_profiles, parameters_for

KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 1800
# NUMPY_MADVISE_HUGEPAGE=0: NumPy asks for transparent huge pages for arrays of 4 MiB or more, and on
# machines whose kernel compacts memory on such a fault (defrag "madvise", the default) each fresh GiB
# can stall for seconds. On the book's 2-core machine a 2 GiB array took 20-30 s to fill with huge pages
# and 0.7 s without; Surprise's item KNN on the MovieLens ratings fitted in 27-41 s and in 3.4 s.
KERNEL_ENV = {
    "NUMPY_MADVISE_HUGEPAGE": "0",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONHASHSEED": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}
RUNNING_MARK = ".running-"  # NN_name.running-<pid>.ipynb: a run in progress, one name per process
FAILED_SUFFIX = ".failed.ipynb"
MISSING_GLYPH = re.compile(r"Glyph \d+ .*? missing from font\(s\) [^\n]*")
FONT_FIX = "install a CJK font (apt-get install fonts-noto-cjk, or run `make install`) and rerun"


class NotebookFailed(RuntimeError):
    """A notebook stopped on an error; the message names the notebook and the failing cell."""


# jupyter_client interrupts a kernel as it shuts it down, and ipykernel can log that interrupt as an
# ERROR line ("KeyboardInterrupt caught in kernel.") on the runner's terminal after a good run; the
# kernel's own log is silenced below CRITICAL (cell errors still reach the run through the notebook).
QUIET_KERNEL = "--IPKernelApp.log_level=CRITICAL"


class RunInterrupted(KeyboardInterrupt):
    """A run was interrupted (Ctrl-C); the kernel was shut down and the previous copy kept."""


class KernelUsage:
    """Sample, in a background thread, what this process's children (the kernel and any processes it
    starts) use: their peak resident memory together (``peak_bytes``) and the CPU seconds, user and
    system, each spent (``cpu_s``). Children whose ids are in ``before`` (processes this one started
    before the run, e.g. a test's pool of workers, idle during it) are left out. A child is sampled every
    ``interval_s`` seconds, so the last interval of each child's CPU time (and a child that lives less
    than one interval) is missed. CPU seconds change little with what else runs on the machine, unlike
    wall time."""

    def __init__(self, before: set[int], interval_s: float = 0.2) -> None:
        import psutil

        self._me = psutil.Process()
        self._before = before
        self._interval = interval_s
        self._stop = threading.Event()
        self.peak_bytes = 0
        self._cpu: dict[tuple[int, float], float] = {}  # (pid, start time): CPU seconds last seen
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @property
    def cpu_s(self) -> float:
        """The CPU seconds (user and system) the children spent, as last sampled."""
        return sum(self._cpu.values())

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            for child in self._me.children(recursive=True):
                if child.pid in self._before:
                    continue
                try:
                    with child.oneshot():
                        total += child.memory_info().rss
                        times = child.cpu_times()
                        self._cpu[child.pid, child.create_time()] = times.user + times.system
                except psutil.Error:
                    continue
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(self._interval)

    def __enter__(self) -> KernelUsage:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def missing_glyphs(notebook: Path) -> tuple[int, str] | None:
    """Return ``(cell index, warning)`` for the first output of ``notebook`` that warns of a glyph
    missing from every font (a figure that would show empty boxes), or None."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            text = output.get("text", "") if output.get("output_type") == "stream" else ""
            text += json.dumps(output.get("data", {}).get("text/plain", ""))
            found = MISSING_GLYPH.search(text)
            if found:
                return index, found.group(0)
    return None


def _children() -> set[int]:
    """Return the process ids of every descendant of this process."""
    import psutil

    return {child.pid for child in psutil.Process().children(recursive=True)}


def _stop_processes(pids: set[int]) -> None:
    """Kill the processes ``pids`` (an abandoned kernel and its workers) and wait for them. They are
    killed outright: a kernel asked to terminate mid-message prints a traceback on the runner's terminal."""
    import psutil

    procs = []
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            proc.kill()
            procs.append(proc)
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs(procs, timeout=10)


@contextlib.contextmanager
def _interrupts_stop_kernels(before: set[int]) -> Iterator[None]:
    """Within the block, Ctrl-C first kills the processes started since ``before`` (the kernel and its
    workers), then raises KeyboardInterrupt. Left to itself, the run would ask the busy kernel to shut
    down, and a kernel stopped mid-reply prints a traceback on the reader's terminal. Only the main
    thread can set signal handlers; elsewhere the block runs unchanged."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop_then_raise(signum: int, frame: object) -> None:
        _stop_processes(_children() - before)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, stop_then_raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _socket_prefix() -> Path:
    """Return a path prefix, unique to one run, for its kernel's local (IPC) sockets: the kernel talks to
    the runner over files ``<prefix>-<n>`` instead of TCP ports, and parallel runs never share one."""
    import tempfile
    import uuid

    return Path(tempfile.gettempdir()) / f"book-kernel-{uuid.uuid4().hex[:12]}"


def _set_aside(running: Path, failed: Path) -> None:
    """Move a partial copy to the failed name (replacing an older failed copy), if one was written."""
    if running.is_file():
        os.replace(running, failed)


def execute(
    notebook: Path, profile: str, parameters: Mapping[str, Any], output_dir: Path, skip_current: bool = False
) -> RunResult:
    """Execute ``notebook`` with ``parameters`` into ``output_dir``; return its :class:`RunResult`.

    With ``skip_current`` a notebook whose executed copy was made from the same fingerprint, and
    whose last run did not fail, is not run again. Raises NotebookFailed naming the notebook and the
    failing cell, or RunInterrupted on Ctrl-C; either way the previous executed copy is left as it was.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    from helpers.publishing.engine import ENGINE_NAME

    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / notebook.name
    running = output_dir / f"{notebook.stem}{RUNNING_MARK}{os.getpid()}.ipynb"
    failed = output_dir / f"{notebook.stem}{FAILED_SUFFIX}"
    inputs = input_files(parameters)
    stamp = fingerprint(notebook, parameters, inputs=inputs)
    previous = read_stats(output_dir).get(notebook.stem)
    if skip_current and is_current(target, previous, stamp):
        return RunResult(**{**previous, "skipped": True})
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    kept = f"the previous copy {target} is kept" if target.is_file() else f"no copy at {target} yet"
    sockets = _socket_prefix()
    before = _children()
    start = time.perf_counter()
    try:
        with _interrupts_stop_kernels(before), KernelUsage(before) as usage:
            papermill.execute_notebook(
                str(notebook),
                str(running),
                parameters=dict(parameters),
                kernel_name=KERNEL_NAME,
                engine_name=ENGINE_NAME,
                cwd=str(notebook.parent),
                execution_timeout=CELL_TIMEOUT_S,
                progress_bar=False,
                log_output=False,
                config=Config(
                    {
                        "KernelManager": {"transport": "ipc", "ip": str(sockets)},
                        "NotebookClient": {"shutdown_kernel": "immediate"},
                    }
                ),
                extra_arguments=[QUIET_KERNEL],
            )
        glyph = missing_glyphs(running)
        if glyph is not None:
            raise NotebookFailed(
                f"{notebook.name}: cell {glyph[0]} shows '{glyph[1]}', so a figure would show empty boxes: "
                f"{FONT_FIX} ({kept}; the failed copy is {failed})"
            )
    except PapermillExecutionError as err:
        _set_aside(running, failed)
        reason = f"cell {err.cell_index} (execution count {err.exec_count}): {err.ename}: {err.evalue}"
        mark_failed(output_dir, notebook.stem, stamp, reason)
        raise NotebookFailed(f"{notebook.name} failed at {reason} ({kept}; the failed copy is {failed})") from None
    except NotebookFailed as err:
        _set_aside(running, failed)
        mark_failed(output_dir, notebook.stem, stamp, str(err))
        raise
    except BaseException as err:
        _stop_processes(_children() - before)
        _set_aside(running, failed)
        interrupted = isinstance(err, KeyboardInterrupt)
        mark_failed(output_dir, notebook.stem, stamp, "interrupted" if interrupted else repr(err))
        if interrupted:
            raise RunInterrupted(f"{notebook.name} interrupted ({kept})") from None
        raise
    finally:
        for path in sockets.parent.glob(f"{sockets.name}-*"):
            path.unlink(missing_ok=True)
    os.replace(running, target)
    result = RunResult(
        notebook=notebook.stem,
        profile=profile,
        wall_s=round(time.perf_counter() - start, 1),
        peak_mib=round(usage.peak_bytes / 2**20, 1),
        cpu_s=round(usage.cpu_s, 1),
        parameters=dict(parameters),
        fingerprint=stamp,
        inputs=inputs,
    )
    update_stats(output_dir, notebook.stem, asdict(result))
    return result


def _line(index: int, total: int, notebook: Path, profile: str) -> str:
    return f"[{index}/{total}] {notebook.stem} ({profile}) ... "


def _outcome(result: RunResult, output_dir: Path) -> str:
    state = "up to date, skipped" if result.skipped else "ok"
    return (
        f"{state}, {result.wall_s:.1f} s, CPU {result.cpu_s:.1f} s, peak {result.peak_mib:.0f} MiB"
        f" -> {output_dir / result.notebook}.ipynb"
    )


def run(
    names: Iterable[str],
    profile: str,
    overrides: Mapping[str, Any],
    output_dir: Path | None = None,
    skip_current: bool = False,
    jobs: int = 1,
) -> list[RunResult]:
    """Run the named notebooks (all if none) under ``profile``; print one line for each: its outcome,
    wall time, peak memory and where its executed copy is.

    With ``jobs`` > 1 that many notebooks run at once, each in its own process (lines come as they
    finish). Stops at the first failure (NotebookFailed) or interrupt (RunInterrupted), after printing
    it on that notebook's line; notebooks already running then finish, none is started.
    """
    notebooks = resolve(names) if names else all_notebooks()
    profiles = load_profiles()
    plan = [(nb, parameters_for(nb, profile, overrides, profiles)) for nb in notebooks]
    output_dir = output_dir or default_output_dir(profile)
    if jobs > 1 and len(plan) > 1:
        return _run_parallel(plan, profile, output_dir, skip_current, jobs)
    results = []
    for index, (notebook, parameters) in enumerate(plan, start=1):
        print(_line(index, len(plan), notebook, profile), end="", flush=True)
        try:
            result = execute(notebook, profile, parameters, output_dir, skip_current)
        except RunInterrupted as err:
            print(f"interrupted: {err}", flush=True)
            raise
        except NotebookFailed as err:
            print(f"FAILED: {err}", flush=True)
            raise
        except BaseException:
            print("FAILED", flush=True)
            raise
        print(_outcome(result, output_dir), flush=True)
        results.append(result)
    return results


def _start_worker(threads: int) -> None:
    """Worker initializer: leave Ctrl-C to the parent, which stops the workers and their kernels, and give
    the kernels this worker starts ``threads`` threads for TensorFlow and OpenMP, so that notebooks run in
    parallel share the cores instead of fighting over them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("TF_NUM_INTRAOP_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))


def _run_parallel(
    plan: list[tuple[Path, dict[str, Any]]], profile: str, output_dir: Path, skip_current: bool, jobs: int
) -> list[RunResult]:
    """Run ``plan`` in ``jobs`` spawned processes, printing one line per notebook as it finishes.

    On Ctrl-C the parent stops every worker and kernel, sets the partial copies aside and marks those
    notebooks failed, exactly as a single run does."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    results: dict[str, RunResult] = {}
    failure: BaseException | None = None
    threads = max(1, (os.cpu_count() or 1) // jobs)
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(threads,),
    )
    pending = {
        pool.submit(execute, notebook, profile, parameters, output_dir, skip_current): (index, notebook, parameters)
        for index, (notebook, parameters) in enumerate(plan, start=1)
    }
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index, notebook, _ = pending.pop(future)
                if future.cancelled():
                    continue
                line = _line(index, len(plan), notebook, profile)
                try:
                    result = future.result()
                except NotebookFailed as err:
                    print(f"{line}FAILED: {err}", flush=True)
                    failure = failure or err
                else:
                    print(f"{line}{_outcome(result, output_dir)}", flush=True)
                    results[notebook.stem] = result
            if failure is not None:
                for future in pending:
                    future.cancel()
    except KeyboardInterrupt:
        _stop_processes(_children())
        for _, notebook, parameters in pending.values():
            for running in output_dir.glob(f"{notebook.stem}{RUNNING_MARK}*.ipynb"):
                _set_aside(running, output_dir / f"{notebook.stem}{FAILED_SUFFIX}")
            mark_failed(output_dir, notebook.stem, fingerprint(notebook, parameters), "interrupted")
        print("interrupted: the notebooks still running were stopped; their previous copies are kept", flush=True)
        raise RunInterrupted("interrupted") from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    if failure is not None:
        raise failure
    return [results[notebook.stem] for notebook, _ in plan]
