"""Explain a fitted regressor: LIME explanations of single rows as tidy tables, LIME weights averaged
over many rows, permutation importance, and a table that sets the two importances side by side.

LIME (Ribeiro et al., 2016) samples perturbed rows around one row, weighs them by closeness and fits
a small linear model to the regressor's predictions there; with ``discretize_continuous`` each feature
enters as a quartile condition such as ``'15.84 < log_budget <= 17.15'``. The explainer is seeded, so
the same calls in the same order give the same weights.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

if TYPE_CHECKING:
    from lime.explanation import Explanation
    from lime.lime_tabular import LimeTabularExplainer

Predict = Callable[[np.ndarray], np.ndarray]
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
BOUNDS = re.compile(r"^(?:(?P<low>-?[\d.]+) < )?(?P<feature>[A-Za-z_]\w*)(?: <= (?P<high>-?[\d.]+))?$")
# The study's LIME list for the first film of its test set (report §2): condition, weight in log dollars.
STUDY_LIME = [
    ("15.84 < log_budget <= 17.15", 0.8193400748840702),
    ("collection <= 0.00", -0.5461356646561762),
    ("num_production_countries <= 1.00", 0.22371015549664078),
    ("is_popular_genres <= 0.00", -0.1772645630170876),
    ("105.00 < runtime <= 118.00", 0.15320681607703196),
    ("11.00 < num_cast <= 16.00", 0.15304649897066216),
    ("2.00 < release_day <= 4.00", 0.12177498245593275),
    ("8.00 < num_crew <= 14.00", 0.08405003935288727),
    ("num_spoken_languages <= 1.00", 0.06859849971010011),
    ("4.09 < popularity <= 7.42", -0.058122844098940495),
    ("2004.00 < release_year <= 2011.00", -0.0479906739524461),
    ("has_homepage <= 0.00", -0.04418507664149942),
    ("1.00 < num_production_companies <= 2.00", 0.026365487151517347),
    ("3.00 < num_Keywords <= 6.00", 0.015858373038446213),
    ("7.00 < release_month <= 10.00", 0.01072674271406627),
    ("is_en <= 1.00", 0.0),
    ("has_tagline <= 1.00", 0.0),
]


def lime_explainer(train: pd.DataFrame, seed: int) -> LimeTabularExplainer:
    """Return a seeded LIME tabular explainer in regression mode for rows like ``train`` (n, d).

    Features are discretised into quartiles of ``train``, as LIME does by default.
    """
    from lime.lime_tabular import LimeTabularExplainer

    if train.empty:
        raise ValueError("train holds no rows: LIME needs training data to sample around")
    return LimeTabularExplainer(
        train.to_numpy(dtype=float), mode="regression", feature_names=list(train.columns),
        discretize_continuous=True, random_state=seed,
    )  # fmt: skip


def condition_feature(condition: str, feature_names: Sequence[str]) -> str:
    """Return the feature a LIME condition speaks of, e.g. ``'2.00 < release_day <= 4.00'`` → ``'release_day'``.

    Raises ValueError if no name of ``feature_names`` appears in ``condition`` as a whole word.
    """
    names = set(feature_names)
    found = [token for token in IDENTIFIER.findall(condition) if token in names]
    if not found:
        raise ValueError(f"LIME condition {condition!r} names none of the features {sorted(names)}")
    return found[0]


def condition_bounds(condition: str) -> tuple[str, float, float]:
    """Return ``(feature, low, high)`` of a one-feature LIME condition such as ``'2.00 < release_day <= 4.00'``
    (``low < value <= high``; a missing bound is -inf or +inf). Raises ValueError for any other form."""
    match = BOUNDS.match(condition.strip())
    if not match:
        raise ValueError(f"LIME condition {condition!r} is not of the form 'a < feature <= b'")
    low, high = match["low"], match["high"]
    return match["feature"], float(low) if low else -np.inf, float(high) if high else np.inf


def conditions_met(X: pd.DataFrame, conditions: Sequence[str]) -> pd.Series:
    """Count, for each row of ``X`` (n, d), how many of ``conditions`` it satisfies among those whose
    feature is a column of ``X``; a Series (n,) indexed like ``X``."""
    met = pd.Series(0, index=X.index)
    for condition in conditions:
        feature, low, high = condition_bounds(condition)
        if feature in X:
            met += ((X[feature] > low) & (X[feature] <= high)).astype(int)
    return met


STUDY_CONDITION, STUDY_WEIGHT = "study's condition", "study's weight"  # columns of like_conditions


def study_bins_explainer(train: pd.DataFrame, conditions: Sequence[str], seed: int) -> LimeTabularExplainer:
    """Return a seeded LIME explainer (regression) for rows like ``train`` (n, d) whose bins are cut at the
    bounds of ``conditions`` (the study's, one per feature, such as ``'15.84 < log_budget <= 17.15'``):
    a film that meets a condition is then explained by that very condition, so its weight can be set
    beside the study's. Every column of ``train`` needs a condition; conditions on other features are
    ignored. Raises ValueError naming a column without one."""
    from lime.discretize import BaseDiscretizer
    from lime.lime_tabular import LimeTabularExplainer

    cuts = {}
    for condition in conditions:
        feature, low, high = condition_bounds(condition)
        cuts[feature] = np.array([bound for bound in (low, high) if np.isfinite(bound)])
    missing = [name for name in train.columns if name not in cuts]
    if missing:
        raise ValueError(f"no condition gives the bins of feature(s) {missing}")
    names = list(train.columns)

    class StudyBins(BaseDiscretizer):
        def bins(self, data: np.ndarray, labels: Any) -> list[np.ndarray]:
            return [cuts[name] for name in names]

    data = train.to_numpy(dtype=float)
    return LimeTabularExplainer(
        data, mode="regression", feature_names=names, discretize_continuous=True,
        discretizer=StudyBins(data, [], names, random_state=seed), random_state=seed,
    )  # fmt: skip


def like_conditions(study: Sequence[tuple[str, float]], tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Set the study's LIME conditions (condition, weight) beside this book's explanations of one film
    from several LIME seeds (``tables``, each from :func:`lime_table`, bins cut as the study's by
    :func:`study_bins_explainer`), one row per study condition, in the study's order: ``feature``, the
    study's condition and weight (columns :data:`STUDY_CONDITION` and :data:`STUDY_WEIGHT`), the
    ``condition here`` (the first table's; empty where the feature is absent here), ``like`` (the
    condition here is the study's own: the film meets it), the ``weight here`` averaged over the seeds,
    and ``compared`` (alike, and no weight 0 on either side, so both have a sign)."""
    if not tables:
        raise ValueError("give at least one explanation")
    by_feature = [table.set_index("feature") for table in tables]
    rows = []
    for condition, weight in study:
        feature = condition_bounds(condition)[0]
        present = feature in by_feature[0].index
        here = by_feature[0].loc[feature, "condition"] if present else None
        weights = np.array([float(t.loc[feature, "weight"]) for t in by_feature]) if present else np.array([])
        like = here == condition
        rows.append(
            {
                "feature": feature, STUDY_CONDITION: condition, STUDY_WEIGHT: weight, "condition here": here,
                "like": like, "weight here": float(weights.mean()) if present else None,
                "compared": bool(like and weight != 0 and weights.all()),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def like_weights(study: Sequence[tuple[str, float]], tables: Sequence[pd.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    """Return the weights of the compared conditions (:func:`like_conditions`): the study's (m,) and this
    book's (L seeds, m), in the study's order."""
    beside = like_conditions(study, tables)
    chosen = beside[beside["compared"]]
    here = [[float(t.set_index("condition").loc[c, "weight"]) for c in chosen[STUDY_CONDITION]] for t in tables]
    return chosen[STUDY_WEIGHT].to_numpy(dtype=float), np.array(here).reshape(len(tables), len(chosen))


def lime_table(explanation: Explanation, feature_names: Sequence[str]) -> pd.DataFrame:
    """Return a LIME explanation as a table, one row per condition, largest ``|weight|`` first.

    Columns: ``condition`` (LIME's text), ``feature`` (the feature it names) and ``weight``
    (the local linear model's coefficient, in the unit of the prediction).
    """
    rows = [
        {"condition": c, "feature": condition_feature(c, feature_names), "weight": float(w)}
        for c, w in explanation.as_list()
    ]
    table = pd.DataFrame(rows, columns=["condition", "feature", "weight"])
    return table.reindex(table["weight"].abs().sort_values(ascending=False, kind="stable").index).reset_index(drop=True)


def explain_row(explainer: LimeTabularExplainer, row: ArrayLike, predict: Predict, num_samples: int) -> Explanation:
    """Return LIME's explanation of one ``row`` (d,) of ``predict`` with all d features, from ``num_samples``
    perturbed samples."""
    row = np.asarray(row, dtype=float)
    return explainer.explain_instance(row, predict, num_features=row.size, num_samples=num_samples)


def lime_global_importance(
    explainer: LimeTabularExplainer, rows: pd.DataFrame, predict: Predict, num_samples: int
) -> pd.Series:
    """Return the mean ``|LIME weight|`` of each feature over the explanations of ``rows`` (n, d).

    The result is indexed by feature name (every column of ``rows``), largest first; a feature
    that LIME gave no weight in a row counts as 0 there.
    """
    if rows.empty:
        raise ValueError("rows holds no rows to explain")
    names = list(rows.columns)
    total = pd.Series(0.0, index=names)
    for row in rows.to_numpy(dtype=float):
        table = lime_table(explain_row(explainer, row, predict, num_samples), names)
        total = total.add(table.groupby("feature")["weight"].apply(lambda w: w.abs().sum()), fill_value=0.0)
    return (total / len(rows)).sort_values(ascending=False).rename("lime_mean_abs_weight")


def permutation_table(model: Any, X: pd.DataFrame, y: ArrayLike, n_repeats: int, seed: int) -> pd.DataFrame:
    """Return permutation importance of ``model`` on ``X`` (n, d), ``y`` (n,) as the rise in RMSE.

    Columns ``mean`` and ``std`` (over ``n_repeats`` shuffles, in the unit of ``y``), one row per
    feature, largest mean first. ``model.predict`` receives a numpy array.
    """
    from sklearn.inspection import permutation_importance

    result = permutation_importance(
        model, X.to_numpy(dtype=float), np.asarray(y, dtype=float), scoring="neg_root_mean_squared_error",
        n_repeats=n_repeats, random_state=seed,
    )  # fmt: skip
    table = pd.DataFrame(
        {"mean": result.importances_mean, "std": result.importances_std}, index=pd.Index(X.columns, name="feature")
    )
    return table.sort_values("mean", ascending=False)


def compare_importances(lime: pd.Series, permutation: pd.Series) -> pd.DataFrame:
    """Set two importances of the same features side by side.

    Returns one row per feature with each importance as a share of its total (so both sum to 1)
    and its rank (1 = most important), ordered by the permutation rank. Raises ValueError if the
    two do not cover the same features.
    """
    if set(lime.index) != set(permutation.index):
        raise ValueError(f"features differ: {sorted(set(lime.index) ^ set(permutation.index))}")
    table = pd.DataFrame({"lime": lime, "permutation": permutation.reindex(lime.index)})
    shares = table.clip(lower=0.0) / table.clip(lower=0.0).sum()
    table = pd.DataFrame(
        {
            "lime_share": shares["lime"],
            "permutation_share": shares["permutation"],
            "lime_rank": table["lime"].rank(ascending=False, method="min").astype(int),
            "permutation_rank": table["permutation"].rank(ascending=False, method="min").astype(int),
        }
    )
    return table.sort_values(["permutation_rank", "lime_rank"])


def rank_agreement(comparison: pd.DataFrame) -> float:
    """Return Spearman's rank correlation between the ``lime_rank`` and ``permutation_rank`` columns."""
    from scipy.stats import spearmanr

    return float(spearmanr(comparison["lime_rank"], comparison["permutation_rank"]).statistic)
