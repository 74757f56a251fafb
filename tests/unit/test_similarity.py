"""Cosine-similarity CF on hand-made matrices."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from helpers.movielens import similarity

X = np.array([[5.0, 3.0, 0.0, 1.0], [4.0, 0.0, 0.0, 1.0], [1.0, 1.0, 0.0, 5.0], [0.0, 0.0, 5.0, 4.0]])


def test_cosine_study_matches_the_formula_with_epsilon():
    dots = X @ X.T + 1e-9
    norms = np.sqrt(np.diag(dots))
    np.testing.assert_allclose(similarity.cosine_study(sp.csr_matrix(X)), dots / np.outer(norms, norms))


def test_cosine_study_keeps_empty_rows_finite():
    sim = similarity.cosine_study(np.vstack([X, np.zeros(4)]))
    assert np.isfinite(sim).all() and sim[4, 4] == pytest.approx(1.0) and abs(sim[4, 0]) < 1e-4


def test_predict_study_counts_unrated_as_zero():
    sim = similarity.cosine_study(X)
    expected = sim[1] @ X[:, 2] / np.abs(sim[1]).sum()  # user 1, item 2: only user 3 rated it
    assert similarity.predict_study(X, np.array([1]), np.array([2]))[0] == pytest.approx(expected)
    assert expected < 2.0  # dragged towards 0 by the three zeros


def test_topk_centred_uses_only_raters_and_their_means():
    means = similarity.row_means(X)
    sim = similarity.cosine_study(X)
    # user 1, item 1: raters are users 0 and 2; with k=1 only the more similar one counts
    best = 0 if sim[1, 0] > sim[1, 2] else 2
    expected = means[1] + (X[best, 1] - means[best])
    got = similarity.predict_topk_centred(X, np.array([1]), np.array([1]), k=1)[0]
    assert got == pytest.approx(expected)


def test_topk_centred_falls_back_to_row_mean_without_neighbours():
    Y = np.array([[4.0, 0.0], [2.0, 0.0]])
    got = similarity.predict_topk_centred(Y, np.array([0]), np.array([1]), k=5)
    assert got[0] == pytest.approx(4.0)


def item_based_by_loops(ratings: np.ndarray, user: int, item: int) -> float:
    """The study's item-based prediction of ``ratings[user, item]``, written with loops over the items:
    Σ_j s(item, j) r[user, j] / Σ_j |s(item, j)|, s the cosine of the item columns (+1e-9 as the study)."""
    columns = ratings.T
    norm = [np.sqrt(sum(v * v for v in col) + 1e-9) for col in columns]
    sims = [
        (sum(a * b for a, b in zip(columns[item], col, strict=True)) + 1e-9) / (norm[item] * norm[j])
        for j, col in enumerate(columns)
    ]
    return sum(s * ratings[user, j] for j, s in enumerate(sims)) / sum(abs(s) for s in sims)


def test_item_based_cf_passes_the_items_as_rows_and_agrees_with_loops_over_the_items():
    users, items = np.array([0, 2, 1]), np.array([2, 1, 3])
    expected = [item_based_by_loops(X, u, i) for u, i in zip(users, items, strict=True)]
    np.testing.assert_allclose(similarity.predict_study(X.T, items, users), expected, rtol=1e-12)
    # and it is not the user-based prediction of the same pairs (which weighs users, not items)
    assert not np.allclose(similarity.predict_study(X, users, items), expected)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="non-negative"):
        similarity.cosine_study(-X)
    with pytest.raises(ValueError, match="outside"):
        similarity.predict_study(X, np.array([9]), np.array([0]))
    with pytest.raises(ValueError, match="k must"):
        similarity.predict_topk_centred(X, np.array([0]), np.array([0]), k=0)


def test_cosine_dense_and_top_similar():
    F = np.array([[1.0, 0.0], [2.0, 0.1], [0.0, 1.0], [0.0, 0.0]])
    sim = similarity.cosine_dense(F)
    assert sim[0, 1] == pytest.approx(2 / np.sqrt(4.01)) and sim[3].max() == 0
    assert list(similarity.top_similar(sim[0], 2, exclude=0)) == [1, 2]


def test_cosine_corated_sums_over_the_shared_columns_only():
    sim = similarity.cosine_corated(sp.csr_matrix(X))
    # users 0 and 1 share items 0 and 3: (5·4 + 1·1) / (√(25 + 1) · √(16 + 1)), by hand
    assert sim[0, 1] == pytest.approx(21 / np.sqrt(26 * 17))
    # users 1 and 3 share item 3 alone: one rating each, so the cosine is 1
    assert sim[1, 3] == pytest.approx(1.0)
    no_common = similarity.cosine_corated(np.array([[5.0, 0.0], [0.0, 3.0]]))
    np.testing.assert_array_equal(no_common, np.eye(2))


def test_a_tie_goes_to_the_lower_index():
    # by the co-rated cosine rows 1 and 2 are equally similar to row 0 (1 each: the same ratings on the
    # columns they share); with k=1 row 1 is the neighbour
    Y = np.array([[4.0, 4.0, 0.0], [4.0, 4.0, 5.0], [4.0, 4.0, 1.0], [2.0, 1.0, 3.0]])
    means = similarity.row_means(Y)
    got = similarity.predict_topk_centred(Y, np.array([0]), np.array([2]), 1, similarity.cosine_corated)[0]
    assert got == pytest.approx(means[0] + (5.0 - means[1]))


def test_with_the_corated_cosine_it_is_surprises_knn_with_means():
    surprise = pytest.importorskip("surprise")
    rng = np.random.default_rng(0)
    ratings = np.where(rng.random((30, 12)) < 0.4, rng.integers(1, 11, (30, 12)) / 2, 0.0)  # users × items
    users, items = ratings.nonzero()
    trainset = surprise.Dataset.load_from_df(
        pd.DataFrame({"user": users, "item": items, "rating": ratings[users, items]}),
        surprise.Reader(rating_scale=(0.5, 5)),
    ).build_full_trainset()
    knn = surprise.KNNWithMeans(k=3, sim_options={"name": "cosine", "user_based": False}, verbose=False)
    knn.fit(trainset)
    pairs_u, pairs_i = (ratings == 0).nonzero()
    known = ratings[pairs_u].any(axis=1)  # Surprise gives a user it has never seen the global mean
    pairs_u, pairs_i = pairs_u[known], pairs_i[known]
    expected = [knn.predict(u, i, clip=False).est for u, i in zip(pairs_u, pairs_i, strict=True)]
    got = similarity.predict_topk_centred(ratings.T, pairs_i, pairs_u, 3, similarity.cosine_corated)
    np.testing.assert_allclose(got, expected, atol=1e-12)


def test_the_study_prediction_is_the_raters_mean_times_their_share_of_the_weight():
    # user 1, item 2: only user 3 rated it, so the raters' weighted mean is user 3's rating, 5
    sim = similarity.cosine_study(X)
    share = similarity.rater_weight_share(X, np.array([1]), np.array([2]))[0]
    assert share == pytest.approx(sim[1, 3] / sim[1].sum())  # by hand: one rater's weight over all four
    assert similarity.predict_study(X, np.array([1]), np.array([2]))[0] == pytest.approx(5 * share)


def test_lowest_rating_per_column_skips_the_unrated():
    np.testing.assert_array_equal(similarity.lowest_rating(X), [1.0, 1.0, 5.0, 1.0])
    assert np.isnan(similarity.lowest_rating(np.array([[2.0, 0.0], [3.0, 0.0]]))[1])


def test_an_empty_row_is_nearest_to_the_rows_with_the_smallest_norms():
    got = similarity.cosine_study_of_empty(X)
    norms = np.sqrt((X**2).sum(axis=1) + 1e-9)  # 5.92, 4.12, 5.20, 6.40
    np.testing.assert_allclose(got, np.sqrt(1e-9) / norms)
    assert list(np.argsort(-got)) == [1, 2, 0, 3]  # the ranking is the norms', not the new row's


def test_cosine_between_queries_and_a_pool():
    F, G = np.array([[3.0, 4.0], [0.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 2.0]])
    np.testing.assert_allclose(similarity.cosine_between(F, G), [[0.6, 0.8], [0.0, 0.0]])
