"""Run notebooks with papermill under a named profile, into the book's build folder.

Profiles (``notebooks/profiles.yml``) override the study settings of a notebook's ``parameters``
cell: ``quick`` for the tests, ``full`` for the book. Each run prints one line with its wall time
and the peak memory of its kernel, and writes ``run_stats.json`` beside the executed copies.

Runs are atomic: a notebook executes into ``NN_name.running-<pid>.ipynb`` beside its target and is renamed
into place only when every cell ran and no output shows a missing-glyph warning. A failed or
interrupted run leaves the previous executed copy byte for byte, keeps its own partial copy as
``NN_name.failed.ipynb`` (which the book never reads), and is marked failed in ``run_stats.json`` so
that ``--skip-current`` reruns it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers.common.errors import ParameterError
from helpers.common.files import write_text_atomically
from helpers.common.paths import build_dir, chapters_dir, notebooks_dir, repo_root, resolve_user_path

PROFILES_FILE = "profiles.yml"
PROFILES = ("quick", "full")
KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 1800
STATS_FILE = "run_stats.json"
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
PATH_SUFFIXES = ("_path", "_dir", "_file", "_files")  # parameters named so hold paths (a list for _files)
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


@dataclass
class RunResult:
    """What one notebook run took: wall time in seconds and the kernel's peak resident memory in MiB."""

    notebook: str
    profile: str
    wall_s: float
    peak_mib: float
    parameters: dict[str, Any]
    fingerprint: str
    skipped: bool = False
    inputs: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # files of one's own: path, sha256


def all_notebooks() -> list[Path]:
    """Return every committed notebook, in chapter order."""
    return sorted(notebooks_dir().glob("*.ipynb"))


def clear_outputs(notebook: Path) -> bool:
    """Strip outputs and execution counts from ``notebook`` in place; return True if it changed."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count, changed = [], None, True
    if changed:
        nbformat.write(nb, str(notebook))
    return changed


def resolve(names: Iterable[str]) -> list[Path]:
    """Turn notebook names (``05_netflix``, ``05_netflix.ipynb`` or a path) into notebook paths.

    Raises ParameterError naming an unknown notebook and listing the known ones.
    """
    known = {p.stem: p for p in all_notebooks()}
    paths = []
    for name in names:
        stem = Path(name).stem
        if stem not in known:
            raise ParameterError(f"unknown notebook {name!r}; notebooks: {', '.join(known)}")
        paths.append(known[stem])
    return paths


def load_profiles(path: Path | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Return ``{profile: {notebook stem: {parameter: value}}}`` from the profiles file."""
    path = path or notebooks_dir() / PROFILES_FILE
    profiles = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(profiles) - set(PROFILES)
    if unknown:
        raise ParameterError(f"{path}: unknown profile(s) {sorted(unknown)}; profiles are {list(PROFILES)}")
    return {name: profiles.get(name) or {} for name in PROFILES}


def parse_overrides(pairs: Iterable[str]) -> dict[str, Any]:
    """Parse ``name=value`` strings; values are YAML (``3``, ``0.5``, ``[32, 64]``, ``abc``, ``null``),
    and a number YAML 1.1 leaves as text (``1e-3``) is read as a number."""
    overrides = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name.isidentifier():
            raise ParameterError(f"-p {pair!r}: expected name=value, e.g. -p epochs=5")
        value = yaml.safe_load(text)
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass
        overrides[name] = value
    return overrides


def parameter_help(notebook: Path) -> dict[str, dict[str, str]]:
    """Return the notebook's parameters as papermill reads its ``parameters`` cell:
    ``{name: {"default": default text, "help": the line's trailing comment}}``, in cell order."""
    import papermill

    return {
        name: {"default": info["default"], "help": info["help"]}
        for name, info in papermill.inspect_notebook(str(notebook)).items()
    }


def notebook_parameters(notebook: Path) -> dict[str, Any]:
    """Return the defaults of the notebook's ``parameters`` cell as ``{name: inferred default text}``."""
    return {name: info["default"] for name, info in parameter_help(notebook).items()}


