"""The chapter's claims judged on planted numbers: intervals against textbook formulas (a t table, the
standard error of a mean), verdicts where the truth is planted."""

import math

import numpy as np
import pytest

from helpers.common import judgement
from helpers.movielens import claims, verdicts


def test_the_density_is_judged_within_half_the_last_printed_decimal():
    assert verdicts.judge_sparsity(1.4031).verdict == judgement.REPRODUCED
    assert verdicts.judge_sparsity(1.4120).verdict == judgement.CONTRADICTED
    own = verdicts.judge_sparsity(0.29, "your own files")
    assert own.verdict == judgement.NOT_COMPARABLE and own.reason == "your own files"


def test_the_study_mse_interval_is_the_t_interval_over_the_draws():
    draws = [9.75, 9.8, 9.85, 9.8]  # mean 9.8, sd 0.04082
    judged = verdicts.judge_study_cf_mse(draws)
    half = 3.182 * 0.04082 / 2  # t(0.975, 3 df) = 3.182 from a printed table: 0.065
    assert judged.interval == pytest.approx((9.8 - half, 9.8 + half), abs=1e-3)
    assert judged.units_resampled == "4 random test draws"
    assert judged.verdict == judgement.REPRODUCED  # 9.735..9.865 lies within 9.8252 ± 0.1
    higher = verdicts.judge_study_cf_mse([d + 0.25 for d in draws])  # 9.985..10.115: above 9.9252
    assert higher.verdict == judgement.CONTRADICTED


def test_a_planted_mse_gap_is_reproduced_with_the_textbook_standard_error():
    rng = np.random.default_rng(1)
    y = rng.uniform(1, 5, 4000)
    good = y + rng.normal(0, 0.8, (5, y.size))  # five seeds, MSE ≈ 0.64
    poor = y + rng.normal(0, 1.0, y.size)  # fitted once, MSE ≈ 1.00
    judged = verdicts.judge_mse_difference(claims.MF_BEATS_CF, y, good, poor, np.random.default_rng(2))
    per_rating = ((good - y) ** 2).mean(axis=0) - (poor - y) ** 2  # seed-mean loss difference per rating
    assert judged.estimate == pytest.approx(per_rating.mean(), abs=1e-12)
    assert judged.book_figures["MF"] == pytest.approx(np.mean([np.mean((row - y) ** 2) for row in good]))
    # the bootstrap's part is the standard error of a mean; the seeds' part adds little here
    seeds = np.array(judged.values)
    se = math.sqrt(per_rating.var() / y.size + seeds.var(ddof=1) / seeds.size)
    assert (judged.interval[1] - judged.interval[0]) / 2 == pytest.approx(1.96 * se, rel=0.1)
    assert judged.verdict == judgement.REPRODUCED and judged.interval[1] < 0


def test_no_planted_precision_gap_is_not_resolved_and_nan_movies_are_left_out():
    rng = np.random.default_rng(3)
    same = rng.integers(0, 6, (3, 500)) / 5  # precision@5 of three seeds
    posters = rng.integers(0, 6, 500) / 5
    posters[:10] = np.nan  # ten movies without a genre
    interval = verdicts.precision_difference(posters, same, np.random.default_rng(4))
    kept = ~np.isnan(posters)
    assert interval.estimate == pytest.approx(posters[kept].mean() - same[:, kept].mean(), abs=1e-12)
    assert interval.units == "3 seeds and 490 query movies"
    d = posters[kept] - same[:, kept].mean(axis=0)
    se = math.sqrt(d.var() / d.size + np.var(interval.values, ddof=1) / 3)
    assert (interval.high - interval.low) / 2 == pytest.approx(1.96 * se, rel=0.25)  # few seeds: t with low dof
    judged = verdicts.judge_precision_difference(
        claims.COLD_POSTERS_BEAT_CF, posters, same, 5, np.random.default_rng(4)
    )
    assert judged.verdict == judgement.NOT_RESOLVED and "genre precision@5" in judged.sentence


def test_the_poster_claims_name_this_runs_backbone_and_are_not_comparable():
    reason = verdicts.poster_reason("vgg16")
    assert "VGG16 on the 92-px thumbnails" in reason and "offline" not in reason
    lite0 = verdicts.poster_reason("efficientnet_lite0")
    assert "EfficientNet-Lite0 on the 92-px thumbnails" in lite0 and lite0.endswith("cannot download them offline")
    assert lite0 == claims.OTHER_POSTERS  # the claims' own reason is this book's default run
    own = verdicts.poster_reason("efficientnet_lite0", own_posters=True, other_data="your own files")
    assert own.startswith("your own files; other image features") and "on your own posters here" in own
    better = np.full(50, 0.8)
    better[::2] = 0.6
    judged = verdicts.judge_precision_difference(
        claims.POSTERS_BEAT_MF, better, np.full((2, 50), 0.5), 5, np.random.default_rng(0), reason
    )
    assert judged.verdict == judgement.NOT_COMPARABLE and judged.reason == reason


def test_too_few_movies_are_not_judged():
    judged = verdicts.judge_precision_difference(
        claims.COLD_POSTERS_BEAT_CF, np.array([0.4, np.nan]), np.array([0.2, 0.2]), 5, np.random.default_rng(0)
    )
    assert judged.verdict == judgement.NOT_RUN and "1 movie" in judged.reason


@pytest.mark.parametrize(("start", "end", "word"), [(0.4, 0.6, "rises"), (0.6, 0.4, "falls"), (0.5, 0.5001, "stays")])
def test_change_words_follow_the_printed_numbers(start, end, word):
    assert verdicts.change_words(start, end) == word


def test_moves_to_names_the_new_figure():
    assert verdicts.moves_to(9.8, 0.95) == "falls to 0.950"
    assert verdicts.moves_to(0.95, 0.9504) == "stays at 0.950"


def test_the_heat_sentence_says_more_fewer_or_as_many_as_printed():
    assert verdicts.heat_sentence(0.6, 0.2).startswith("more of Heat's poster neighbours share a genre with it than")
    assert verdicts.heat_sentence(0.2, 0.6).startswith("fewer of Heat's")
    same = verdicts.heat_sentence(0.4, 0.4001)  # equal to three decimals
    assert same.startswith("as many of Heat's") and " as of its neighbours by MF factors (0.400 against 0.400)" in same


def test_poster_claims_without_posters_are_not_run_and_the_cold_mask_picks_movies():
    rng = np.random.default_rng(3)
    cf = np.array([[0.2, 0.4, 0.6, 0.8]])
    no_posters = verdicts.judge_posters(claims.COLD_POSTERS_BEAT_CF, {"cf_item": cf}, cf, 5, rng, movies=None)
    assert no_posters.verdict == judgement.NOT_RUN and no_posters.reason == verdicts.NO_POSTERS
    posters = np.array([[1.0, 1.0, 0.0, 0.0]])
    mask = np.array([True, True, False, False])
    judged = verdicts.judge_posters(claims.COLD_POSTERS_BEAT_CF, {"poster": posters}, cf, 5, rng, movies=mask)
    # over the two masked movies: posters 1.0, rating CF (0.2 + 0.4) / 2 = 0.3
    assert judged.estimate == pytest.approx(0.7)
