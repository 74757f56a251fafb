"""Cosine-similarity CF on hand-made matrices."""

import numpy as np
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


def test_item_based_is_user_based_on_the_transpose():
    rows, cols = np.array([0, 2]), np.array([2, 1])
    a = similarity.predict_study(X.T, cols, rows)
    b = similarity.predict_study(sp.csr_matrix(X).T, cols, rows)
    np.testing.assert_allclose(a, b)


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
