"""Files of one's own, given to a chapter through its path parameters instead of the registered data."""

from __future__ import annotations

from pathlib import Path

from helpers.common.errors import ParameterError
from helpers.common.paths import resolve_user_path


def own_path(value: str | None, parameter: str, folder: bool = False) -> Path | None:
    """Return the file (or, with ``folder``, the folder) that parameter ``parameter`` names, or None
    when it is None (the chapter then uses the registered data). A relative path is taken from the
    folder the notebook runs in; the runner passes absolute ones.

    Raises ParameterError naming the parameter and the path when it does not exist or is of the
    other kind; the files' contents are checked by the readers, without a checksum."""
    if value is None:
        return None
    path = resolve_user_path(value)
    kind = "folder" if folder else "file"
    if not (path.is_dir() if folder else path.is_file()):
        found = "does not exist" if not path.exists() else f"is not a {kind}"
        raise ParameterError(
            f"parameter {parameter}={value!r}: {path} {found}; give the path of a {kind} of your own "
            "(see the book's rerun page for its format), or leave it out for the registered data"
        )
    return path
