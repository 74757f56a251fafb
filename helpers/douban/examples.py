"""The Douban chapter's example files of one's own (``python -m helpers examples``), in its documented
input format, and the counts of its registered data, which its prose glues rather than types.

:func:`write_example` writes the files the chapter manifest lists for the chapter and returns the
parameters that point the chapter at them and the counts the chapter must report for them;
:func:`registered_counts` counts the registered data the chapter reads by default.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers import datasets
from helpers.datasets.examples import Example, write_text

DOUBAN_YEARS = (1990, 2005)  # the example films' release years, unlike the registered 2007-2019


def douban_films(n: int, years: tuple[int, int], first: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` synthetic films numbered from ``first``, released in ``years`` (inclusive), in the Douban
    crawl columns: crew and cast drawn from small pools, and a rating (0-10 stars, one decimal) planted
    from director, actor and genre effects, the rater count and noise; comment and review counts grow
    with the raters. Returns a DataFrame of ``DOUBAN_COLUMNS`` plus comment and review (integers)."""
    genres = ["剧情", "喜剧", "动作", "爱情", "科幻", "动画", "悬疑", "纪录片"]
    director_effect, actor_effect, genre_effect = rng.normal(0, 0.8, 60), rng.normal(0, 0.5, 250), rng.normal(0, 0.4, 8)
    director, genre = rng.integers(0, 60, n), rng.integers(0, 8, n)
    actors = [rng.choice(250, size=rng.integers(2, 6), replace=False) for _ in range(n)]
    raters = np.exp(rng.normal(8, 1.5, n)).astype(int) + 30
    rate = (
        6.0
        + director_effect[director]
        + np.array([actor_effect[a].mean() for a in actors])
        + genre_effect[genre]
        + 0.3 * (np.log(raters) - 8) / 1.5
        + rng.normal(0, 0.3, n)
    )
    return pd.DataFrame(
        {
            "name": [f"Example film {first + k:04d}" for k in range(n)],
            "rate": np.clip(rate, 1.5, 9.7).round(1),
            "rating_people": raters,
            "director": [f"Director {d}" for d in director],
            "writer": [f"Writer {w}" for w in rng.integers(0, 80, n)],
            "actor": ["/".join(f"Actor {a}" for a in chosen) for chosen in actors],
            "genre": [genres[g] for g in genre],
            "place": rng.choice(["Atlantis", "Arcadia", "Utopia"], n),
            "language": rng.choice(["Esperanto", "Latin"], n),
            "year": rng.integers(years[0], years[1] + 1, n),
            "movietime": rng.integers(80, 150, n),
            "comment": raters // 3,
            "review": raters // 40,
        }
    )


def write_example(folder: Path) -> Example:
    """The Douban chapter's inputs: two crawls of synthetic films released 1990-2005. The first has no
    page addresses (films told apart by name and year), runtimes as '95分钟' and counts as '(全部123条)';
    the second has addresses, plain numbers and one repeated header line. Each cleaning rule has rows to
    remove: films outside the years or without one, a film listed twice, song-and-dance shows, films
    without a director or a rating."""
    rng = np.random.default_rng(3)
    older, newer = douban_films(420, (1990, 1999), 0, rng), douban_films(280, (2000, 2004), 420, rng)
    dropped = douban_films(39, (1990, 1999), 700, rng).astype({"year": "Int64"})
    dropped.loc[:14, "year"] = 1985
    dropped.loc[15:19, "year"] = pd.NA
    dropped.loc[20:25, "director"] = ""
    dropped.loc[26:34, "rate"] = pd.NA
    dropped.loc[35:, "genre"] = "歌舞/真人秀"
    first = pd.concat([older, dropped.iloc[:35], older.sample(10, random_state=4)], ignore_index=True)
    first["movietime"] = first["movietime"].astype(str) + "分钟"
    first["comment"] = "(全部" + first["comment"].astype(str) + "条)"
    first["review"] = "(全部" + first["review"].astype(str) + "条)"
    relisted = newer.sample(8, random_state=5).assign(year=lambda f: f["year"] + 1)
    second = pd.concat([newer, relisted, dropped.iloc[35:]], ignore_index=True)
    ids = second["name"].str.extract(r"(\d+)$", expand=False).astype(int)
    second.insert(1, "movie_url", "https://movie.douban.com/subject/" + (9_100_000 + ids).astype(str) + "/")
    lines = second.to_csv(index=False).splitlines(keepends=True)
    middle = len(lines) // 2  # the header line again here, as in a file joined from two pieces
    paths = [
        write_text(folder / "my_douban_1990s.csv", first.to_csv(index=False)),
        write_text(folder / "my_douban_2000s.csv", "".join([*lines[:middle], lines[0], *lines[middle:]])),
    ]
    return Example(
        {"crawl_files": [str(p) for p in paths], "first_year": DOUBAN_YEARS[0], "last_year": DOUBAN_YEARS[1]},
        {"rows": len(first) + len(second), "films": len(older) + len(newer), "repeated_headers": 1},
    )


def registered_counts() -> list[int]:
    """The Douban chapter's registered data, counted here: the rows of each crawl and of both, and the
    distinct films of both."""
    crawls = datasets.load("douban").crawls.values()
    both = pd.concat(crawls)
    return [len(frame) for frame in crawls] + [len(both), both.douban_id.nunique()]
