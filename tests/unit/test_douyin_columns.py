"""The Douyin data dictionary: every column of the file in words with its unit, and an error for a gap."""

import pytest

from helpers.datasets import douyin

# the columns of the Douyin file, in the file's order less its unnamed index (data/douyin/SOURCE.md)
FILE_COLUMNS = [
    "natural_flow_trend_index", "pay_flow_trend_index", "UV_VALUE", "COMMENT_CNT", "date_time", "INCR_FANS_CNT",
    "LEAVE_UCNT", "FANS_CLUB_UCNT", "PAY_ORDER_GMV", "ONLINE_USER_CNT", "WATCH_UCNT", "PAY_CNT", "PAY_UCNT",
]  # fmt: skip


def test_the_dictionary_gives_every_column_of_the_file_words_and_a_unit_in_the_readers_order(tmp_path):
    columns = douyin.douyin_columns()
    assert sorted(columns.index) == sorted(FILE_COLUMNS)
    assert list(columns.columns) == ["words", "unit"]
    assert columns.notna().all().all() and (columns.map(str.strip) != "").all().all()
    path = tmp_path / "day.csv"  # the reader's columns come in the dictionary's order
    path.write_text("," + ",".join(FILE_COLUMNS) + "\n0,{},{}," + "1," * 2 + "2019-12-02 08:12:00," + "1," * 7 + "1\n")
    assert list(douyin.read_douyin(path).columns) == list(columns.index)


def test_a_label_is_the_columns_words_and_unit():
    assert douyin.douyin_label("WATCH_UCNT") == "viewers entering (viewers per minute)"
    assert douyin.douyin_label("PAY_ORDER_GMV") == "value of the orders paid (yuan per minute)"
    with pytest.raises(KeyError):
        douyin.douyin_label("NO_SUCH_COLUMN")


def test_a_dictionary_that_lacks_a_column_or_a_unit_is_an_error_naming_it(tmp_path, monkeypatch):
    complete = douyin.COLUMNS_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "douyin_columns.yml"
    monkeypatch.setattr(douyin, "COLUMNS_FILE", broken)
    broken.write_text(complete.replace("PAY_UCNT:", "PAY_USERS:"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"lack \['PAY_UCNT'\], name unknown \['PAY_USERS'\]"):
        douyin.douyin_columns()
    broken.write_text(complete.replace("  unit: buyers per minute\n", ""), encoding="utf-8")
    with pytest.raises(ValueError, match=r"lack words or unit for \['PAY_UCNT'\]"):
        douyin.douyin_columns()
