"""The box-office chapter's experiment tables and reruns: each table the chapter shows, built from the
networks' predictions and intervals, and the networks trained again on another set of films.

Predictions are in log US dollars: a network's are an array (S seeds, n test films), a model fitted once
gives (n,); ``groups`` are boolean masks (n,) of the test films by budget group (``"all"``, ``"high"``,
``"low"``), in that order; ``intervals`` come from :func:`helpers.box_office.judging.pair_intervals`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import KFold, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline

from helpers.box_office import claims, judging, tabular
from helpers.common import formatting, metrics
from helpers.common.judgement import Interval
from helpers.common.names import reader_name

GROUPS = ("all", "high", "low")  # the budget groups, in the order of the study's tables
GROUP_WORDS = {"all": "all films", "high": "high-budget films", "low": "low-budget films"}
MEASURE_COLUMN = {"rmsle": 0, "mae": 1}  # where each score stands in a pair of claims.REPORTED
STUDY_FILMS = 3000  # rows of the competition's training file, the study's data


def pair_words(train_on: str, test_on: str) -> str:
    """Return a (trained on, tested on) pair in words: ``"trained on all films, tested on low-budget films"``."""
    return f"trained on {GROUP_WORDS[train_on]}, tested on {GROUP_WORDS[test_on]}"


def test_rmsle(y: np.ndarray, guess: np.ndarray, mask: np.ndarray) -> float:
    """Return the RMSLE (log dollars) of ``guess`` ((S, n) or (n,)) of ``y`` (n,) on the films ``mask``,
    the mean over the seeds where there are several."""
    return float(judging.seed_scores(judging.RMSLE, y[mask], guess[..., mask]).mean())


def study_figures() -> dict[str, float]:
    """Return the study's MLP figures by the record name of this chapter's same figure
    (``boxoffice.mlp.<trained on>.<tested on>.<rmsle|mae>``)."""
    return {
        f"boxoffice.mlp.{train_on}.{test_on}.{measure}": pair[column]
        for (train_on, test_on), pair in claims.REPORTED.items()
        for measure, column in MEASURE_COLUMN.items()
    }


def experiment_table(
    measure: str,
    score: Callable[[np.ndarray, np.ndarray], float],
    intervals: Mapping[tuple[str, str, str], Interval],
    baseline_predictions: Mapping[tuple[str, str], np.ndarray],
    y: np.ndarray,
    groups: Mapping[str, np.ndarray],
) -> pd.DataFrame:
    """Return the study's 3×3 table of ``measure`` (``"rmsle"`` or ``"mae"``): one row per (trained on,
    model), one column per test group. The MLP's row gives its mean over the seeds with its 95 % interval
    (text), the study's row its figure (NaN where it did not run the pair), and each baseline's row (by
    ``(name, trained on)`` in ``baseline_predictions``, each (n,)) its ``score`` of actual and predicted
    log revenue ``y`` (n,)."""
    column = MEASURE_COLUMN[measure]
    baselines = list(dict.fromkeys(name for name, _ in baseline_predictions))
    rows = {}
    for train_on in GROUPS:
        rows[train_on, "MLP (95 % interval)"] = [
            judging.interval_text(intervals[train_on, test_on, measure]) for test_on in GROUPS
        ]
        rows[train_on, "the study's MLP"] = [
            claims.REPORTED[train_on, t][column] if (train_on, t) in claims.REPORTED else np.nan for t in GROUPS
        ]
        for name in baselines:
            guess = baseline_predictions[name, train_on]
            rows[train_on, reader_name(name)] = [score(y[groups[t]], guess[groups[t]]) for t in GROUPS]
    return pd.DataFrame(
        list(rows.values()),
        index=pd.MultiIndex.from_tuples(rows, names=["trained on", "model"]),
        columns=[f"tested on {t}" for t in GROUPS],
    )


def budget_spread(y: np.ndarray, groups: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Return, for the high- and low-budget films of ``groups`` (masks over ``y``, log revenue (n,)), how
    many films, the standard deviation of their log revenue (log dollars, numpy's population form) and how
    many recorded a revenue under :data:`tabular.TINY_REVENUE` dollars."""
    return pd.DataFrame(
        {
            g: {
                "films": int(groups[g].sum()),
                "std of log revenue": y[groups[g]].std(),
                "revenue < $10,000": int((y[groups[g]] < np.log1p(tabular.TINY_REVENUE)).sum()),
            }
            for g in ("high", "low")
        }
    ).T


