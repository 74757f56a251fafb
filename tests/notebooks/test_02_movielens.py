"""Quick-profile run of the MovieLens chapter on the real data: records present and plausible."""

import math

import pytest

STEM = "02_movielens"

pytestmark = pytest.mark.notebooks


def test_data_figures_are_exact(quick_records):
    rec = quick_records(STEM)
    assert rec["movielens.movies_dropped_by_truncation"] == 3430  # movie ids > 9000 with ratings
    assert rec["movielens.sparsity_pct"] == pytest.approx(100 * 84730 / (671 * 9000))
    assert rec["movielens.sparsity_pct_compact"] == pytest.approx(100 * 100004 / (671 * 9066))


def test_study_formula_is_far_off_and_the_fix_is_not(quick_records):
    rec = quick_records(STEM)
    for name in ("cf_user_study_exact", "cf_user_study", "cf_item_study"):
        assert 6.0 < rec[f"movielens.{name}.mse"] < 16.0, name  # zeros pull predictions to ~1 star
    for name in ("cf_user", "cf_item", "mf_sgd", "peer_knn"):
        assert 0.6 < rec[f"movielens.{name}.mse"] < 1.1, name  # a rating variance is ~1.1 stars²


def test_lite0_reproduces_the_reference(quick_records):
    rec = quick_records(STEM)
    assert rec["movielens.poster.backbone"] in ("vgg16", "efficientnet_lite0")
    assert rec["movielens.poster.reference_max_abs_err"] <= 1e-3


def test_neighbour_measures_are_shares_and_counts(quick_records):
    rec = quick_records(STEM)
    for name in ("cf_item", "mf", "poster"):
        assert 0.2 < rec[f"movielens.neighbours.genre_p5.{name}"] <= 1.0
        assert 0.5 < rec[f"movielens.neighbours.coverage.{name}"] <= 1.0
        assert rec[f"movielens.neighbours.popularity.{name}"] >= 1.0
    assert rec["movielens.cold.n_movies"] >= 1 and math.isfinite(rec["movielens.cold.poster_gain"])


def test_the_studys_printed_neighbours_and_the_exercises(quick_records):
    rec = quick_records(STEM)
    # Leaving Las Vegas and The Rock for Heat, Toy Story 2 and Forrest Gump for Toy Story: all four are
    # among this chapter's four rating-CF neighbours on its seeded split
    assert rec["movielens.study_pairs_found"] == 4
    assert rec["book.exercises.02_movielens"] >= 6
