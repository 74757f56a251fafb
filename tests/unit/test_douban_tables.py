"""Unit tests of helpers.douban.tables: the chapter's tables assembled from made-up fits, each entry
checked against a value worked out here."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.common.judgement import Interval
from helpers.douban import claims, tables

Y = np.array([5.0, 6.0, 7.0, 8.0])


def run(test, val_mae=0.5, seconds=1.0, checks=()):
    return {"test": np.asarray(test, dtype=float), "val_mae": val_mae, "seconds": seconds, "checks": list(checks)}


def interval(estimate, low, high):
    return Interval(estimate, low, high, 0.95, "1 seed and 4 test films", "made up")


def test_scores_give_one_row_per_model_and_seed():
    fits = {"mean": [run([6.5] * 4, 1.0)], "kadn": [run(Y + 1, 0.4), run(Y - 0.5, 0.3)]}
    frame = tables.scores(Y, fits, seeds=[7, 8])
    assert frame[["model", "seed"]].values.tolist() == [["mean", 7], ["kadn", 7], ["kadn", 8]]
    assert frame["MAE"].tolist() == pytest.approx([1.0, 1.0, 0.5])
    assert frame["RMSE"].iloc[0] == pytest.approx(math.sqrt((2.25 + 0.25 + 0.25 + 2.25) / 4))


def test_table_1_prints_intervals_and_leaves_a_model_the_paper_lacks_blank():
    intervals = {(m, k): interval(0.7, 0.65, 0.75) for m in ("ridge", "kadn") for k in ("mae", "rmse")}
    frame = tables.table_1(intervals, {"ridge": 6.123}, claims.TABLE_1, ["ridge", "kadn"])
    assert frame.loc["K-ADN", "MAE (this book, 95 % interval)"] == "0.700 (0.650 to 0.750)"
    assert frame.loc["K-ADN", "MAE (paper)"] == 0.611 and math.isnan(frame.loc["Ridge regression", "MAE (paper)"])
    assert frame["one value (stars)"].tolist() == ["6.12", ""]


def test_the_text_headlines_work_back_to_the_models_they_were_taken_from():
    # 0.618 is 12.09 % below 0.618 / 0.8791 = 0.703, DeepFM's MAE; the RMSE's base is found here again as the
    # Table 1 RMSE nearest to 0.67 / 0.894
    base, nearest = tables.headline_base(0.618, 12.09, claims.TABLE_1, 0)
    assert base == pytest.approx(0.618 / 0.8791) and nearest == "deepfm"
    rmse_base = 0.67 / (1 - 0.106)
    expected = min(claims.TABLE_1, key=lambda m: abs(claims.TABLE_1[m][1] - rmse_base))
    assert tables.headline_base(0.67, 10.6, claims.TABLE_1, 1)[1] == expected
    assert tables.table_drop(claims.TABLE_1, 0) == round(100 * (1 - 0.611 / 0.703), 2)
    frame = tables.headlines(claims.TEXT_HEADLINE, claims.TABLE_1)
    assert frame.loc["MAE", "nearest in Table 1"] == "DeepFM 0.703"
    assert frame.loc["RMSE", "K-ADN in Table 1"] == 0.75
    assert set(tables.HEADLINE_FORMATS) <= set(frame.columns)


def test_implied_sizes_count_an_mlp_by_hand():
    frame = tables.implied_sizes(10, {"student": (4,)}, 3, {"student": 1.0})
    # (10 + 1) * 4 + (4 + 1) * 3 = 59 parameters, 236 bytes; 1 KB holds 256 float32 numbers
    assert frame.loc["student", "MLP parameters"] == 59
    assert frame.loc["student", "MLP size (KiB, float32)"] == pytest.approx(236 / 1024)
    assert frame.loc["student", "float32 parameters in the paper's size"] == 256
    # n inputs: (n + 1) * 4 + 15 = 256  ->  n = 59.25
    assert frame.loc["student", "input width that size needs"] == pytest.approx(59.25)


def test_sampled_films_sort_by_rating_and_measure_the_error():
    shown = tables.sampled_films(np.array(["a", "b", "c", "d"]), Y, np.array([5.5, 6.0, 9.0, 7.0]), np.array([3, 0, 2]))
    assert shown["film"].tolist() == ["a", "c", "d"]
    assert shown["error"].tolist() == pytest.approx([0.5, 2.0, 1.0])


def test_ablation_sorts_by_the_validation_rise():
    fits = {"genre": [run(Y, 0.9)], "year": [run(Y, 0.6)]}
    rises = {"genre": interval(0.2, 0.1, 0.3), "year": interval(0.0, -0.1, 0.1)}
    frame = tables.ablation(fits, [run(Y, 0.5)], rises)
    assert frame.index.tolist() == ["year", "genre"]
    assert frame["validation MAE rise"].tolist() == pytest.approx([0.1, 0.4])
    assert frame.loc["genre", "95 % interval, high"] == 0.3


def test_paper_settings_compare_the_same_seeds():
    paper_fits = {"kadn": [run(Y + 1, seconds=10.0)]}
    tuned = {"kadn": [run(Y + 0.5, seconds=2.0), run(Y + 3, seconds=4.0)]}
    frame = tables.paper_settings(Y, paper_fits, tuned, claims.TABLE_1)
    assert frame.loc["K-ADN", "MAE, paper's settings"] == pytest.approx(1.0)
    assert frame.loc["K-ADN", "MAE, tuned"] == pytest.approx(0.5)  # the first seed only
    assert frame.loc["K-ADN", "training (s), tuned"] == 2.0
    assert frame.loc["K-ADN", "the paper's MAE / RMSE"] == "0.611 / 0.750"


def test_mae_after_reads_the_second_check_of_an_epoch_or_the_last():
    checks = [0.9, 0.8, 0.7, 0.6]
    assert tables.mae_after(checks, 1) == 0.8 and tables.mae_after(checks, 5) == 0.6


def test_without_counts_and_the_svr_comparison():
    frame = tables.without_counts(Y, {"ridge": Y + 0.25}, {"ridge": np.vstack([Y + 1, Y - 0.5])})
    assert frame.loc["Ridge regression"].tolist() == pytest.approx([0.25, 0.75])
    svr = tables.svr_comparison((0.8, 1.0), (1.0, 1.2), (0.9, 1.1), (1.112, 1.380))
    assert svr.loc["SVR, raw numbers"].tolist() == [1.0, 1.2]
    assert svr.columns.tolist() == ["test MAE (stars)", "test RMSE (stars)"]


class Sized:
    def __init__(self, n):
        self.n = n

    def count_params(self):
        return self.n


def test_table_2_sizes_and_times():
    frame = tables.table_2(
        {"teacher": Sized(2048), "student": Sized(256)},
        {"teacher": Sized(2000), "student": Sized(200)},
        {"teacher": 1.0, "student": 0.25},
        {"teacher": np.array([0.010, 0.030]), "student": np.array([0.002])},
        claims.TABLE_2,
    )
    assert frame.loc["teacher", "size (KiB, float32)"] == 8.0
    assert frame.loc["teacher", "prediction of the test films, mean (ms)"] == pytest.approx(20.0)
    assert frame.loc["student", "the paper's size (KB)"] == claims.TABLE_2["student"][0]
    assert isinstance(frame, pd.DataFrame)


def test_the_kernel_frame_prints_counts_with_separators():
    from helpers.douban.kernel import KernelCheck

    read = KernelCheck(
        gamma=1e-9, variance_share=0.9999, width=31622.8, largest_gap=2e-6, median_kernel=0.8123, pairs=5000
    )
    frame = tables.kernel_frame(read, np.array([100.0, 2000.0, 4001.0]))
    column = frame.iloc[:, 0]
    assert column["kernel width 1/√γ (raters)"] == "31,623"
    assert column["median rater count, training films"] == "2,000"
    assert column["largest |K(x, x') − K(count)|, 5,000 pairs"] == "2.0e-06"
    assert column["median K(x, x') over those pairs"] == "0.812"


def test_each_table_has_the_columns_and_index_the_page_prints():
    # the pages and the format tables name these columns: a renamed one would print a bare or unformatted column
    fits = {"kadn": [run(Y + 1, 0.4)]}
    assert tables.scores(Y, fits, seeds=[7]).columns.tolist() == ["model", "seed", "val MAE", "MAE", "RMSE"]
    assert tables.scores(Y, fits, seeds=[7])["val MAE"].tolist() == [0.4]
    intervals = {("kadn", k): interval(0.7, 0.65, 0.75) for k in ("mae", "rmse")}
    one = tables.table_1(intervals, {}, claims.TABLE_1, ["kadn"])
    assert one.index.name == "model" and one.columns.tolist() == [
        "MAE (paper)", "MAE (this book, 95 % interval)", "RMSE (paper)", "RMSE (this book, 95 % interval)",
        "one value (stars)",
    ]  # fmt: skip
    assert one.loc["K-ADN", "RMSE (paper)"] == 0.75 and one.loc["K-ADN", "RMSE (this book, 95 % interval)"] == (
        "0.700 (0.650 to 0.750)"
    )
    headlines = tables.headlines(claims.TEXT_HEADLINE, claims.TABLE_1)
    assert headlines.index.name == "metric" and headlines.index.tolist() == ["MAE", "RMSE"]
    assert headlines.columns.tolist() == [
        "text", "stated drop (%)", "drop taken from", "nearest in Table 1", "K-ADN in Table 1",
        "Table 1 drop from DeepFM (%)",
    ]  # fmt: skip
    assert {name: fmt(12.345) for name, fmt in tables.HEADLINE_FORMATS.items()} == {
        "stated drop (%)": "12.35", "Table 1 drop from DeepFM (%)": "12.35",
    }  # fmt: skip
    sizes = tables.implied_sizes(10, {"student": (4,)}, 3, {"student": 1.0})
    assert sizes.index.name == "network" and sizes.loc["student", "the paper's size (KB)"] == 1.0
    ablation = tables.ablation({"genre": [run(Y, 0.9)]}, [run(Y, 0.5)], {"genre": interval(0.2, 0.1, 0.3)})
    assert ablation.index.name == "group left out"
    assert ablation.loc["genre"].tolist() == pytest.approx([0.4, 0.2, 0.1, 0.3])
    assert ablation.columns.tolist() == [
        "validation MAE rise",
        "test MAE rise",
        "95 % interval, low",
        "95 % interval, high",
    ]
    svr = tables.svr_comparison((0.8, 1.0), (1.0, 1.2), (0.9, 1.1), (1.112, 1.380))
    assert svr.index.tolist() == [
        "SVR, standardised numbers (Table 1)",
        "SVR, raw numbers",
        "mean rating",
        "the paper's SVM",
    ]
    assert svr.loc["mean rating"].tolist() == [0.9, 1.1] and svr.loc["the paper's SVM"].tolist() == [1.112, 1.380]
    counts = tables.without_counts(Y, {"ridge": Y + 0.25}, {"ridge": Y - 0.5})
    assert counts.columns.tolist() == ["MAE with audience counts", "MAE without them"]


def test_table_2_and_the_paper_settings_have_every_column_the_page_prints():
    frame = tables.table_2(
        {"student": Sized(512)}, {"student": Sized(100)}, {"student": 0.5}, {"student": np.array([0.004])},
        claims.TABLE_2,
    )  # fmt: skip
    assert frame.index.name == "model" and frame.columns.tolist() == [
        "parameters", "of which own MLP", "size (KiB, float32)", "the paper's size (KB)", "training (s per epoch)",
        "the paper's run time (s)", "prediction of the test films, mean (ms)",
    ]  # fmt: skip
    # 512 float32 numbers of 4 bytes are 2 KiB; 4 ms; the paper's (KB, s) pair as claims.TABLE_2 holds it
    assert frame.loc["student"].tolist()[:3] == [512, 100, 2.0] and frame.loc["student"].iloc[-1] == pytest.approx(4.0)
    assert frame.loc["student", "the paper's run time (s)"] == claims.TABLE_2["student"][1]
    assert frame.loc["student", "training (s per epoch)"] == 0.5
    assert {name: fmt(1234.567) for name, fmt in tables.TABLE_2_FORMATS.items()} == {
        "size (KiB, float32)": "1,234.6", "the paper's size (KB)": "1,235", "training (s per epoch)": "1234.57",
    }  # fmt: skip
    paper_fits = {"kadn": [run(Y + 1, seconds=10.0), run(Y - 1, seconds=20.0)]}
    tuned = {"kadn": [run(Y + 0.5, seconds=2.0), run(Y - 0.5, seconds=4.0), run(Y + 3, seconds=8.0)]}
    settings = tables.paper_settings(Y, paper_fits, tuned, claims.TABLE_1)
    # errors of 1 star (paper's settings) and 0.5 (tuned) on every film, whatever the sign; the first two
    # tuned seeds only, so the third's 3 stars and 8 s count for nothing
    assert settings.loc["K-ADN"].tolist() == [1.0, 0.5, 1.0, 0.5, "0.611 / 0.750", 15.0, 3.0]
    assert settings.columns.tolist() == [
        "MAE, paper's settings", "MAE, tuned", "RMSE, paper's settings", "RMSE, tuned", "the paper's MAE / RMSE",
        "training (s), paper's settings", "training (s), tuned",
    ]  # fmt: skip


def test_the_rest_of_what_the_page_prints_of_the_headlines_kernel_and_sampled_films():
    # worked back by hand: 0.618 / (1 − 0.1209) = 0.70299 and 0.67 / (1 − 0.106) = 0.74944, to three decimals
    assert tables.headlines(claims.TEXT_HEADLINE, claims.TABLE_1)["drop taken from"].tolist() == [0.703, 0.749]
    from helpers.douban.kernel import KernelCheck

    read = KernelCheck(gamma=1e-9, variance_share=0.5, width=10.0, largest_gap=0.1, median_kernel=0.5, pairs=10)
    frame = tables.kernel_frame(read, np.array([1.0]))
    assert frame.index.name == "measure"
    assert frame.columns.tolist() == ["RBF kernel of scikit-learn's default width, raw numbers"]
    assert frame.iloc[:, 0]["rater count's share of the variance"] == "50.0 %"
    shown = tables.sampled_films(np.array(["a", "b", "c", "d"]), Y, Y + 1, np.array([2, 0]))
    assert shown.index.tolist() == [0, 1] and shown["film"].tolist() == ["a", "c"]  # renumbered after the sort


def test_scores_refuse_runs_that_do_not_match_the_seeds():
    # a network fitted from two seeds must hand back two runs: one run would be scored as if it were both
    with pytest.raises(ValueError):
        tables.scores(Y, {"kadn": [run(Y)]}, seeds=[7, 8])
