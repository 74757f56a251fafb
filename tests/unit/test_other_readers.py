"""The TMDB, Douban and Douyin readers on files written here: what reads back, and each error in full."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from helpers.common.errors import DataError
from helpers.datasets import douban, douyin, tmdb
from helpers.datasets.folders import USER_FILE_HINT


def test_a_cast_table_reads_ids_and_names_with_its_crew_when_it_has_one(tmp_path):
    path = tmp_path / "cast.csv"
    path.write_text("id,cast,crew\n19995,Sam Worthington/Zoe Saldana,James Cameron\n285,,\n")
    frame = tmdb.read_tmdb_cast(path)
    assert frame["id"].tolist() == [19995, 285] and str(frame["id"].dtype) == "int64"
    assert frame["cast"].tolist() == ["Sam Worthington/Zoe Saldana", pd.NA]  # an empty cast is allowed
    assert frame["crew"].tolist() == ["James Cameron", pd.NA]
    path.write_text("id,cast\n19995,Sam Worthington\n")
    assert list(tmdb.read_tmdb_cast(path).columns) == ["id", "cast"]
    path.write_text("id,cast\nx,Sam Worthington\n")
    with pytest.raises(DataError) as raised:
        tmdb.read_tmdb_cast(path)
    assert str(raised.value) == f"{path}: data row 1, column id: 'x' is not a number. Fix or remove that row."
    with pytest.raises(DataError) as raised:
        tmdb.read_tmdb_cast(tmp_path / "none.csv", "Run `make data`.")
    assert str(raised.value) == f"{tmp_path / 'none.csv'}: file not found. Run `make data`."


def test_a_json_cell_that_is_not_a_list_of_named_objects_is_named_with_its_start():
    tmdb.check_json_names('[{"id": 28, "name": "Action"}]', "f.csv", 3, "genres")
    tmdb.check_json_names("[]", "f.csv", 3, "genres")  # a film without genres
    long = '[{"id": 28}' + " " * 80 + "]"
    with pytest.raises(DataError) as raised:
        tmdb.check_json_names(long, "f.csv", 3, "genres")
    assert str(raised.value) == (
        'f.csv: data row 3, column genres: expected a JSON list of objects with a name, like [{"id": 28, "name": '
        f'"Action"}}], got {long[:60]!r}. Fix or remove that row.'
    )
    for bad in ('{"name": "Action"}', '["Action"]', "not json"):
        with pytest.raises(DataError, match="data row 3, column genres"):
            tmdb.check_json_names(bad, "f.csv", 3, "genres")
    assert tmdb.json_names('[{"id": 28, "name": "Action"}, {"id": 12, "name": "Adventure"}]') == ["Action", "Adventure"]


def test_a_missing_tmdb_movies_file_gets_the_hint_given():
    with pytest.raises(DataError) as raised:
        tmdb.read_tmdb_movies(Path("/nowhere/movies.csv"))
    assert str(raised.value) == f"/nowhere/movies.csv: file not found. {USER_FILE_HINT}"


DOUBAN_HEADER = "name,rate,rating_people,director,writer,actor,genre,place,language,year,movietime"


def douban_file(tmp_path, rows: list[str], header: str = DOUBAN_HEADER, name: str = "crawl.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_a_douban_crawl_without_urls_gets_ids_from_the_sha256_of_name_and_year(tmp_path):
    path = douban_file(
        tmp_path, ["绿皮书,8.9,100,法雷利,沃伦,莫特森,剧情,美国,英语,2018,130分钟", "无名,7.0,5,a,b,c,d,e,f,,90"]
    )
    frame = douban.read_douban(path)
    expected = [
        int(hashlib.sha256(key.encode()).hexdigest()[: douban.ID_DIGITS], 16) for key in ("绿皮书|2018", "无名|")
    ]
    assert frame["douban_id"].tolist() == expected and str(frame["douban_id"].dtype) == "int64"
    assert frame["rate"].tolist() == [8.9, 7.0]


def test_douban_counts_are_read_from_the_crawls_wording_and_a_rate_off_the_scale_is_named(tmp_path):
    header = DOUBAN_HEADER + ",movie_url,comment,review"
    rows = [
        '绿皮书,8.9,100,a,b,c,d,e,f,2018,130,https://movie.douban.com/subject/27060077/,"(全部165,038条)",1234',
        "另一部,6.1,50,a,b,c,d,e,f,2019,95分钟,https://movie.douban.com/subject/1/,,",
    ]
    frame = douban.read_douban(douban_file(tmp_path, rows, header))
    assert frame["douban_id"].tolist() == [27060077, 1]
    assert frame["comment"].tolist() == [165038, pd.NA] and frame["review"].tolist() == [1234, pd.NA]
    assert str(frame["comment"].dtype) == "Int64"
    path = douban_file(tmp_path, ["x,10.5,1,a,b,c,d,e,f,2018,90"])
    with pytest.raises(DataError) as raised:
        douban.read_douban(path)
    assert str(raised.value) == f"{path}: data row 1, column rate: 10.5 is outside [0, 10]. Fix or remove that row."


def test_two_douban_crawls_of_one_name_are_refused_and_others_read_in_the_order_given(tmp_path):
    first = douban_file(tmp_path, ["a,8.0,1,a,b,c,d,e,f,2018,90"], name="old.csv")
    (tmp_path / "again").mkdir()
    second = douban_file(tmp_path / "again", ["b,7.0,1,a,b,c,d,e,f,2019,90"], name="old.csv")
    third = douban_file(tmp_path, ["c,6.0,1,a,b,c,d,e,f,2019,90"], name="new.csv")
    assert list(douban.read_douban_crawls([first, third])) == ["old.csv", "new.csv"]
    with pytest.raises(DataError) as raised:
        douban.read_douban_crawls([first, second])
    assert str(raised.value) == f"{second}: another of the crawl files is also named old.csv; rename one of them"


def test_a_douyin_file_is_sorted_by_minute_with_float_metrics_and_empty_ones_missing(tmp_path):
    header = ",date_time,natural_flow_trend_index,pay_flow_trend_index," + ",".join(douyin.DOUYIN_METRICS)
    values = ",".join(str(k) for k in range(len(douyin.DOUYIN_METRICS)))
    empty = "," * (len(douyin.DOUYIN_METRICS) - 1)
    path = tmp_path / "predict.csv"
    path.write_text(f"{header}\n0,2020-05-01 20:01:00,{{}},{{}},{values}\n1,2020-05-01 20:00:00,{{}},{{}},{empty}\n")
    frame = douyin.read_douyin(path)
    assert frame["date_time"].tolist() == [pd.Timestamp("2020-05-01 20:00:00"), pd.Timestamp("2020-05-01 20:01:00")]
    assert frame["WATCH_UCNT"].isna().tolist() == [True, False]
    assert frame.loc[1, douyin.DOUYIN_METRICS].tolist() == [float(k) for k in range(len(douyin.DOUYIN_METRICS))]
    assert "" not in frame.columns and frame.index.tolist() == [0, 1]
    with pytest.raises(DataError) as raised:
        douyin.read_douyin(tmp_path / "none.csv", "Run `make data`.")
    assert str(raised.value) == f"{tmp_path / 'none.csv'}: file not found. Run `make data`."
