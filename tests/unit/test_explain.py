"""LIME tables and importance comparison on a tiny regression where only one feature matters."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from helpers.box_office import explain


def data() -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"strong": rng.normal(size=300), "weak_1": rng.normal(size=300), "noise": rng.normal(size=300)})
    return X, 5.0 * X["strong"].to_numpy() + 0.5 * X["weak_1"].to_numpy()


def test_condition_feature_reads_lime_conditions():
    names = ["release_day", "log_budget", "is_en"]
    assert explain.condition_feature("2.00 < release_day <= 4.00", names) == "release_day"
    assert explain.condition_feature("log_budget > 17.15", names) == "log_budget"
    with pytest.raises(ValueError, match="names none of the features"):
        explain.condition_feature("runtime <= 90.00", names)


def test_lime_table_is_seeded_and_puts_the_strong_feature_first():
    X, y = data()
    model = LinearRegression().fit(X.to_numpy(), y)
    tables = [
        explain.lime_table(
            explain.explain_row(explain.lime_explainer(X, seed=3), X.iloc[0], model.predict, 500), list(X.columns)
        )
        for _ in range(2)
    ]
    pd.testing.assert_frame_equal(tables[0], tables[1])
    assert tables[0]["feature"].iloc[0] == "strong" and list(tables[0].columns) == ["condition", "feature", "weight"]
    assert sorted(tables[0]["feature"]) == sorted(X.columns)


def test_global_lime_and_permutation_agree_on_an_easy_case():
    X, y = data()
    model = LinearRegression().fit(X.to_numpy(), y)
    lime = explain.lime_global_importance(explain.lime_explainer(X, seed=0), X.iloc[:5], model.predict, 300)
    permutation = explain.permutation_table(model, X, y, n_repeats=3, seed=0)
    assert lime.index[0] == "strong" and permutation.index[0] == "strong"
    comparison = explain.compare_importances(lime, permutation["mean"])
    assert comparison["lime_share"].sum() == pytest.approx(1.0) and comparison[
        "permutation_share"
    ].sum() == pytest.approx(1.0)
    assert explain.rank_agreement(comparison) == pytest.approx(1.0)


def test_compare_importances_refuses_different_features():
    with pytest.raises(ValueError, match="features differ"):
        explain.compare_importances(pd.Series({"a": 1.0}), pd.Series({"b": 1.0}))
