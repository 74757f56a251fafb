"""The MovieLens chapter's parameters: the rule of each, the check across them, and the settings its page
cites by value.

The notebook checks its ``parameters`` cell with one call, ``parameters.check(globals())``, right after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.common import params
from helpers.common.errors import ParameterError

RECORD_PREFIX = "movielens"  # the chapter's records start with this
RULES: dict[str, params.Rule] = {
    "ratings_file": params.Text(optional=True),
    "movies_file": params.Text(optional=True),
    "links_file": params.Text(optional=True),
    "posters_dir": params.Text(optional=True),
    "seed": params.Int(min=0),
    "n_test_per_user": params.Int(min=1, max=19),
    "n_valid_per_user": params.Int(min=1, max=9),
    "study_columns": params.Int(min=1),
    "study_draws": params.Int(min=2),
    "cf_k": params.Int(min=1),
    "mf_factors": params.IntList(min=1),
    "mf_regs": params.FloatList(min=0),
    "mf_epochs": params.Int(min=1),
    "mf_learning_rate": params.Float(min=0, open_min=True),
    "mf_batch_size": params.Int(min=1),
    "mf_seeds": params.Int(min=2),
    "bias_regs": params.FloatList(min=0),
    "n_similar": params.Int(min=1, max=10),
    "neighbours_k": params.Int(min=1, max=50),
    "max_posters": params.Int(min=0),
    "poster_batch": params.Int(min=1),
    "cold_max_ratings": params.Int(min=1),
}
CITED = (  # the settings the prose cites
    "cf_k",
    "n_test_per_user",
    "n_valid_per_user",
    "mf_batch_size",
    "mf_seeds",
    "study_columns",
    "study_draws",
    "cold_max_ratings",
)


def own_files_together(ratings_file: str | None, movies_file: str | None, links_file: str | None) -> None:
    """Raise ParameterError unless the ratings and movies files of one's own come together, and a links
    file only with them (the registered ratings come with their own movies and links)."""
    if (ratings_file is None) != (movies_file is None) or (ratings_file is None and links_file is not None):
        raise ParameterError(
            "parameters ratings_file and movies_file go together (links_file only with"
            " them): give your own ratings and movies files, or leave all three out for"
            " the registered data"
        )


def check(namespace: Mapping[str, Any]) -> None:
    """Check the chapter's parameters in ``namespace`` (the notebook's ``globals()``): each against its
    rule in :data:`RULES`, then the files of one's own together; then glue the settings the prose cites
    (:data:`CITED`) as ``movielens.setting.<name>``. Raises ParameterError naming the parameter and the fix."""
    params.validate(namespace, RULES)
    own_files_together(namespace["ratings_file"], namespace["movies_file"], namespace["links_file"])
    params.record_settings(namespace, CITED, RECORD_PREFIX)
