"""Quick-profile run of the MovieLens chapter on the real data: records against counts of the data, and
its judged claims against a second computation from the predictions the run saved."""

import json
import math

import nbformat
import numpy as np
import pytest
from exercise_levels import check_levels_and_harder_code_exercises
from scipy import stats
from sklearn.metrics import mean_squared_error

from helpers import datasets
from helpers.common import judgement
from helpers.common.exercises import count_exercises
from helpers.common.paths import notebooks_dir
from helpers.movielens import claims
from helpers.publishing import student

STEM = "02_movielens"

pytestmark = pytest.mark.notebooks


def judged(rec: dict, claim_id: str) -> dict:
    return json.loads(rec[judgement.record_name(claim_id)])


def saved(rec: dict) -> dict[str, np.ndarray]:
    with np.load(rec["movielens.saved_arrays"]) as arrays:
        return dict(arrays)


def rule_of_difference(interval: list[float], claimed_side: int) -> str:
    """The difference rule, written again here: where the interval lies against zero."""
    low, high = interval
    side = -1 if high < 0 else 1 if low > 0 else 0
    return "not resolved" if side == 0 else "reproduced" if side == claimed_side else "contradicted"


def half_width_by_formula(per_unit: np.ndarray, per_seed: np.ndarray) -> float:
    """The half-width of a 95 % interval of a mean difference, from the textbook standard error of a mean
    over the test units (the bootstrap's part) and over the seeds, with Satterthwaite's degrees of freedom."""
    units = per_unit.var() / per_unit.size
    seeds = per_seed.var(ddof=1) / per_seed.size if per_seed.size > 1 else 0.0
    dof = (units + seeds) ** 2 / (seeds**2 / (per_seed.size - 1)) if seeds > 0 else math.inf
    return float(stats.t.ppf(0.975, dof) * math.sqrt(units + seeds))


def test_data_figures_are_exact(quick_records):
    rec = quick_records(STEM)
    assert rec["movielens.movies_dropped_by_truncation"] == 3430  # movie ids > 9000 with ratings
    assert rec["movielens.sparsity_pct"] == pytest.approx(100 * 84730 / (671 * 9000))
    assert rec["movielens.sparsity_pct_compact"] == pytest.approx(100 * 100004 / (671 * 9066))
    # 1.4030 % lies within 1.40 ± 0.005 %: reproduced, by hand
    assert judged(rec, "movielens.sparsity")["verdict"] == "reproduced"


def test_study_formula_is_far_off_and_the_fix_is_not(quick_records):
    rec = quick_records(STEM)
    for name in ("cf_user_study_exact", "cf_user_study", "cf_item_study"):
        assert 6.0 < rec[f"movielens.{name}.mse"] < 16.0, name  # zeros pull predictions to ~1 star
    for name in ("cf_user", "cf_item", "mf_sgd", "peer_knn", "baseline_bias"):
        assert 0.6 < rec[f"movielens.{name}.mse"] < 1.1, name  # a rating variance is ~1.1 stars²


def test_the_global_mean_baseline_is_the_training_mean_counted_from_the_data(quick_records):
    rec = quick_records(STEM)
    arrays = saved(rec)
    ratings = datasets.load("ml_latest_small_2016").ratings.rating
    y = arrays["test_values"]
    train_mean = (ratings.sum() - y.sum()) / (len(ratings) - y.size)  # every rating not held out
    assert rec["movielens.baseline_mean.mse"] == pytest.approx(float(np.mean((y - train_mean) ** 2)), rel=1e-9)
    assert rec["movielens.baseline_bias.mse"] == pytest.approx(mean_squared_error(y, arrays["pred_bias"]), rel=1e-9)


