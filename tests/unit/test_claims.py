"""The study claims: one per record, and the closing table built from them."""

import math

from helpers.common import claims


def test_each_record_is_claimed_once():
    names = [c.record for c in claims.CLAIMS]
    assert len(names) == len(set(names))


def test_comparison_table_shows_gap_and_missing_records():
    table = claims.comparison_table("05_netflix", {"netflix.dl.rmse_test": 0.9})
    dl = table.set_index("figure").loc["DL: test RMSE (stars)"]
    assert dl["study"] == 0.878 and dl["this book"] == 0.9
    assert math.isclose(dl["gap (book - study)"], 0.022)
    assert math.isnan(table.set_index("figure").loc["MF: test RMSE (stars)", "this book"])
