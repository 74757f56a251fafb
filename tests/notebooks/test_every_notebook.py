"""Every notebook under the quick profile: it runs within its issue's time limit, its records are finite,
it records every study claim, and each of its figures has a caption."""

import math

import nbformat
import pytest
from machine_speed import slowdown

from helpers.common import claims
from helpers.publishing import runner

NOTEBOOKS = [p.stem for p in runner.all_notebooks()]
pytestmark = pytest.mark.notebooks
QUICK_LIMITS_S = {  # each chapter issue's limit for the quick profile (seconds on the limits' machine)
    "00_data": 60,
    "01_box_office": 60,
    "02_movielens": 60,
    "03_douyin": 60,
    "04_douban": 90,
    "05_netflix": 60,
}


@pytest.fixture(scope="session")
def machine_slowdown():
    return slowdown()


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_quick_run_is_within_its_time_limit(stem, quick_run, machine_slowdown):
    assert stem in QUICK_LIMITS_S, f"give {stem} a quick-profile time limit"
    limit = QUICK_LIMITS_S[stem] * machine_slowdown
    wall = quick_run(stem).wall_s
    assert wall <= limit, f"{stem}: {wall:.0f} s > {QUICK_LIMITS_S[stem]} s x {machine_slowdown:.2f} (machine slowdown)"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_records_are_finite_and_cover_the_claims(stem, quick_records):
    records = quick_records(stem)
    assert records, f"{stem} records nothing"
    numbers = {k: v for k, v in records.items() if isinstance(v, (int, float))}
    assert all(math.isfinite(v) for v in numbers.values())
    missing = [c.record for c in claims.claims_for(stem) if c.record not in records]
    assert not missing, f"{stem} does not record {missing}"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_figure_has_a_caption(stem, quick_run):
    quick_run(stem)
    nb = nbformat.read(str(runner.default_output_dir("quick") / f"{stem}.ipynb"), as_version=4)
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
