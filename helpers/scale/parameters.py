"""The scale appendix's parameters: the rule of each, the check of the sizes, and the settings its page
cites by value.

The notebook checks its ``parameters`` cell with one call, ``parameters.check(globals())``, right after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.common import params
from helpers.common.errors import ParameterError

RECORD_PREFIX = "scale"  # the appendix's records start with this
RULES: dict[str, params.Rule] = {
    "prize_dir": params.Text(optional=True),
    "sizes": params.IntList(min=1000),
    "repeats": params.Int(min=2),
    "process_per": params.Choice(("fit", "engine")),
    "seed": params.Int(min=0),
    "test_fraction": params.Float(min=0.01, max=0.5),
    "chunk_rows": params.Int(min=1000),
    "bucket_rows": params.Int(min=1000),
    "dl_epochs": params.Int(min=2),  # the first epoch and at least one steady one
    "batch_size": params.Int(min=1),
    "latent": params.Int(min=1),
    "hidden": params.IntList(min=1),
    "normalise": params.Choice((True, False)),
    "als_reg": params.Float(min=0),
    "als_iterations": params.Int(min=4),  # above the shorter fits' iterations (engines.SCORED_ITERATIONS)
    "spark_master": params.Text(),
    "spark_memory": params.Text(),
    "cluster_workers": params.Int(min=0),  # 0 leaves the standalone cluster out, else at least 2 (checked below)
    "cluster_size": params.Int(min=1000),
    "cluster_repeats": params.Int(min=1),
    "taste_sd": params.Float(min=0),
    "study_epochs": params.Int(min=1),
    "work_dir": params.Text(optional=True),
}
CITED = (  # the settings the prose cites
    "seed",
    "repeats",
    "cluster_workers",
    "cluster_size",
    "cluster_repeats",
    "taste_sd",
    "test_fraction",
    "dl_epochs",
    "batch_size",
    "latent",
    "hidden",
    "als_reg",
    "als_iterations",
    "spark_master",
    "study_epochs",
    "bucket_rows",
    "chunk_rows",
)


MIN_CLUSTER_WORKERS = 2  # one worker's time against more than one's
MIN_SIZES = 4  # three to fit the cost model's three terms, and one held out to check it


def sizes_increasing(sizes: Sequence[int]) -> None:
    """Raise ParameterError unless ``sizes`` (numbers of ratings) holds at least :data:`MIN_SIZES` sizes,
    each larger than the one before: the cost model is fitted on all but the largest, which checks it."""
    if len(sizes) < MIN_SIZES or sorted(set(sizes)) != list(sizes):
        raise ParameterError(
            f"parameter sizes={sizes!r}: give at least {MIN_SIZES} sizes, in increasing order: three or more"
            " to fit the cost model and the largest to check it"
        )


def cluster_size_fitted(cluster_size: int, sizes: Sequence[int]) -> None:
    """Raise ParameterError unless ``cluster_size`` (ratings) is one of the sizes the cost model is fitted
    to (all of ``sizes`` but the largest): the cluster's fits are compared with local mode's at that size."""
    if cluster_size not in sizes[:-1]:
        raise ParameterError(
            f"parameter cluster_size={cluster_size!r}: give one of the sizes the cost model is fitted to,"
            f" {list(sizes[:-1])!r}"
        )


def cluster_workers_scale(workers: int) -> None:
    """Raise ParameterError unless ``workers`` is 0 (no standalone cluster) or at least
    :data:`MIN_CLUSTER_WORKERS`: strong scaling compares one worker with more than one."""
    if 0 < workers < MIN_CLUSTER_WORKERS:
        raise ParameterError(
            f"parameter cluster_workers={workers!r}: give 0 to leave the standalone cluster out, or at least"
            f" {MIN_CLUSTER_WORKERS} workers to measure its scaling"
        )


def check(namespace: Mapping[str, Any]) -> None:
    """Check the appendix's parameters in ``namespace`` (the notebook's ``globals()``): each against its
    rule in :data:`RULES`, then the sizes in order; then glue the settings the prose cites (:data:`CITED`)
    as ``scale.setting.<name>``. Raises ParameterError naming the parameter and the fix."""
    params.validate(namespace, RULES)
    sizes_increasing(namespace["sizes"])
    cluster_workers_scale(namespace["cluster_workers"])
    cluster_size_fitted(namespace["cluster_size"], namespace["sizes"])
    params.record_settings(namespace, CITED, RECORD_PREFIX)