@pytest.mark.parametrize(
    ("claim_id", "rival"), [("movielens.mf_beats_cf", "pred_user"), ("movielens.mf_beats_bias", "pred_bias")]
)
def test_the_mse_differences_are_recomputed_from_the_saved_predictions(quick_records, claim_id, rival):
    rec = quick_records(STEM)
    arrays, found = saved(rec), judged(rec, claim_id)
    y, mf, other = arrays["test_values"], arrays["pred_mf"], arrays[rival]
    per_seed = np.array([mean_squared_error(y, row) - mean_squared_error(y, other) for row in mf])  # scikit-learn
    assert mf.shape[0] == 5 and found["values"] == pytest.approx(per_seed.tolist(), abs=1e-12)
    per_rating = ((mf - y) ** 2).mean(axis=0) - (other - y) ** 2
    assert found["estimate"] == pytest.approx(per_rating.mean(), abs=1e-12)
    low, high = found["interval"]
    # the bootstrap of 2,000 resamples against the analytic standard error: within Monte Carlo noise
    assert (high - low) / 2 == pytest.approx(half_width_by_formula(per_rating, per_seed), rel=0.1)
    assert found["verdict"] == rule_of_difference(found["interval"], -1)
    assert found["units_resampled"] == "5 seeds and 6,710 held-out ratings"  # 671 users × 10 held out


@pytest.mark.parametrize(
    ("claim_id", "first", "second", "movies"),
    [
        ("movielens.posters_beat_mf", "precision_poster", "precision_mf", None),
        ("movielens.posters_beat_cf", "precision_poster", "precision_cf_item", None),
        ("movielens.cold_posters_beat_cf", "precision_poster", "precision_cf_item", "cold"),
        ("movielens.new_posters_beat_cf", "precision_poster", "precision_new_cf", None),
    ],
)
def test_the_precision_differences_are_recomputed_from_the_saved_precisions(
    quick_records, claim_id, first, second, movies
):
    rec = quick_records(STEM)
    arrays, found = saved(rec), judged(rec, claim_id)
    a, b = np.atleast_2d(arrays[first]), np.atleast_2d(arrays[second])
    if movies:
        a, b = a[:, arrays[movies]], b[:, arrays[movies]]
    keep = ~(np.isnan(a).any(axis=0) | np.isnan(b).any(axis=0))
    per_movie = a[:, keep].mean(axis=0) - b[:, keep].mean(axis=0)
    per_seed = a[:, keep].mean(axis=1) - b[:, keep].mean(axis=1)
    assert found["estimate"] == pytest.approx(per_movie.mean(), abs=1e-12)
    low, high = found["interval"]
    assert (high - low) / 2 == pytest.approx(half_width_by_formula(per_movie, per_seed), rel=0.1)
    sides = rule_of_difference(found["interval"], 1)
    if claim_id in {c.id for c in claims.OWN_QUESTIONS}:  # the book's own questions: no reason to set them aside
        assert found["verdict"] == sides
    else:  # the study's claims: other posters and another network, whatever the interval says
        assert found["verdict"] == "not comparable" and "EfficientNet-Lite0 on the 92-px thumbnails" in found["reason"]
        assert "cannot download them offline" in found["reason"]


def test_the_closing_table_has_a_row_per_claim_and_its_own_questions_are_judged(quick_records):
    rec = quick_records(STEM)
    rows = judgement.claims_frame(judgement.judged_of(claims.CLAIMS, rec))
    assert len(rows) == len(claims.CLAIMS) and "not run yet" not in set(rows.verdict)
    for claim in claims.OWN_QUESTIONS:
        assert judged(rec, claim.id)["verdict"] in judgement.VERDICTS[:3]


def test_lite0_reproduces_the_reference(quick_records):
    rec = quick_records(STEM)
    assert rec["movielens.poster.backbone"] in ("vgg16", "efficientnet_lite0")
    assert rec["movielens.poster.reference_max_abs_err"] <= 1e-3


def test_rating_and_poster_neighbours_share_genres_more_often_than_random_ones(quick_records):
    rec = quick_records(STEM)
    arrays = saved(rec)
    # each row of the table is the mean of its saved per-movie precisions (per seed, then over the seeds)
    for name in ("cf_item", "mf", "poster"):
        per_seed = np.nanmean(arrays[f"precision_{name}"], axis=1)
        assert rec[f"movielens.neighbours.genre_precision.{name}"] == pytest.approx(per_seed.mean(), abs=1e-12)
    # movies that the same users rate alike, and movies whose posters look alike, share a genre more often
    # than movies drawn at random from the same pool: a similarity computed on the wrong rows or columns, or
    # neighbour lists taken from the wrong end of the ranking, falls to the random share or below it
    chance = rec["movielens.new.genre_precision.random"]
    for name in ("cf_item", "poster"):
        assert rec[f"movielens.neighbours.genre_precision.{name}"] > chance + 0.05, name
    # the cold movies are those with few training ratings: the saved mask counts them
    assert rec["movielens.cold.n_movies"] == int(arrays["cold"].sum()) >= 1


