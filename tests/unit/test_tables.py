"""read_table: typed columns, and a clear error for each kind of bad file."""

from pathlib import Path

import pytest

from helpers.common.errors import DataError
from helpers.datasets.tables import Column, read_table, schema_table

RATINGS = [Column("userId", "int"), Column("movieId", "int"), Column("rating", "float"), Column("timestamp", "int")]


def write(tmp_path: Path, text: str, name: str = "ratings.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_reads_typed_columns(tmp_path):
    path = write(tmp_path, "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n2,10,4.0,835355493\n")
    frame = read_table(path, RATINGS)
    assert list(frame.columns) == ["userId", "movieId", "rating", "timestamp"]
    assert frame["rating"].tolist() == [2.5, 4.0]
    assert str(frame["userId"].dtype) == "int64"


def test_missing_file_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(DataError, match=r"ratings\.csv: file not found\. run make data"):
        read_table(tmp_path / "ratings.csv", RATINGS, hint="run make data")


def test_empty_file(tmp_path):
    with pytest.raises(DataError, match=r"ratings\.csv: file is empty \(0 bytes\)"):
        read_table(write(tmp_path, ""), RATINGS)


def test_header_without_rows(tmp_path):
    with pytest.raises(DataError, match="has a header but no data rows"):
        read_table(write(tmp_path, "userId,movieId,rating,timestamp\n"), RATINGS)


def test_missing_column_is_named(tmp_path):
    path = write(tmp_path, "userId,movieId,timestamp\n1,31,1260759144\n")
    with pytest.raises(DataError, match=r"missing column\(s\) \['rating'\]"):
        read_table(path, RATINGS)


def test_non_numeric_rating_names_row_and_column(tmp_path):
    path = write(tmp_path, "userId,movieId,rating,timestamp\n1,31,2.5,1\n1,32,five,2\n")
    with pytest.raises(DataError, match=r"data row 2, column rating: 'five' is not a number"):
        read_table(path, RATINGS)


def test_truncated_last_row(tmp_path):
    path = write(tmp_path, "userId,movieId,rating,timestamp\n1,31,2.5,1\n1,32")
    with pytest.raises(DataError, match=r"data row 2 has 2 of 4 fields \(the last row: the file looks truncated\)"):
        read_table(path, RATINGS)


def test_row_with_too_many_fields(tmp_path):
    path = write(tmp_path, "userId,movieId,rating,timestamp\n1,31,2.5,1\n1,32,3,2,9,9\n")
    with pytest.raises(DataError, match=r"data row 2 has 6 of 4 fields \(a malformed row\)"):
        read_table(path, RATINGS)


def test_gbk_file_is_recognised(tmp_path):
    path = write(tmp_path, "name,year\n绿皮书,2018\n", name="douban.csv", encoding="gbk")
    with pytest.raises(DataError, match=r"douban\.csv: not valid utf-8 text.*decode as GBK: re-save the file as utf-8"):
        read_table(path, [Column("name"), Column("year", "int")])


def test_empty_required_value(tmp_path):
    path = write(tmp_path, "userId,movieId,rating,timestamp\n1,,2.5,1\n")
    with pytest.raises(DataError, match="data row 1, column movieId: empty value where one is required"):
        read_table(path, RATINGS)


def test_optional_int_allows_empty(tmp_path):
    path = write(tmp_path, "movieId,tmdbId\n1,862\n2,\n")
    frame = read_table(path, [Column("movieId", "int"), Column("tmdbId", "int", optional=True)])
    assert frame["tmdbId"].isna().tolist() == [False, True]


def test_fractional_value_in_integer_column(tmp_path):
    path = write(tmp_path, "userId,movieId,rating,timestamp\n1,31.5,2.5,1\n")
    with pytest.raises(DataError, match=r"column movieId: '31\.5' is not an integer"):
        read_table(path, RATINGS)


def test_bad_datetime(tmp_path):
    path = write(tmp_path, "date_time\n2019-12-02 08:12:00\n2019-13-02 08:13:00\n")
    with pytest.raises(DataError, match=r"data row 2, column date_time: '2019-13-02 08:13:00' is not a datetime"):
        read_table(path, [Column("date_time", "datetime")])


def test_a_repeated_header_line_is_an_error_naming_its_line(tmp_path):
    path = write(tmp_path, "name,year\nA,2001\nname,year\nB,2002\nname,year\n")
    with pytest.raises(DataError, match=r"ratings\.csv: line 3 \(data row 2\) repeats the header line; 2 such line"):
        read_table(path, [Column("name"), Column("year", "int")])


def test_repeated_header_lines_are_dropped_and_counted_when_asked(tmp_path):
    path = write(tmp_path, "name,year\nA,2001\nname,year\nB,2002\nname,year\n")
    frame = read_table(path, [Column("name"), Column("year", "int")], drop_repeated_headers=True)
    assert frame["name"].tolist() == ["A", "B"]
    assert frame.attrs["repeated_headers"] == 2


def test_row_numbers_count_the_file_rows_after_dropped_headers(tmp_path):
    path = write(tmp_path, "name,year\nA,2001\nname,year\nB,20x2\n")
    with pytest.raises(DataError, match="data row 3, column year"):
        read_table(path, [Column("name"), Column("year", "int")], drop_repeated_headers=True)


def test_headerless_tab_file(tmp_path):
    path = write(tmp_path, "196\t242\t3\t881250949\n", name="u.data")
    frame = read_table(
        path,
        [Column("user_id", "int"), Column("item_id", "int"), Column("rating", "int"), Column("timestamp", "int")],
        sep="\t",
        header=False,
    )
    assert frame.iloc[0].tolist() == [196, 242, 3, 881250949]


def test_schema_table_lists_each_column(tmp_path):
    frame = read_table(write(tmp_path, "userId,movieId,rating,timestamp\n1,31,2.5,1\n"), RATINGS)
    table = schema_table(frame)
    assert table["column"].tolist() == ["userId", "movieId", "rating", "timestamp"]
    assert table.loc[2, "example"] == "2.5"
