"""Full-profile wall times against each chapter issue's limit (a chapter skipped as up to date keeps the
time of the run that made its executed copy)."""

import pytest
from machine_speed import slowdown

from helpers.publishing import chapters, fingerprint, profiles

pytestmark = pytest.mark.full
FULL_LIMITS_S = {  # each chapter issue's limit for the full profile on the book's 2-core machine (seconds)
    chapter.stem: chapter.full_limit_s for chapter in chapters.chapters() if chapter.full_limit_s is not None
}


@pytest.mark.parametrize("stem", sorted(FULL_LIMITS_S))
def test_full_run_is_within_its_time_limit(stem):
    stats = fingerprint.read_stats(profiles.default_output_dir("full")).get(stem)
    if stats is None:
        pytest.skip(f"no full-profile run of {stem}: run `make book` first")
    assert stats["wall_s"] <= FULL_LIMITS_S[stem] * slowdown()


BOOK_LIMIT_S = 25 * 60  # every chapter of the book under the full profile, at the reference speed


def test_the_whole_book_runs_within_its_limit():
    stats = fingerprint.read_stats(profiles.default_output_dir("full"))
    missing = [stem for stem in FULL_LIMITS_S if stem not in stats]
    if missing:
        pytest.skip(f"no full-profile run of {missing}: run `make book` first")
    total = sum(run["wall_s"] for run in stats.values())
    assert total <= BOOK_LIMIT_S * slowdown(), f"{total:.0f} s for the whole book"
