"""The book's number format and its reader's names."""

import math
import re

import pandas as pd
import pytest

from helpers.common import formatting
from helpers.common.names import reader_name


def test_metrics_counts_differences_and_spreads():
    assert formatting.metric(0.242281) == "0.242"
    assert formatting.metric(-0.5) == "−0.500"
    assert formatting.count(809346.0) == "809,346"
    assert formatting.signed(0.0131) == "+0.013" and formatting.signed(-0.4861) == "−0.486"
    assert formatting.signed(-0.0001) == "0.000"  # no sign on a difference that rounds to zero


def test_an_interval_bound_near_zero_shows_its_side():
    # a verdict turns on the bound's side of zero: 0.0002 must not print as a bare "0.000"
    assert formatting.signed(0.0002, side_shown=True) == "+0.0002"
    assert formatting.signed(-0.00004, side_shown=True) == "−0.00004"
    assert formatting.signed(0.0131, side_shown=True) == "+0.013"  # already shows its side
    assert formatting.signed(0.0, side_shown=True) == "0.000"  # zero itself has no side
    assert formatting.signed(1e-9, side_shown=True) == "0.000000"  # at most six decimals
    assert formatting.mean_sd(0.812, 0.0042) == "0.812 ± 0.004"
    assert formatting.mean_sd(0.953, math.nan) == "0.953"
    assert formatting.percent(0.0654) == "6.5 %"
    assert formatting.metric(math.nan) == formatting.MISSING


def test_a_table_shows_no_index_and_nothing_cut():
    long_name = "x" * 300
    frame = pd.DataFrame({"name": [long_name], **{f"column {k}": [0.123456] for k in range(40)}})
    html = formatting.table(frame).to_html()
    assert long_name in html and "…" not in html and "..." not in html
    assert "0.123" in html and "0.123456" not in html
    assert "row_heading" not in html


def test_a_table_refuses_formats_for_columns_it_does_not_have():
    with pytest.raises(KeyError, match="nope"):
        formatting.table(pd.DataFrame({"a": [1]}), {"nope": str})


def test_model_keys_have_reader_names_and_an_unknown_key_is_named():
    import helpers.box_office.names  # noqa: F401  (each study package registers its names when imported)
    import helpers.douyin.names  # noqa: F401

    assert reader_name("rf") == "Random forest" and reader_name("lstm_multi") == "Multivariate LSTM"
    with pytest.raises(KeyError, match="'xgb'"):
        reader_name("xgb")


def test_a_cell_shows_whole_numbers_as_counts_and_others_as_metrics():
    assert formatting.cell(3.0) == "3" and formatting.cell(809330.0) == "809,330" and formatting.cell(42) == "42"
    assert formatting.cell(0.5) == "0.500" and formatting.cell("K-ADN") == "K-ADN" and formatting.cell(True) == "yes"


def test_a_column_format_applies_to_its_column_only():
    frame = pd.DataFrame({"parameters": [809330.0], "size (KiB)": [3161.507812]})
    html = formatting.table(frame, {"size (KiB)": lambda kib: f"{kib:,.1f}"}).to_html()
    assert "809,330" in html and "3,161.5" in html


def test_a_table_prints_a_relation_as_text_not_as_the_start_of_a_tag():
    html = formatting.table(pd.DataFrame({"this book": ["K-ADN 0.603 < FM 0.655"]})).to_html()
    assert "K-ADN 0.603 &lt; FM 0.655" in html


def test_a_tables_html_is_the_same_on_every_run_and_differs_with_its_content():
    frame = pd.DataFrame({"what": ["ratings", "users"], "count": [100_000, 943]})
    first, again = formatting.table(frame).to_html(), formatting.table(frame.copy()).to_html()
    assert first == again  # pandas' default ids are random: a rerun's output would differ
    other = formatting.table(frame.assign(count=[100_000, 944])).to_html()
    assert re.search(r'id="T_(\w+)"', first).group(1) != re.search(r'id="T_(\w+)"', other).group(1)
