"""Runs that fail or are interrupted never lose a good chapter: a real `python -m helpers run 00_data` in a
subprocess, stopped with SIGINT (as Ctrl-C does) or failing on a bad parameter value, leaves the previous
executed copy byte for byte, prints one line and no traceback, and its run record no longer counts that copy as
current, so the next `--skip-current` reruns it (tests/unit/test_runner.py runs that rerun end to end)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest
from conftest import QUICK_DIR

from helpers.publishing import fingerprint, notebooks, profiles

pytestmark = pytest.mark.notebooks
STEM = "00_data"
START_TIMEOUT_S = 120


def command(out, *extra):
    return [sys.executable, "-m", "helpers", "run", STEM, "--profile", "quick", "--out", str(out), *extra]


@pytest.fixture(scope="module")
def first_run(quick_run, tmp_path_factory):
    """A folder holding a good quick run of the data tour and its run record: the session's quick run
    (``build/quick``, made by `make test` before the tests), copied."""
    quick_run(STEM)
    out = tmp_path_factory.mktemp("first") / "out"
    out.mkdir()
    shutil.copy(QUICK_DIR / f"{STEM}.ipynb", out)
    (out / fingerprint.STATS_FILE).write_text(json.dumps({STEM: fingerprint.read_stats(QUICK_DIR)[STEM]}))
    return out


@pytest.fixture
def good_copy(first_run, tmp_path):
    """A fresh copy of the good run's folder for one test; returns (folder, the executed copy's bytes)."""
    out = tmp_path / "out"
    shutil.copytree(first_run, out)
    assert is_current(out), "the session's quick run of the data tour is not current: run `make test`"
    return out, (out / f"{STEM}.ipynb").read_bytes()


def kernels_of(pid):
    """The ipykernel processes started by process ``pid``."""
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in children:
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


def is_current(out) -> bool:
    """Whether `--skip-current` would skip the quick run of the data tour in ``out``."""
    notebook = notebooks.resolve([STEM])[0]
    stamp = fingerprint.fingerprint(notebook, profiles.parameters_for(notebook, "quick", {}, profiles.load_profiles()))
    return fingerprint.is_current(out / f"{STEM}.ipynb", fingerprint.read_stats(out).get(STEM), stamp)


def test_an_interrupt_keeps_the_previous_copy_stops_the_kernel_and_exits_130(good_copy):
    out, before = good_copy
    proc = subprocess.Popen(
        command(out), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while not (kernels := kernels_of(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert kernels, "the run never started a kernel"
    time.sleep(2)  # inside the notebook's first cells
    os.killpg(proc.pid, signal.SIGINT)
    output, _ = proc.communicate(timeout=120)
    assert proc.returncode == 130, output
    assert "interrupted" in output and "Traceback" not in output, output
    assert len(output.strip().splitlines()) == 1, output
    assert (out / f"{STEM}.ipynb").read_bytes() == before
    assert (out / f"{STEM}.failed.ipynb").is_file() and not list(out.glob(f"{STEM}.running-*"))
    _, alive = psutil.wait_procs(kernels, timeout=10)
    assert not alive, f"kernels still running after the interrupt: {[k.pid for k in alive]}"
    assert not is_current(out)


def test_a_bad_parameter_keeps_the_previous_copy_and_names_notebook_cell_and_error(good_copy):
    out, before = good_copy
    failed = subprocess.run(command(out, "-p", "sample_rows=0"), capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1
    lines = (failed.stdout + failed.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert "00_data.ipynb failed at cell" in lines[0] and "parameter sample_rows=0: must be at least 1" in lines[0]
    assert "Traceback" not in lines[0]
    assert (out / f"{STEM}.ipynb").read_bytes() == before
    assert not is_current(out)
