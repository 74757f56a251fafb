"""The data tour's tables: the registry, the checksum check and the sizes beside their documentation."""

from helpers.datasets import tour
from helpers.datasets.registry import DATASETS


def test_the_registry_table_has_one_row_per_data_set_with_its_licence():
    table = tour.registry_table()
    assert table["data set"].tolist() == list(DATASETS)
    assert table.loc[table["data set"] == "douyin", "folder"].item() == "douyin"
    assert table["licence"].str.len().min() > 0


def test_an_empty_data_root_counts_every_pinned_file_and_finds_a_problem_in_each_data_set(tmp_path):
    table = tour.checksum_table(tmp_path).set_index("data set")
    assert table.loc["douyin", "files checked"] == 1  # predict.csv, the one file of the Douyin day
    assert table.loc["ml_100k", "files checked"] >= 15  # u.data, u.item, u.user and the ten fold files ...
    assert (table["problems"] > 0).all()


def test_the_size_summary_prints_counts_with_separators_and_says_where_they_differ():
    loaded = {record: documented or 10891 for record, (_, documented) in tour.DOCUMENTED_SIZES.items()}
    loaded["data.douyin.minutes"] = 695
    table = tour.size_summary(loaded).set_index("what")
    assert table.loc["MovieLens latest-small ratings"].tolist() == ["100,004", "100,004", "yes"]
    assert table.loc["Douyin minutes"].tolist() == ["696", "695", "no"]
    assert table.loc["Douban distinct films"].tolist() == ["not documented", "10,891", "—"]
