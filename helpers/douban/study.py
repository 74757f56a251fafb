"""The Douban chapter's films as model inputs, and its fits: the feature groups, the design of one split
(optionally without some groups), and the fits of many models × seeds on it in worker processes.

Ratings are in stars; rows index the cleaned films.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from helpers.common import formatting
from helpers.common.errors import ParameterError
from helpers.common.params import setting_text
from helpers.douban.features import COUNT_FEATURES, design
from helpers.douban.fitting import BASELINES, FitTask, fit_tasks
from helpers.douban.rating_models import NUMERIC, Field, Settings

FIELDS = ("director", "writer", "actor", "genre", "place", "language")  # the categorical fields, in order
NUMERIC_BEFORE_RELEASE = ("runtime", "year")  # the numeric features known before a film opens
RATERS = "raters"  # the feature group of the rater count


def post_release_groups(counts_used: Sequence[str]) -> tuple[str, ...]:
    """The numeric feature groups known only after release: the rater count, then the count columns of
    ``counts_used`` (keys of :data:`helpers.douban.features.COUNT_FEATURES`) by their group names."""
    return (RATERS, *(COUNT_FEATURES[column] for column in counts_used))


def groups_to_leave_out(chosen: Sequence[str] | None, groups: Sequence[str]) -> tuple[str, ...]:
    """The feature groups the ablation leaves out in turn: ``chosen`` (the chapter's parameter
    ``ablation_groups``), or every one of ``groups`` when it is None or empty.

    Raises ParameterError naming the parameter when a chosen group is not one of ``groups``."""
    unknown = sorted(set(chosen or ()) - set(groups))
    if unknown:
        raise ParameterError(
            f"parameter ablation_groups={list(chosen or ())!r}: {unknown} are not feature groups of these files;"
            f" choose from {list(groups)}"
        )
    return tuple(chosen) if chosen else tuple(groups)


def field_table(values: Mapping[str, list[list[str]]], top_n: Mapping[str, int]) -> pd.DataFrame:
    """One row per field: its distinct values over all films, the most any film has, and how many the
    vocabulary keeps (``top_n``)."""
    return pd.DataFrame(
        {
            "distinct values": [len({v for row in rows for v in row}) for rows in values.values()],
            "values per film (max)": [max(len(row) for row in rows) for rows in values.values()],
            "kept (top N)": [top_n[field] for field in values],
        },
        index=list(values),
    )


@dataclass(frozen=True)
class Inputs:
    """The models' inputs on one split: ``design`` (:class:`helpers.douban.features.Design`), the
    networks' ``fields`` and the number of numeric features ``n_numeric``."""

    design: Any
    fields: tuple[Field, ...]
    n_numeric: int


@dataclass(frozen=True)
class Split:
    """The films' features and one split of them.

    ``values``: per field, each film's values; ``numeric``: (films, groups) numbers, one column per group
    of ``numeric_columns``; ``parts``: row indices of "train", "val" and "test"; ``top_n``: values kept per
    field."""

    values: Mapping[str, list[list[str]]]
    numeric: np.ndarray
    numeric_columns: tuple[str, ...]
    parts: Mapping[str, np.ndarray]
    top_n: Mapping[str, int]

    def prepare(self, drop: Sequence[str] = ()) -> Inputs:
        """The design, fitted on the training rows, without the feature groups ``drop`` (field or numeric
        group names)."""
        kept = {field: rows for field, rows in self.values.items() if field not in drop}
        columns = [i for i, column in enumerate(self.numeric_columns) if column not in drop]
        numeric = self.numeric[:, columns]
        made = design(kept, numeric, self.parts["train"], dict(self.top_n), NUMERIC)
        fields = tuple(
            Field(name, len(vocabulary), made.arrays[name].shape[1], vocabulary.counts)
            for name, vocabulary in made.vocabularies.items()
        )
        return Inputs(made, fields, numeric.shape[1])


def seeds_of(name: str, seeds: Sequence[int]) -> list[int]:
    """The seeds model ``name`` is fitted from: each of ``seeds`` for a network, the first alone for a model
    that draws nothing at random (mean, ridge, SVR)."""
    return list(seeds[:1]) if name in BASELINES else list(seeds)


def stacked(runs: Sequence[Mapping[str, Any]], key: str = "test") -> np.ndarray:
    """The runs' predictions ``key`` (stars): (seeds, films), or (films,) for one run."""
    rows = np.stack([run[key] for run in runs])
    return rows[0] if len(rows) == 1 else rows


