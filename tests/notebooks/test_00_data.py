"""The data tour under the quick profile: every data set loads with its documented size."""

import pytest
from exercise_levels import check_levels_and_harder_code_exercises

from helpers.common.exercises import count_exercises
from helpers.common.paths import notebooks_dir

pytestmark = pytest.mark.notebooks
STEM = "00_data"
EXPECTED = {
    "data.ml_latest_small_2016.ratings": 100004,
    "data.ml_100k.ratings": 100000,
    "data.posters.images": 1663,
    "data.netflix_subset.ratings": 109065,
    "data.tmdb_5000.films": 4803,
    "data.douban.films": 10891,
    "data.douyin.minutes": 696,
}


def test_counts(quick_records):
    records = quick_records("00_data")
    assert {name: value for name, value in records.items() if name.startswith("data.")} == EXPECTED


def test_the_tour_ends_with_at_least_four_exercises():
    assert count_exercises(notebooks_dir() / "00_data.ipynb") >= 4


def test_every_exercise_shows_its_level_and_minutes_and_each_stub_says_only_what_to_write():
    check_levels_and_harder_code_exercises(STEM)
