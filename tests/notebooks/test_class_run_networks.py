"""The teaching page's class runs: each network it compares with the full run is recorded, as a number, by its
chapter's class run (the quick profile). That each such network trains is checked by test_quick_runs_train.py,
and that each class run keeps within its time limit by test_every_notebook.py."""

import math

import pytest

from helpers.publishing import class_runs

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize(("stem", "record"), [(s, r) for s, (r, _) in class_runs.load_networks().items()])
def test_each_compared_network_is_a_number_the_class_run_records(quick_records, stem, record):
    value = quick_records(stem).get(record)
    assert isinstance(value, float) and math.isfinite(value), f"{stem}: {record} is {value!r}"
