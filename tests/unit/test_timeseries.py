"""helpers.douyin.timeseries on tiny hand-made minutes: source parsing, gap filling, dead runs, windows, baselines."""

import numpy as np
import pandas as pd
import pytest

from helpers import datasets
from helpers.common.errors import DataError
from helpers.douyin import timeseries

NATURAL = "{'直播推荐': 3, '全部自然流量': 5, '关注': 2}"
PAID = "{'千川PC版': 1, '全部付费流量': 1}"


def minutes(times, watch, natural=None, paid=None):
    """A loader-shaped table: date_time, the two dict-text columns and WATCH_UCNT."""
    n = len(times)
    return pd.DataFrame(
        {
            "date_time": pd.to_datetime(times),
            "natural_flow_trend_index": natural or [NATURAL] * n,
            "pay_flow_trend_index": paid or [PAID] * n,
            "WATCH_UCNT": np.asarray(watch, dtype=float),
        }
    )


def test_sources_become_named_columns_and_missing_sources_count_zero():
    table = timeseries.expand_sources(minutes(["2019-12-02 08:00", "2019-12-02 08:01"], [4, 5]))
    assert "natural_flow_trend_index" not in table and "pay_flow_trend_index" not in table
    assert table.loc[0, "natural_live_recommendation"] == 3
    assert table.loc[0, "natural_following"] == 2
    assert table.loc[0, "natural_search"] == 0
    assert table.loc[1, "paid_qianchuan_pc"] == 1
    assert len([c for c in table if c.startswith(("natural_", "paid_"))]) == 16
    assert timeseries.traffic(table).tolist() == [6, 6]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{'搜索': 1", "not a Python dict literal"),
        ("__import__('os').system('true')", "not a Python dict literal"),
        ("[1, 2]", "expected a dict"),
        ("{'搜索': -1}", "non-negative"),
        ("{'搜索': 'many'}", "non-negative"),
        ("{'new source': 1}", "unknown traffic source"),
    ],
)
def test_a_bad_dict_names_its_row_and_column(text, message):
    table = minutes(["2019-12-02 08:00", "2019-12-02 08:01"], [1, 1], natural=[NATURAL, text])
    with pytest.raises(DataError, match=f"data row 2, column natural_flow_trend_index: .*{message}"):
        timeseries.expand_sources(table)


def test_dead_days_rule_drops_only_days_below_the_threshold():
    quiet = "{'全部自然流量': 0}"
    table = timeseries.expand_sources(
        minutes(
            ["2019-12-01 10:00", "2019-12-01 10:01", "2019-12-02 10:00"],
            [0, 0, 7],
            natural=[quiet, quiet, NATURAL],
            paid=["{}", "{}", PAID],
        )
    )
    kept, dropped = timeseries.drop_dead_days(table, min_traffic=1)
    assert [str(d) for d in dropped] == ["2019-12-01"]
    assert kept["WATCH_UCNT"].tolist() == [7]


def test_missing_minutes_are_added_as_zeros_and_marked():
    table = timeseries.expand_sources(minutes(["2019-12-02 08:00", "2019-12-02 08:03"], [4, 6]))
    filled = timeseries.fill_minutes(table)
    assert len(filled) == 4
    assert filled["WATCH_UCNT"].tolist() == [4, 0, 0, 6]
    assert filled["filled"].tolist() == [False, True, True, False]


def test_a_file_with_repeated_and_off_grid_minutes_is_merged_as_the_study_merged_it(tmp_path):
    # a generated file in the study's schema (saved index first, rows out of order as in data.csv): 08:01
    # twice, 08:02:30 off the minute grid, 08:02 and 08:03 missing. The study's outer merge with the grid
    # keeps all 5 rows and adds the 2 missing grid minutes: 7 rows, in time order (by hand below)
    times = [f"2019-12-02 08:{m}" for m in ("04:00", "01:00", "00:00", "02:30", "01:00")]
    file = tmp_path / "data.csv"
    pd.DataFrame(
        {
            "date_time": times,
            "natural_flow_trend_index": [NATURAL] * 5,
            "pay_flow_trend_index": [PAID] * 5,
            **{name: [0.0] * 5 for name in datasets.DOUYIN_METRICS if name != "WATCH_UCNT"},
            "WATCH_UCNT": [5.0, 2.0, 1.0, 4.0, 3.0],
        }
    ).to_csv(file)
    table = timeseries.expand_sources(datasets.read_douyin(file))
    assert timeseries.irregular_rows(table) == (1, 1)
    filled = timeseries.fill_minutes(table)
    assert [f"{t:%H:%M:%S}" for t in filled.index] == [
        "08:00:00", "08:01:00", "08:01:00", "08:02:00", "08:02:30", "08:03:00", "08:04:00",
    ]  # fmt: skip
    assert filled["WATCH_UCNT"].tolist() == [1, 2, 3, 0, 4, 0, 5]  # the repeated minute in the file's order
    assert filled["filled"].tolist() == [False, False, False, True, False, True, False]
    assert filled["natural_total"].tolist() == [5, 5, 5, 0, 5, 0, 5]


def test_dead_runs_keep_short_runs_and_zero_disables():
    dead = pd.Series([True, True, False, True, True, True, False])
    assert timeseries.dead_runs(dead, 3).tolist() == [False, False, False, True, True, True, False]
    assert not timeseries.dead_runs(dead, 0).any()


