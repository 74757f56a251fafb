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
    "seed": params.Int(min=0),
    "test_fraction": params.Float(min=0.01, max=0.5),
    "chunk_rows": params.Int(min=1000),
    "bucket_rows": params.Int(min=1000),
    "dl_epochs": params.Int(min=1),
    "batch_size": params.Int(min=1),
    "latent": params.Int(min=1),
    "hidden": params.IntList(min=1),
    "normalise": params.Choice((True, False)),
    "als_reg": params.Float(min=0),
    "als_iterations": params.Int(min=1),
    "spark_master": params.Text(),
    "spark_memory": params.Text(),
    "study_epochs": params.Int(min=1),
    "work_dir": params.Text(optional=True),
}
CITED = (  # the settings the prose cites
    "seed",
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


def sizes_increasing(sizes: Sequence[int]) -> None:
    """Raise ParameterError unless ``sizes`` (numbers of ratings) holds at least two sizes, each larger
    than the one before: the appendix measures how the cost grows from one to the next."""
    if len(sizes) < 2 or sorted(set(sizes)) != list(sizes):
        raise ParameterError(
            f"parameter sizes={sizes!r}: give at least two sizes, in increasing order, to measure how the cost grows"
        )


def check(namespace: Mapping[str, Any]) -> None:
    """Check the appendix's parameters in ``namespace`` (the notebook's ``globals()``): each against its
    rule in :data:`RULES`, then the sizes in order; then glue the settings the prose cites (:data:`CITED`)
    as ``scale.setting.<name>``. Raises ParameterError naming the parameter and the fix."""
    params.validate(namespace, RULES)
    sizes_increasing(namespace["sizes"])
    params.record_settings(namespace, CITED, RECORD_PREFIX)
