"""The scale appendix's steps that moved from its cells into its package, with answers worked by hand: the
prize's extra user table, the prize's density, the density of each size, and the reader's message on a
malformed line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.scale import growth, layout, tables


def test_the_prizes_extra_user_table():
    # 480,000 more users, 33 float32 numbers each, three copies (weights and Adam's two moments)
    assert growth.extra_table_mib(480_189, 189, 32) == pytest.approx(480_000 * 33 * 4 * 3 / 2**20)


def test_the_prize_and_the_slice_side_by_side():
    slice_ratings = pd.DataFrame({"user_id": [1, 1, 2], "movie_id": [10, 11, 10], "rating": [3, 4, 5]})
    frame = tables.prize_and_slice(slice_ratings)
    assert frame["density (%)"].iloc[0] == pytest.approx(100 * 100_480_507 / (480_189 * 17_770))  # 1.18 %
    assert frame.iloc[1][["ratings", "users", "movies"]].tolist() == [3, 2, 2]
    assert frame["density (%)"].iloc[1] == pytest.approx(75.0)


def test_each_sizes_density():
    prepared = layout.with_density(pd.DataFrame({"ratings": [50, 1000], "users": [10, 100], "movies": [10, 50]}))
    assert prepared["density (%)"].tolist() == pytest.approx([50.0, 20.0])


def test_a_malformed_line_is_named_by_file_and_number_without_the_folder(tmp_path: Path):
    bad = tmp_path / "combined_data_bad.txt"
    bad.write_text("1:\n1488844,3,2005-09-06\n822109,6,2005-05-13\n")
    message = layout.reading_error([bad], tmp_path)
    assert "combined_data_bad.txt" in message and "line 3" in message and str(tmp_path) not in message
    good = tmp_path / "combined_data_good.txt"
    good.write_text("1:\n1488844,3,2005-09-06\n")
    assert layout.reading_error([good], tmp_path) == ""
    assert layout.parquet_folder(tmp_path, 1000) == tmp_path / "n1000" / "parquet"
