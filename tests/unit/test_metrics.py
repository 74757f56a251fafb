"""The error metrics every chapter reports: hand-computed values, a second implementation, and the
properties any correct metric has (hypothesis)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import root_mean_squared_log_error

from helpers.common import metrics
from helpers.common.metrics import describe_flat, flat_predictions, mae, mse, r2, rmse, rmsle_from_log

Y = np.array([1.0, 2.0, 3.0, 4.0])
P = np.array([2.0, 2.0, 2.0, 6.0])  # errors -1, 0, 1, -2


def test_each_metric_on_a_hand_computed_example():
    assert mse(Y, P) == pytest.approx(6 / 4)  # (1 + 0 + 1 + 4) / 4
    assert rmse(Y, P) == pytest.approx(math.sqrt(1.5))
    assert mae(Y, P) == pytest.approx(4 / 4)  # (1 + 0 + 1 + 2) / 4
    assert r2(Y, P) == pytest.approx(1 - 6 / 5)  # 1 - SSE / SST, SST = 2.25 + 0.25 + 0.25 + 2.25
    assert r2(Y, [2.5] * 4) == 0.0  # the mean predictor
    assert r2(Y, Y) == 1.0
    assert rmse(Y, Y) == mae(Y, Y) == mse(Y, Y) == 0.0


def test_rmsle_from_log_is_the_rmse_of_the_log1p_values():
    y, y_hat = np.array([0.0, math.e - 1]), np.array([math.e - 1, 0.0])  # log1p: (0, 1) against (1, 0)
    assert rmsle_from_log(np.log1p(y), np.log1p(y_hat)) == pytest.approx(1.0)
    assert isinstance(rmsle_from_log([1, 2], [1, 3]), float)
    assert rmsle_from_log([1, 2], [1, 3]) == pytest.approx(math.sqrt(0.5))  # integer logs are read as floats


finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
pairs = st.integers(2, 30).flatmap(
    lambda n: st.tuples(arrays(float, n, elements=finite), arrays(float, n, elements=finite))
)


@settings(max_examples=60, deadline=None)
@given(pairs, finite)
def test_metrics_are_symmetric_shift_free_and_ordered(pair, shift):
    y, p = pair
    assert rmse(y, p) == pytest.approx(math.sqrt(mse(y, p)), abs=1e-9)
    assert 0.0 <= mae(y, p) <= rmse(y, p) + 1e-9  # the mean of |e| is at most the root mean of e²
    assert rmse(y, p) <= np.max(np.abs(y - p)) + 1e-9
    assert rmse(p, y) == pytest.approx(rmse(y, p)) and mae(p, y) == pytest.approx(mae(y, p))
    assert rmse(y + shift, p + shift) == pytest.approx(rmse(y, p), abs=1e-6)
    assert mae(y + shift, p + shift) == pytest.approx(mae(y, p), abs=1e-6)
    assert mae(y, p) == pytest.approx(np.mean(np.abs(y - p)))  # a second implementation
    assert mse(y, p) == pytest.approx(np.mean((y - p) ** 2), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(pairs)
def test_r2_is_one_less_the_share_of_variance_left(pair):
    y, p = pair
    spread = float(np.var(y))
    if spread < 1e-6:
        return
    assert r2(y, p) == pytest.approx(1 - np.mean((y - p) ** 2) / spread, abs=1e-9)
    assert r2(y, np.full_like(y, y.mean())) == pytest.approx(0.0, abs=1e-9)
    assert r2(y, y) == 1.0


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 20).flatmap(lambda n: st.tuples(*[arrays(float, n, elements=st.floats(0, 1e6))] * 2)))
def test_rmsle_from_log_agrees_with_scikit_learns_rmsle_on_the_raw_values(pair):
    y, y_hat = pair
    assert rmsle_from_log(np.log1p(y), np.log1p(y_hat)) == pytest.approx(
        root_mean_squared_log_error(y, y_hat), abs=1e-9
    )


RATINGS = np.array([-100.0, 100.0])  # sd 100: the flat limit is 1.0, the mean band 10.0


def test_a_model_is_flat_only_when_its_spread_is_below_one_percent_of_the_ratings():
    assert metrics.FLAT_SPREAD * np.std(RATINGS) == 1.0
    predictions = {
        "constant": np.array([7.0, 7.0]),
        "just under": np.array([4.01, 5.99]),  # sd 0.99
        "at the limit": np.array([4.0, 6.0]),  # sd 1.0: not below it
        "spread": np.array([-3.0, 3.0]),
    }
    assert flat_predictions(RATINGS, predictions) == pytest.approx({"constant": 7.0, "just under": 5.0})
    assert flat_predictions(RATINGS, {}) == {}


def test_a_flat_model_is_the_mean_only_within_a_tenth_of_the_ratings_sd():
    ratings = RATINGS + 100  # mean 100, sd 100: the mean band is 90 to 110, ends left out
    assert describe_flat(ratings, {"a": 109.99}) == "a gives every pair 109.99 stars, the mean rating"
    assert describe_flat(ratings, {"a": 90.01}) == "a gives every pair 90.01 stars, the mean rating"
    assert describe_flat(ratings, {"a": 110.0}) == "a gives every pair 110.00 stars"
    assert describe_flat(ratings, {"a": 90.0}) == "a gives every pair 90.00 stars"
    assert describe_flat(ratings, {"a": -100.0}) == "a gives every pair -100.00 stars"


def test_a_flat_sentence_names_each_model_its_value_unit_and_item():
    sentence = describe_flat(RATINGS, {"MF": -0.004, "DL": 50.0}, unit="log dollars", item="film")
    assert sentence == (
        "MF gives every film 0.00 log dollars, the mean rating; DL gives every film 50.00 log dollars"
    )  # -0.004 rounds to 0.00, never "-0.00"
    assert describe_flat(RATINGS, {"x": 12.345}) == "x gives every pair 12.35 stars"  # rounded half up here
    assert describe_flat(RATINGS, {}) == "no model gives every pair the same prediction here"
    assert describe_flat(RATINGS, {}, item="film") == "no model gives every film the same prediction here"
