"""Box-office features on three hand-made TMDB rows: each feature's rule, the cleaning counts, the budget split, the MLP."""

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from helpers.box_office import tabular
from helpers.common.errors import DataError


def names(*items: str) -> str:
    return json.dumps([{"id": i, "name": name} for i, name in enumerate(items)])


def films() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "budget": [1_000_000, 0, 50, 20_000_000],
            "revenue": [5_000_000, 10, 0, 80_000_000],
            "popularity": [10.0, 1.0, 2.0, 30.0],
            "runtime": [100.0, 90.0, 80.0, 120.0],
            "release_date": pd.to_datetime(["2010-01-04", "2001-05-05", "1999-12-31", "2015-07-17"]),
            "original_language": ["en", "fr", "en", "en"],
            "homepage": ["http://a", pd.NA, pd.NA, pd.NA],
            "tagline": [pd.NA, "t", "t", "t"],
            "genres": [names("Drama"), names("Comedy"), names("Drama"), names("Action", "Adventure", "Drama")],
            "keywords": [names("a", "b", "c"), "[]", "[]", "[]"],
            "production_companies": [names("A", "B"), "[]", "[]", names("C")],
            "production_countries": [names("US"), "[]", "[]", names("US", "GB")],
            "spoken_languages": [names("English", "French"), "[]", "[]", names("English")],
        }
    )


def cast() -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2, 3, 4], "cast": ["A/B/C", "D", pd.NA, pd.NA]})


def test_clean_films_counts_what_each_rule_removes():
    kept, counts = tabular.clean_films(films())
    assert kept["id"].tolist() == [1, 4]
    assert counts["removed"].tolist() == [0, 1, 1, 0, 0]
    assert counts["remaining"].tolist() == [4, 3, 2, 2, 2]


def test_keeping_unknown_budgets_drops_only_the_films_without_revenue_and_marks_them():
    kept, counts = tabular.clean_films(films(), keep_zero_budget=True)
    assert kept["id"].tolist() == [1, 2, 4] and counts["rule"].tolist()[1] == "revenue is 0 (unknown)"
    features = tabular.build_features(kept, None, ["Drama"], ["log_budget", "budget_unknown"])
    assert features["budget_unknown"].tolist() == [0.0, 1.0, 0.0] and features.loc[2, "log_budget"] == 0.0


def test_build_features_follows_each_rule():
    kept, _ = tabular.clean_films(films())
    features = tabular.build_features(kept, cast(), popular=["Action", "Adventure"])
    assert list(features.columns) == tabular.FEATURES and features.index.tolist() == [1, 4]
    first, last = features.loc[1], features.loc[4]
    assert first["log_budget"] == pytest.approx(np.log1p(1_000_000))
    assert (first["has_homepage"], first["has_tagline"], first["is_en"]) == (1, 0, 1)
    assert (first["num_Keywords"], first["num_production_companies"], first["num_spoken_languages"]) == (3, 2, 2)
    assert (first["num_cast"], last["num_cast"]) == (3, 0)
    assert (first["is_popular_genres"], last["is_popular_genres"]) == (0, 2)
    assert (first["release_year"], first["release_day"], first["release_month"]) == (2010, 0, 1)
    assert last["release_day"] == 4


def test_features_without_their_optional_inputs_are_left_out_and_said_why():
    table = films().drop(columns=["tagline", "keywords"])
    used, left_out = tabular.available_features(list(table.columns), has_cast=False)
    assert [f for f in tabular.FEATURES if f not in used] == ["has_tagline", "num_Keywords", "num_cast"]
    assert (
        left_out["num_Keywords"] == "the films have no keywords column"
        and left_out["num_cast"] == "no cast file was given"
    )
    assert set(left_out) == {"collection", "num_crew", "has_tagline", "num_Keywords", "num_cast"}
    kept, _ = tabular.clean_films(table)
    features = tabular.build_features(kept, None, popular=["Action"], features=used)
    assert list(features.columns) == used and features.loc[4, "is_popular_genres"] == 1
    with pytest.raises(DataError, match=r"missing column\(s\) \['tagline'\]"):
        tabular.build_features(kept, None, popular=[], features=["has_tagline"])


def test_popular_genres_ranks_by_mean_log_revenue_and_needs_enough_films():
    table = films()
    y = np.log1p(table["revenue"].to_numpy(dtype=float))
    assert tabular.popular_genres(table["genres"], y, n=1, min_films=1) == ["Action"]
    assert tabular.popular_genres(table["genres"], y, n=5, min_films=2) == ["Drama"]
    with pytest.raises(ValueError, match="no genre has 9 or more films"):
        tabular.popular_genres(table["genres"], y, n=1, min_films=9)
    with pytest.raises(ValueError, match="4 films' genres but 3 revenues"):
        tabular.popular_genres(table["genres"], y[:3], n=1, min_films=1)


def genre_films(revenues: dict[str, list[float]]) -> pd.DataFrame:
    """Films of one genre each, with the given revenues (US dollars) by genre, and the other columns the
    features need."""
    rows = [(genre, revenue) for genre, values in revenues.items() for revenue in values]
    table = films().iloc[[0] * len(rows)].reset_index(drop=True)
    return table.assign(
        id=range(100, 100 + len(rows)),
        genres=[names(genre) for genre, _ in rows],
        revenue=[revenue for _, revenue in rows],
    )


