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


def test_condition_bounds_read_the_three_forms_of_the_studys_conditions():
    assert explain.condition_bounds("15.84 < log_budget <= 17.15") == ("log_budget", 15.84, 17.15)
    assert explain.condition_bounds("is_en <= 1.00") == ("is_en", -np.inf, 1.0)
    assert len(explain.STUDY_LIME) == 17 and explain.STUDY_LIME[0][1] == pytest.approx(0.819, abs=5e-4)
    with pytest.raises(ValueError, match="not of the form"):
        explain.condition_bounds("log_budget > 17.15 and more")


def test_conditions_met_counts_only_the_features_present():
    X = pd.DataFrame({"log_budget": [16.0, 18.0, 16.5], "runtime": [110.0, 110.0, 200.0]})
    conditions = ["15.84 < log_budget <= 17.15", "105.00 < runtime <= 118.00", "8.00 < num_crew <= 14.00"]
    assert explain.conditions_met(X, conditions).tolist() == [2, 1, 1]


def test_study_bins_make_lime_weigh_the_study_s_own_condition():
    rng = np.random.default_rng(0)
    train = pd.DataFrame({"log_budget": rng.uniform(14, 19, 400), "runtime": rng.uniform(80, 150, 400)})
    conditions = ["15.84 < log_budget <= 17.15", "105.00 < runtime <= 118.00", "8.00 < num_crew <= 14.00"]
    explainer = explain.study_bins_explainer(train, conditions, seed=1)

    def predict(X: np.ndarray) -> np.ndarray:
        return 2.0 * X[:, 0]

    table = explain.lime_table(explain.explain_row(explainer, [16.0, 200.0], predict, 500), list(train.columns))
    # the film meets the study's budget condition and lies above its runtime bin: LIME names exactly these
    assert set(table["condition"]) == {"15.84 < log_budget <= 17.15", "runtime > 118.00"}
    with pytest.raises(ValueError, match=r"no condition gives the bins of feature\(s\) \['runtime'\]"):
        explain.study_bins_explainer(train, conditions[:1], seed=1)


def test_like_conditions_compare_only_the_study_s_own_conditions_with_weights_on_both_sides():
    def table(weights):
        return pd.DataFrame(
            {
                "condition": ["15.84 < log_budget <= 17.15", "runtime > 118.00", "is_en <= 1.00"],
                "feature": ["log_budget", "runtime", "is_en"],
                "weight": weights,
            }
        )

    study = [("15.84 < log_budget <= 17.15", 0.8), ("105.00 < runtime <= 118.00", 0.15), ("collection <= 0.00", -0.5),
             ("is_en <= 1.00", 0.0)]  # fmt: skip
    tables = [table([-0.2, 0.1, 0.0]), table([-0.4, 0.3, 0.0])]
    beside = explain.like_conditions(study, tables)
    assert beside["like"].tolist() == [True, False, False, True]  # collection is absent here
    assert beside["compared"].tolist() == [True, False, False, False]  # is_en weighs 0
    assert beside["weight here"].iloc[0] == pytest.approx(-0.3)
    study_weights, here = explain.like_weights(study, tables)
    assert study_weights.tolist() == [0.8] and here.tolist() == [[-0.2], [-0.4]]
