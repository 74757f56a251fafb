"""The Netflix chapter's parameters: the rule of each, the check across them, and the settings its page
cites by value.

The notebook checks its ``parameters`` cell with one call, ``parameters.check(globals())``, right after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.common import params
from helpers.common.errors import ParameterError

RECORD_PREFIX = "netflix"  # the chapter's records start with this
POSITIVE_NUMBERS = params.FloatList(min=0, open_min=True)  # L2 penalties and learning rates tried
RULES: dict[str, params.Rule] = {
    "train_file": params.Text(optional=True),
    "test_file": params.Text(optional=True),
    "titles_file": params.Text(optional=True),
    "ml_file": params.Text(optional=True),
    "seed": params.Int(min=0),
    "test_fraction": params.Float(min=0.01, max=0.5),
    "seeds": params.Int(min=2),
    "latent": params.Int(min=1),
    "l2": params.Float(min=0),
    "dropout": params.Float(min=0, max=0.9),
    "hidden": params.IntList(min=1),
    "learning_rate": params.Float(min=0, open_min=True),
    "epochs": params.Int(min=1),
    "batch_size": params.Int(min=1),
    "patience": params.Int(min=1),
    "min_delta": params.Float(min=0),
    "mf_l2_values": params.FloatList(min=0),
    "latent_sizes": params.IntList(min=1),
    "ml_folds": params.Int(min=1, max=5),
    "valid_fraction": params.Float(min=0.01, max=0.5),
    "tune_l2": POSITIVE_NUMBERS,
    "tune_learning_rate": params.Float(min=0, open_min=True),
    "autorec_hidden": params.Int(min=1),
    "autorec_l2": params.Float(min=0),
    "autorec_learning_rates": POSITIVE_NUMBERS,
    "autorec_batch_size": params.Int(min=1),
    "autorec_epochs": params.Int(min=1),
    "autorec_patience": params.Int(min=1),
    "n_jobs": params.Int(min=1, max=16),
    "bootstrap_resamples": params.Int(min=100),
    "peer_svd": params.Choice((True, False)),
    "svd_factors": params.IntList(min=1),
    "svd_epochs": params.IntList(min=1),
    "svd_learning_rates": POSITIVE_NUMBERS,
    "svd_regularisations": params.FloatList(min=0),
    "svdpp_factors": params.IntList(min=1),
    "svdpp_epochs": params.IntList(min=1),
    "svdpp_learning_rates": POSITIVE_NUMBERS,
    "svdpp_regularisations": params.FloatList(min=0),
}
CITED = (  # the settings the prose cites
    "seed",
    "seeds",
    "test_fraction",
    "latent",
    "l2",
    "dropout",
    "learning_rate",
    "batch_size",
    "epochs",
    "patience",
    "min_delta",
    "n_jobs",
    "tune_l2",
    "tune_learning_rate",
    "valid_fraction",
    "ml_folds",
    "hidden",
    "mf_l2_values",
    "latent_sizes",
    "bootstrap_resamples",
    "autorec_hidden",
    "autorec_l2",
    "autorec_learning_rates",
    "autorec_patience",
    "svd_factors",
    "svd_epochs",
    "svd_learning_rates",
    "svd_regularisations",
    "svdpp_factors",
    "svdpp_epochs",
    "svdpp_learning_rates",
    "svdpp_regularisations",
)


def own_files_with_ratings(train_file: str | None, test_file: str | None, titles_file: str | None) -> None:
    """Raise ParameterError when a held-out or titles file of one's own is given without a ratings file of
    one's own (the registered slice has its own)."""
    if train_file is None and (test_file is not None or titles_file is not None):
        raise ParameterError(
            "parameters test_file and titles_file go with train_file: give your own ratings"
            " file too, or leave them out for the registered slice"
        )


def check(namespace: Mapping[str, Any]) -> None:
    """Check the chapter's parameters in ``namespace`` (the notebook's ``globals()``): each against its
    rule in :data:`RULES`, then the files of one's own together; then glue the settings the prose cites
    (:data:`CITED`) as ``netflix.setting.<name>``. Raises ParameterError naming the parameter and the fix."""
    params.validate(namespace, RULES)
    own_files_with_ratings(namespace["train_file"], namespace["test_file"], namespace["titles_file"])
    params.record_settings(namespace, CITED, RECORD_PREFIX)
