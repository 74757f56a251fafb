"""Properties of the windowing, the splits and the rating-matrix builders on data hypothesis draws: no test
row reaches training, a window never reaches past its target, a hold-out moves ratings without losing or
copying one, and a matrix holds every rating at its user's row and its item's column."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.douyin import timeseries
from helpers.movielens import rating_matrix as rm

FAST = settings(max_examples=40, deadline=None)


@st.composite
def chronological_split(draw):
    """A series length n and a split window < n_train < test_start < n."""
    n = draw(st.integers(8, 80))
    window = draw(st.integers(1, n - 4))
    n_train = draw(st.integers(window + 1, n - 2))
    test_start = draw(st.integers(n_train + 1, n - 1))
    return n, window, n_train, test_start


@FAST
@given(chronological_split(), st.integers(0, 2**32 - 1))
def test_windows_take_their_inputs_only_from_rows_before_their_target(split, seed):
    n, window, n_train, test_start = split
    rng = np.random.default_rng(seed)
    target = rng.normal(20, 5, n)
    rows = np.arange(n, dtype=float)  # a feature that is its own row number, to read back where inputs come from
    data = timeseries.make_windows(np.c_[rows, target], target, window, n_train, test_start)
    for part, first, stop in (("train", window, n_train), ("valid", n_train, test_start), ("test", test_start, n)):
        x, y = getattr(data, f"x_{part}"), getattr(data, f"y_{part}")
        assert len(x) == len(y) == stop - first
        source = np.rint(data.feature_scaler.inverse_transform(x.reshape(-1, 2).astype(float))[:, 0]).reshape(
            len(x), window
        )
        targets = np.arange(first, stop)
        # window i holds exactly the `window` rows before its target, never the target or a later row
        np.testing.assert_array_equal(source, targets[:, None] - np.arange(window, 0, -1)[None, :])
        np.testing.assert_allclose(data.inverse(y), target[first:stop], rtol=1e-5, atol=1e-4)
    # no validation or test row reaches the training windows, neither as a target nor as an input
    assert source_rows(data, "train", window).max() < n_train
    # the scalers saw the training rows only: their range is the training rows' range
    assert data.target_scaler.data_min_[0] == pytest.approx(target[:n_train].min())
    assert data.target_scaler.data_max_[0] == pytest.approx(target[:n_train].max())
    assert data.feature_scaler.data_max_[0] == n_train - 1


def source_rows(data: timeseries.WindowedData, part: str, window: int) -> np.ndarray:
    """The row numbers (the first feature, unscaled) the inputs of ``part`` come from."""
    x = getattr(data, f"x_{part}").reshape(-1, 2).astype(float)
    return np.rint(data.feature_scaler.inverse_transform(x)[:, 0])


@FAST
@given(st.integers(2, 60), st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_the_naive_forecasts_use_only_earlier_rows(n, span, seed):
    assume(span < n)
    series = np.random.default_rng(seed).normal(0, 1, n)
    positions = np.arange(span, n)
    np.testing.assert_array_equal(timeseries.persistence(series, positions), series[positions - 1])
    expected = [series[p - span : p].mean() for p in positions]  # a loop over the rows before each target
    np.testing.assert_allclose(timeseries.moving_average(series, positions, span), expected)
    lags = timeseries.lag_features(series, positions, span)
    for k in range(span):
        np.testing.assert_array_equal(lags[:, k], series[positions - k - 1])


@FAST
@given(st.lists(st.booleans(), min_size=1, max_size=60), st.integers(0, 8))
def test_dead_runs_are_exactly_the_runs_at_least_as_long_as_the_minimum(flags, minimum):
    dead = pd.Series(flags)
    marked = timeseries.dead_runs(dead, minimum)
    expected, start = [False] * len(flags), 0
    for end in range(1, len(flags) + 1):  # the runs, found with a loop
        if end == len(flags) or flags[end] != flags[start]:
            long_enough = minimum > 0 and end - start >= minimum
            expected[start:end] = [flags[start] and long_enough] * (end - start)
            start = end
    assert marked.tolist() == expected


@st.composite
def rating_table(draw):
    """A long table of ratings, one per (user, item) pair, with arbitrary ids and ratings 0.5..5."""
    pairs = draw(st.lists(st.tuples(st.integers(-50, 50), st.integers(0, 1000)), min_size=1, max_size=40, unique=True))
    ratings = draw(st.lists(st.sampled_from(np.arange(1, 11) / 2), min_size=len(pairs), max_size=len(pairs)))
    users, items = zip(*pairs, strict=True)
    return pd.DataFrame({"userId": users, "movieId": items, "rating": ratings})


@FAST
@given(rating_table())
def test_a_rating_matrix_holds_every_rating_at_its_users_row_and_its_items_column(table):
    built = rm.rating_matrix(table)
    dense = built.matrix.toarray()
    assert built.matrix.nnz == len(table)
    for user, item, rating in table.itertuples(index=False):
        row = np.flatnonzero(built.user_ids == user)[0]
        col = np.flatnonzero(built.item_ids == item)[0]
        assert dense[row, col] == rating
    assert sorted(built.user_ids) == sorted(set(table.userId)) and sorted(built.item_ids) == sorted(set(table.movieId))
    cells = table.userId.nunique() * table.movieId.nunique()
    assert built.density_pct() == pytest.approx(100 * len(table) / cells)
    with pytest.raises(ValueError, match="more than once"):
        rm.rating_matrix(pd.concat([table, table.iloc[:1]]))


@FAST
@given(st.integers(1, 4), st.integers(2, 8), st.integers(0, 2**32 - 1))
def test_a_hold_out_moves_n_ratings_of_every_user_and_keeps_the_rest(n_per_user, extra, seed):
    rng = np.random.default_rng(seed)
    users, items = 6, n_per_user + extra + 5
    dense = np.where(rng.random((users, items)) < 0.8, rng.integers(1, 6, (users, items)), 0).astype(float)
    dense[:, : n_per_user + 1] = rng.integers(1, 6, (users, n_per_user + 1))  # every user has enough
    train, held = rm.holdout_per_user(sp.csr_matrix(dense), n_per_user, rng)
    train, held = train.toarray(), held.toarray()
    np.testing.assert_array_equal(train + held, dense)  # nothing lost, nothing copied
    assert not ((train > 0) & (held > 0)).any()  # no held-out rating is also a training rating
    assert ((held > 0).sum(axis=1) == n_per_user).all()
    assert ((train > 0).sum(axis=1) == (dense > 0).sum(axis=1) - n_per_user).all()
    short = dense.copy()
    short[2, :] = 0
    short[2, 0] = 4.0
    with pytest.raises(ValueError, match="user row 2 has 1 ratings"):
        rm.holdout_per_user(sp.csr_matrix(short), n_per_user, rng)
