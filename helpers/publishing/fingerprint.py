"""What a run depends on and what it took: the fingerprint that says whether an executed copy is current,
and the run statistics (``run_stats.json``) beside the executed copies: each run's wall time, peak memory,
parameters, fingerprint, files of one's own, and whether its last run failed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.common.files import write_text_atomically
from helpers.common.paths import repo_root
from helpers.publishing.notebooks import helpers_files
from helpers.publishing.profiles import PATH_SUFFIXES

STATS_FILE = "run_stats.json"


@dataclass
class RunResult:
    """What one notebook run took: wall time in seconds, the kernel's peak resident memory in MiB, and the
    CPU seconds (user and system) its kernel and the processes it started spent (0 in stats written before
    they were recorded)."""

    notebook: str
    profile: str
    wall_s: float
    peak_mib: float
    parameters: dict[str, Any]
    fingerprint: str
    skipped: bool = False
    cpu_s: float = 0.0
    inputs: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # files of one's own: path, sha256


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


def fingerprint(
    notebook: Path,
    parameters: Mapping[str, Any],
    root: Path | None = None,
    inputs: Mapping[str, list[dict[str, str]]] | None = None,
) -> str:
    """Return a hash of everything a run's result depends on: the notebook, its parameters and the
    files of one's own they name (:func:`input_files`), the requirements, and the helpers modules it
    imports (see :func:`helpers.publishing.notebooks.helpers_files`), so that an edit to one chapter's
    study code leaves the other chapters current and an edited file of one's own makes its chapter run
    again. ``inputs`` is
    :func:`input_files` of ``parameters`` when the caller has it already (each file is hashed once)."""
    root = root or repo_root()
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    digest.update(json.dumps(input_files(parameters) if inputs is None else inputs, sort_keys=True).encode())
    for path in [*helpers_files(notebook, root), root / "requirements.txt"]:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_stats(output_dir: Path) -> dict[str, dict[str, Any]]:
    """Return the run statistics recorded in ``output_dir`` (empty if none)."""
    path = output_dir / STATS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def update_stats(output_dir: Path, stem: str, entry: dict[str, Any]) -> None:
    """Set ``stem``'s entry in ``output_dir``'s run statistics, written to a temporary file and renamed,
    under a lock so that notebooks finishing together in parallel runs keep each other's entries."""
    import fcntl

    with (output_dir / f".{STATS_FILE}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stats = read_stats(output_dir)
        stats[stem] = entry
        write_text_atomically(output_dir / STATS_FILE, json.dumps(stats, indent=2, sort_keys=True, default=str))


def mark_failed(output_dir: Path, stem: str, stamp: str, reason: str) -> None:
    """Record that the last run of ``stem`` failed, keeping the entry of its last good run beside it."""
    entry = {key: value for key, value in (read_stats(output_dir).get(stem) or {}).items() if key != "failed"}
    entry["failed"] = {"fingerprint": stamp, "reason": reason, "at": time.strftime("%Y-%m-%d %H:%M:%S")}
    update_stats(output_dir, stem, entry)


def is_current(target: Path, entry: Mapping[str, Any] | None, stamp: str) -> bool:
    """Return True if ``target`` exists, was made from fingerprint ``stamp``, and no run failed since."""
    return target.is_file() and bool(entry) and entry.get("fingerprint") == stamp and "failed" not in entry
