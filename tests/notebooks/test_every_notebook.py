"""Every notebook under the quick profile: it runs, its records are finite, it records every study claim,
and each of its figures has a caption."""

import math

import nbformat
import pytest

from helpers import claims, runner

NOTEBOOKS = [p.stem for p in runner.all_notebooks()]
pytestmark = pytest.mark.notebooks


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
