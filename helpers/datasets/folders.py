"""Where a registered data set lives under the data root, and the advice an error about a file ends with."""

from __future__ import annotations

from pathlib import Path

from helpers.common.paths import require_data_root
from helpers.datasets.download import FETCH_HINT, require_verified
from helpers.datasets.registry import dataset

USER_FILE_HINT = "Check the path, and the file's format against the columns on the book's rerun page."


def dataset_folder(name: str, root: Path | None, verify: bool) -> Path:
    """Return the folder of data set ``name`` under ``root`` (default: the data root), verified if asked."""
    folder = require_data_root(root) / dataset(name).folder
    if verify:
        require_verified(name, root)
    return folder


def fetch_hint(name: str) -> str:
    """Return the advice for a registered file of data set ``name``: how to fetch it."""
    return FETCH_HINT.format(name=name)
