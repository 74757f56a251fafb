"""Every notebook under the quick profile: it runs, its records are finite, it records every study claim."""

import math

import pytest

from helpers import claims, runner

NOTEBOOKS = [p.stem for p in runner.all_notebooks()]


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_records_are_finite_and_cover_the_claims(stem, quick_records):
    records = quick_records(stem)
    assert records, f"{stem} records nothing"
    numbers = {k: v for k, v in records.items() if isinstance(v, (int, float))}
    assert all(math.isfinite(v) for v in numbers.values())
    missing = [c.record for c in claims.claims_for(stem) if c.record not in records]
    assert not missing, f"{stem} does not record {missing}"