def test_the_studys_printed_neighbours(quick_records):
    rec = quick_records(STEM)
    # Leaving Las Vegas and The Rock for Heat, Toy Story 2 and Forrest Gump for Toy Story: all four are
    # among this chapter's four rating-CF neighbours on its seeded split
    assert rec["movielens.study_pairs_found"] == 4
    assert rec["movielens.poster.heat_genres"] == "Action, Crime, Thriller"  # movies.csv, movieId 6


def test_the_chapter_has_six_exercises():
    assert count_exercises(notebooks_dir() / f"{STEM}.ipynb") >= 6


def test_surprise_is_this_chapters_predictor_with_the_corated_cosine(quick_records):
    rec = quick_records(STEM)
    # Surprise's KNNWithMeans (a second implementation) against this chapter's top-k centred predictor given
    # Surprise's cosine: the same predictions up to rounding, so the cosine is the one difference
    assert rec["movielens.peer_knn.max_gap"] < 1e-9
    assert rec["movielens.cf_item_corated.mse"] == pytest.approx(rec["movielens.peer_knn.mse_unclipped"], abs=1e-12)
    # clipping to 0.5-5 stars only moves predictions that lay outside the scale, towards the ratings
    assert rec["movielens.peer_knn.clipped"] > 0
    assert rec["movielens.peer_knn.mse"] < rec["movielens.peer_knn.mse_unclipped"]


def test_the_study_formula_premise_is_counted_from_the_data(quick_records):
    rec = quick_records(STEM)
    arrays = saved(rec)
    # the study's prediction is the raters' weighted mean times their share of the weight: below every
    # rating of the movie whenever that share is below lowest / mean, so most predictions lie below
    assert 50 < rec["movielens.cf_user_study.below_movie_lowest_pct"] < 100
    assert 0 < rec["movielens.cf_user_study.rater_share_median"] < 0.5
    assert arrays["test_values"].size == 6710


def test_movies_without_a_rating_are_counted_and_rating_cf_gives_them_one_list(quick_records):
    rec = quick_records(STEM)
    ratings = datasets.load("ml_latest_small_2016")
    # 9,125 movies listed, 9,066 rated: 59 listed and never rated (counted from the files)
    assert rec["movielens.new.never_rated"] == len(ratings.movies) - ratings.ratings.movieId.nunique() == 59
    assert rec["movielens.new.held_out_only"] >= 1  # movies whose every rating was held out
    # the empty column's list is one list, less the query where it is on it: k + 1 lists at most
    assert 1 <= rec["movielens.new.cf_lists"] <= rec["movielens.neighbours.k"] + 1
    # its neighbours are the least rated movies: fewer ratings than a random pick's neighbours
    assert rec["movielens.new.cf_neighbour_ratings"] < rec["movielens.neighbours.popularity.cf_item"]


def test_every_exercise_shows_its_level_and_minutes_and_each_stub_says_only_what_to_write():
    check_levels_and_harder_code_exercises(STEM)


def test_the_nbgrader_assignment_carries_the_imports_but_no_data_or_fitting_cell():
    nb = nbformat.read(str(notebooks_dir() / f"{STEM}.ipynb"), as_version=4)
    first_data_cell = next(i for i, c in enumerate(nb.cells) if "inputs.load_or_own(ratings_file" in c.source)
    exercises_heading = next(i for i, c in enumerate(nb.cells) if c.source.startswith(student.EXERCISES_HEADING))
    set_up = [i for i in student.exercise_cells(nb) if i < exercises_heading]
    assert set_up and max(set_up) < first_data_cell, f"the assignment's set-up reaches cell {max(set_up)}"
