"""The bootstrap interval against answers known without resampling."""

import numpy as np
import pytest

from helpers.common.metrics import bootstrap_interval


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
