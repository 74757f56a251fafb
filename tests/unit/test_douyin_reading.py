"""helpers.douyin.reading: the registered day by default, a file of one's own when the parameter names one."""

from types import SimpleNamespace

import pandas as pd
import pytest

from helpers import datasets
from helpers.common.errors import ParameterError
from helpers.douyin import reading


def test_the_registered_day_is_read_without_a_file_and_named_as_its_file(monkeypatch):
    registered = pd.DataFrame({"WATCH_UCNT": [3.0, 4.0]})
    asked = []

    def load(name):
        asked.append(name)
        return SimpleNamespace(minutes=registered)

    monkeypatch.setattr(reading.datasets, "load", load)
    minutes, name = reading.load_or_own(None)
    assert asked == ["douyin"] and minutes is registered and name == "predict.csv"


def test_a_file_of_ones_own_is_read_with_the_studys_schema(tmp_path):
    own = tmp_path / "room.csv"
    header = ",date_time,natural_flow_trend_index,pay_flow_trend_index," + ",".join(datasets.DOUYIN_METRICS)
    rows = [f'{k},2024-03-05 09:0{k}:00,"{{\'搜索\': 2}}","{{}}",' + ",".join(["1"] * 10) for k in range(3)]
    own.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    minutes, name = reading.load_or_own(str(own))
    assert name == "room.csv" and len(minutes) == 3
    assert minutes["WATCH_UCNT"].tolist() == [1.0, 1.0, 1.0]


def test_a_missing_file_names_the_parameter(tmp_path):
    with pytest.raises(ParameterError, match="data_path"):
        reading.load_or_own(str(tmp_path / "none.csv"))
