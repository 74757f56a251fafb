"""helpers.douyin.tables on tiny hand-made minutes and forecasts: each table's figures against values
worked out by hand."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from helpers.douyin import tables


def test_the_cleaning_table_counts_what_each_step_changed():
    times = pd.to_datetime(["2019-12-02 08:00", "2019-12-02 08:01", "2019-12-02 08:04", "2019-12-03 09:00"])
    expanded = pd.DataFrame({"date_time": times, "WATCH_UCNT": [1.0, np.nan, 2.0, 0.0]})
    kept_days = expanded.iloc[:3]  # the last day dropped
    filled = pd.DataFrame({"filled": [False, False, True, True, False]})  # 08:02 and 08:03 added
    in_dead_run = pd.Series([False, False, True, True, False])
    table = tables.cleaning_steps(expanded, kept_days, ["2019-12-03"], filled, in_dead_run, 10, 2)
    assert table["changed"].tolist() == [4, 1, 1, 0, 2, 2]
    assert table["minutes after the step"].tolist() == [4, 3, 3, 3, 5, 3]
    assert table["step"][1] == "days with traffic < 10 dropped (1 day)"


def test_the_parts_of_the_minutes_give_their_counts_and_times():
    times = pd.date_range("2019-12-02 20:00", periods=10, freq="min")
    parts = tables.split_parts(times, 6, 8)
    assert parts["minutes"].tolist() == [6, 2, 2]
    assert parts["from"].tolist() == ["20:00", "20:06", "20:08"]
    assert parts["to"].tolist() == ["20:05", "20:07", "20:09"]


def test_regimes_compare_the_training_and_test_minutes():
    y_train = np.arange(1.0, 21.0)  # 1..20: 95th percentile 19.05
    y_test = np.array([10.0, 20.0, 10.0, 20.0])
    frame = tables.regimes(y_train, y_test)
    assert frame["training minutes"].iloc[0] == pytest.approx(10.5)
    assert frame["test minutes"].tolist()[:3] == pytest.approx([15.0, 25.0, 0.5])
    assert frame["test minutes"].iloc[3] == pytest.approx(-1.0)  # alternating minutes
    assert frame["training minutes"].iloc[3] == pytest.approx(1.0)  # a straight line


class FakeFits:
    """Fits of two seeds of v2 and of a trial whose second seed forecasts a constant."""

    def __init__(self):
        self.test = {
            "lstm2": np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 4.0]]),
            "lstm2_relu": np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]]),
        }

    def forecasts(self, name, part, window=None):
        return self.test[name] if part == "test" else self.test[name] + 1

    def of(self, name, window=None):
        return [
            SimpleNamespace(test_pred=row / 10, seed=k, start_min=-k, end_min=0.1)
            for k, row in enumerate(self.test[name])
        ]


def test_the_trials_table_counts_constant_fits_and_fits_that_match_v2():
    y = np.array([1.0, 2.0, 3.0])
    table = tables.trials(FakeFits(), ["lstm2_relu"], y, 0.01)
    relu = table.loc["LSTM v2, ReLU head"]
    assert relu["constant forecasts"] == 1 and relu[tables.same_column(0.01)] == 1
    # seed 0 is perfect (R² 1); seed 1 forecasts 2 everywhere, the minutes' mean (R² 0)
    assert relu["R² mean"] == pytest.approx(0.5) and relu["R² sd"] == pytest.approx(np.sqrt(0.5))
    assert table.loc["LSTM v2", tables.same_column(0.01)] == 2


def test_the_heads_table_has_v2s_outputs_and_the_largest_gap_per_seed():
    frame = tables.heads(FakeFits(), ["lstm2_relu"])
    assert frame.index.tolist() == [0, 1]
    assert frame.iloc[:, 0].tolist() == [0, -1]
    assert frame.iloc[:, 2].tolist() == [0.0, 2.0]  # seed 1: |2 - 4| at the last minute


def test_candidates_and_every_model_mark_the_figures_per_model():
    y = np.array([1.0, 2.0, 3.0])
    fits = FakeFits()
    choice = tables.candidates(fits, [("lstm2", 10)], y + 1, {"persistence": np.array([2.0, 2.0, 3.0])})
    assert choice.index.tolist() == ["LSTM v2, 10-minute window", "Persistence"]
    assert choice["validation R² sd"].iloc[1] == 0.0
    every = tables.every_model(y, {"a": fits.test["lstm2"], "b": np.array([2.0, 2.0, 2.0])}, "b")
    assert every["fits"].tolist() == [2, 1] and every["chosen on validation"].tolist() == ["", "yes"]
    assert every.loc["b", "R² mean"] == pytest.approx(0.0) and every.loc["b", "R² sd"] == 0.0


def test_the_first_rows_name_each_file_column_in_words_beside_its_code_with_one_format_per_column():
    frame = pd.DataFrame(
        {
            "WATCH_UCNT": [1834.0, 2.0, 0.0],  # whole numbers: counts
            "UV_VALUE": [8.5423, 0.0, 1.0],  # one fraction: every value to the book's decimals
            "natural_live_recommendation": [3.0, 0.0, 7.0],  # a source column the chapter named
        }
    )
    shown = tables.first_rows(frame, 2)
    assert shown.data.columns.tolist() == [
        "viewers entering (WATCH_UCNT)",
        "UV value, the sales per visitor (UV_VALUE)",
        "natural: live recommendation",
    ]
    html = shown.to_html()
    assert "1,834" in html and ">2<" in html and "8.542" in html and ">0.000<" in html
    assert "1.000" not in html, "only the rows asked for"


def test_the_hour_means_give_words_code_and_unit_and_one_format_per_column():
    by_hour = pd.DataFrame(
        {"UV_VALUE": [8.5423, 73.0], "WATCH_UCNT": [73.0, 1835.25], "live minutes": [1835, 12]},
        index=pd.Index([9, 10], name="hour of the day"),
    )
    shown = tables.hour_means(by_hour)
    assert shown.data.columns.tolist() == [
        "hour of the day",
        "mean UV value, the sales per visitor (UV_VALUE), yuan per viewer",
        "mean viewers entering (WATCH_UCNT), viewers per minute",
        "live minutes",
    ]
    html = shown.to_html()
    for text in (">8.542<", ">73.000<", ">1835.250<", ">1,835<", ">12<"):  # 73 as a mean; 1,835 minutes
        assert text in html, text