def parameters_for(
    notebook: Path, profile: str, overrides: Mapping[str, Any], profiles: Mapping[str, Any]
) -> dict[str, Any]:
    """Merge the profile's settings for ``notebook`` with ``overrides`` (which win).

    Raises ParameterError if a name is not a parameter of the notebook.
    """
    if profile not in PROFILES:
        raise ParameterError(f"unknown profile {profile!r}; profiles are {list(PROFILES)}")
    merged = {**(profiles[profile].get(notebook.stem) or {}), **overrides}
    defined = notebook_parameters(notebook)
    unknown = sorted(set(merged) - set(defined))
    if unknown:
        raise ParameterError(f"{notebook.name}: no parameter(s) {unknown}; its parameters are {sorted(defined)}")
    return resolve_path_parameters(merged)


def resolve_path_parameters(parameters: Mapping[str, Any], start: Path | None = None) -> dict[str, Any]:
    """Return ``parameters`` with every text value of a name ending in ``_path``, ``_dir`` or ``_file``,
    and every text item of a list named ``…_files``, made absolute against ``start`` (default: the folder
    the command was started in)."""

    def absolute(value: Any) -> Any:
        return str(resolve_user_path(value, start)) if isinstance(value, str) else value

    return {
        name: ([absolute(v) for v in value] if isinstance(value, list) else absolute(value))
        if name.endswith(PATH_SUFFIXES)
        else value
        for name, value in parameters.items()
    }


