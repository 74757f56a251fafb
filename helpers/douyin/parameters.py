"""The Douyin chapter's parameters: the rule of each, the checks across them, and the settings its page
cites by value.

The notebook checks its ``parameters`` cell with one call, ``parameters.check(globals())``, right after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.common import params
from helpers.common.errors import ParameterError

RECORD_PREFIX = "douyin"  # the chapter's records start with this
RULES: dict[str, params.Rule] = {
    "data_path": params.Text(optional=True),
    "seed": params.Int(min=0),
    "dead_day_traffic": params.Float(min=0),
    "dead_run_minutes": params.Int(min=0),
    "decompose_period": params.Int(min=2),
    "train_fraction": params.Float(min=0.5, max=0.95),
    "validation_fraction": params.Float(min=0.05, max=0.5),
    "window": params.Int(min=1),
    "sweep_windows": params.IntList(min=1),
    "epochs": params.Int(min=1),
    "batch_size": params.Int(min=1),
    "lstm_seeds": params.Int(min=1),
    "multi_seeds": params.Int(min=1),
    "n_jobs": params.Int(min=1, max=16),
    "moving_average_minutes": params.Int(min=1),
    "gbm_lags": params.Int(min=1),
    "gbm_iterations": params.Int(min=1),
    "gbm_learning_rate": params.Float(min=0.0, max=1.0, open_min=True),
    "forecast_minutes": params.Int(min=1),
    "trial_l2": params.Float(min=0.0, open_min=True),
    "longer_epochs": params.Int(min=1),
    "longer_seeds": params.Int(min=1),
}
CITED = (  # the settings the prose cites
    "dead_day_traffic",
    "dead_run_minutes",
    "decompose_period",
    "train_fraction",
    "validation_fraction",
    "window",
    "moving_average_minutes",
    "gbm_lags",
    "n_jobs",
    "sweep_windows",
    "epochs",
    "batch_size",
    "forecast_minutes",
    "trial_l2",
    "longer_epochs",
)


def longer_seeds_paired(longer_seeds: int, lstm_seeds: int) -> None:
    """Raise ParameterError when the longer-training trial has more seeds than v2, whose fit of the same
    seed each longer fit is compared with."""
    if longer_seeds > lstm_seeds:
        raise ParameterError(
            f"parameter longer_seeds={longer_seeds}: at most lstm_seeds={lstm_seeds}, "
            "since each longer fit is paired with v2's fit of the same seed"
        )


def window_swept(window: int, sweep_windows: Sequence[int]) -> None:
    """Raise ParameterError when the univariate window (minutes) is not among the windows v2 is fitted at."""
    if window not in sweep_windows:
        raise ParameterError(f"parameter window={window}: must be one of sweep_windows={sweep_windows}")


def check(namespace: Mapping[str, Any]) -> None:
    """Check the chapter's parameters in ``namespace`` (the notebook's ``globals()``): each against its
    rule in :data:`RULES`, then the seeds and windows against each other; then glue the settings the
    prose cites (:data:`CITED`) as ``douyin.setting.<name>``. Raises ParameterError naming the parameter
    and the fix."""
    params.validate(namespace, RULES)
    longer_seeds_paired(namespace["longer_seeds"], namespace["lstm_seeds"])
    window_swept(namespace["window"], namespace["sweep_windows"])
    params.record_settings(namespace, CITED, RECORD_PREFIX)
