"""Every notebook under the quick profile: it runs within its issue's time limit, its records are finite,
it records every study claim, and each of its figures has a caption."""

import base64
import math
import re

import nbformat
import pytest
from conftest import unjudged
from machine_speed import slowdown

from helpers.common import plots
from helpers.publishing import chapters, profiles

NOTEBOOKS = chapters.stems()
pytestmark = pytest.mark.notebooks


# How many cores a quick run alone keeps busy, at most: its kernel and the worker processes it starts
# spent 0.97-1.53 CPU seconds per second of wall time, run one at a time on the book's 2-core machine
# (7 Dec 2026, machine speed 8.5 s; CPU s / wall s: 04_douban 82.2/59.5, 05_netflix 90.6/59.4, 03_douyin
# 42.4/30.8, 02_movielens 48.7/46.0, 06_scale 80.5/55.9, 01_box_office 60.2/58.4, 00_data 13.2/13.6). Run two
# at a time, as `make test` runs them, the same chapters spent -1 to +16 % CPU seconds (87.7, 105.3, 48.0,
# 48.2, 83.1, 59.6, 13.1) while their wall times rose by up to 80 % (05_netflix 107.2 s).
CORES_BUSY = 1.5


@pytest.fixture(scope="session")
def machine_slowdown():
    return slowdown()


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_quick_run_is_within_its_time_limit(stem, quick_run, machine_slowdown):
    """A chapter's quick run does no more work than its limit allows: the CPU seconds its kernel and the
    processes it started spent are at most what :data:`CORES_BUSY` cores give in the chapter's limit (wall
    seconds of a run alone on the limits' machine), times this machine's slowdown. CPU seconds, unlike the
    wall time, change little when another chapter runs beside it, as in `make test`'s quick step."""
    allowed = chapters.chapter(stem).quick_limit_s  # the chapter issue's limit, on the limits' machine (seconds)
    cpu = quick_run(stem).cpu_s
    assert cpu > 0, f"{stem}: its quick run recorded no CPU seconds (made before they were recorded): rerun it"
    assert cpu <= allowed * CORES_BUSY * machine_slowdown, (
        f"{stem}: {cpu:.0f} CPU s > {allowed:g} s x {CORES_BUSY} cores x {machine_slowdown:.2f} (machine slowdown)"
    )


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_records_are_finite_and_cover_the_claims(stem, quick_records):
    records = quick_records(stem)
    assert records, f"{stem} records nothing"
    numbers = {k: v for k, v in records.items() if isinstance(v, (int, float))}
    assert all(math.isfinite(v) for v in numbers.values())
    missing = unjudged(stem, records)
    assert not missing, f"{stem} does not record {missing}"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_figure_has_a_caption(stem, quick_run):
    quick_run(stem)
    nb = nbformat.read(str(profiles.default_output_dir("quick") / f"{stem}.ipynb"), as_version=4)
    uncaptioned = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and any("image/png" in output.get("data", {}) for output in cell.outputs)
        and not cell.metadata.get("mystnb", {}).get("figure", {}).get("caption")
    ]
    assert not uncaptioned, f"{stem}: cells {uncaptioned} draw a figure without mystnb.figure.caption metadata"
    crowded = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.metadata.get("mystnb", {}).get("figure") and len(_visible_outputs(cell)) != 1
    ]
    assert not crowded, f"{stem}: captioned cells {crowded} must show exactly one figure and nothing else"


def _visible_outputs(cell) -> list:
    """The outputs of a code cell the book shows: all but the records glued with display=False."""
    return [
        output
        for output in cell.outputs
        if not all(key.startswith("application/papermill.record/") for key in output.get("data", {"stream": 1}))
    ]


BARE_VALUE = re.compile(r"[-+−]?\d[\d,]*(\.\d+)?(e[-+]?\d+)?|True|False|None")


def _shown_text(output) -> str | None:
    """The text a reader sees for an output that is neither a table nor a figure (None for those)."""
    if output.output_type == "stream":
        return output.text
    data = output.get("data", {})
    if output.output_type in ("execute_result", "display_data") and not {"text/html", "image/png"} & set(data):
        return data.get("text/plain")
    return None


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_no_output_shows_a_bare_value_or_a_record_name(stem, quick_run, quick_records):
    quick_run(stem)
    names = list(quick_records(stem))
    nb = nbformat.read(str(profiles.default_output_dir("quick") / f"{stem}.ipynb"), as_version=4)
    bare, named = [], []
    for index, cell in enumerate(nb.cells):
        for output in _visible_outputs(cell) if cell.cell_type == "code" else []:
            text = _shown_text(output)
            if text is None:
                continue
            if BARE_VALUE.fullmatch(text.strip()):
                bare.append((index, text.strip()))
            named += [(index, name) for name in names if name in text]
    assert not bare, f"{stem}: cells show a bare value outside a sentence, table or figure: {bare}"
    assert not named, f"{stem}: cells show record names to the reader: {named}"


def _png_width(encoded: str) -> int:
    """Width in pixels of a base64 PNG (from its IHDR header)."""
    return int.from_bytes(base64.b64decode(encoded[:64])[16:20], "big")


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_figures_fit_the_page_with_readable_text(stem, quick_run):
    quick_run(stem)
    nb = nbformat.read(str(profiles.default_output_dir("quick") / f"{stem}.ipynb"), as_version=4)
    wide = [
        (index, _png_width(output["data"]["image/png"]))
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    ]
    wide = [(index, width) for index, width in wide if width > plots.MAX_FIGURE_PX]
    assert not wide, (
        f"{stem}: figures wider than {plots.MAX_FIGURE_PX} px, whose {plots.MIN_FONT_PT} pt text the page "
        f"shrinks below {plots.MIN_READ_PT} pt: (cell, width) {wide}"
    )


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_no_cell_writes_to_stderr(stem, quick_run):
    # a warning in a chapter (a library's, or one of the book's) reaches the reader's JupyterLab even though
    # the book's pages drop stderr; tqdm's "IProgress not found", for one, appears when ipywidgets is missing
    quick_run(stem)
    nb = nbformat.read(str(profiles.default_output_dir("quick") / f"{stem}.ipynb"), as_version=4)
    noisy = {
        index: output.text[:200]
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    }
    assert not noisy, f"{stem}: stderr in cells {noisy}"
