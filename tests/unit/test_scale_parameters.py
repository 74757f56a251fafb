"""helpers.scale.parameters: the sizes and the cluster's size checked, with the fix in the message."""

from __future__ import annotations

import pytest

from helpers.common.errors import ParameterError
from helpers.scale import parameters

SIZES = [10_000, 20_000, 40_000, 80_000]


def test_the_cluster_runs_at_a_fitted_size():
    parameters.cluster_size_fitted(10_000, SIZES)
    parameters.cluster_size_fitted(40_000, SIZES)


@pytest.mark.parametrize("cluster_size", [80_000, 15_000])  # the held-out size, and no size at all
def test_another_cluster_size_is_refused_with_the_choices(cluster_size: int):
    with pytest.raises(ParameterError, match=rf"cluster_size={cluster_size}: .*\[10000, 20000, 40000\]"):
        parameters.cluster_size_fitted(cluster_size, SIZES)


def test_too_few_or_unordered_sizes_are_refused():
    with pytest.raises(ParameterError, match="at least 4 sizes, in increasing order"):
        parameters.sizes_increasing([10_000, 40_000, 20_000, 80_000])


def test_one_cluster_worker_is_refused_and_none_or_two_are_taken():
    # strong scaling needs one worker's time beside more than one's; 0 leaves the cluster out
    with pytest.raises(ParameterError, match=r"cluster_workers=1: give 0 .* or at least 2"):
        parameters.cluster_workers_scale(1)
    parameters.cluster_workers_scale(0)
    parameters.cluster_workers_scale(2)
