"""Unit tests of helpers.netflix.judging: intervals over seeds and resampled ratings, checked against
the delta method's standard errors and against planted differences, and the claims it judges."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.common import judgement
from helpers.common.judgement import Difference, NoEffect, Ordering
from helpers.netflix import judging

N = 4000  # test ratings of the simulated sets


def noisy(y: np.ndarray, sd: float, seeds: int, rng: np.random.Generator) -> np.ndarray:
    """Predictions (seeds, n) of ``y`` with independent normal errors of standard deviation ``sd``."""
    return y + rng.normal(0, sd, (seeds, y.size))


def test_seed_scores_are_each_rows_rmse():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    predictions = np.array([[1.0, 2.0, 3.0, 6.0], [2.0, 3.0, 4.0, 5.0]])
    # errors (0, 0, 0, 2) -> sqrt(4 / 4) = 1; errors (1, 1, 1, 1) -> 1
    np.testing.assert_allclose(judging.seed_scores(y, predictions), [1.0, 1.0])
    assert judging.seed_rows(y).shape == (1, 4)


def test_score_interval_of_one_fit_has_the_delta_methods_width():
    # one fit, normal errors of sd 1: the RMSE of n ratings has a standard error of about 1 / sqrt(2 n)
    rng = np.random.default_rng(0)
    y = rng.integers(1, 6, N).astype(float)
    interval = judging.score_interval(y, noisy(y, 1.0, 1, rng)[0], "test rating", rng)
    half = (interval.high - interval.low) / 2
    assert half == pytest.approx(1.96 / math.sqrt(2 * N), rel=0.15)
    assert interval.low < 1.0 < interval.high
    assert interval.units == "1 seed and 4,000 test ratings"


def test_score_interval_adds_the_seeds_spread():
    # three seeds whose RMSEs differ by far more than the test ratings' part: the interval is the
    # Student t interval of the three RMSEs, t(0.975, 2) = 4.303
    rng = np.random.default_rng(1)
    y = rng.integers(1, 6, N).astype(float)
    rows = np.stack([y + rng.normal(0, sd, N) for sd in (0.8, 1.0, 1.2)])
    interval = judging.score_interval(y, rows, "test rating", rng)
    rmses = judging.seed_scores(y, rows)
    half_seeds = 4.303 * rmses.std(ddof=1) / math.sqrt(3)
    assert (interval.high - interval.low) / 2 == pytest.approx(half_seeds, rel=0.05)


def test_gap_of_one_model_on_two_alike_sets_is_about_zero_with_both_sets_spread():
    rng = np.random.default_rng(2)
    y_a, y_b = rng.integers(1, 6, N).astype(float), rng.integers(1, 6, N // 2).astype(float)
    gap = judging.gap_interval(y_a, noisy(y_a, 1.0, 1, rng)[0], y_b, noisy(y_b, 1.0, 1, rng)[0], "rating", rng)
    # two independent RMSEs of sd-1 errors: standard errors 1/sqrt(2 n) each, added in quadrature
    expected_half = 1.96 * math.sqrt(1 / (2 * N) + 1 / (2 * (N // 2)))
    assert (gap.high - gap.low) / 2 == pytest.approx(expected_half, rel=0.2)
    assert gap.low < 0 < gap.high


def test_gap_beyond_a_reference_removes_what_the_sets_share():
    # set B is harder for everyone by the same noise; the model is also worse on B by a planted amount
    rng = np.random.default_rng(3)
    y_a, y_b = rng.integers(1, 6, N).astype(float), rng.integers(1, 6, N).astype(float)
    reference = (noisy(y_a, 1.0, 1, rng)[0], noisy(y_b, 1.3, 1, rng)[0])
    model_a, model_b = noisy(y_a, 0.9, 2, rng), noisy(y_b, 1.3, 2, rng)
    # RMSE gaps: model 1.3 - 0.9 = 0.4, reference 1.3 - 1.0 = 0.3, so beyond it 0.1
    beyond = judging.gap_interval(y_a, model_a, y_b, model_b, "rating", rng, reference=reference)
    assert beyond.estimate == pytest.approx(0.1, abs=0.03)
    assert beyond.low > 0
    same = judging.gap_interval(y_a, reference[0], y_b, reference[1], "rating", rng, reference=reference)
    assert same.estimate == 0 and same.low == same.high == 0


def test_gap_needs_the_same_seeds_on_both_sets():
    y = np.ones(3)
    with pytest.raises(ValueError, match="2 seeds on the first set against 3"):
        judging.gap_interval(y, np.ones((2, 3)), y, np.ones((3, 3)), "rating", np.random.default_rng(0))


def pair(kind: type, first: str, second: str, **extra: object) -> Difference | NoEffect:
    """A claim of ``kind`` between two simulated models, in stars."""
    return kind(
        "ch", f"{kind.kind}.{first}_vs_{second}", "t", "s", "sec", first=first, second=second, measure="RMSE", **extra
    )


def test_pair_judge_finds_a_planted_difference_and_shows_no_effect_where_there_is_none():
    rng = np.random.default_rng(4)
    y = rng.integers(1, 6, N).astype(float)
    predictions = {"good": noisy(y, 0.8, 3, rng), "bad": noisy(y, 1.0, 3, rng), "twin": noisy(y, 0.8, 3, rng)}
    judge = judging.PairJudge(y, predictions, "test rating", rng)
    beats = judge(pair(Difference, "good", "bad", claimed_side=-1))
    assert beats.verdict == judgement.REPRODUCED and beats.estimate == pytest.approx(-0.2, abs=0.03)
    assert beats.level == judgement.LEVEL and beats.units_resampled == "3 seeds and 4,000 test ratings"
    # two models with the same error: equivalent within 0.05 stars (their RMSEs differ by ~0.01)
    same = judge(pair(NoEffect, "twin", "good", margin=0.05))
    assert same.verdict == judgement.REPRODUCED and same.level == judgement.EQUIVALENCE_LEVEL
    # a margin far below the 0.2-star difference: the no-effect claim is contradicted
    assert judge(pair(NoEffect, "good", "bad", margin=0.01)).verdict == judgement.CONTRADICTED


def test_pair_judge_judges_a_pair_once_inside_and_outside_an_ordering():
    rng = np.random.default_rng(5)
    y = rng.integers(1, 6, 500).astype(float)
    predictions = {name: noisy(y, sd, 2, rng) for name, sd in (("a", 0.5), ("b", 1.0), ("c", 1.5))}
    judge = judging.PairJudge(y, predictions, "test rating", rng)
    first = pair(Difference, "a", "b", claimed_side=-1)
    ordering = Ordering("ch", "order", "t", "s", "sec", pairs=(first, pair(Difference, "b", "c", claimed_side=-1)))
    alone = judge(first)
    assert judge(ordering).pairs[0] is alone
    with pytest.raises(KeyError, match="no predictions for \\['d'\\]"):
        judge(pair(Difference, "a", "d", claimed_side=-1))


def test_fold_judge_uses_the_corrected_t_over_folds_and_one_folds_ratings_alone():
    folds = {"new": [1.0, 2.0, 3.0], "old": [2.0, 3.0, 4.5]}
    rng = np.random.default_rng(6)
    judge = judging.FoldJudge(folds, 0.2, np.zeros(2), {}, rng)
    judged = judge(pair(Difference, "new", "old", claimed_side=-1))
    # differences -1, -1, -1.5: mean -7/6, sample variance 1/12; (1/3 + 0.2/0.8) / 12 = 0.048611 ->
    # standard error 0.220479; t(0.975, 2) = 4.302653 -> half-width 0.948649
    assert judged.estimate == pytest.approx(-7 / 6)
    assert judged.interval == pytest.approx((-7 / 6 - 0.948649, -7 / 6 + 0.948649), abs=1e-5)
    assert judged.verdict == judgement.REPRODUCED and judged.units_resampled == "3 folds"
    y = rng.integers(1, 6, 800).astype(float)
    one = judging.FoldJudge({"new": [0.8], "old": [1.0]}, 0.2, y, {"new": y + 0.1, "old": y + 0.5}, rng)
    single = one(pair(Difference, "new", "old", claimed_side=-1))
    # constant errors 0.1 and 0.5: the RMSEs are those constants on every resample
    assert single.estimate == pytest.approx(-0.4) and single.units_resampled == "1 seed and 800 test ratings"


def test_interval_frame_and_sentence_print_estimates_with_their_intervals():
    interval = judgement.Interval(0.0123, -0.004, 0.0286, 0.95, "3 seeds", "t")
    frame = judging.interval_frame({"A": {"gap": interval}, "B": {}}, signed=["gap"])
    assert list(frame.columns) == ["gap", "gap, 95 % interval"]
    assert frame.loc["A", "gap, 95 % interval"] == "−0.004 to +0.029"
    assert frame.loc["B", "gap, 95 % interval"] == "—" and np.isnan(frame.loc["B", "gap"])
    sentence = judging.estimates_sentence({"A": interval})
    assert sentence == "A +0.012 stars (95 % interval −0.004 to +0.029)"


def test_published_figures_are_placed_against_the_interval_by_their_numbers():
    interval = judgement.Interval(0.905, 0.896, 0.915, 0.95, "1 seed and 20,000 test ratings", "paired bootstrap")
    sentence = judging.against_published(interval, {"A": 0.910, "B": 0.889, "C": 0.92})
    assert sentence == (
        "its 95 % interval is 0.896 to 0.915 over 1 seed and 20,000 test ratings; "
        "A (0.910) lies inside it, B (0.889) lies below it and C (0.920) lies above it."
    )


def test_the_leak_sentence_reads_the_bound_off_the_interval_and_sets_it_beside_the_lead():
    leak = judgement.Interval(0.003, -0.010, 0.016, 0.95, "3 seeds", "paired bootstrap")
    assert judging.leak_sentence("DL+ + norm", leak, "Mean + biases", 0.022) == (
        "By the held-out file, the test split flatters DL+ + norm by +0.003 stars, and by at most 0.016 stars "
        "(the upper end of the 95 % interval): less than its lead of 0.022 stars over mean + biases on the "
        "held-out file, which no step had seen."
    )
    assert "not less than its lead of 0.010" in judging.leak_sentence("M", leak, "B", 0.010)
    assert judging.leak_sentence("M", leak, "B", -0.01).endswith("the 95 % interval).")
    none = judgement.Interval(-0.02, -0.03, -0.01, 0.95, "3 seeds", "paired bootstrap")
    assert judging.leak_sentence("M", none, "B", 0.02) == (
        "The held-out file shows no flattering of M: even the upper end of the 95 % interval, −0.010 stars, "
        "is not above zero."
    )
