"""Writing a file so that a reader never sees half of it: the book's one write-then-rename step."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Written = TypeVar("Written")


def write_atomically(path: Path, write: Callable[[Path], Written]) -> Written:
    """Call ``write`` on a new temporary file beside ``path`` (same folder, so the rename cannot cross
    file systems), then rename that file onto ``path``. If ``write`` or the rename fails, the temporary
    file is removed and ``path`` keeps what it held before. Returns what ``write`` returns."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        written = write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through :func:`write_atomically`."""
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def write_bytes_atomically(path: Path, body: bytes) -> None:
    """Write ``body`` to ``path`` through :func:`write_atomically`."""
    write_atomically(path, lambda temporary: temporary.write_bytes(body))
