"""Where things live: the repository, the data root and the build folders."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "BOOK_DATA_DIR"


def repo_root() -> Path:
    """Return the checkout's root folder (the one holding ``_config.yml``)."""
    return Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """Return the data root: ``$BOOK_DATA_DIR`` if set, else ``data/`` in the checkout."""
    configured = os.environ.get(DATA_DIR_VARIABLE)
    return Path(configured).expanduser().resolve() if configured else repo_root() / "data"


def notebooks_dir() -> Path:
    """Return the folder of the committed, output-free notebooks."""
    return repo_root() / "notebooks"


def chapters_dir() -> Path:
    """Return the git-ignored folder of executed chapters the HTML book is built from."""
    return repo_root() / "book" / "chapters"


def build_dir() -> Path:
    """Return the git-ignored folder for test runs and other build products."""
    return repo_root() / "build"
