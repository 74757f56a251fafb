"""Example files of one's own: small synthetic data sets in each chapter's documented input format, to
see the format by example and to try a chapter's path parameters (``python -m helpers examples FOLDER``).

Sizes, ids and years are unlike the registered data, and some optional inputs are left out, so a chapter
that runs on them shows that it reads only what its parameters name. Ratings come from a planted
low-rank model plus noise, so the models have something to learn. The files are the same bytes on every
call, so a chapter run on them stays current.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.common.errors import ParameterError
from helpers.common.files import write_text_atomically


@dataclass
class Example:
    """What one chapter's example holds: the path parameters that point the chapter at its files
    (absolute paths), and the counts the chapter must report for them."""

    parameters: dict[str, str | int | list[str]]
    counts: dict[str, int]


def planted_ratings(
    n_users: int, n_items: int, density: float, scale: tuple[float, float, float], seed: int
) -> pd.DataFrame:
    """Ratings for about ``density`` of the ``n_users`` x ``n_items`` pairs, every user and item rated at
    least once: two planted factors plus noise, rounded to ``scale = (low, high, step)`` stars.

    Returns a DataFrame (user, item, rating) with user and item as positions 0.. (callers make ids)."""
    low, high, step = scale
    rng = np.random.default_rng(seed)
    users, items = rng.normal(size=(n_users, 2)), rng.normal(size=(n_items, 2))
    chosen = rng.random((n_users, n_items)) < density
    chosen[np.arange(n_users), rng.integers(0, n_items, n_users)] = True
    chosen[rng.integers(0, n_users, n_items), np.arange(n_items)] = True
    u, i = np.nonzero(chosen)
    raw = (low + high) / 2 + 0.8 * (users[u] * items[i]).sum(axis=1) + rng.normal(0, 0.5, u.size)
    return pd.DataFrame({"user": u, "item": i, "rating": np.clip(np.round(raw / step) * step, low, high)})


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` unless it already holds exactly that, through a temporary file renamed
    into place (so a reader never sees half a file); return ``path``."""
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        write_text_atomically(path, text)
    return path


def netflix_example(folder: Path) -> Example:
    """The Netflix chapter's inputs: a ratings file (headerless ``MovieID,UserID,Rating``, ids far from
    the Prize's) and a ``u.data``-format file for its second data set; no held-out file and no titles."""
    first = planted_ratings(70, 45, 0.3, (1, 5, 1), seed=1)
    ratings = pd.DataFrame(
        {"movie_id": 30_000 + 7 * first["item"], "user_id": 5_000_000 + 13 * first["user"], "rating": first["rating"]}
    ).astype(int)
    second = planted_ratings(60, 40, 0.35, (1, 5, 1), seed=2)
    udata = pd.DataFrame(
        {
            "user": 900 + second["user"],
            "item": 4000 + second["item"],
            "rating": second["rating"].astype(int),
            "timestamp": 1_600_000_000 + 60 * np.arange(len(second)),
        }
    )
    train = write_text(folder / "my_ratings.txt", ratings.to_csv(header=False, index=False))
    ml = write_text(folder / "my_u.data", udata.to_csv(sep="\t", header=False, index=False))
    return Example(
        {"train_file": str(train), "ml_file": str(ml)},
        {
            "users": ratings.user_id.nunique(),
            "movies": ratings.movie_id.nunique(),
            "ratings": len(ratings),
            "second_ratings": len(udata),
        },
    )


def json_list(names: list[str], first_id: int) -> str:
    """TMDB's JSON-list text for ``names``: ``[{"id": first_id, "name": ...}, ...]``."""
    return json.dumps([{"id": first_id + k, "name": name} for k, name in enumerate(names)])