@dataclass(frozen=True)
class Fitter:
    """Fits models on the chapter's split: the ``ratings`` of every film (stars), the split's ``parts``,
    the models' ``settings`` (the rating mean is set from the training films), the ``training`` settings
    used unless a fit is given others, the ridge ``alphas`` and SVR ``svr_cs`` tried on validation, and
    ``n_jobs`` worker processes."""

    ratings: np.ndarray
    parts: Mapping[str, np.ndarray]
    settings: Settings
    training: Mapping[str, float]
    alphas: tuple[float, ...]
    svr_cs: tuple[float, ...]
    n_jobs: int = 1

    def task(
        self,
        name: str,
        inputs: Inputs,
        seed: int,
        training: Mapping[str, float] | None = None,
    ) -> FitTask:
        """One fit of model ``name`` on ``inputs`` from ``seed``, with ``training``
        (default: the fitter's): the baselines read the sparse design, the networks
        the id arrays; the FM's initial bias is the training films' mean rating."""
        design = inputs.design
        rows = self.parts
        if name in BASELINES:
            x = {part: design.sparse[rows[part]] for part in rows}
        else:
            x = {}
            for part, part_rows in rows.items():
                x[part] = {key: ids[part_rows] for key, ids in design.arrays.items()}
        y_train = self.ratings[rows["train"]]
        return FitTask(
            name,
            seed,
            x["train"],
            y_train,
            x["val"],
            self.ratings[rows["val"]],
            x["test"],
            fields=inputs.fields,
            n_numeric=inputs.n_numeric,
            settings=replace(self.settings, rating_mean=float(y_train.mean())),
            training=dict(self.training if training is None else training),
            alphas=self.alphas,
            svr_cs=self.svr_cs,
        )

    def fit(self, tasks: Mapping[Any, FitTask]) -> dict[Any, dict[str, Any]]:
        """Fit the tasks ``{key: FitTask}`` and return ``{key: result}`` (see
        :func:`helpers.douban.fitting.fit_task`)."""
        return dict(zip(tasks, fit_tasks(list(tasks.values()), self.n_jobs), strict=True))

    def fit_models(
        self, names: Sequence[str], inputs: Inputs, seeds: Sequence[int], training: Mapping[str, float] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """Fit each model of ``names`` from each of its seeds (:func:`seeds_of`) in one pool of workers;
        return ``{name: [one result per seed]}``."""
        done = self.fit(
            {(name, seed): self.task(name, inputs, seed, training) for name in names for seed in seeds_of(name, seeds)}
        )
        return {name: [done[(name, seed)] for seed in seeds_of(name, seeds)] for name in names}

    def fit_groups(
        self, name: str, inputs: Mapping[str, Inputs], seeds: Sequence[int]
    ) -> dict[str, list[dict[str, Any]]]:
        """Fit model ``name`` on each of ``inputs`` (``{label: Inputs}``, e.g. one design per feature group
        left out) from each of its seeds, all in one pool of workers; return ``{label: [one result per
        seed]}``."""
        done = self.fit(
            {
                (label, seed): self.task(name, data, seed)
                for label, data in inputs.items()
                for seed in seeds_of(name, seeds)
            }
        )
        return {label: [done[(label, seed)] for seed in seeds_of(name, seeds)] for label in inputs}


PILOT_EPOCHS = 5  # the early look at validation curves that decided the tuned training settings (epochs)


def first_seeds(n: int) -> str:
    """The first ``n`` seeds in words: ``"the first seed"`` or ``"the first 2 seeds"``."""
    return "the first seed" if n == 1 else f"the first {formatting.counted(n, 'seed')}"


def training_table(trainings: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """The training settings side by side, one column per ``{label: settings}`` (learning_rate, batch_size,
    epochs, patience in checks, two a epoch): a patience of every check reads as no early stop."""
    return pd.DataFrame(
        {
            label: [
                f"{training['learning_rate']:g}",
                training["batch_size"],
                training["epochs"],
                "none"
                if training["patience"] >= 2 * training["epochs"]
                else formatting.counted(int(training["patience"]), "check"),
            ]
            for label, training in trainings.items()
        },
        index=["learning rate", "batch (films)", "epochs (at most)", "early stop after"],
    )


def choices(ridge_alphas: Sequence[float], svr_cs: Sequence[float]) -> pd.DataFrame:
    """What the chapter chooses, how, and on which films (or before the run), one row per choice;
    ``ridge_alphas`` and ``svr_cs`` are the penalty grids tried."""
    rows = [
        ("epochs of every network", "the best of two checks per epoch", "validation"),
        ("ridge penalty", f"best of {setting_text(list(ridge_alphas))}", "validation"),
        ("SVR penalty C", f"best of {setting_text(list(svr_cs))}", "validation"),
        ("model of the feature ablation", "lowest validation MAE", "validation"),
        ("ridge or SVR penalty in the ablation", "the one kept for Table 1", "validation"),
        ("feature group judged in the ablation", "largest MAE rise", "validation"),
        ("learning rate, batch, patience", "pilot runs", "fixed before the run"),
        ("λ of eq. (3) and (6), class width", "pilot runs", "fixed before the run"),
        ("widths of the teacher and the student", "the paper's", "fixed before the run"),
    ]
    return pd.DataFrame(rows, columns=["setting", "how", "chosen on"])
