"""Run notebooks with papermill under a named profile, into the book's build folder.

Profiles (``notebooks/profiles.yml``) override the study settings of a notebook's ``parameters``
cell: ``quick`` for the tests, ``full`` for the book. Each run prints one line with its wall time
and the peak memory of its kernel, and writes ``run_stats.json`` beside the executed copies. A
failing cell stops the run with a message naming the notebook and the cell.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers.errors import ParameterError
from helpers.paths import build_dir, chapters_dir, notebooks_dir, repo_root

PROFILES_FILE = "profiles.yml"
PROFILES = ("quick", "full")
KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 1800
STATS_FILE = "run_stats.json"
KERNEL_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONHASHSEED": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}


class NotebookFailed(RuntimeError):
    """A notebook stopped on an error; the message names the notebook and the failing cell."""


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


def notebook_parameters(notebook: Path) -> dict[str, Any]:
    """Return the defaults of the notebook's ``parameters`` cell as ``{name: inferred default text}``."""
    import papermill

    return {name: info["default"] for name, info in papermill.inspect_notebook(str(notebook)).items()}


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
    return merged


def fingerprint(notebook: Path, parameters: Mapping[str, Any]) -> str:
    """Return a hash of everything a run's result depends on in the checkout: the notebook, its
    parameters, the helpers package and the requirements."""
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    root = repo_root()
    for path in sorted((root / "helpers").rglob("*")) + [root / "requirements.txt"]:
        if path.is_file() and "__pycache__" not in path.parts:
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


def _write_stats(output_dir: Path, result: RunResult) -> None:
    stats = read_stats(output_dir)
    stats[result.notebook] = asdict(result)
    (output_dir / STATS_FILE).write_text(json.dumps(stats, indent=2, sort_keys=True, default=str), encoding="utf-8")


def execute(
    notebook: Path, profile: str, parameters: Mapping[str, Any], output_dir: Path, skip_current: bool = False
) -> RunResult:
    """Execute ``notebook`` with ``parameters`` into ``output_dir``; return its :class:`RunResult`.

    With ``skip_current`` a notebook whose executed copy was made from the same fingerprint is not
    run again. Raises NotebookFailed naming the notebook and the failing cell.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / notebook.name
    stamp = fingerprint(notebook, parameters)
    previous = read_stats(output_dir).get(notebook.stem)
    if skip_current and target.is_file() and previous and previous.get("fingerprint") == stamp:
        return RunResult(**{**previous, "skipped": True})
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    start = time.perf_counter()
    with PeakMemory() as memory:
        try:
            papermill.execute_notebook(
                str(notebook),
                str(target),
                parameters=dict(parameters),
                kernel_name=KERNEL_NAME,
                cwd=str(notebook.parent),
                execution_timeout=CELL_TIMEOUT_S,
                progress_bar=False,
                log_output=False,
            )
        except PapermillExecutionError as err:
            raise NotebookFailed(
                f"{notebook.name} failed at cell {err.cell_index} (execution count {err.exec_count}): "
                f"{err.ename}: {err.evalue}\n  the partly executed copy is {target}"
            ) from None
    result = RunResult(
        notebook=notebook.stem,
        profile=profile,
        wall_s=round(time.perf_counter() - start, 1),
        peak_mib=round(memory.peak_bytes / 2**20, 1),
        parameters=dict(parameters),
        fingerprint=stamp,
    )
    _write_stats(output_dir, result)
    return result


def run(
    names: Iterable[str],
    profile: str,
    overrides: Mapping[str, Any],
    output_dir: Path | None = None,
    skip_current: bool = False,
) -> list[RunResult]:
    """Run the named notebooks (all if none) under ``profile``; print a progress line for each."""
    notebooks = resolve(names) if names else all_notebooks()
    profiles = load_profiles()
    plan = [(nb, parameters_for(nb, profile, overrides, profiles)) for nb in notebooks]
    output_dir = output_dir or default_output_dir(profile)
    results = []
    for index, (notebook, parameters) in enumerate(plan, start=1):
        print(f"[{index}/{len(plan)}] {notebook.stem} ({profile}) ...", flush=True)
        result = execute(notebook, profile, parameters, output_dir, skip_current)
        state = "up to date, skipped" if result.skipped else "ok"
        print(
            f"[{index}/{len(plan)}] {notebook.stem}: {state}, {result.wall_s:.1f} s, peak {result.peak_mib:.0f} MiB"
            f" -> {output_dir / notebook.name}",
            flush=True,
        )
        results.append(result)
    return results
