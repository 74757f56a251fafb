"""Unit tests of helpers.douban.features on tiny hand-made films."""

import numpy as np
import pandas as pd
import pytest

from helpers.douban import features


def test_split_values_strips_dedups_and_handles_missing():
    rows = features.split_values(pd.Series(["a / b/a", None, ""], dtype="string"))
    assert rows == [["a", "b"], [], []]


def test_vocabulary_keeps_top_n_and_counts_other_rows():
    rows = [["x", "y"], ["x"], ["z"], ["x", "z"]]
    vocab = features.fit_vocabulary("f", rows, top_n=2)
    assert vocab.tokens == (features.PAD, features.OTHER, "x", "z")
    assert vocab.counts == (0, 1, 3, 2)  # only row 0 holds a rare value (y)
    with pytest.raises(ValueError, match="top_n"):
        features.fit_vocabulary("f", rows, top_n=0)


def test_encode_ids_pads_and_maps_rare_values_to_one_other_id():
    vocab = features.fit_vocabulary("f", [["x"], ["x", "z"]], top_n=2)
    rows = [["z", "q", "r"], [], ["x"]]
    assert features.encoded_length(rows, vocab) == 2
    ids = features.encode_values(rows, vocab, max_len=3)
    np.testing.assert_array_equal(ids, [[3, 1, 0], [0, 0, 0], [2, 0, 0]])
    with pytest.raises(ValueError, match="max_len"):
        features.encode_values(rows, vocab, max_len=1)


def test_multi_hot_drops_padding_column():
    hot = features.multi_hot(np.array([[3, 1, 0], [0, 0, 0]]), size=4).toarray()
    np.testing.assert_array_equal(hot, [[1, 0, 1], [0, 0, 0]])


def test_parse_minutes_reads_first_number():
    minutes = features.parse_minutes(pd.Series(["130分钟", "90分钟(剧场版)", None], dtype="string"))
    np.testing.assert_array_equal(minutes[:2], [130.0, 90.0])
    assert np.isnan(minutes[2])


def test_design_fits_on_training_rows_only():
    fields = {"genre": [["a"], ["b"], ["c"], ["a", "c"]]}
    numeric = np.array([[1.0], [3.0], [2.5], [100.0]])
    design = features.design(fields, numeric, train=np.array([0, 1]), top_n={"genre": 5})
    assert design.vocabularies["genre"].tokens == (features.PAD, features.OTHER, "a", "b")
    np.testing.assert_array_equal(design.arrays["genre"][:, 0], [2, 3, 1, 2])
    # training mean 2, std 1
    np.testing.assert_allclose(design.arrays["numeric"][:, 0], [-1, 1, 0.5, 98])
    assert design.sparse.shape == (4, 3 + 1)


def test_design_refuses_a_missing_number():
    # the paper drops a film that lacks a label, so a missing runtime must not reach the design unnoticed
    with pytest.raises(ValueError, match=r"numeric columns \[1\] are missing in 1 rows \(first: row 2\)"):
        features.design(
            {"g": [["a"]] * 3}, np.array([[1.0, 2.0], [2.0, 3.0], [3.0, np.nan]]), np.array([0, 1]), {"g": 1}
        )


def test_design_rejects_constant_numeric_column():
    with pytest.raises(ValueError, match="constant"):
        features.design({"g": [["a"], ["a"]]}, np.array([[1.0], [1.0]]), np.array([0, 1]), {"g": 1})
