"""The live-stream chapter's minutes: the registered day, or a file of one's own in the study's schema."""

from __future__ import annotations

import pandas as pd

from helpers import datasets

REGISTERED_FILE = "predict.csv"  # the registered day's file, as the page names it


def load_or_own(data_path: str | None) -> tuple[pd.DataFrame, str]:
    """Return the per-minute table the chapter reads and the name of its file: the registered day
    (``predict.csv``, checksum verified) when ``data_path`` is None, else the file it names (the
    chapter's ``data_path`` parameter; schema checked, no checksum). Raises ParameterError for a path
    that is not a file and DataError for a file not in the study's schema."""
    own_file = datasets.own_path(data_path, "data_path")
    if own_file is None:
        return datasets.load("douyin").minutes, REGISTERED_FILE
    return datasets.read_douyin(own_file), own_file.name
