"""The class run against the full run (`make book` makes both): the box-office network's class RMSLE is within
15 % of the full run's, so the class settings give a figure from a network that has trained (the issue's
condition; under the earlier quick profile it was 4-10 against the full run's 1.46)."""

import pytest
from conftest import QUICK_DIR

from helpers.common.records import read_records
from helpers.publishing import class_runs

STEM = "01_box_office"
CLASS_TOLERANCE = 0.15  # the class run's RMSLE may differ from the full run's by this share of it
pytestmark = pytest.mark.full


def test_the_box_office_networks_class_rmsle_is_within_15_percent_of_the_full_runs(records):
    if not (QUICK_DIR / f"{STEM}.ipynb").is_file():
        pytest.skip(f"no class run of {STEM} in {QUICK_DIR}: run `make book` first")
    record, _ = class_runs.load_networks()[STEM]
    ours, full = read_records(QUICK_DIR / f"{STEM}.ipynb")[record], records[record]
    assert abs(ours - full) <= CLASS_TOLERANCE * full, f"class run {ours:.3f}, full run {full:.3f}"
