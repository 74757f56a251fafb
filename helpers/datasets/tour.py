"""What the data tour shows beside the data sets themselves: the registry as a table, the checksum check
of every data set, and the loaded sizes beside the sizes each data folder's SOURCE.md documents."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from helpers.common import formatting
from helpers.datasets import download
from helpers.datasets.registry import DATASETS

# each size the tour records: what it counts, and the size the data folder's SOURCE.md gives (None: not given)
DOCUMENTED_SIZES: dict[str, tuple[str, int | None]] = {
    "data.ml_latest_small_2016.ratings": ("MovieLens latest-small ratings", 100004),
    "data.ml_100k.ratings": ("MovieLens 100K ratings", 100000),
    "data.posters.images": ("ML-100K posters", 1663),
    "data.netflix_subset.ratings": ("Netflix subset training ratings", 109065),
    "data.tmdb_5000.films": ("TMDB 5000 films", 4803),
    "data.douban.films": ("Douban distinct films", None),
    "data.douyin.minutes": ("Douyin minutes", 696),
}


def registry_table() -> pd.DataFrame:
    """Return one row per registered data set: its name, its folder under the data root, what it is and
    its licence."""
    return pd.DataFrame(
        [{"data set": d.name, "folder": d.folder, "what": d.title, "licence": d.licence} for d in DATASETS.values()]
    )


def checksum_table(root: Path) -> pd.DataFrame:
    """Return one row per registered data set under the data root ``root``: how many files its registry
    entry pins and how many problems (a missing file, a wrong sha256) checking them against it finds."""
    return pd.DataFrame(
        [
            {
                "data set": name,
                "files checked": sum(1 for _ in download.expected_files(d, root / d.folder)),
                "problems": len(download.verify(name, root)),
            }
            for name, d in DATASETS.items()
        ]
    )


def size_summary(loaded: Mapping[str, int]) -> pd.DataFrame:
    """Return one row per size of :data:`DOCUMENTED_SIZES`: what it counts, the documented size and the
    size ``loaded`` holds for its record name (both as counts with thousands separators), and whether
    they match ("yes", "no", or a dash where the documentation gives no size)."""
    rows = []
    for record, (what, documented) in DOCUMENTED_SIZES.items():
        size = loaded[record]
        rows.append(
            {
                "what": what,
                "documented": formatting.count(documented) if documented else "not documented",
                "loaded": formatting.count(size),
                "match": formatting.MISSING if documented is None else ("yes" if documented == size else "no"),
            }
        )
    return pd.DataFrame(rows)
