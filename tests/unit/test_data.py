"""Loaders on tiny hand-made data folders: typed tables, and a clear error for each kind of bad input."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from helpers import datasets
from helpers.common.errors import DataError
from helpers.datasets import registry


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


DOUBAN_HEADER = "name,movie_url,rate,rating_people,director,writer,actor,genre,place,language,year,movietime"
DOUBAN_ROW = "绿皮书,https://movie.douban.com/subject/27060077/,8.9,443702,彼得·法雷里,尼克·瓦莱隆加,维果·莫腾森,剧情/喜剧,美国,英语,2018,130分钟"


def test_unknown_data_set_lists_the_known_ones():
    with pytest.raises(DataError, match=r"unknown data set 'imdb'; known data sets: ml_latest_small_2016, ml_100k"):
        datasets.load("imdb")


def test_load_verifies_checksums_and_names_the_file(tmp_path):
    folder = tmp_path / registry.dataset("douyin").folder
    write(folder / "predict.csv", "not the real file\n")
    with pytest.raises(DataError, match=r"predict\.csv: sha256 [0-9a-f]{64} does not match the registry's"):
        datasets.load("douyin", root=tmp_path)


def test_load_reports_a_missing_file_with_the_fetch_command(tmp_path):
    with pytest.raises(
        DataError, match=r"predict\.csv: missing\. Run `make data` \(or `python -m helpers data fetch douyin`\)"
    ):
        datasets.load("douyin", root=tmp_path)


def test_movielens_rating_out_of_range(tmp_path):
    path = write(tmp_path / "ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1\n1,32,7.0,2\n")
    with pytest.raises(DataError, match=r"data row 2, column rating: 7\.0 is outside \[0\.5, 5\.0\]"):
        datasets.read_movielens_ratings(path)


def test_netflix_titles_split_on_the_first_two_commas(tmp_path):
    path = write(
        tmp_path / "movie_titles.txt",
        "1,2003,Dinosaur Planet\n4388,NULL,Ancient Civilizations: Rome, Pompeii\n",
        "latin-1",
    )
    titles = datasets.read_netflix_titles(path)
    assert titles["title"].tolist() == ["Dinosaur Planet", "Ancient Civilizations: Rome, Pompeii"]
    assert titles["year"].isna().tolist() == [False, True]


def test_netflix_titles_bad_line(tmp_path):
    path = write(tmp_path / "movie_titles.txt", "1,2003,Dinosaur Planet\nnot a title line\n")
    with pytest.raises(DataError, match=r"line 2 is not 'MovieID,Year,Title'"):
        datasets.read_netflix_titles(path)


def test_netflix_non_numeric_rating(tmp_path):
    path = write(tmp_path / "training.txt", "8,2459251,4.0\n8,2105990,four\n")
    with pytest.raises(DataError, match=r"data row 2, column rating: 'four' is not a number"):
        datasets.read_netflix_ratings(path)


def test_douban_reads_ids_counts_and_drops_repeated_headers(tmp_path):
    header = DOUBAN_HEADER + ",comment,review"
    row = DOUBAN_ROW + ",(全部165038条),(全部3093条)"
    path = write(tmp_path / "old.csv", f"{header}\n{row}\n{header}\n")
    frame = datasets.read_douban(path)
    assert frame.loc[0, "douban_id"] == 27060077
    assert frame.loc[0, "comment"] == 165038 and frame.loc[0, "review"] == 3093
    assert frame.attrs["repeated_headers"] == 1


def test_douban_in_gbk_says_so(tmp_path):
    path = write(tmp_path / "raw_2010-2019.csv", f"{DOUBAN_HEADER}\n{DOUBAN_ROW.replace('·', '')}\n", "gbk")
    with pytest.raises(DataError, match=r"raw_2010-2019\.csv: not valid utf-8 text.*GBK"):
        datasets.read_douban(path)


def test_douban_url_without_id(tmp_path):
    path = write(tmp_path / "d.csv", f"{DOUBAN_HEADER}\n{DOUBAN_ROW.replace('subject/27060077/', 'search?q=x')}\n")
    with pytest.raises(DataError, match=r"data row 1, column movie_url: no Douban id"):
        datasets.read_douban(path)


def test_douban_without_urls_tells_films_apart_by_name_and_year(tmp_path):
    header = DOUBAN_HEADER.replace("movie_url,", "") + ",comment"
    row = DOUBAN_ROW.replace("https://movie.douban.com/subject/27060077/,", "")
    path = write(tmp_path / "mine.csv", f'{header}\n{row},"1,234"\n{row.replace("2018", "2019")},\n{row},7\n')
    frame = datasets.read_douban(path)
    expected = int(hashlib.sha256("绿皮书|2018".encode()).hexdigest()[:15], 16)
    assert frame["douban_id"].tolist() == [expected, frame.loc[1, "douban_id"], expected]
    assert frame.loc[1, "douban_id"] != expected
    assert frame.loc[0, "comment"] == 1234 and pd.isna(frame.loc[1, "comment"]) and frame.loc[2, "comment"] == 7
    assert "review" not in frame and "movie_url" not in frame


def test_douban_file_without_a_required_column_names_it(tmp_path):
    path = write(
        tmp_path / "mine.csv", f"{DOUBAN_HEADER.replace(',writer', '')}\n{DOUBAN_ROW}\n".replace("尼克·瓦莱隆加,", "")
    )
    with pytest.raises(DataError, match=r"mine\.csv: missing column\(s\) \['writer'\]") as raised:
        datasets.read_douban(path)
    assert "make data" not in str(raised.value)


def test_douyin_drops_the_saved_index_and_sorts_by_time(tmp_path):
    header = ",natural_flow_trend_index,pay_flow_trend_index,UV_VALUE,COMMENT_CNT,date_time,INCR_FANS_CNT,LEAVE_UCNT,FANS_CLUB_UCNT,PAY_ORDER_GMV,ONLINE_USER_CNT,WATCH_UCNT,PAY_CNT,PAY_UCNT"
    rows = [
        "1,\"{'搜索': 1}\",\"{'千川PC版': 0}\",0.0,9,2019-12-02 08:13:00,0.0,10.0,0.0,0.0,11,19.0,0.0,0.0",
        "0,\"{'搜索': 0}\",\"{'千川PC版': 0}\",0.0,0,2019-12-02 08:12:00,0.0,0.0,0.0,0.0,0,,0.0,0.0",
    ]
    frame = datasets.read_douyin(write(tmp_path / "data.csv", "\n".join([header, *rows]) + "\n"))
    assert frame["date_time"].dt.minute.tolist() == [12, 13]
    assert frame["WATCH_UCNT"].isna().tolist() == [True, False]
    assert "" not in frame.columns


def test_tmdb_json_column_must_be_json(tmp_path):
    header = "budget,genres,homepage,id,keywords,original_language,original_title,overview,popularity,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,vote_average,vote_count"
    row = '1,"[{""id"": 28, ""name"": ""Action""}]",,5,not json,en,X,,1.5,[],[],2009-12-10,2,90,[],Released,,X,7.2,10'
    with pytest.raises(DataError, match=r"data row 1, column keywords: expected a JSON list of objects with a name"):
        datasets.read_tmdb_movies(write(tmp_path / "tmdb.csv", f"{header}\n{row}\n"))


@pytest.mark.parametrize("cell", ['""Action""', '"[1, 2]"', '"[{""id"": 28}]"', '"{""name"": ""Action""}"'])
def test_tmdb_json_column_must_be_a_list_of_named_objects(tmp_path, cell):
    header = "budget,genres,homepage,id,keywords,original_language,original_title,overview,popularity,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,vote_average,vote_count"
    good = '1,"[{""id"": 28, ""name"": ""Action""}]",,5,[],en,X,,1.5,[],[],2009-12-10,2,90,[],Released,,X,7.2,10'
    bad = f"1,{cell},,6,[],en,Y,,1.5,[],[],2009-12-10,2,90,[],Released,,Y,7.2,10"
    with pytest.raises(
        DataError, match=r"tmdb\.csv: data row 2, column genres: expected a JSON list of objects"
    ) as err:
        datasets.read_tmdb_movies(write(tmp_path / "tmdb.csv", f"{header}\n{good}\n{bad}\n"))
    assert "make data" not in str(err.value)


def test_a_users_file_with_a_repeated_header_is_an_error_without_fetch_advice(tmp_path):
    text = (
        "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\nuserId,movieId,rating,timestamp\n1,32,3.0,1260759145\n"
    )
    with pytest.raises(DataError, match=r"ratings\.csv: line 3 \(data row 2\) repeats the header line") as err:
        datasets.read_movielens_ratings(write(tmp_path / "ratings.csv", text))
    assert "make data" not in str(err.value)


def test_a_users_missing_file_gets_no_fetch_advice(tmp_path):
    with pytest.raises(DataError, match=r"predict\.csv: file not found\. Check the path") as err:
        datasets.read_douyin(tmp_path / "predict.csv")
    assert "make data" not in str(err.value)


def test_json_names():
    assert datasets.json_names('[{"id": 28, "name": "Action"}, {"id": 12, "name": "Adventure"}]') == [
        "Action",
        "Adventure",
    ]


def test_posters_image_of_a_movie_without_poster(tmp_path, monkeypatch):
    digest = hashlib.sha256(b"").hexdigest()
    monkeypatch.setattr(registry.Manifest, "entries", lambda self: [("posters/1.jpg", digest)])
    folder = tmp_path / registry.dataset("ml_100k_posters").folder
    write(folder / "links.csv", "movie_id,imdb_id,tmdb_id\n1,tt0114709,862\n")
    write(folder / "posters" / "1.jpg", "x")
    posters = datasets.load("ml_100k_posters", root=tmp_path, verify=False)
    assert posters.paths.index.tolist() == [1]
    with pytest.raises(DataError, match="ML-100K movie 330 has no poster"):
        posters.image(330)
