"""helpers.douyin.figures: what the figures the issue named draw (the hour bars, the persistence line)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.douyin import figures  # noqa: E402
from helpers.douyin.lstm import LstmFit  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_a_thin_hour_is_hatched_and_cut_so_the_other_hours_stay_readable():
    hours = pd.DataFrame(
        {"UV": [8.0, 73.0, 1835.0, 16.0], "live minutes": [48, 60, 1, 60]}, index=pd.Index([8, 9, 12, 16])
    )
    fig = figures.by_hour(hours, [("UV", "UV value", "yuan")])
    ax = fig.axes[0]
    bars = ax.patches[:4]
    assert [bool(bar.get_hatch()) for bar in bars] == [False, False, True, False]
    # the axis stops at HEADROOM times the tallest well-covered hour, and the cut bar carries its value
    assert ax.get_ylim()[1] == pytest.approx(figures.HEADROOM * 73.0)
    assert [text.get_text() for text in ax.texts] == ["1,835 ↑"]


def test_an_hour_chart_without_an_outlier_keeps_its_own_axis():
    hours = pd.DataFrame({"UV": [8.0, 9.0, 5.0], "live minutes": [48, 60, 3]}, index=pd.Index([8, 9, 12]))
    ax = figures.by_hour(hours, [("UV", "UV value", "yuan")]).axes[0]
    assert not ax.texts and ax.get_ylim()[1] < figures.HEADROOM * 9.0


def test_parts_of_the_day_cover_every_hour():
    assert [figures.part_of_day(h) for h in (0, 11, 12, 17, 18, 23)] == [
        "morning", "morning", "afternoon", "afternoon", "evening", "evening",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        figures.part_of_day(24)


def test_persistence_is_drawn_above_the_actual_minutes_in_its_own_style():
    times = pd.date_range("2019-12-02 21:00", periods=5, freq="min")
    actual = np.array([3.0, 5.0, 4.0, 6.0, 5.0])
    persistence = np.r_[2.0, actual[:-1]]
    first = LstmFit("lstm2", 10, 0, np.zeros(2), np.zeros(5), {"loss": [0.2, 0.1], "val_loss": [0.3, 0.2]})
    right = figures.fit(first, actual + 0.5, times, actual, persistence, "LSTM v2").axes[1]
    lines = {line.get_label(): line for line in right.get_lines()}
    assert lines["actual"].get_linestyle() == "None"  # dots only: no line to hide another under
    assert lines["persistence"].get_linestyle() == "--"
    assert lines["persistence"].get_zorder() > lines["actual"].get_zorder()
    assert lines["persistence"].get_color() != lines["actual"].get_color()
    np.testing.assert_array_equal(lines["persistence"].get_ydata()[: len(persistence)], persistence)


def test_the_correlation_map_names_each_column_in_words():
    # the expected words are those of the data dictionary file and the traffic-source rule, typed here
    assert figures.column_words("WATCH_UCNT") == "viewers entering"
    assert figures.column_words("LEAVE_UCNT") == "viewers leaving"
    assert figures.column_words("natural_total") == "natural: total"
    frame = pd.DataFrame({"WATCH_UCNT": [1.0, 2.0, 4.0], "natural_total": [2.0, 1.0, 3.0]})
    fig = figures.correlation(frame)
    labels = [label.get_text() for label in fig.axes[0].get_xticklabels()]
    assert labels == ["viewers entering", "natural: total"]