def bias_table(intervals: Mapping[tuple[str, str, str], Interval]) -> pd.DataFrame:
    """Return each (trained on, tested on) pair's mean signed error (predicted − actual log revenue, the
    mean over the seeds) with its 95 % interval, indexed by the pair."""
    return pd.DataFrame(
        [
            {
                "trained on": train_on,
                "tested on": test_on,
                "mean signed error": interval.estimate,
                "95% low": interval.low,
                "95% high": interval.high,
            }
            for (train_on, test_on, measure), interval in intervals.items()
            if measure == "bias"
        ]
    ).set_index(["trained on", "tested on"])


def surprise_table(
    y: np.ndarray, predictions: np.ndarray, groups: Mapping[str, np.ndarray], factor: float
) -> pd.DataFrame:
    """Return, for each test group and each kind of surprise of ``predictions`` (S, n) of ``y`` (n,) (a
    revenue over ``factor`` times the prediction, ``"hits"``, or under a ``factor``-th of it, ``"short"``),
    how many films (the mean over the seeds), their mean signed error (log dollars; NaN when there are
    none) and their share of the group's squared error (the mean over the seeds)."""
    rows = {}
    for test_on, mask in groups.items():
        guess, truth = predictions[:, mask], y[mask]
        hits, flops = judging.surprises(truth, guess, factor)
        shares = judging.surprise_shares(truth, guess, factor)
        error = guess - truth
        for kind, chosen, share in (("hits", hits, shares[0]), ("short", flops, shares[1])):
            rows[test_on, kind] = {
                "films (mean over seeds)": chosen.sum(axis=1).mean(),
                "mean signed error": error[chosen].mean() if chosen.any() else np.nan,
                "share of squared error": share.mean(),
            }
    return pd.DataFrame(rows).T.rename_axis(["tested on", "surprise"])


@dataclass
class FilmModels:
    """Models trained from films, each behind its own feature step: ``mlp`` (an unfitted
    :class:`tabular.StudyMLP`, for the three networks trained again on another set of films), the films'
    ``cast`` lists (or None) and the popular-genre settings of the features."""

    mlp: Any
    cast: pd.DataFrame | None
    genre_count: int
    genre_min_films: int

    def networks(
        self, part_train: pd.DataFrame, part_test: pd.DataFrame, features: list[str], seeds: Sequence[int]
    ) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Fit the popular genres and the budget threshold on the films ``part_train``, train the three
        networks on them from each of ``seeds``; return the test films' log revenue (n,), their budget
        groups (masks (n,)) and each network's predictions (seeds, n) in log dollars, by its training group."""
        y_part, y_held = (tabular.log_revenue(part).to_numpy() for part in (part_train, part_test))
        features_of = tabular.FilmFeatures(features, self.cast, self.genre_count, self.genre_min_films).fit(
            part_train, y_part
        )
        X_part, X_held = (features_of.transform(p) for p in (part_train, part_test))
        cut = float(np.median(X_part["log_budget"]))
        guesses = {
            train_on: np.stack(
                [clone(self.mlp).set_params(seed=s).fit(X_part[rows], y_part[rows]).predict(X_held) for s in seeds]
            )
            for train_on, rows in tabular.budget_masks(X_part["log_budget"], cut).items()
        }
        return y_held, tabular.budget_masks(X_held["log_budget"], cut), guesses

    def pipeline(self, model: Any, features: list[str]) -> Pipeline:
        """Return ``model`` behind its own feature step (``features``), both fitted on the films it is given."""
        step = tabular.FilmFeatures(features, self.cast, self.genre_count, self.genre_min_films)
        return make_pipeline(step, model)


