"""Unit tests of helpers.douban.cleaning: the paper's five cleaning rules on films made here, each film's
fate known."""

import numpy as np
import pandas as pd
import pytest

from helpers.common.errors import ParameterError
from helpers.douban import cleaning

FULL = {  # a film with every label
    "director": "A",
    "writer": "B",
    "actor": "C/D",
    "genre": "剧情",
    "place": "中国大陆",
    "language": "汉语普通话",
    "movietime": "100分钟",
    "rate": 7.0,
    "rating_people": 1000.0,
}


def film(douban_id: int, year: float, name: str = "film", **changes) -> dict:
    return {**FULL, "douban_id": douban_id, "year": year, "name": name, **changes}


def crawls() -> dict[str, pd.DataFrame]:
    """Two crawls: the older lists film 2 in 2010, the newer lists it again in 2011."""
    older = pd.DataFrame(
        [
            film(1, 2006),  # rule 1: before the first year
            film(2, 2010, rate=5.0),  # rule 2: listed again, later, in the newer crawl
            film(3, 2012, name="新年晚会", genre="歌舞"),  # rule 3: a gala
            film(4, 2012, name="爱乐之城", genre="歌舞/爱情"),  # a musical: a film, kept
            film(5, 2013, writer=None),  # rule 4: no writer
            film(6, 2013, movietime="未知"),  # rule 4: a runtime without minutes
            film(7, 2014, rate=np.nan),  # rule 5: no rating
            film(8, np.nan),  # rule 1: no year
        ]
    )
    newer = pd.DataFrame([film(2, 2011, rate=6.0), film(9, 2015, genre="歌舞/真人秀")])  # 9: rule 3
    for frame in (older, newer):
        frame.attrs["repeated_headers"] = 0
    return {"older.csv": older, "newer.csv": newer}


def test_each_rule_removes_its_films_and_the_musical_stays():
    stacked = cleaning.stack_crawls(crawls())
    cleaned = cleaning.clean(stacked, 2007, 2019, min_films=1)
    assert cleaned.table["rows removed"].tolist() == [2, 1, 2, 2, 1]
    assert cleaned.table["rows left"].tolist() == [8, 7, 5, 3, 2]
    assert cleaned.films["douban_id"].tolist() == [2, 4]
    # rule 2 keeps the latest release: film 2 of 2011 from the newer crawl, rated 6
    assert cleaned.films.loc[0, "rate"] == 6.0 and cleaned.films.loc[0, "crawl"] == 1
    assert cleaned.label_removed == 2


def test_lacking_labels_are_counted_on_the_films_rule_4_sees():
    cleaned = cleaning.clean(cleaning.stack_crawls(crawls()), 2007, 2019, min_films=1)
    # rule 4 sees films 2, 4, 5, 6, 7: film 5 lacks its writer, film 6 a runtime in minutes
    assert cleaned.lacking["writer"] == 1 and cleaned.lacking["runtime"] == 1
    assert cleaned.lacking.drop(["writer", "runtime"]).sum() == 0


def test_too_few_films_names_the_years():
    with pytest.raises(ParameterError, match="first_year=2007 and last_year=2019"):
        cleaning.clean(cleaning.stack_crawls(crawls()), 2007, 2019)


def test_the_crawl_table_tells_films_apart_by_id_where_the_file_has_addresses():
    files = crawls()
    files["older.csv"]["movie_url"] = "https://movie.douban.com/subject/1/"
    files["older.csv"].attrs["repeated_headers"] = 3
    table = cleaning.crawl_table(files)
    assert table["rows"].tolist() == [8, 2]
    assert table["header lines dropped"].tolist() == [3, 0]
    assert table["films told apart by"].tolist() == ["Douban id", "name and year"]