def input_files(parameters: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Return, for each path parameter that names files of one's own, each file's absolute path and
    sha256 (a folder's files one by one, in name order); files that do not exist are left to the
    notebook, whose loader says what is missing."""
    from helpers.datasets.download import sha256_of

    found: dict[str, list[dict[str, str]]] = {}
    for name, value in parameters.items():
        if not name.endswith(PATH_SUFFIXES) or value is None:
            continue
        for given in value if isinstance(value, list) else [value]:
            path = Path(str(given))
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            found.setdefault(name, []).extend({"path": str(f), "sha256": sha256_of(f)} for f in files if f.is_file())
    return found


def notebook_code(notebook: Path) -> str:
    """Return the source of ``notebook``'s code cells joined by newlines, leaving out cells that start
    with an IPython magic or a shell line (``%``, ``!``), so that the result parses as Python."""
    import nbformat

    return "\n".join(
        cell.source
        for cell in nbformat.read(str(notebook), as_version=4).cells
        if cell.cell_type == "code" and not cell.source.lstrip().startswith(("%", "!"))
    )


def imported_modules(source: str) -> set[str]:
    """Return the absolute imports of Python ``source`` as dotted names: ``import a.b`` gives ``a.b``;
    ``from a.b import c`` gives ``a.b`` and ``a.b.c`` (``c`` may be a module)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _helpers_imports(source: str, package: str) -> set[str]:
    """Return the ``helpers`` modules that Python ``source`` imports, as dotted names, with every package
    above them (importing a module runs its packages' ``__init__``): ``from helpers.douban import
    features`` gives ``helpers``, ``helpers.douban`` and ``helpers.douban.features``."""
    found = {name for name in imported_modules(source) if name.split(".")[0] == package}
    return {".".join(name.split(".")[:end]) for name in found for end in range(1, name.count(".") + 2)}


def _package_of(path: Path, top: Path) -> Path:
    """Return the innermost folder at or above ``path``'s folder, below ``top``, that holds an
    ``__init__.py`` (the package a data file belongs to)."""
    folder = path.parent
    while folder != top and not (folder / "__init__.py").is_file():
        folder = folder.parent
    return folder


def helpers_files(notebook: Path, root: Path | None = None) -> list[Path]:
    """Return the files of the ``helpers`` package that ``notebook``'s code imports, directly or through
    other helpers modules (followed from the import statements, not listed by hand), plus the data
    files (checksum manifests, reference arrays) of the packages among them."""
    root = root or repo_root()
    package = root / "helpers"
    todo = _helpers_imports(notebook_code(notebook), package.name) | {package.name}
    seen: set[Path] = set()
    while todo:
        parts = todo.pop().split(".")
        candidates = [
            package.parent.joinpath(*parts).with_suffix(".py"),
            package.parent.joinpath(*parts, "__init__.py"),
        ]
        for path in candidates:
            if path.is_file() and path not in seen:
                seen.add(path)
                todo |= _helpers_imports(path.read_text(encoding="utf-8"), package.name)
    packages = {path.parent for path in seen if path.name == "__init__.py"}
    data_files = {
        path
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix != ".py"
        and "__pycache__" not in path.parts
        and _package_of(path, package) in packages
    }
    return sorted(seen | data_files)


def fingerprint(
    notebook: Path,
    parameters: Mapping[str, Any],
    root: Path | None = None,
    inputs: Mapping[str, list[dict[str, str]]] | None = None,
) -> str:
    """Return a hash of everything a run's result depends on: the notebook, its parameters and the
    files of one's own they name (:func:`input_files`), the requirements, and the helpers modules it
    imports (see :func:`helpers_files`), so that an edit to one chapter's study code leaves the other
    chapters current and an edited file of one's own makes its chapter run again. ``inputs`` is
    :func:`input_files` of ``parameters`` when the caller has it already (each file is hashed once)."""
    root = root or repo_root()
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    digest.update(json.dumps(input_files(parameters) if inputs is None else inputs, sort_keys=True).encode())
    for path in [*helpers_files(notebook, root), root / "requirements.txt"]:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def default_output_dir(profile: str) -> Path:
    """Return where executed copies go: the book's chapters folder for ``full``, ``build/<profile>`` else."""
    return chapters_dir() if profile == "full" else build_dir() / profile


class PeakMemory:
    """Sample the resident memory of this process's children (the kernel) in a background thread."""

    def __init__(self, interval_s: float = 0.2) -> None:
        import psutil

        self._me = psutil.Process()
        self._interval = interval_s
        self._stop = threading.Event()
        self.peak_bytes = 0
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            for child in self._me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def read_stats(output_dir: Path) -> dict[str, dict[str, Any]]:
    """Return the run statistics recorded in ``output_dir`` (empty if none)."""
    path = output_dir / STATS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _update_stats(output_dir: Path, stem: str, entry: dict[str, Any]) -> None:
    """Set ``stem``'s entry in ``output_dir``'s run statistics, written to a temporary file and renamed,
    under a lock so that notebooks finishing together in parallel runs keep each other's entries."""
    import fcntl

    with (output_dir / f".{STATS_FILE}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stats = read_stats(output_dir)
        stats[stem] = entry
        write_text_atomically(output_dir / STATS_FILE, json.dumps(stats, indent=2, sort_keys=True, default=str))


def _mark_failed(output_dir: Path, stem: str, stamp: str, reason: str) -> None:
    """Record that the last run of ``stem`` failed, keeping the entry of its last good run beside it."""
    entry = {key: value for key, value in (read_stats(output_dir).get(stem) or {}).items() if key != "failed"}
    entry["failed"] = {"fingerprint": stamp, "reason": reason, "at": time.strftime("%Y-%m-%d %H:%M:%S")}
    _update_stats(output_dir, stem, entry)


def is_current(target: Path, entry: Mapping[str, Any] | None, stamp: str) -> bool:
    """Return True if ``target`` exists, was made from fingerprint ``stamp``, and no run failed since."""
    return target.is_file() and bool(entry) and entry.get("fingerprint") == stamp and "failed" not in entry


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
        with _interrupts_stop_kernels(before), PeakMemory() as memory:
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
        _mark_failed(output_dir, notebook.stem, stamp, reason)
        raise NotebookFailed(f"{notebook.name} failed at {reason} ({kept}; the failed copy is {failed})") from None
    except NotebookFailed as err:
        _set_aside(running, failed)
        _mark_failed(output_dir, notebook.stem, stamp, str(err))
        raise
    except BaseException as err:
        _stop_processes(_children() - before)
        _set_aside(running, failed)
        interrupted = isinstance(err, KeyboardInterrupt)
        _mark_failed(output_dir, notebook.stem, stamp, "interrupted" if interrupted else repr(err))
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
        peak_mib=round(memory.peak_bytes / 2**20, 1),
        parameters=dict(parameters),
        fingerprint=stamp,
        inputs=inputs,
    )
    _update_stats(output_dir, notebook.stem, asdict(result))
    return result


def _line(index: int, total: int, notebook: Path, profile: str) -> str:
    return f"[{index}/{total}] {notebook.stem} ({profile}) ... "


def _outcome(result: RunResult, output_dir: Path) -> str:
    state = "up to date, skipped" if result.skipped else "ok"
    return f"{state}, {result.wall_s:.1f} s, peak {result.peak_mib:.0f} MiB -> {output_dir / result.notebook}.ipynb"


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
            _mark_failed(output_dir, notebook.stem, fingerprint(notebook, parameters), "interrupted")
        print("interrupted: the notebooks still running were stopped; their previous copies are kept", flush=True)
        raise RunInterrupted("interrupted") from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    if failure is not None:
        raise failure
    return [results[notebook.stem] for notebook, _ in plan]