def pair_scores(
    y: np.ndarray, groups: Mapping[str, np.ndarray], guesses: Mapping[str, np.ndarray]
) -> dict[tuple[str, str], float]:
    """Return the RMSLE (log dollars, the mean over the seeds) of each (trained on, tested on) pair of
    :meth:`FilmModels.networks`' result: log revenue ``y`` (n,), ``groups`` and ``guesses``."""
    return {
        (train_on, test_on): judging.seed_scores(judging.RMSLE, y[mask], guesses[train_on][:, mask]).mean()
        for train_on in GROUPS
        for test_on, mask in groups.items()
    }


@dataclass
class UnknownBudgets:
    """The rerun with the films of unknown budget kept: all ``films`` with a revenue, the ``unknown`` ones
    among them, the number of ``test_films``, and (when there were two or more to split) the larger test
    set's log revenue ``y`` (n,), its budget ``groups``, the networks' ``guesses`` (S, n) and the pairs'
    ``scores``; the test films of the known-budget split come first, in their order."""

    films: pd.DataFrame
    unknown: pd.DataFrame
    test_films: int
    y: np.ndarray | None = None
    groups: dict[str, np.ndarray] = field(default_factory=dict)
    guesses: dict[str, np.ndarray] = field(default_factory=dict)
    scores: dict[tuple[str, str], float] = field(default_factory=dict)

    def counts(self) -> pd.Series:
        """Return the films, those with an unknown budget and the test films, as a Series of counts."""
        return pd.Series(
            {
                "films": len(self.films),
                "of them with an unknown budget": len(self.unknown),
                "test films": self.test_films,
            },
            name="count",
        ).rename_axis("films")


def with_unknown_budgets(
    film_models: FilmModels,
    movies: pd.DataFrame,
    split: tuple[pd.DataFrame, pd.DataFrame],
    features: list[str],
    seeds: Sequence[int],
    test_fraction: float,
    seed: int,
) -> UnknownBudgets:
    """Keep every film of ``movies`` with a revenue, a budget of 0 included (with the feature
    ``budget_unknown``), keep the known-budget ``split`` (training, test films), split the films of unknown
    budget in ``test_fraction`` with ``seed``, and train the three networks again from ``seeds``. With fewer
    than two films of unknown budget nothing is trained and the result holds no scores."""
    films, _ = tabular.clean_films(movies, keep_zero_budget=True)
    unknown = films[films["budget"] == 0]
    train_films, test_films = split
    if len(unknown) < 2:  # too few to put some in training and some in test
        return UnknownBudgets(films, unknown, len(test_films))
    unknown_train, unknown_test = train_test_split(unknown, test_size=test_fraction, random_state=seed)
    y, groups, guesses = film_models.networks(
        pd.concat([train_films, unknown_train]),
        pd.concat([test_films, unknown_test]),  # the known-budget test films come first
        [*features, "budget_unknown"],
        seeds,
    )
    return UnknownBudgets(
        films, unknown, len(test_films) + len(unknown_test), y, groups, guesses, pair_scores(y, groups, guesses)
    )


def gap_table(
    intervals: Mapping[tuple[str, str, str], Interval], unknown_scores: Mapping[tuple[str, str], float]
) -> pd.DataFrame:
    """Return, per (trained on, tested on) pair, the study's RMSLE (NaN where it did not run the pair),
    this chapter's with known budgets only (the mean over the seeds) and with the films of unknown budget
    kept (``unknown_scores``; NaN where not measured)."""
    study = study_figures()
    return pd.DataFrame(
        [
            {
                "trained on": train_on,
                "tested on": test_on,
                "study": study.get(f"boxoffice.mlp.{train_on}.{test_on}.rmsle", np.nan),
                "known budgets": intervals[train_on, test_on, "rmsle"].estimate,
                "unknown budgets kept": unknown_scores.get((train_on, test_on), np.nan),
            }
            for train_on in GROUPS
            for test_on in GROUPS
        ]
    ).set_index(["trained on", "tested on"])


def mean_distance(table: pd.DataFrame, column: str) -> float:
    """Return the mean absolute distance between ``column`` and the study's RMSLE over the pairs of the
    gap ``table`` that the study ran."""
    return float((table[column] - table["study"]).dropna().abs().mean())


