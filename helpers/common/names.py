"""The names a reader sees for the models of every chapter.

Code keys models by short identifiers (``rf``, ``lstm_multi``, ``kadn``); tables, figure legends and
glued text show the reader's names instead. Each study package lists the names of its models in its
``names.yml`` and registers them (its ``names`` module, imported with the package) with
:func:`register_reader_names`; a key two packages register must have one name, so a model is called the
same on every page.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

_REGISTERED: dict[str, tuple[str, str]] = {}  # model key: (reader's name, the package that registered it)


def register_reader_names(path: Path, package: str) -> dict[str, str]:
    """Register the reader's name of each model key of the YAML mapping at ``path`` (key: name) for
    ``package`` (a dotted module name, to name in errors); return the mapping.

    Raises ValueError naming the file and the key for a key or name that is not text, or a key already
    registered under another name (naming both packages).
    """
    names = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(names, dict):
        raise ValueError(f"{path}: expected a mapping of model keys to reader's names, got {names!r}")
    for key, name in names.items():
        if not (isinstance(key, str) and isinstance(name, str) and name):
            raise ValueError(f"{path}: {key!r}: expected a model key and its reader's name as text, got {name!r}")
        known, owner = _REGISTERED.get(key, (name, package))
        if known != name:
            raise ValueError(f"{path}: model key {key!r} is {name!r} here but {known!r} in {owner}; use one name")
        _REGISTERED.setdefault(key, (name, package))
    return dict(names)


def reader_name(key: str) -> str:
    """Return the reader's name of the model keyed ``key`` (e.g. ``"rf"`` -> ``"Random forest"``).

    Raises KeyError naming the key when no imported study package registered it, so a new model cannot
    reach a page under its code name.
    """
    try:
        return _REGISTERED[key][0]
    except KeyError:
        raise KeyError(f"model key {key!r} has no reader's name; add it to its study package's names.yml") from None


def reader_names(keys: Iterable[str]) -> list[str]:
    """Return :func:`reader_name` of each key, in order."""
    return [reader_name(key) for key in keys]
