"""Profiles and parameters of a run: the profile's settings for a chapter (from the chapter manifest,
``notebooks/chapters.yml``: ``quick`` for the tests, ``full`` for the book), the ``-p name=value``
overrides, the paths among them made absolute, and the folder a profile's executed copies go to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from helpers.common.errors import ParameterError
from helpers.common.paths import build_dir, chapters_dir, resolve_user_path
from helpers.publishing import chapters
from helpers.publishing.notebooks import notebook_parameters

PROFILES = chapters.PROFILES
PATH_SUFFIXES = ("_path", "_dir", "_file", "_files")  # parameters named so hold paths (a list for _files)


def load_profiles(path: Path | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Return ``{profile: {notebook stem: {parameter: value}}}`` from the chapter manifest at ``path``
    (default: the checkout's)."""
    book = chapters.load(path) if path else chapters.manifest()
    return {profile: {c.stem: c.profiles[profile] for c in book.chapters} for profile in PROFILES}


def parse_overrides(pairs: Iterable[str]) -> dict[str, Any]:
    """Parse ``name=value`` strings; values are YAML (``3``, ``0.5``, ``[32, 64]``, ``abc``, ``null``),
    and a number YAML 1.1 leaves as text (``1e-3``) is read as a number."""
    overrides = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name.isidentifier():
            raise ParameterError(f"-p {pair!r}: expected name=value, e.g. -p epochs=5")
        value = yaml.safe_load(text)
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass
        overrides[name] = value
    return overrides


def parameters_for(
    notebook: Path, profile: str, overrides: Mapping[str, Any], profiles: Mapping[str, Any]
) -> dict[str, Any]:
    """Merge the profile's settings for ``notebook`` with ``overrides`` (which win).

    Raises ParameterError if a name is not a parameter of the notebook.
    """
    if profile not in PROFILES:
        raise ParameterError(f"unknown profile {profile!r}; profiles are {list(PROFILES)}")
    merged = {**(profiles[profile].get(notebook.stem) or {}), **overrides}
    defined = notebook_parameters(notebook)
    unknown = sorted(set(merged) - set(defined))
    if unknown:
        raise ParameterError(f"{notebook.name}: no parameter(s) {unknown}; its parameters are {sorted(defined)}")
    return resolve_path_parameters(merged)


def resolve_path_parameters(parameters: Mapping[str, Any], start: Path | None = None) -> dict[str, Any]:
    """Return ``parameters`` with every text value of a name ending in ``_path``, ``_dir`` or ``_file``,
    and every text item of a list named ``…_files``, made absolute against ``start`` (default: the folder
    the command was started in)."""

    def absolute(value: Any) -> Any:
        return str(resolve_user_path(value, start)) if isinstance(value, str) else value

    return {
        name: ([absolute(v) for v in value] if isinstance(value, list) else absolute(value))
        if name.endswith(PATH_SUFFIXES)
        else value
        for name, value in parameters.items()
    }


def default_output_dir(profile: str) -> Path:
    """Return where executed copies go: the book's chapters folder for ``full``, ``build/<profile>`` else."""
    return chapters_dir() if profile == "full" else build_dir() / profile
