"""Record a chapter's figures with ``myst_nb.glue`` and read them back from an executed notebook.

A record is a plain Python scalar (int, float, str or bool): the prose cites it with
``{glue:text}`name:.3f``` and the tests read it with :func:`read_records`.
"""

from __future__ import annotations

import ast
import math
import numbers
from pathlib import Path
from typing import Any

import nbformat

from helpers.common.judgement import Judged, record_name

RecordValue = int | float | str | bool
NOT_MEASURED = "not measured: "  # the start of a record that this run could not measure, then the reason


def as_record_value(value: Any) -> RecordValue:
    """Return ``value`` as a plain Python scalar (numpy scalars included).

    Raises TypeError for anything that is not a single number, string or bool, so that a
    figure is never recorded as an array or a DataFrame by mistake.
    """
    if isinstance(value, (bool, str)):
        return value
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"a record must be a number, string or bool, got {type(value).__name__}")


def record(name: str, value: Any) -> RecordValue:
    """Glue ``value`` under ``name`` in the running notebook and return it as a plain scalar.

    Non-finite numbers are refused: a NaN figure means a broken run and must not reach the book.
    """
    from myst_nb import glue

    plain = as_record_value(value)
    if isinstance(plain, float) and not math.isfinite(plain):
        raise ValueError(f"record {name!r} is not finite ({plain}); the run that made it is broken")
    glue(name, plain, display=False)
    return plain


class Recorder(dict[str, RecordValue]):
    """A chapter's records by name: :meth:`keep` glues a figure and keeps it for the closing table."""

    def keep(self, name: str, value: Any) -> RecordValue:
        """Glue ``value`` under ``name`` (see :func:`record`), keep it here and return it as a plain scalar."""
        self[name] = record(name, value)
        return self[name]

    def judged(self, judged: Judged) -> Judged:
        """Keep a judged claim: its whole object as JSON under ``judged.<id>`` (the closing table, the
        results page and ``claims.json`` read it) and its sentence under ``<id>.verdict`` (the prose cites
        it with ``{glue:text}``), so the prose and the table print from the same object. Returns it."""
        self.keep(record_name(judged.id), judged.to_json())
        self.keep(f"{judged.id}.verdict", judged.sentence)
        return judged

    def not_measured(self, names: list[str], reason: str) -> None:
        """Record each of ``names`` as not measured in this run, with ``reason`` (a phrase such as "no
        posters were given"): its value is the text "not measured: <reason>", which the closing table
        shows as the reason its claim was not judged."""
        for name in names:
            self.keep(name, f"{NOT_MEASURED}{reason}")


def read_records(notebook: str | Path) -> dict[str, RecordValue]:
    """Return every glued record of an executed notebook as ``{name: value}``.

    Raises ValueError if a name is glued twice (a later cell would silently overwrite an earlier one).
    """
    nb = nbformat.read(str(notebook), as_version=4)
    records: dict[str, RecordValue] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if not scrap:
                continue
            name = scrap["name"]
            if name in records:
                raise ValueError(f"{notebook}: record {name!r} is glued more than once")
            text = output["data"][scrap.get("mime_prefix", "") + "text/plain"]
            records[name] = ast.literal_eval(text)
    return records
