"""The Netflix chapter's experiments on its study split, fitted together: the six models from every seed,
the latent-size sweep (the swept model at other sizes, same seeds), the L2 experiment on MF + norm (first
seed) and MF + norm on the users copied to about the study's number (every seed). All go to the worker
pool at once (:func:`helpers.netflix.fitting.fit_many`), so each architecture is traced once; each
section of the chapter then reads its own fits from the :class:`StudyFits` returned.

Then the test sets' intervals: each model's RMSE on each test set, and the gap between the two sets.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from helpers.common import formatting
from helpers.common.judgement import RESAMPLES, Interval, Judged
from helpers.netflix import claims, collapse, judging, models
from helpers.netflix.fitting import FitSummary, FitTask, TrainSettings, fit_many
from helpers.netflix.models import ModelSpec

TEST_SETS = {  # the test sets of the chapter's tables: shown name → (scored table, one of its units)
    "test split": ("test", "test rating"),
    "held-out file": ("official", "held-out rating"),
}
GAP = "held-out − test split"  # a model's held-out RMSE less its test-split RMSE


def beyond(reference: str) -> str:
    """The column of a model's gap beyond that of the model ``reference``."""
    return f"gap beyond that of {reference.lower()}"


@dataclass(frozen=True)
class Split:
    """The study's split of the coded ratings (``user``, ``item``, ``rating``): ``train``, ``test`` (the
    study's test split, which early stopping watches), ``official`` (the held-out file); the numbers of
    user and movie codes."""

    train: pd.DataFrame
    test: pd.DataFrame
    official: pd.DataFrame
    n_users: int
    n_movies: int

    def scored(self) -> dict[str, pd.DataFrame]:
        """The tables every model predicts, by name: train, test, official."""
        return {"train": self.train, "test": self.test, "official": self.official}

    def truth(self) -> dict[str, np.ndarray]:
        """The ratings (stars) of each test set of :data:`TEST_SETS`, by its shown name."""
        tables = self.scored()
        return {shown: tables[part].rating.to_numpy() for shown, (part, _) in TEST_SETS.items()}


@dataclass
class StudyFits:
    """The fits of :func:`fit_study`: ``runs``, one fit per seed of each model key and each latent size
    of the sweep (the sweep's own size is the swept model's key); ``l2``, MF + norm's first-seed fit by
    L2 weight; ``copied``, MF + norm's fits on the ``copied_ratings`` (``None``: not run), one per seed;
    ``count`` fits in ``seconds`` of wall time."""

    runs: dict[str | int, list[FitSummary]]
    l2: dict[float, FitSummary]
    copied: list[FitSummary]
    copied_ratings: pd.DataFrame | None
    count: int
    seconds: float

    def first(self, key: str | int) -> FitSummary:
        """The first seed's fit of a model key (its loss curves are drawn)."""
        return self.runs[key][0]

    def epochs_table(self, specs: Mapping[str, ModelSpec]) -> pd.DataFrame:
        """One row per model of ``specs`` (by reader's name): its mean epochs and seconds per epoch."""
        return pd.DataFrame(
            {
                spec.name: {
                    "epochs (mean over seeds)": np.mean([run.epochs for run in self.runs[key]]),
                    "s / epoch": np.mean([run.seconds_per_epoch for run in self.runs[key]]),
                }
                for key, spec in specs.items()
            }
        ).T


def fit_study(
    specs: Mapping[str, ModelSpec],
    split: Split,
    settings: TrainSettings,
    seed: int,
    seeds: int,
    latent_sizes: Sequence[int],
    l2_values: Sequence[float],
    copies: int,
    n_jobs: int,
) -> StudyFits:
    """Fit every model of the study split together in ``n_jobs`` workers.

    ``specs`` (model key → spec) are trained from ``seeds`` seeds (``seed + k``), with the swept model
    (:data:`helpers.netflix.claims.SWEPT`) also at each of ``latent_sizes``; MF + norm from ``seed`` at
    each of ``l2_values`` other than its own weight (its own fit stands for that one); and, with
    ``copies > 1``, MF + norm from every seed on the training ratings with every user copied ``copies``
    times (:func:`helpers.netflix.collapse.replicate_users`), early stopping on the same test split.
    Every fit stops early on the test split, as the study's did, and predicts each table of ``split``.
    """
    swept, mf_norm = specs[claims.SWEPT], specs["mf_norm"]
    size_specs = {size: models.tuned(swept, latent=size) for size in latent_sizes if size != swept.latent}
    l2_specs = {value: models.tuned(mf_norm, l2=float(value)) for value in l2_values if value != mf_norm.l2}
    seeded = {**specs, **size_specs}
    train, test = split.train, split.test

    def task(spec: ModelSpec, k: int) -> FitTask:
        return FitTask(spec, train, test, split.n_users, split.n_movies, settings, seed + k, split.scored())

    tasks = [task(spec, k) for k in range(seeds) for spec in seeded.values()]
    tasks += [task(spec, 0) for spec in l2_specs.values()]
    copied = collapse.replicate_users(train, split.n_users, copies) if copies > 1 else None
    if copied is not None:
        copied_spec = replace(mf_norm, name=claims.COPIED_MF_NORM)
        tasks += [
            FitTask(
                copied_spec, copied, test, split.n_users * copies, split.n_movies, settings, seed + k, {"test": test}
            )
            for k in range(seeds)
        ]
    start = time.perf_counter()
    done = iter(fit_many(tasks, n_jobs))
    seconds = time.perf_counter() - start
    by_seed = [{key: next(done) for key in seeded} for _ in range(seeds)]
    l2_fits = {value: next(done) for value in l2_specs}
    if mf_norm.l2 in l2_values:
        l2_fits[mf_norm.l2] = by_seed[0]["mf_norm"]
    copied_fits = list(done)
    runs = {key: [fits[key] for fits in by_seed] for key in seeded}
    return StudyFits(runs, l2_fits, copied_fits, copied, len(tasks), seconds)


