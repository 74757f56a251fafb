"""Shared fixtures: the quick-profile notebook runs (once per session) and their records."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from documented import EXAMPLES_DIR, rerun_dir, shared_runs

from helpers.common.paths import build_dir
from helpers.common.records import RecordValue, read_records
from helpers.datasets.examples import Example
from helpers.publishing import fingerprint, notebooks, profiles, runner
from helpers.publishing.examples import write_examples

for _key, _value in runner.KERNEL_ENV.items():
    os.environ.setdefault(_key, _value)

QUICK_DIR = profiles.default_output_dir("quick")
KIT_GROUP = "book"  # the xdist group of the tests that read the kits or the quick book (one worker writes them)
STALE_BOOK_S = 3600  # quick books older than this (seconds) are removed when a new one is built


@pytest.fixture(scope="session")
def quick_run() -> Callable[[str], fingerprint.RunResult]:
    """Return a function that runs a notebook (by name) under the quick profile once per session, or
    takes its executed copy in ``build/quick`` when that is current (same notebook, parameters, helpers
    and pins, and the last run did not fail): `make test` runs every chapter first."""
    results: dict[str, fingerprint.RunResult] = {}
    settings = profiles.load_profiles()

    def run(stem: str) -> fingerprint.RunResult:
        if stem not in results:
            notebook = notebooks.resolve([stem])[0]
            parameters = profiles.parameters_for(notebook, "quick", {}, settings)
            results[stem] = runner.execute(notebook, "quick", parameters, QUICK_DIR, skip_current=True)
        return results[stem]

    return run


def rerun_group(stem: str, index: int = 0) -> pytest.MarkDecorator:
    """The xdist group of every test that reads chapter ``stem``'s shared run number ``index`` (see
    :func:`documented.shared_runs`; the first is its run on its example files): one worker makes the run
    once for all of them (each worker has its own session, so two workers would make it twice)."""
    return pytest.mark.xdist_group(f"own-{stem}" if index == 0 else f"own-{stem}.{index}")


def own_group(stem: str) -> pytest.MarkDecorator:
    """The xdist group of every test that runs chapter ``stem`` on its example files (its first shared run)."""
    return rerun_group(stem, 0)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each notebook's nbval cells one xdist group: its cells share one kernel and run in order, so
    ``--dist loadgroup`` must send them all to one worker. Every test that uses the kits or the quick book
    (which holds them) goes to the group :data:`KIT_GROUP`, so that one worker writes them once."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(f"nbval-{item.path.stem}"))
        elif {"kit_zips", "quick_book"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group(KIT_GROUP))


@pytest.fixture(scope="session")
def shared_run() -> Callable[[str, int], dict[str, RecordValue]]:
    """Return a function that makes chapter ``stem``'s shared run number ``index`` (its values from
    :func:`documented.shared_runs`, under the quick profile) into :func:`documented.rerun_dir`, once per
    session (skipped when current: the example files are the same bytes every time), and gives its records.
    A cell that fails raises NotebookFailed, naming the cell."""
    done: dict[tuple[str, int], dict[str, RecordValue]] = {}

    def run(stem: str, index: int = 0) -> dict[str, RecordValue]:
        if (stem, index) not in done:
            notebook = notebooks.resolve([stem])[0]
            values = shared_runs()[stem][index]
            parameters = profiles.parameters_for(notebook, "quick", values, profiles.load_profiles())
            runner.execute(notebook, "quick", parameters, rerun_dir(index), skip_current=True)
            done[stem, index] = read_records(rerun_dir(index) / f"{stem}.ipynb")
        return done[stem, index]

    return run


@pytest.fixture(scope="session")
def own_run(
    shared_run: Callable[[str, int], dict[str, RecordValue]],
) -> Callable[[str], tuple[Example, dict[str, RecordValue]]]:
    """Return a function that gives chapter ``stem``'s example (its files of one's own) and the records of
    its run on them, the chapter's first shared run (into ``build/own``, with the values of the reruns shown
    that joined it: none changes what the chapter reads)."""

    def run(stem: str) -> tuple[Example, dict[str, RecordValue]]:
        return write_examples(EXAMPLES_DIR, [stem])[stem], shared_run(stem, 0)

    return run


@pytest.fixture(scope="session")
def quick_records(quick_run: Callable[[str], fingerprint.RunResult]) -> Callable[[str], dict[str, RecordValue]]:
    """Return a function giving the records of a notebook's quick run (running it if needed)."""

    def records(stem: str) -> dict[str, RecordValue]:
        quick_run(stem)
        return read_records(QUICK_DIR / f"{stem}.ipynb")

    return records


@pytest.fixture(scope="module")
def records(request: pytest.FixtureRequest) -> dict[str, RecordValue]:
    """The records of the full-profile executed copy of the test module's ``STEM`` chapter; skip the
    module's tests if ``make book`` has not made it."""
    stem = request.module.STEM
    path = profiles.default_output_dir("full") / f"{stem}.ipynb"
    if not path.is_file():
        pytest.skip(f"{path} not found: run `make book` (or `python -m helpers run {stem} --profile full`) first")
    return read_records(path)


@pytest.fixture(scope="session")
def kit_zips(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The student and teacher kits of every notebook, written once per session into a temporary folder:
    their zips, the student's first. Tests that use them are in the xdist group :data:`KIT_GROUP`, so one
    worker writes them (each worker has its own session)."""
    from helpers.publishing import kits

    return kits.write_kits(notebooks.all_notebooks(), tmp_path_factory.mktemp("kits"))


@pytest.fixture(scope="session")
def quick_book(quick_run: Callable[[str], fingerprint.RunResult], kit_zips: tuple[Path, Path]) -> Path:
    """Build the HTML book from the quick runs of every chapter, as `make book` does from the full runs,
    with the session's kits (:func:`kit_zips`); return its HTML folder.

    Each build gets a folder of its own (``build/quick-book-<random>``), so that two test processes never
    build into, or delete, each other's book."""
    import shutil
    import tempfile

    from helpers.publishing import chapters, html_book

    for stem in chapters.stems():
        quick_run(stem)
    build_dir().mkdir(parents=True, exist_ok=True)
    for old in build_dir().glob("quick-book-*"):
        if time.time() - old.stat().st_mtime > STALE_BOOK_S:
            shutil.rmtree(old, ignore_errors=True)
    target = Path(tempfile.mkdtemp(prefix="quick-book-", dir=build_dir()))
    return html_book.build(html_book.stage(target, QUICK_DIR), kit_zips[0].parent)


@contextlib.contextmanager
def serve(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free port of 127.0.0.1 in a background thread; yield the base URL
    (``http://127.0.0.1:PORT``) and stop the server on exit."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def unjudged(stem: str, records: dict) -> list[str]:
    """Return the ids of the study claims of chapter ``stem`` that its run did not record as judged
    (none for a chapter without a study)."""
    from helpers.common import judgement
    from helpers.publishing import studies  # imports every study package: only where a test needs it

    module = studies.CLAIMS_MODULES.get(stem)
    claims = module.CLAIMS if module else ()
    return [c.id for c in claims if judgement.record_name(c.id) not in records]
