"""Loaders: one function per registered data set, each returning tidy, typed tables.

``load(name)`` finds the data set under the data root (see ``helpers.common.paths``), checks
every file against the registry's sha256 (``verify=False`` skips that, for one's own copy of a
larger file), and returns a small dataclass of DataFrames. Each loader's readers are public too
(``read_douyin(path)`` ...) so a chapter can point them at a file of its own, such as the full
Douyin or Netflix data. Whatever a loader removes is counted in ``dropped`` and never silent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.datasets.douban import (
    DOUBAN_COLUMNS,
    DOUBAN_OPTIONAL_COLUMNS,
    Douban,
    load_douban,
    read_douban,
    read_douban_crawls,
)
from helpers.datasets.douyin import DOUYIN_METRICS, Douyin, douyin_columns, douyin_label, load_douyin, read_douyin
from helpers.datasets.movielens import (
    MovieLens100K,
    MovieLensSmall,
    Posters,
    load_ml_100k,
    load_ml_100k_posters,
    load_ml_latest_small_2016,
    poster_image,
    read_ml100k_ratings,
    read_movielens_links,
    read_movielens_movies,
    read_movielens_own,
    read_movielens_ratings,
    read_poster_folder,
    thumbnails_for,
)
from helpers.datasets.netflix import NetflixSubset, load_netflix, read_netflix_ratings, read_netflix_titles
from helpers.datasets.own import own_path
from helpers.datasets.registry import DATASETS, dataset
from helpers.datasets.tables import schema_table
from helpers.datasets.tmdb import (
    Tmdb5000,
    check_json_names,
    json_names,
    load_tmdb_5000,
    read_tmdb_cast,
    read_tmdb_movies,
)

__all__ = [
    "DATASETS", "DOUBAN_COLUMNS", "DOUBAN_OPTIONAL_COLUMNS", "DOUYIN_METRICS", "LOADERS", "Douban", "Douyin",
    "MovieLens100K", "MovieLensSmall", "NetflixSubset", "Posters", "Tmdb5000", "check_json_names", "dataset",
    "douyin_columns", "douyin_label", "json_names", "load", "load_douban", "load_douyin", "load_ml_100k",
    "load_ml_100k_posters", "load_ml_latest_small_2016", "load_netflix", "load_tmdb_5000", "own_path",
    "poster_image", "read_douban", "read_douban_crawls", "read_douyin", "read_ml100k_ratings",
    "read_movielens_links", "read_movielens_movies", "read_movielens_own", "read_movielens_ratings",
    "read_netflix_ratings", "read_netflix_titles", "read_poster_folder", "read_tmdb_cast", "read_tmdb_movies",
    "schema_table", "thumbnails_for",
]  # fmt: skip

LOADERS = {
    "ml_latest_small_2016": load_ml_latest_small_2016,
    "ml_100k": load_ml_100k,
    "ml_100k_posters": load_ml_100k_posters,
    "netflix": load_netflix,
    "tmdb_5000": load_tmdb_5000,
    "douban": load_douban,
    "douyin": load_douyin,
}


def load(name: str, root: Path | None = None, verify: bool = True) -> Any:
    """Load registered data set ``name`` (see ``helpers.datasets.registry.DATASETS``) from ``root``.

    ``root`` defaults to the data root; ``verify=False`` skips the checksum check. Raises
    DataError naming the data set, file, row or column for anything missing or malformed.
    """
    dataset(name)
    return LOADERS[name](root, verify)
