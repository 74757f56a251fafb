"""Unit tests of the Netflix chapter's ratings tables, models, fitting, cross-validation, peers and selection, on tiny
hand-made rating tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.common import seeding
from helpers.netflix import cross_validation, fitting, models, peers, rating_tables, selection

FAST = fitting.TrainSettings(epochs=60, batch_size=64, patience=60, min_delta=0.0)


def planted_ratings(n_users: int = 20, n_items: int = 15, seed: int = 0) -> pd.DataFrame:
    """Every (user, item) pair rated 3 + user effect + item effect (stars, exact, no noise)."""
    rng = np.random.default_rng(seed)
    user_effect, item_effect = rng.uniform(-1, 1, n_users), rng.uniform(-0.8, 0.8, n_items)
    users, items = np.meshgrid(np.arange(n_users), np.arange(n_items), indexing="ij")
    return pd.DataFrame(
        {
            "user": users.ravel(),
            "item": items.ravel(),
            "rating": 3 + user_effect[users.ravel()] + item_effect[items.ravel()],
        }
    )


def test_normaliser_round_trip_and_population_std() -> None:
    ratings = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    norm = rating_tables.Normaliser.fit(ratings)
    assert norm.mean == 3.0 and norm.std == pytest.approx(np.sqrt(2.0))
    np.testing.assert_allclose(norm.inverse(norm.transform(ratings)), ratings)
    with pytest.raises(ValueError, match="constant"):
        rating_tables.Normaliser.fit(np.array([4.0, 4.0]))


def test_shuffle_split_is_the_studys_sample_then_tail() -> None:
    frame = pd.DataFrame({"user": range(25), "item": range(25), "rating": [3.0] * 25})
    kept, held = rating_tables.shuffle_split(frame, 0.1, seed=10)
    expected = frame.sample(frac=1, random_state=10)
    assert len(held) == 2 and len(kept) == 23
    assert list(held.index) == list(expected.index[-2:])
    with pytest.raises(ValueError, match="fraction"):
        rating_tables.shuffle_split(frame, 1.5, seed=10)


def test_encode_ids_shares_codes_across_tables() -> None:
    a = pd.DataFrame({"u": [30, 10], "m": [7, 5], "r": [4.0, 2.0]})
    b = pd.DataFrame({"u": [20, 30], "m": [9, 7], "r": [1.0, 5.0]})
    coded, n_users, n_items = rating_tables.encode_ids({"a": a, "b": b}, "u", "m", "r")
    assert (n_users, n_items) == (3, 3)
    assert coded["a"].user.tolist() == [2, 0] and coded["b"].user.tolist() == [1, 2]
    assert coded["a"].item.tolist() == [1, 0] and coded["b"].item.tolist() == [2, 1]


def test_check_ratings_names_the_problem() -> None:
    frame = pd.DataFrame({"user": [0, 5], "item": [0, 1], "rating": [3.0, 4.0]})
    with pytest.raises(ValueError, match="user codes must lie in 0..2"):
        rating_tables.check_ratings(frame, n_users=3, n_items=2)
    with pytest.raises(ValueError, match="lacks column"):
        rating_tables.check_ratings(frame.drop(columns="rating"), 10, 10)


@pytest.mark.parametrize(
    ("deep", "bias", "expected"),
    [
        (False, False, (4 + 6) * 8),
        (False, True, (4 + 6) * 9),
        (True, False, (4 + 6) * 8 + (16 * 5 + 5) + (5 + 1)),
        (True, True, (4 + 6) * 9 + 91),
    ],
)
def test_parameter_counts_follow_the_study_layout(deep: bool, bias: bool, expected: int) -> None:
    spec = models.ModelSpec("m", deep=deep, bias=bias, normalise=False, latent=8, hidden=(5,))
    assert models.build_model(spec, n_users=4, n_items=6).count_params() == expected


def test_biased_mf_learns_planted_effects_and_clips() -> None:
    seeding.seed_everything(0)
    ratings = planted_ratings()
    train, valid = rating_tables.shuffle_split(ratings, 0.2, seed=1)
    spec = models.ModelSpec(
        "MF+", deep=False, bias=True, normalise=True, latent=2, l2=1e-5, dropout=0.0, learning_rate=0.05, clip=True
    )
    result = fitting.fit(spec, train, valid, 20, 15, FAST)
    predicted = result.predict(valid)
    mean_only = np.sqrt(np.mean((valid.rating - train.rating.mean()) ** 2))
    assert np.sqrt(np.mean((predicted - valid.rating) ** 2)) < 0.3 * mean_only
    assert predicted.min() >= 1.0 and predicted.max() <= 5.0
    curves = result.history_in_stars()
    assert (
        len(curves) == result.epochs
        and curves["validation RMSE (stars)"].iloc[-1] < curves["validation RMSE (stars)"].iloc[0]
    )


def test_select_by_validation_uses_validation_not_test() -> None:
    ratings = planted_ratings(8, 6)
    folds = [rating_tables.shuffle_split(ratings, 0.25, seed=3)]
    valid = rating_tables.shuffle_split(folds[0][0], 0.2, seed=5)[1]
    test = folds[0][1]
    predictions = {
        (1, "good on valid"): {"valid": valid.rating.to_numpy(), "test": test.rating.to_numpy() + 1.0},
        (1, "good on test"): {"valid": valid.rating.to_numpy() + 1.0, "test": test.rating.to_numpy()},
    }
    chosen, validation = selection.select_by_validation(
        ["good on valid", "good on test", "good on valid & good on test"], folds, predictions, 0.2, seed=5
    )
    assert chosen.chosen.tolist() == ["good on valid"]
    assert chosen.rmse.iloc[0] == pytest.approx(1.0)
    assert validation.loc[1].to_dict() == pytest.approx(
        {"good on valid": 0.0, "good on test": 1.0, "good on valid & good on test": 0.5}
    )


def test_mean_std_over_folds() -> None:
    table = pd.DataFrame({"model": ["a", "a", "b", "b"], "rmse": [1.0, 3.0, 2.0, 2.0], "mae": [0.5, 0.5, 1.0, 2.0]})
    summary = cross_validation.mean_std(table, "model")
    assert summary.loc["a", ("rmse", "mean")] == 2.0 and summary.loc["a", ("rmse", "std")] == pytest.approx(
        np.sqrt(2.0)
    )
    assert summary.loc["b", ("mae", "mean")] == 1.5


def test_tuned_names_the_change() -> None:
    spec = models.ModelSpec("MF+", deep=False, bias=True, normalise=True)
    assert models.tuned(spec, l2=1e-4).name == "MF+ (L2 0.0001)" and models.tuned(spec, latent=64).latent == 64
    assert models.tuned(spec, learning_rate=0.003).name == "MF+ (learning rate 0.003)"


def test_reused_compiled_model_trains_exactly_like_a_fresh_one() -> None:
    ratings = planted_ratings(12, 10)
    folds = [rating_tables.shuffle_split(ratings, 0.25, seed=3)]
    settings = fitting.TrainSettings(epochs=4, batch_size=16, patience=4, min_delta=0.0)
    deep = models.ModelSpec("DL+ + norm", deep=True, bias=True, normalise=True, latent=4, hidden=(6,))
    raw = models.ModelSpec("DL+", deep=True, bias=True, normalise=False, latent=4, hidden=(6,))
    table, predictions = cross_validation.cross_validate([deep, raw], folds, 12, 10, settings, 0.2, seed=7)
    fit_part, valid = rating_tables.shuffle_split(folds[0][0], 0.2, seed=7)
    seeding.seed_everything(7)
    alone = fitting.fit(raw, fit_part, valid, 12, 10, settings)  # a freshly built and traced model
    np.testing.assert_allclose(predictions[(1, "DL+")]["test"], alone.predict(folds[0][1]), rtol=1e-5)
    assert table.set_index("model").loc["DL+", "epochs"] == alone.epochs


def test_reuse_compiled_keeps_one_model_per_architecture() -> None:
    spec = models.ModelSpec("MF", deep=False, bias=False, normalise=False, latent=3)
    compiled = {}
    first = fitting.reuse_compiled(spec, 4, 5, compiled)
    seeding.seed_everything(2)
    reused = fitting.reuse_compiled(models.tuned(spec, normalise=True), 4, 5, compiled)
    seeding.seed_everything(2)
    fresh = models.build_model(spec, 4, 5)
    assert reused is first and len(compiled) == 1
    np.testing.assert_array_equal(reused.get_weights()[0], fresh.get_weights()[0])
    assert fitting.reuse_compiled(models.tuned(spec, l2=0.5), 4, 5, compiled) is not first and len(compiled) == 2
    assert fitting.reuse_compiled(spec, 4, 6, compiled) is not first and len(compiled) == 3


def test_cross_validation_in_worker_processes_matches_one_process() -> None:
    ratings = planted_ratings(12, 10)
    folds = [rating_tables.shuffle_split(ratings, 0.25, seed=s) for s in (3, 4)]
    settings = fitting.TrainSettings(epochs=3, batch_size=16, patience=3, min_delta=0.0)
    specs = [
        models.ModelSpec("DL", deep=True, bias=False, normalise=False, latent=4, hidden=(6,)),
        models.ModelSpec("MF+", deep=False, bias=True, normalise=True, latent=4),
    ]
    here, _ = cross_validation.cross_validate(specs, folds, 12, 10, settings, 0.2, seed=7)
    workers, _ = cross_validation.cross_validate(specs, folds, 12, 10, settings, 0.2, seed=7, n_jobs=2)
    assert workers[["fold", "model", "epochs"]].equals(here[["fold", "model", "epochs"]])
    np.testing.assert_allclose(workers.rmse, here.rmse, atol=1e-4)


def test_fit_many_groups_by_architecture_and_returns_the_tasks_order() -> None:
    ratings = planted_ratings(12, 10)
    train, valid = rating_tables.shuffle_split(ratings, 0.25, seed=3)
    settings = fitting.TrainSettings(epochs=3, batch_size=16, patience=3, min_delta=0.0)
    deep = models.ModelSpec("DL", deep=True, bias=False, normalise=False, latent=4, hidden=(6,))
    flat = models.ModelSpec("MF + norm", deep=False, bias=False, normalise=True, latent=4)
    # interleaved: two architectures, the deep one at two seeds, so grouping must undo its reordering
    tasks = [
        fitting.FitTask(spec, train, valid, 12, 10, settings, seed, {"valid": valid})
        for spec, seed in ((deep, 1), (flat, 1), (deep, 2))
    ]
    assert fitting.architecture(deep, 12, 10) != fitting.architecture(flat, 12, 10)
    assert fitting.architecture(deep, 12, 10) == fitting.architecture(models.tuned(deep, normalise=True), 12, 10)
    # each task alone, in this process: the expectation the grouped workers' summaries must match
    alone = [fitting.fit_task(task) for task in tasks]
    grouped = fitting.fit_many(tasks, n_jobs=2)
    assert [summary.spec.name for summary in grouped] == ["DL", "MF + norm", "DL"]
    for one, other in zip(alone, grouped, strict=True):
        np.testing.assert_allclose(other.predictions["valid"], one.predictions["valid"], atol=1e-4)
    assert not np.allclose(grouped[0].predictions["valid"], grouped[2].predictions["valid"])


def test_fit_task_cost_ranks_deep_and_unnormalised_fits_first() -> None:
    ratings = planted_ratings(4, 3)

    def cost(deep: bool, normalise: bool, latent: int = 8) -> float:
        spec = models.ModelSpec("m", deep=deep, bias=False, normalise=normalise, latent=latent)
        return fitting.FitTask(spec, ratings, ratings, 4, 3, FAST, 0, {}).cost()

    assert cost(True, True) > cost(False, False) > cost(False, True)
    assert cost(True, False) == 2 * cost(True, True) and cost(True, True, latent=64) > cost(True, True)


def planted_effects(n: int = 3000, seed: int = 0) -> pd.DataFrame:
    """Ratings = 3 + a user effect + a movie effect (each -1, 0 or +1, variance 2/3) + noise of sd 0.2 (never
    clipped): the mean predictor's RMSE is about sqrt(2/3 + 2/3 + 0.04) ≈ 1.17 stars; a model of the biases
    reaches about the noise."""
    rng = np.random.default_rng(seed)
    users, items = rng.integers(0, 40, n), rng.integers(0, 30, n)
    user_effect, item_effect = rng.choice([-1.0, 0.0, 1.0], 40), rng.choice([-1.0, 0.0, 1.0], 30)
    rating = np.clip(3 + user_effect[users] + item_effect[items] + rng.normal(0, 0.2, n), 1, 5)
    return pd.DataFrame({"user": users, "item": items, "rating": rating})


def test_the_baselines_predict_the_mean_and_learn_the_biases():
    table = planted_effects()
    train, test = table.iloc[:2400], table.iloc[2400:]
    mean = peers.Baseline("mean").predict(train, {"test": test})["test"]
    np.testing.assert_allclose(mean, train.rating.mean())
    biases = peers.Baseline("bias_only").predict(train, {"test": test})["test"]
    mean_rmse = np.sqrt(np.mean((test.rating - mean) ** 2))
    assert 1.0 < mean_rmse < 1.3
    assert np.sqrt(np.mean((test.rating - biases) ** 2)) < 0.4  # the noise is 0.2; shrinkage adds a little
    assert peers.Baseline("bias_only").name == "Mean + biases"
    with pytest.raises(ValueError, match="'median' is not one of"):
        peers.Baseline("median")


def test_peer_grid_names_each_configuration_and_svd_learns_the_effects():
    grid = peers.peer_grid(["SVD", "SVDpp"], [5, 10], [20], [0.005, 0.01], [0.02])
    assert len(grid) == 2 * 2 * 1 * 2 * 1 and len({spec.name for spec in grid}) == len(grid)
    assert grid[0].name == "SVD (5 factors, 20 epochs, learning rate 0.005, regularisation 0.02)"
    table = planted_effects()
    train, test = table.iloc[:2400], table.iloc[2400:]
    task = peers.PeerSpec("SVD", 10, 20, 0.01, 0.02).fold_task(train, test, 40, 30, 0, {"test": test})
    predicted = task.run().predictions["test"]
    assert predicted.shape == (len(test),) and predicted.min() >= 1 and predicted.max() <= 5
    assert np.sqrt(np.mean((test.rating - predicted) ** 2)) < 0.4
    with pytest.raises(ValueError, match="'KNN' is not one of"):
        peers.PeerSpec("KNN", 10, 20, 0.01, 0.02)


def test_peer_costs_rank_svdpp_above_svd_and_grow_with_factors_and_epochs():
    table = planted_effects()

    def cost(algorithm: str, factors: int = 10, epochs: int = 20) -> float:
        return peers.PeerSpec(algorithm, factors, epochs, 0.01, 0.02).fold_task(table, table, 40, 30, 0, {}).cost()

    assert cost("SVDpp") > cost("SVD") and cost("SVD", factors=20) == 2 * cost("SVD")
    assert cost("SVD", epochs=40) == 2 * cost("SVD")


def test_cross_validate_scores_peers_and_baselines_beside_the_models():
    table = planted_effects(1200)
    folds = [(table.iloc[:1000], table.iloc[1000:])]
    specs = [
        peers.Baseline("mean"),
        peers.PeerSpec("SVD", 5, 5, 0.01, 0.02),
        models.ModelSpec("MF+", deep=False, bias=True, normalise=True, latent=2),
    ]
    settings = fitting.TrainSettings(epochs=2, batch_size=64, patience=2)
    scores, predictions = cross_validation.cross_validate(specs, folds, 40, 30, settings, 0.2, seed=3)
    assert scores.model.tolist() == ["Mean rating", specs[1].name, "MF+"]
    fit_part = rating_tables.shuffle_split(folds[0][0], 0.2, seed=3)[0]
    np.testing.assert_allclose(predictions[(1, "Mean rating")]["test"], fit_part.rating.mean())


def test_blended_averages_the_members_predictions():
    predictions = {(1, "a"): {"test": np.array([1.0, 3.0])}, (1, "b"): {"test": np.array([3.0, 5.0])}}
    np.testing.assert_allclose(selection.blended(predictions, 1, "a & b", "test"), [2.0, 4.0])
    np.testing.assert_allclose(selection.blended(predictions, 1, "b", "test"), [3.0, 5.0])