def test_sliding_windows_hold_the_rows_before_each_target():
    values = np.arange(10.0)
    windows = timeseries.sliding_windows(values, 3, np.array([3, 9]))
    assert windows.shape == (2, 3, 1)
    assert windows[:, :, 0].tolist() == [[0, 1, 2], [6, 7, 8]]
    with pytest.raises(ValueError, match="earlier rows"):
        timeseries.sliding_windows(values, 3, np.array([2]))


def test_make_windows_scales_on_training_rows_only_and_cuts_validation_and_test_in_order():
    target = np.array([0, 10, 5, 10, 0, 20, 40, 20, 30.0])
    prepared = timeseries.make_windows(target, target, window=2, n_train=5, test_start=7)
    assert prepared.x_train.shape == (3, 2, 1) and prepared.x_valid.shape == (2, 2, 1)
    assert prepared.x_test.shape == (2, 2, 1)
    assert prepared.y_train.tolist() == pytest.approx([0.5, 1.0, 0.0])  # scaled by the training range 0..10
    assert prepared.y_valid.tolist() == pytest.approx([2.0, 4.0])
    assert prepared.y_test.tolist() == pytest.approx([2.0, 3.0])
    assert prepared.x_valid[0, :, 0].tolist() == pytest.approx([1.0, 0.0])  # reaches back into training rows
    assert prepared.x_test[0, :, 0].tolist() == pytest.approx([2.0, 4.0])  # and into validation rows
    assert prepared.inverse(prepared.y_test).tolist() == pytest.approx([20, 30])
    assert prepared.inverse(np.array([[0.5, 1.0], [0.0, 2.0]])).tolist() == [[5, 10], [0, 20]]
    with pytest.raises(ValueError, match="shorter than"):
        timeseries.make_windows(target, target, window=5, n_train=5, test_start=7)
    with pytest.raises(ValueError, match="before the validation rows"):
        timeseries.make_windows(target, target, window=2, n_train=7, test_start=7)


def test_split_point_is_chronological_and_checked():
    assert timeseries.split_point(698, 0.75) == 523
    with pytest.raises(ValueError, match="between 0 and 1"):
        timeseries.split_point(10, 1.0)


def test_baselines_on_a_known_series():
    series = np.array([1, 2, 3, 4, 5, 6.0])
    positions = np.array([3, 5])
    assert timeseries.persistence(series, positions).tolist() == [3, 5]
    assert timeseries.training_mean(series, 4, positions).tolist() == [2.5, 2.5]  # (1 + 2 + 3 + 4) / 4
    assert timeseries.moving_average(series, positions, 2).tolist() == [2.5, 4.5]
    assert timeseries.lag_features(series, positions, 3).tolist() == [[3, 2, 1], [5, 4, 3]]


def test_the_drift_of_a_forecast_is_read_against_a_level():
    assert timeseries.drift_word(20.0, 12.0, 10.0) == "toward"  # 10 above the level, then 2
    assert timeseries.drift_word(12.0, 20.0, 10.0) == "away from"
    assert timeseries.drift_word(8.0, 12.0, 10.0) == "no closer to"  # 2 below, then 2 above


def test_a_source_column_reads_as_its_kind_and_name():
    assert timeseries.source_label("natural_short_video") == "natural: short video"
    assert timeseries.source_label("paid_qianchuan_pc") == "paid: qianchuan pc"


def test_dead_stretches_give_each_run_from_its_first_minute_to_the_first_after_it():
    times = pd.date_range("2019-12-02 08:00", periods=8, freq="min")
    marked = pd.Series([True, True, False, False, True, True, False, True], index=times)
    stretches = timeseries.dead_stretches(marked)
    # three runs: 08:00-08:01 (ends at 08:02), 08:04-08:05 (ends at 08:06), 08:07 (reaches the end)
    assert list(stretches["start"]) == [times[0], times[4], times[7]]
    assert list(stretches["end"]) == [times[2], times[6], times[7]]
    assert timeseries.dead_stretches(pd.Series(False, index=times)).empty


def test_seasonal_strength_is_one_less_the_residual_share_where_the_residual_is_defined():
    seasonal = np.array([9.0, 1.0, -1.0, 1.0, -1.0, 9.0])
    residual = np.array([np.nan, 0.5, 0.5, -0.5, -0.5, np.nan])
    # over the four defined minutes: Var(R) = 0.25, S + R = 1.5, -0.5, 0.5, -1.5 with Var 1.25
    assert timeseries.seasonal_strength(seasonal, residual) == pytest.approx(1 - 0.25 / 1.25)
    # a residual larger than the pattern gives no strength, never a negative one
    assert timeseries.seasonal_strength(np.zeros(4), np.array([1.0, -1.0, 2.0, -2.0])) == 0.0


def test_source_visits_sum_each_source_per_bin_and_leave_out_totals_and_silent_sources():
    times = pd.date_range("2019-12-02 08:00", periods=4, freq="15min")
    frame = pd.DataFrame(
        {
            "natural_search": [1.0, 2.0, 3.0, 4.0],
            "natural_total": [1.0, 2.0, 3.0, 4.0],
            "paid_brand_ads": [0.0, 0.0, 0.0, 0.0],
            "paid_shop_boost": [0.0, 5.0, 0.0, 1.0],
        },
        index=times,
    )
    visits = timeseries.source_visits(frame, list(frame.columns), "30min")
    assert list(visits.columns) == ["natural_search", "paid_shop_boost"]
    assert visits.to_numpy().tolist() == [[3.0, 5.0], [7.0, 1.0]]
