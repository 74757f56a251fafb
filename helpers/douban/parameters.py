"""The Douban chapter's parameters: the rule of each, the checks across them, and the settings its page
cites by value.

The notebook checks its ``parameters`` cell with one call, ``parameters.check(globals())``, right after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.common import params
from helpers.common.errors import ParameterError
from helpers.douban.claims import PAPER_SETTINGS_MODELS

RECORD_PREFIX = "douban"  # the chapter's records start with this
RULES: dict[str, params.Rule] = {
    "crawl_files": params.TextList(optional=True),
    "seeds": params.IntList(min=0),
    "split_seed": params.Int(min=0),
    "test_fraction": params.Float(min=0.05, max=0.5),
    "validation_fraction": params.Float(min=0.05, max=0.5),
    "first_year": params.Int(min=1900, max=2100),
    "last_year": params.Int(min=1900, max=2100),
    "top_n_director": params.Int(min=1),
    "top_n_writer": params.Int(min=1),
    "top_n_actor": params.Int(min=1),
    "top_n_genre": params.Int(min=1),
    "top_n_place": params.Int(min=1),
    "top_n_language": params.Int(min=1),
    "embedding_dim": params.Int(min=1, max=256),
    "regularization": params.Float(min=0),
    "attention_hidden": params.Int(min=1),
    "deep_units": params.IntList(min=1),
    "teacher_units": params.IntList(min=1),
    "student_units": params.IntList(min=1),
    "hint_weight": params.Float(min=0),
    "class_width": params.Float(min=0.05, max=5),
    "learning_rate": params.Float(min=0, max=1, open_min=True),
    "batch_size": params.Int(min=1),
    "epochs": params.Int(min=1),
    "patience": params.Int(min=1),
    "paper_models": params.TextList(),
    "paper_seeds": params.Int(min=1),  # at most the number of seeds: seeds_enough
    "paper_learning_rate": params.Float(min=0, max=1, open_min=True),
    "paper_batch_size": params.Int(min=1),
    "paper_epochs": params.Int(min=1),
    "timing_epochs": params.Int(min=2),
    "n_jobs": params.Int(min=1, max=8),
    "svr_cs": params.FloatList(min=1e-6),
    "ridge_alphas": params.IntList(min=0),
    "timing_repeats": params.Int(min=3),
    "beyond_seeds": params.Int(min=1),  # at most the number of seeds: seeds_enough
    "ablation_groups": params.TextList(optional=True),
    "sample_films": params.Int(min=2),
}
CITED = (  # the settings the prose cites
    "class_width",
    "attention_hidden",
    "regularization",
    "hint_weight",
    "patience",
    "timing_repeats",
    "beyond_seeds",
    "learning_rate",
    "batch_size",
    "epochs",
    "paper_learning_rate",
    "paper_batch_size",
    "paper_epochs",
    "timing_epochs",
    "n_jobs",
)


def seeds_enough(seeds: Sequence[int], paper_seeds: int, beyond_seeds: int) -> None:
    """Raise ParameterError when the paper's-settings fits or the analyses beyond the paper ask for more
    seeds than ``seeds`` lists (they use its first ones)."""
    for name, wanted in (("paper_seeds", paper_seeds), ("beyond_seeds", beyond_seeds)):
        if wanted > len(seeds):
            raise ParameterError(
                f"parameter {name}={wanted}: must be at most {len(seeds)}, the number of seeds"
                f" (seeds={list(seeds)}); lower it or give more seeds"
            )


def known_paper_models(paper_models: Sequence[str]) -> None:
    """Raise ParameterError naming the models of ``paper_models`` that the chapter does not train with the
    paper's settings (those of :data:`~helpers.douban.claims.PAPER_SETTINGS_MODELS`)."""
    unknown = sorted(set(paper_models) - set(PAPER_SETTINGS_MODELS))
    if unknown:
        raise ParameterError(
            f"parameter paper_models={list(paper_models)!r}: {unknown} are not models this chapter trains"
            f" with the paper's settings; choose from {list(PAPER_SETTINGS_MODELS)}"
        )


def years_in_order(first_year: int, last_year: int) -> None:
    """Raise ParameterError when the earliest release year kept comes after the latest."""
    if first_year > last_year:
        raise ParameterError(
            f"parameter first_year={first_year} is after last_year={last_year}: give a first year no later"
            " than the last"
        )


def check(namespace: Mapping[str, Any]) -> None:
    """Check the chapter's parameters in ``namespace`` (the notebook's ``globals()``): each against its
    rule in :data:`RULES`, then the seeds, the paper's models and the years against each other; then glue
    the settings the prose cites (:data:`CITED`) as ``douban.setting.<name>``. Raises ParameterError
    naming the parameter and the fix."""
    params.validate(namespace, RULES)
    seeds_enough(namespace["seeds"], namespace["paper_seeds"], namespace["beyond_seeds"])
    known_paper_models(namespace["paper_models"])
    years_in_order(namespace["first_year"], namespace["last_year"])
    params.record_settings(namespace, CITED, RECORD_PREFIX)