def box_office_example(folder: Path) -> Example:
    """The box-office chapter's input: a films file in TMDB's format, 1950-1979 releases with ids from
    900,000, without the tagline and keywords columns and without a cast file (so those features are left
    out). Revenue is planted from budget and popularity, with more noise for small budgets and a few
    films recording almost nothing; each cleaning rule has films to remove."""
    rng = np.random.default_rng(6)
    n = 650
    genres = ["Drama", "Comedy", "Western", "Musical", "War", "Romance", "Thriller", "Adventure"]
    budget = np.round(np.exp(rng.normal(14.5, 1.2, n)), -3).astype(int)
    popularity = np.exp(rng.normal(1.5, 1.0, n)).round(3)
    noise = rng.normal(0, np.where(budget > np.median(budget), 0.5, 1.4))
    revenue = np.exp(1.5 + 0.95 * np.log(budget) + 0.5 * np.log(popularity) + noise).astype(int)
    revenue[rng.choice(n, 6, replace=False)] = rng.integers(10, 5_000, 6)
    dates = pd.Timestamp("1950-01-01") + pd.to_timedelta(rng.integers(0, 30 * 365, n), unit="D")
    films = pd.DataFrame(
        {
            "id": 900_000 + 3 * np.arange(n),
            "title": [f"Example picture {k}" for k in range(n)],
            "budget": budget,
            "revenue": revenue,
            "popularity": popularity,
            "runtime": rng.integers(75, 170, n).astype(float),
            "release_date": dates.strftime("%Y-%m-%d"),
            "original_language": rng.choice(["en", "fr", "it"], n, p=[0.7, 0.2, 0.1]),
            "genres": [json_list(list(rng.choice(genres, rng.integers(1, 4), replace=False)), 10) for _ in range(n)],
            "homepage": np.where(rng.random(n) < 0.4, "https://example.org/film", ""),
            "production_companies": [
                json_list([f"Studio {k}" for k in range(rng.integers(0, 4))], 100) for _ in range(n)
            ],
            "production_countries": [json_list(["US"] + ["FR"] * int(rng.random() < 0.3), 1) for _ in range(n)],
            "spoken_languages": [json_list(["English"] + ["French"] * int(rng.random() < 0.2), 1) for _ in range(n)],
        }
    )
    films.loc[:19, "budget"] = 0
    films.loc[20:34, "revenue"] = 0
    films.loc[35:44, "release_date"] = ""
    films.loc[45:49, "runtime"] = np.nan
    path = write_text(folder / "my_films.csv", films.to_csv(index=False))
    kept = n - 50
    return Example(
        {"movies_file": str(path)},
        {"raw_films": n, "films": kept, "test_films": -(-kept // 5)},
    )


DOUYIN_NATURAL = ["直播推荐", "关注", "搜索", "短视频引流"]  # the natural sources the example room draws on
DOUYIN_PAID = ["千川PC版", "小店随心推"]  # and its paid ones


def source_text(counts: dict[str, int], total: str) -> str:
    """One minute's traffic-source column as the study's files hold it: Python-dict text of viewers per
    source, with ``total`` (the file's all-sources key) their sum."""
    return repr({**counts, total: sum(counts.values())})


def douyin_example(folder: Path) -> Example:
    """The live-stream chapter's input: a per-minute file in the study's schema for one invented room.
    It broadcasts 09:00-12:59 and 14:00-17:59 on 2024-03-05 (the hour between has no rows, so the chapter
    fills and then removes it) and ten minutes with no traffic on the next day (a dead day). Viewers
    entering per minute are Poisson around an hourly wave with autocorrelated noise, split over a few
    natural and paid sources."""
    rng = np.random.default_rng(8)
    day = pd.date_range("2024-03-05 09:00", "2024-03-05 17:59", freq="min")
    live = day[day.hour != 13]
    wave = 14 + 6 * np.sin(2 * np.pi * np.arange(len(live)) / 60)
    drift = np.zeros(len(live))
    for k in range(1, len(live)):
        drift[k] = 0.8 * drift[k - 1] + rng.normal(0, 1.5)
    watch = rng.poisson(np.clip(wave + drift, 1, None))
    natural = rng.multinomial(watch, [0.5, 0.3, 0.1, 0.1])
    paid = rng.poisson(1.0, (len(live), len(DOUYIN_PAID)))
    dead = pd.date_range("2024-03-06 10:00", periods=10, freq="min")
    times = live.append(dead)
    zeros = np.zeros(len(dead), dtype=int)
    minutes = pd.DataFrame(
        {
            "natural_flow_trend_index": [
                source_text(dict(zip(DOUYIN_NATURAL, map(int, row), strict=True)), "全部自然流量")
                for row in np.vstack([natural, np.zeros((len(dead), len(DOUYIN_NATURAL)), dtype=int)])
            ],
            "pay_flow_trend_index": [
                source_text(dict(zip(DOUYIN_PAID, map(int, row), strict=True)), "全部付费流量")
                for row in np.vstack([paid, np.zeros((len(dead), len(DOUYIN_PAID)), dtype=int)])
            ],
            "UV_VALUE": np.concatenate([rng.gamma(2, 1.5, len(live)).round(2), zeros]),
            "COMMENT_CNT": np.concatenate([rng.poisson(3, len(live)), zeros]),
            "date_time": times.strftime("%Y-%m-%d %H:%M:%S"),
            "INCR_FANS_CNT": np.concatenate([rng.poisson(0.5, len(live)), zeros]).astype(float),
            "LEAVE_UCNT": np.concatenate([rng.poisson(np.clip(watch - 1, 0, None)), zeros]).astype(float),
            "FANS_CLUB_UCNT": np.concatenate([rng.poisson(0.2, len(live)), zeros]).astype(float),
            "PAY_ORDER_GMV": np.concatenate([(rng.poisson(0.3, len(live)) * 59.0), zeros]),
            "ONLINE_USER_CNT": np.concatenate([np.round(4 * wave + 2 * drift).clip(0).astype(int), zeros]),
            "WATCH_UCNT": np.concatenate([watch, zeros]).astype(float),
            "PAY_CNT": np.concatenate([rng.poisson(0.3, len(live)), zeros]).astype(float),
            "PAY_UCNT": np.concatenate([rng.poisson(0.3, len(live)), zeros]).astype(float),
        }
    )
    path = write_text(folder / "my_live_room.csv", minutes.to_csv())
    return Example({"data_path": str(path)}, {"rows": len(minutes), "minutes": len(live), "dead_days": 1})


ML_GENRES = ["Action", "Comedy", "Drama", "Romance", "Thriller", "Western", "Sci-Fi", "Musical"]
ML_MIN_RATINGS = 20  # every MovieLens user has rated at least this many movies


def movielens_example(folder: Path) -> Example:
    """The MovieLens chapter's inputs: a ``ratings.csv`` (half-star ratings of 400 invented movies, 1930s
    to 1950s, with ids from 8,000 in steps of 5, so that the study's cut at id 9,000 drops about half)
    and its ``movies.csv``; no links and no posters, so the chapter leaves its poster sections out. The
    last 60 movies keep three ratings at most (rarely rated, for the cold start), and every user has at
    least 20 ratings, as in MovieLens."""
    n_users, n_movies, n_rare = 150, 400, 60
    planted = planted_ratings(n_users, n_movies, 0.12, (0.5, 5.0, 0.5), seed=11)
    rare = planted["item"] >= n_movies - n_rare
    planted = planted[~rare | (planted.groupby("item").cumcount() < 3)]
    if planted.groupby("user").size().min() < ML_MIN_RATINGS:
        raise AssertionError("the planted MovieLens example has a user with too few ratings")
    rng = np.random.default_rng(12)
    ratings = pd.DataFrame(
        {
            "userId": 70_001 + planted["user"],
            "movieId": 8_000 + 5 * planted["item"],
            "rating": planted["rating"],
            "timestamp": 1_700_000_000 + 45 * np.arange(len(planted)),
        }
    )
    movies = pd.DataFrame(
        {
            "movieId": 8_000 + 5 * np.arange(n_movies),
            "title": [f"Example movie {k:03d} ({year})" for k, year in enumerate(rng.integers(1930, 1960, n_movies))],
            "genres": ["|".join(rng.choice(ML_GENRES, rng.integers(1, 3), replace=False)) for _ in range(n_movies)],
        }
    )
    ratings_path = write_text(folder / "my_ratings.csv", ratings.to_csv(index=False))
    movies_path = write_text(folder / "my_movies.csv", movies.to_csv(index=False))
    rated = ratings.movieId.unique()
    return Example(
        {"ratings_file": str(ratings_path), "movies_file": str(movies_path)},
        {
            "ratings": len(ratings),
            "users": n_users,
            "movies": len(rated),
            "largest_id": int(rated.max()),
            "cut_movies": int((rated > 9_000).sum()),
        },
    )


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


def douban_example(folder: Path) -> Example:
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


EXAMPLES: dict[str, Callable[[Path], Example]] = {
    "01_box_office": box_office_example,
    "02_movielens": movielens_example,
    "03_douyin": douyin_example,
    "04_douban": douban_example,
    "05_netflix": netflix_example,
}


def write_examples(folder: Path, stems: list[str] | None = None) -> dict[str, Example]:
    """Write the example files of the chapters ``stems`` (default: every chapter that has one) into
    ``folder/<chapter>/``; return each chapter's :class:`Example`."""
    written = {}
    for stem in stems or list(EXAMPLES):
        if stem not in EXAMPLES:
            raise ParameterError(f"no example files for {stem!r}; chapters with examples: {', '.join(EXAMPLES)}")
        target = folder.resolve() / stem
        target.mkdir(parents=True, exist_ok=True)
        written[stem] = EXAMPLES[stem](target)
    return written
