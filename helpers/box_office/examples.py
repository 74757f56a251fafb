"""The box-office chapter's example files of one's own (``python -m helpers examples``), in its documented
input format, and the counts of its registered data, which its prose glues rather than types.

:func:`write_example` writes the files the chapter manifest lists for the chapter and returns the
parameters that point the chapter at them and the counts the chapter must report for them;
:func:`registered_counts` counts the registered data the chapter reads by default.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import datasets
from helpers.datasets.examples import Example, write_text


def json_list(names: list[str], first_id: int) -> str:
    """TMDB's JSON-list text for ``names``: ``[{"id": first_id, "name": ...}, ...]``."""
    return json.dumps([{"id": first_id + k, "name": name} for k, name in enumerate(names)])


def write_example(folder: Path) -> Example:
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


def registered_counts() -> list[int]:
    """The box-office chapter's registered data, counted here: the films of TMDB 5000, and those with a
    known (non-zero) budget and revenue."""
    movies = datasets.load("tmdb_5000").movies
    return [len(movies), int(((movies.budget > 0) & (movies.revenue > 0)).sum())]
