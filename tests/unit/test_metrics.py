"""The bootstrap and Student-t intervals against answers known without resampling or from printed tables."""

import math

import numpy as np
import pytest

from helpers.common.metrics import bootstrap_interval, interval_sentence, interval_side, mean_interval


def test_a_constant_sample_has_a_point_interval():
    low, high = bootstrap_interval(np.full(50, 3.0), np.mean, 200, np.random.default_rng(0))
    assert low == high == 3.0


def test_the_interval_of_a_mean_matches_the_normal_approximation():
    sample = np.random.default_rng(1).normal(10.0, 2.0, 400)
    low, high = bootstrap_interval(sample, np.mean, 4000, np.random.default_rng(2))
    half_width = 1.96 * sample.std(ddof=1) / np.sqrt(sample.size)  # 0.19 for sd 2 and 400 draws
    assert low == pytest.approx(sample.mean() - half_width, abs=0.02)
    assert high == pytest.approx(sample.mean() + half_width, abs=0.02)


def test_paired_columns_are_resampled_together():
    rows = np.column_stack([np.arange(30.0), np.arange(30.0) + 1.0])  # the second column is always one more
    low, high = bootstrap_interval(rows, lambda r: float(np.mean(r[:, 1] - r[:, 0])), 300, np.random.default_rng(3))
    assert low == high == 1.0


def test_mean_interval_matches_the_textbook_t_interval():
    # 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653 (printed tables), half width 4.302653 / sqrt(3)
    mean, low, high = mean_interval([1.0, 2.0, 3.0])
    assert mean == 2.0
    assert math.isclose(high - mean, 4.302653 / math.sqrt(3), rel_tol=1e-6)
    assert math.isclose(mean - low, high - mean)


def test_mean_interval_of_one_value_has_no_bounds():
    mean, low, high = mean_interval([0.5])
    assert mean == 0.5 and math.isnan(low) and math.isnan(high)


def test_interval_sentence_says_whether_zero_is_inside():
    assert "contains zero" in interval_sentence("A − B", [-0.01, 0.0, 0.01])
    assert "excludes zero" in interval_sentence("A − B", [-0.10, -0.11, -0.09])
    assert interval_sentence("A − B", [-0.1]) == "A − B: −0.100 stars on one seed (no interval)"


def test_interval_side_reads_the_t_interval():
    # 1, 2, 3: the interval 2 ± 2.48 (see above) contains zero; 1.9, 2.0, 2.1: 2 ± 0.25 lies above it
    assert interval_side([1.0, 2.0, 3.0]) == 0
    assert interval_side([1.9, 2.0, 2.1]) == 1
    assert interval_side([-2.1, -2.0, -1.9]) == -1
    assert interval_side([-5.0]) == 0  # one value: no interval, so no side
