"""The box-office chapter's parameters: the rule of each, the check across them, and the settings its
page cites by value.

The notebook checks its ``parameters`` cell with one call, ``parameters.check(globals())``, right after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.common import params
from helpers.common.errors import ParameterError

RECORD_PREFIX = "boxoffice"  # the chapter's records start with this
RULES: dict[str, params.Rule] = {
    "movies_file": params.Text(optional=True),
    "cast_file": params.Text(optional=True),
    "seed": params.Int(min=0),
    "mlp_seeds": params.Int(min=2, max=20),
    "test_fraction": params.Float(min=0.05, max=0.5),
    "popular_genre_count": params.Int(min=1, max=20),
    "popular_genre_min_films": params.Int(min=1),
    "units": params.Int(min=1),
    "dropout": params.Float(min=0.0, max=0.9),
    "l1": params.Float(min=0.0),
    "l2": params.Float(min=0.0),
    "learning_rate": params.Float(min=0.0, open_min=True),
    "epochs": params.Int(min=1),
    "batch_size": params.Int(min=1),
    "patience": params.Int(min=1),
    "validation_fraction": params.Float(min=0.05, max=0.5),
    "rf_trees": params.Int(min=1),
    "rf_min_samples_leaf": params.Int(min=1),
    "rf_max_features": params.Float(min=0.0, max=1.0, open_min=True),
    "gbm_iterations": params.Int(min=1),
    "gbm_learning_rate": params.Float(min=0.0, max=1.0, open_min=True),
    "gbm_min_samples_leaf": params.Int(min=1),
    "cv_folds": params.Int(min=2, max=20),
    "lime_samples": params.Int(min=100),
    "lime_global_films": params.Int(min=1),
    "lime_seeds": params.Int(min=1, max=20),
    "permutation_repeats": params.Int(min=1),
    "bootstrap_resamples": params.Int(min=100),
}
CITED = ("lime_samples", "units", "mlp_seeds", "bootstrap_resamples", "cv_folds", "lime_seeds")  # by the prose


def cast_with_films(movies_file: str | None, cast_file: str | None) -> None:
    """Raise ParameterError when a cast file of one's own is given without a films file of one's own
    (the registered films have their own cast lists)."""
    if movies_file is None and cast_file is not None:
        raise ParameterError(
            "parameter cast_file goes with movies_file: give your own films file too,"
            " or leave cast_file out for the registered data"
        )


def check(namespace: Mapping[str, Any]) -> None:
    """Check the chapter's parameters in ``namespace`` (the notebook's ``globals()``): each against its
    rule in :data:`RULES`, then the files of one's own together; then glue the settings the prose cites
    (:data:`CITED`) as ``boxoffice.setting.<name>``. Raises ParameterError naming the parameter and the fix."""
    params.validate(namespace, RULES)
    cast_with_films(namespace["movies_file"], namespace["cast_file"])
    params.record_settings(namespace, CITED, RECORD_PREFIX)
