"""Where things live: the repository, the data root and the build folders.

The data root has one rule, here, used by the Makefile (through the CLI), the CLI and the notebooks:
``$BOOK_DATA_DIR`` if set, else ``../shared/data`` beside the checkout if that folder exists, else
``data/`` in the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpers.common.errors import DataError

DATA_DIR_VARIABLE = "BOOK_DATA_DIR"
SHARED_DATA = Path("..") / "shared" / "data"
LOCAL_DATA = Path("data")


def repo_root() -> Path:
    """Return the checkout's root folder (the one holding ``_config.yml``)."""
    return Path(__file__).resolve().parents[2]


def data_root_and_origin() -> tuple[Path, str]:
    """Return the data root (absolute) and a few words saying which part of the rule chose it."""
    configured = os.environ.get(DATA_DIR_VARIABLE)
    if configured:
        return Path(configured).expanduser().resolve(), f"${DATA_DIR_VARIABLE}"
    shared = (repo_root() / SHARED_DATA).resolve()
    if shared.is_dir():
        return shared, "../shared/data beside the checkout"
    return repo_root() / LOCAL_DATA, "data/ in the checkout"


def data_root() -> Path:
    """Return the data root: ``$BOOK_DATA_DIR``, else ``../shared/data`` beside the checkout, else ``data/``."""
    return data_root_and_origin()[0]


def require_data_root(root: Path | None = None) -> Path:
    """Return ``root`` (default: the data root) if it is a folder; else raise DataError in one line
    naming the folder, which rule chose it, and how to set it."""
    if root is not None:
        origin = "the data folder given"
    else:
        root, origin = data_root_and_origin()
    if not root.is_dir():
        raise DataError(
            f"data root {root} ({origin}) does not exist: set {DATA_DIR_VARIABLE} to the folder that holds "
            f"the data sets (e.g. export {DATA_DIR_VARIABLE}=/path/to/shared/data), or run `make data` to download them"
        )
    return root


def resolve_user_path(value: str | os.PathLike[str], start: Path | None = None) -> Path:
    """Return ``value`` as an absolute path; a relative one is taken against ``start`` (default: the
    folder the command was started in), with ``~`` expanded."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else (start or Path.cwd()) / path


def notebooks_dir() -> Path:
    """Return the folder of the committed, output-free notebooks."""
    return repo_root() / "notebooks"


def chapters_dir() -> Path:
    """Return the git-ignored folder of executed chapters the HTML book is built from."""
    return repo_root() / "book" / "chapters"


def build_dir() -> Path:
    """Return the git-ignored folder for test runs and other build products."""
    return repo_root() / "build"