def test_film_features_rank_the_genres_on_the_films_they_are_fitted_on_only():
    # "Western" earns most among the held-out films alone: fitted on all films it would be popular and
    # mark them; fitted on the training films, where Drama earns most, it must not
    train = genre_films({"Drama": [2e7, 3e7], "Comedy": [1e6, 2e6], "Western": [1e5, 2e5]})
    held = genre_films({"Western": [5e10, 6e10]})
    step = tabular.FilmFeatures(["is_popular_genres"], None, popular_count=1, popular_min_films=1)
    y_train = np.log1p(train["revenue"].to_numpy(dtype=float))
    assert step.fit(train, y_train).popular_ == ["Drama"]
    assert step.transform(held)["is_popular_genres"].tolist() == [0.0, 0.0]
    both = pd.concat([train, held])
    leaky = clone(step).fit(both, np.log1p(both["revenue"].to_numpy(dtype=float)))
    assert leaky.popular_ == ["Western"] and leaky.transform(held)["is_popular_genres"].tolist() == [1.0, 1.0]


def test_film_features_read_the_ranking_from_y_and_no_revenue_when_transforming():
    train = genre_films({"Drama": [9e7, 8e7], "Comedy": [1e6, 2e6]})
    step = tabular.FilmFeatures(["log_budget", "is_popular_genres"], None, popular_count=1, popular_min_films=1)
    step.fit(train, y=[1.0, 1.0, 20.0, 20.0])  # y, not the revenue column, says Comedy earns most
    assert step.popular_ == ["Comedy"]
    first = step.transform(train)
    again = step.transform(train.assign(revenue=1))
    pd.testing.assert_frame_equal(first, again)
    assert list(step.get_feature_names_out()) == ["log_budget", "is_popular_genres"]


def test_film_features_in_a_pipeline_fit_inside_each_fold():
    # a pipeline cross-validated by scikit-learn refits the ranking on each fold's training part: the
    # held-out fold's films, whose genre earns most only among them, score 0 on the feature there
    train = genre_films({"Drama": [9e7, 8e7, 7e7], "Comedy": [1e6, 2e6, 3e6]})
    held = genre_films({"Western": [5e9, 6e9, 7e9]})
    both = pd.concat([train, held]).reset_index(drop=True)
    y = np.log1p(both["revenue"].to_numpy(dtype=float))
    echo = make_pipeline(
        tabular.FilmFeatures(["is_popular_genres"], None, popular_count=1, popular_min_films=1),
        FunctionTransformer(),
    )
    folds = [(np.arange(6), np.arange(6, 9)), (np.arange(3, 9), np.arange(3))]  # (fitted on, held out)
    for fit_idx, _ in folds:
        fitted = clone(echo).fit(both.iloc[fit_idx], y[fit_idx])
        ranked = tabular.popular_genres(both["genres"].iloc[fit_idx], y[fit_idx], 1, 1)
        assert fitted[0].popular_ == ranked
    fold_genre = clone(echo).fit(both.iloc[:6], y[:6]).transform(both.iloc[6:])
    assert fold_genre["is_popular_genres"].tolist() == [0.0, 0.0, 0.0]


def test_bad_input_is_named():
    with pytest.raises(DataError, match=r"missing column\(s\) \['budget'\]"):
        tabular.clean_films(films().drop(columns="budget"))
    kept, _ = tabular.clean_films(films())
    with pytest.raises(DataError, match=r"no row for film id\(s\) \[4\]"):
        tabular.build_features(kept, cast().iloc[:3], popular=[])
    with pytest.raises(DataError, match=r"film id 1 has more than one row"):
        tabular.build_features(kept, pd.concat([cast(), cast().iloc[:1]]), popular=[])
    with pytest.raises(ValueError, match="NaN"):
        tabular.budget_group([1.0, np.nan], 0.5)


def test_budget_group_splits_above_the_threshold():
    assert tabular.budget_group([1.0, 2.0, 3.0], 2.0).tolist() == ["low", "low", "high"]
    masks = tabular.budget_masks([1.0, 2.0, 3.0], 2.0)
    assert {g: m.tolist() for g, m in masks.items()} == {
        "all": [True, True, True], "high": [False, False, True], "low": [True, True, False],
    }  # fmt: skip


def test_study_mlp_learns_a_linear_target_and_is_repeatable():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = 17.0 + X @ np.array([1.0, -0.5, 0.0])
    settings = dict(units=16, dropout=0.0, l1=0.0, l2=0.0, learning_rate=0.02, epochs=15, patience=5, seed=1)
    model = tabular.StudyMLP(**settings).fit(X, y)
    rmse = float(np.sqrt(np.mean((model.predict(X) - y) ** 2)))
    assert rmse < 0.3 * y.std()
    again = tabular.StudyMLP(**settings).fit(X, y)
    np.testing.assert_allclose(again.predict(X[:5]), model.predict(X[:5]), rtol=1e-5)
    assert set(model.history_) >= {"loss", "val_loss"}


def test_the_odd_records_are_named_with_their_amounts():
    table = films().assign(title=["A", "B", "C", "D"], budget=[500, 30, 9_000_000, 20], revenue=[200, 40, 12, 900])
    assert tabular.odd_records(table) == (
        "“C” records a budget of $9,000,000 and a revenue of $12, and 3 training films record both budget and "
        "revenue under $1,000, as if in millions of dollars"
    )
    low = np.array([True, False, True, True])
    assert (
        tabular.tiny_revenue_note(table, low) == "4 training films recorded less than $10,000, 75% of them low-budget"
    )
    assert tabular.tiny_revenue_note(table.assign(revenue=10**6), low) == "no training film recorded less than $10,000"