def stacked(runs: Sequence[FitSummary], part: str) -> np.ndarray:
    """The predictions (seeds, ratings) of a model's runs of the scored table ``part``, stars."""
    return np.stack([run.predictions[part] for run in runs])


def predictions(
    baselines: Mapping[str, Mapping[str, np.ndarray]], fits: StudyFits, specs: Mapping[str, ModelSpec]
) -> dict[str, dict[str, np.ndarray]]:
    """Every model's predictions by reader's name and scored table: the ``baselines`` (fitted once,
    ``(n,)`` per table) first, then each model of ``specs`` (``(seeds, n)`` per table)."""
    return dict(baselines) | {
        spec.name: {part: stacked(fits.runs[key], part) for part in fits.runs[key][0].predictions}
        for key, spec in specs.items()
    }


def rmse_intervals(
    truth: Mapping[str, ArrayLike],
    predicted: Mapping[str, Mapping[str, ArrayLike]],
    rng: np.random.Generator,
    resamples: int = RESAMPLES,
) -> dict[str, dict[str, Interval]]:
    """Each model's RMSE (stars) on each test set of :data:`TEST_SETS` (``"<set> RMSE"``), with its
    95 % interval over the seeds and the set's ratings (:func:`helpers.netflix.judging.score_interval`),
    model by model in the order of ``predicted``; ``truth`` holds each set's ratings by shown name."""
    return {
        name: {
            f"{shown} RMSE": judging.score_interval(truth[shown], of[part], unit, rng, resamples=resamples)
            for shown, (part, unit) in TEST_SETS.items()
        }
        for name, of in predicted.items()
    }


def results_table(
    intervals: Mapping[str, Mapping[str, Interval]], train: ArrayLike, predicted: Mapping[str, Mapping[str, ArrayLike]]
) -> pd.DataFrame:
    """One row per model: its train RMSE (mean over seeds, on the ratings ``train``), each test set's RMSE
    with its interval (:func:`helpers.netflix.judging.interval_frame`) and the standard deviation of the
    first seed's test predictions, "prediction spread (stars)"."""
    table = judging.interval_frame(intervals)
    table.insert(0, "train RMSE", [judging.seed_scores(train, p["train"]).mean() for p in predicted.values()])
    table["prediction spread (stars)"] = [np.std(judging.seed_rows(p["test"])[0]) for p in predicted.values()]
    return table


def gap_intervals(
    truth: Mapping[str, ArrayLike],
    predicted: Mapping[str, Mapping[str, ArrayLike]],
    reference: str,
    rng: np.random.Generator,
    resamples: int = RESAMPLES,
) -> dict[str, dict[str, Interval]]:
    """Each model's held-out RMSE less its test-split RMSE (:data:`GAP`, stars) and, for every model but
    ``reference``, that gap less the gap of ``reference`` on the same resampled ratings (:func:`beyond`),
    each with its 95 % interval over the seeds and the ratings of both sets
    (:func:`helpers.netflix.judging.gap_interval`); model by model in the order of ``predicted``."""
    (test_set, _), (held_set, _) = TEST_SETS.values()
    y_test, y_held = (truth[shown] for shown in TEST_SETS)
    baseline = (predicted[reference][test_set], predicted[reference][held_set])
    unit = "test-split and held-out rating"
    gaps: dict[str, dict[str, Interval]] = {}
    for name, of in predicted.items():
        two_sets = (y_test, of[test_set], y_held, of[held_set])
        gaps[name] = {GAP: judging.gap_interval(*two_sets, unit, rng, resamples=resamples)}
        if name != reference:
            gaps[name][beyond(reference)] = judging.gap_interval(
                *two_sets, unit, rng, reference=baseline, resamples=resamples
            )
    return gaps


def sweep_table(
    sweep_runs: Mapping[int, Sequence[FitSummary]],
    train: ArrayLike,
    test: ArrayLike,
    differences: Mapping[int, Judged],
) -> pd.DataFrame:
    """One row per latent size of ``sweep_runs`` (size → its fits, one per seed; index "latent size"):
    train and test RMSE (means over the seeds, on the ratings ``train`` and ``test``), the difference
    from size 32 and its 90 % interval (``differences``, size → judged pair; a dash where not judged),
    seconds per epoch and epochs (means), and the model's parameters."""
    rows = {}
    for size, fits in sweep_runs.items():
        judged = differences.get(size)
        rows[size] = {
            "train RMSE": judging.seed_scores(train, stacked(fits, "train")).mean(),
            "test RMSE": judging.seed_scores(test, stacked(fits, "test")).mean(),
            "− size 32": judged.estimate if judged else np.nan,
            "90 % interval": judging.interval_text(judged, signed=True) if judged else formatting.MISSING,
            "s / epoch": np.mean([run.seconds_per_epoch for run in fits]),
            "epochs (mean)": np.mean([run.epochs for run in fits]),
            "parameters": fits[0].parameters,
        }
    return pd.DataFrame(rows).T.rename_axis("latent size")