def most_moved(table: pd.DataFrame) -> str:
    """Name the pair of the gap ``table`` (among those the study ran) whose RMSLE moves most when the films
    of unknown budget are kept, with its three figures: a clause of prose."""
    compared = table.dropna(subset=["study"])
    moved = (compared["unknown budgets kept"] - compared["known budgets"]).abs().idxmax()
    row = compared.loc[moved]
    return (
        f"{pair_words(*moved)}: {formatting.metric(row['known budgets'])} without them, "
        f"{formatting.metric(row['unknown budgets kept'])} with them (study {formatting.metric(row['study'])})"
    )


def cross_validate(
    candidates: Mapping[str, Any],
    films: pd.DataFrame,
    y: np.ndarray,
    groups: Mapping[str, np.ndarray],
    folds: KFold,
) -> pd.DataFrame:
    """Return one row per (candidate, fold, test group): the RMSLE (log dollars) of each of ``candidates``
    (pipelines from films to log revenue) trained on the other folds of ``films`` (log revenue ``y`` (n,))
    and scored on the held-out fold's films of each group (``groups``: masks (n,) over ``films``)."""
    rows = []
    for name, model in candidates.items():
        for fold, (fit_idx, held_idx) in enumerate(folds.split(films)):
            guess = clone(model).fit(films.iloc[fit_idx], y[fit_idx]).predict(films.iloc[held_idx])
            for group in GROUPS:
                mask = groups[group][held_idx]
                rows.append(
                    {
                        "model": name,
                        "fold": fold,
                        "tested on": group,
                        "RMSLE": metrics.rmsle_from_log(y[held_idx][mask], guess[mask]),
                    }
                )
    return pd.DataFrame(rows)


def cv_summary(cv: pd.DataFrame) -> pd.DataFrame:
    """Return each model's cross-validated RMSLE per test group as ``mean ± sd`` over the folds (the sd
    left out where one fold ran), rows by the model's reader's name."""
    stats = cv.groupby(["model", "tested on"], sort=False)["RMSLE"].agg(["mean", "std"])
    text = pd.Series([formatting.mean_sd(m, s) for m, s in stats.to_numpy()], index=stats.index)
    return text.unstack("tested on")[list(GROUPS)].rename(index=reader_name).rename_axis(columns=None)


def with_and_without(
    y: np.ndarray,
    predictions: Mapping[str, np.ndarray],
    without: Mapping[str, np.ndarray],
    groups: Mapping[str, np.ndarray],
) -> pd.DataFrame:
    """Return each model's test RMSLE (log dollars) on each test group with and without a feature: one row
    per model of ``without`` (by its reader's name), columns (tested on, with / without)."""
    return pd.DataFrame(
        {
            (f"tested on {g}", side): {reader_name(name): test_rmsle(y, guess[name], m) for name in without}
            for g, m in groups.items()
            for side, guess in (("with", predictions), ("without", without))
        }
    )


def at_study_count(
    film_models: FilmModels, films: pd.DataFrame, features: list[str], seed: int, test_fraction: float
) -> dict[tuple[str, str], float] | None:
    """Draw :data:`STUDY_FILMS` of ``films`` with ``seed``, split them in ``test_fraction`` and train the
    three networks again from ``seed`` alone; return the pairs' RMSLE (log dollars), or None when the films
    are no more than the study's."""
    if len(films) <= STUDY_FILMS:
        return None
    sample = films.sample(n=STUDY_FILMS, random_state=seed)
    split = train_test_split(sample, test_size=test_fraction, random_state=seed)
    return pair_scores(*film_models.networks(*split, features, [seed]))


def study_count_finding(distance_after: float | None, distance_before: float) -> str:
    """Say what training on the study's number of films does to the mean distance from the study's figures
    (``distance_after``, None when not measured) beside the distance with every film (``distance_before``)."""
    if distance_after is None:
        return f"Not measured: {NO_STUDY_COUNT}."
    return (
        f"Trained on {STUDY_FILMS:,} of the films (one draw, one seed), the networks' mean distance from the study "
        f"is {distance_after:.3f} (with all of them, the mean over the seeds, {distance_before:.3f})."
    )


NO_STUDY_COUNT = f"this data has no more films than the study's {STUDY_FILMS:,}"
