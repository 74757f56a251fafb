"""Properties every correct judgement rule has, on intervals and data that hypothesis draws: a difference
read from either side gives the same verdict, shifting both models changes no verdict, a wider margin or
tolerance never turns a verdict against the claim, and an interval moves and scales with its data."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers.common import formatting
from helpers.common import judgement as jd

FAST = settings(max_examples=50, deadline=None)
value = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
width = st.floats(0, 20, allow_nan=False, allow_infinity=False)
side = st.sampled_from([-1, 1])
# the verdicts in the order a claim's support grows
SUPPORT = {jd.CONTRADICTED: 0, jd.NOT_RESOLVED: 1, jd.REPRODUCED: 2}


def difference(first: str, second: str, claimed_side: int) -> jd.Difference:
    return jd.Difference("x", "x.d", "A beats B", "§1", "sec", first=first, second=second, measure="RMSE", claimed_side=claimed_side)  # fmt: skip


def no_effect(margin: float) -> jd.NoEffect:
    return jd.NoEffect("x", "x.n", "no effect", "§2", "sec", first="A", second="B", measure="RMSE", margin=margin)


def interval(estimate: float, below: float, above: float, level: float = jd.LEVEL) -> jd.Interval:
    return jd.Interval(estimate, estimate - below, estimate + above, level, "3 seeds", "drawn")


@FAST
@given(value, value, width, width, side)
def test_a_difference_read_from_either_side_gets_the_same_verdict(a, b, below, above, claimed):
    # A beats B on the interval of A − B is the claim that B loses to A on the interval of B − A
    forward = difference("A", "B", claimed).judge(a, b, interval(a - b, below, above))
    backward = difference("B", "A", -claimed).judge(b, a, interval(b - a, above, below))
    assert forward.verdict == backward.verdict
    # the rule written again: the claimed side of zero, the other side, or across it
    low, high = a - b - below, a - b + above
    where = -1 if high < 0 else 1 if low > 0 else 0
    assert forward.verdict == (
        jd.NOT_RESOLVED if where == 0 else jd.REPRODUCED if where == claimed else jd.CONTRADICTED
    )


@FAST
@given(value, value, width, width, side, value)
def test_shifting_both_figures_changes_no_verdict(a, b, below, above, claimed, shift):
    # the same interval of A − B, the two figures moved together: only the interval decides
    claim = difference("A", "B", claimed)
    found = interval(a - b, below, above)
    assert claim.judge(a, b, found).verdict == claim.judge(a + shift, b + shift, found).verdict


SIXTEENTHS = 16  # seed figures and shifts on a grid of 1/16: sums and differences of them are exact in floating point


@FAST
@given(
    st.integers(2, 6).flatmap(
        lambda s: arrays(float, (2, s), elements=st.integers(-80, 80).map(lambda k: k / SIXTEENTHS))
    ),
    st.integers(-1600, 1600).map(lambda k: k / SIXTEENTHS),
    side,
)
def test_shifting_both_models_seed_figures_changes_neither_interval_nor_verdict(seeds, shift, claimed):
    # on the grid the shift cancels exactly; off it, a difference of 1e-240 (which hypothesis found) rounds away
    first, second = seeds
    plain = jd.over_repeats(first - second)
    shifted = jd.over_repeats((first + shift) - (second + shift))
    assert (shifted.low, shifted.high) == pytest.approx((plain.low, plain.high), abs=1e-9)
    claim = difference("A", "B", claimed)
    verdict = claim.judge(first.mean(), second.mean(), plain).verdict
    assert claim.judge((first + shift).mean(), (second + shift).mean(), shifted).verdict == verdict


@FAST
@given(st.integers(0, 2**32 - 1), st.floats(-3, 3), st.sampled_from([jd.MAE, jd.RMSE, jd.MSE]))
def test_a_score_difference_is_unchanged_when_the_ratings_and_both_models_move_together(seed, shift, score):
    rng = np.random.default_rng(seed)
    y = rng.normal(3, 1, 40)
    first, second = y + rng.normal(0, 0.5, (3, 40)), y + rng.normal(0.2, 0.7, (3, 40))
    plain = jd.score_difference(score, y, first, second, "rating", np.random.default_rng(1), resamples=50)
    moved = jd.score_difference(
        score, y + shift, first + shift, second + shift, "rating", np.random.default_rng(1), resamples=50
    )
    assert (moved.estimate, moved.low, moved.high) == pytest.approx((plain.estimate, plain.low, plain.high), abs=1e-9)


@FAST
@given(value, width, width, st.floats(0, 10), st.floats(0, 10))
def test_a_wider_margin_never_turns_a_no_effect_verdict_against_the_claim(estimate, below, above, margin, more):
    found = interval(estimate, below, above, jd.EQUIVALENCE_LEVEL)
    narrow = no_effect(margin).judge(1.0 + estimate, 1.0, found).verdict
    wide = no_effect(margin + more).judge(1.0 + estimate, 1.0, found).verdict
    assert SUPPORT[wide] >= SUPPORT[narrow]
    low, high = estimate - below, estimate + above  # the rule written again
    m = margin
    expected = (
        jd.REPRODUCED if -m < low and high < m else jd.CONTRADICTED if low >= m or high <= -m else jd.NOT_RESOLVED
    )
    assert narrow == expected


@FAST
@given(value, width, width, value, st.floats(0, 10), st.floats(0, 10))
def test_a_wider_tolerance_never_turns_a_figure_verdict_against_the_claim(book, below, above, study, tol, more):
    def figure(tolerance: float) -> jd.Figure:
        return jd.Figure("x", "x.f", "a figure", "§3", "sec", study=study, tolerance=tolerance)

    found = interval(book, below, above)
    narrow, wide = figure(tol).judge(book, found).verdict, figure(tol + more).judge(book, found).verdict
    assert SUPPORT[wide] >= SUPPORT[narrow]
    low, high = book - below - study, book + above - study
    expected = (
        jd.REPRODUCED
        if -tol <= low and high <= tol
        else jd.CONTRADICTED
        if low > tol or high < -tol
        else jd.NOT_RESOLVED
    )
    assert narrow == expected


@FAST
@given(arrays(float, st.integers(2, 12), elements=st.floats(-100, 100)), st.floats(-100, 100), st.floats(0.1, 10))
def test_an_interval_over_repeats_moves_with_a_shift_and_scales_with_the_data(values, shift, scale):
    plain = jd.over_repeats(values)
    assert plain.estimate == pytest.approx(values.mean())
    assert plain.low <= plain.estimate <= plain.high + 1e-9
    moved = jd.over_repeats(values + shift)
    assert (moved.low, moved.high) == pytest.approx((plain.low + shift, plain.high + shift), abs=1e-6)
    scaled = jd.over_repeats(values * scale)
    assert scaled.high - scaled.low == pytest.approx(scale * (plain.high - plain.low), rel=1e-6, abs=1e-9)
    # the 90 % interval lies inside the 95 % one, and the folds' correction only widens it
    narrow = jd.over_repeats(values, level=0.9)
    assert plain.low - 1e-9 <= narrow.low and narrow.high <= plain.high + 1e-9
    folds = jd.over_folds(values, test_share=0.2)
    assert folds.high - folds.low >= plain.high - plain.low - 1e-9


@FAST
@given(value, value, st.integers(0, 4))
def test_the_printed_relation_holds_between_the_printed_numbers(a, b, decimals):
    x, sign, y = jd.relation(a, b, decimals)

    def read(text: str) -> float:
        return float(text.replace("−", "-").replace(",", ""))

    if sign == "=":
        # equal to the last of the two decimals added, read as numbers ("−0.00" is 0.00)
        assert read(x) == read(y) and read(formatting.metric(a, decimals + 2)) == read(
            formatting.metric(b, decimals + 2)
        )
    else:
        assert (read(x) < read(y)) == (sign == "<") and read(x) != read(y) and (a < b) == (sign == "<")


@FAST
@given(value, value, width, width, side)
def test_a_judged_claim_reads_back_from_its_record(a, b, below, above, claimed):
    judged = difference("A", "B", claimed).judge(a, b, interval(a - b, below, above))
    assert jd.Judged.from_json(judged.to_json()) == judged
    assert math.isclose(judged.estimate, a - b)
