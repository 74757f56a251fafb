"""The book's one number format, for tables and glued text alike.

Metrics (errors, scores, correlations) are shown to :data:`DECIMALS` decimals, counts with thousands
separators, a mean ± standard deviation with both to the same decimals, a difference always signed
(with a true minus sign), and a share as a percentage. :func:`table` applies the same rules to a whole
DataFrame and shows it without the index column and without cutting any cell.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

DECIMALS = 3  # decimals of every metric the book prints
MINUS = "\u2212"  # the typographic minus sign
MISSING = "—"  # shown for a number that was not measured


def _missing(value: Any) -> bool:
    """Return True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def metric(value: float, decimals: int = DECIMALS) -> str:
    """Return a metric as text with ``decimals`` decimals (``0.2423`` -> ``"0.242"``); NaN as a dash."""
    if _missing(value):
        return MISSING
    return f"{value:.{decimals}f}".replace("-", MINUS)


def count(value: int | float) -> str:
    """Return a count with thousands separators (``809346`` -> ``"809,346"``); NaN as a dash."""
    if _missing(value):
        return MISSING
    return f"{round(value):,d}"


SIDE_DECIMALS = 6  # the most decimals an interval bound gets to show which side of zero it lies on


def signed(value: float, decimals: int = DECIMALS, side_shown: bool = False) -> str:
    """Return a difference with its sign always shown (``0.0131`` -> ``"+0.013"``, ``-0.5`` -> ``"−0.500"``).

    A value that rounds to zero prints as an unsigned zero (``-0.0001`` -> ``"0.000"``), unless
    ``side_shown``: an interval bound on which a verdict turns then gets more decimals, up to
    :data:`SIDE_DECIMALS`, until its side of zero shows (``0.0002`` -> ``"+0.0002"``).
    """
    if _missing(value):
        return MISSING
    while side_shown and value != 0 and round(value, decimals) == 0 and decimals < SIDE_DECIMALS:
        decimals += 1
    text = f"{value:+.{decimals}f}"
    return text.replace("-", MINUS) if float(text) != 0 else f"{0:.{decimals}f}"


def mean_sd(mean: float, sd: float, decimals: int = DECIMALS) -> str:
    """Return ``mean ± sd`` with both to ``decimals`` decimals; the sd alone is dropped when it is NaN
    (a single run has no spread)."""
    if _missing(sd):
        return metric(mean, decimals)
    return f"{metric(mean, decimals)} ± {metric(sd, decimals)}"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """Return ``n`` (through :func:`count`) with its noun in the right number: ``counted(1, "seed")`` ->
    ``"1 seed"``, ``counted(1200, "minute")`` -> ``"1,200 minutes"``; ``plural`` for an irregular one
    (default: the noun plus s)."""
    return f"{count(n)} {singular if n == 1 else plural or singular + 's'}"


def percent(share: float, decimals: int = 1) -> str:
    """Return a share (0..1) as a percentage (``0.0654`` -> ``"6.5 %"``)."""
    if _missing(share):
        return MISSING
    return f"{100 * share:.{decimals}f} %"


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    """Join ``items`` as an English list: ``["a"]`` -> ``"a"``, ``["a", "b", "c"]`` -> ``"a, b and c"``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def cell(value: Any) -> str:
    """Return one table cell in the book's format: whole numbers (ints, and floats such as a count or a
    star rating a table stores as 3.0) as counts, other numbers as metrics, anything else as its text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return count(value)
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if not _missing(as_float) and as_float.is_integer():
            return count(as_float)
        return metric(as_float)
    return MISSING if _missing(value) else str(value)


def use_book_format() -> None:
    """Make every DataFrame the notebook displays follow the book's format: floats through :func:`cell`
    (metrics to :data:`DECIMALS` decimals, whole numbers as counts), styled tables
    to the same decimals with thousands separators, and no column or cell cut with an ellipsis."""
    pd.set_option("display.float_format", cell)
    pd.set_option("display.max_columns", None)
    pd.set_option("display.max_colwidth", None)
    pd.set_option("styler.format.precision", DECIMALS)
    pd.set_option("styler.format.thousands", ",")


def table(
    frame: pd.DataFrame | pd.Series,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    index: bool = False,
) -> Styler:
    """Return ``frame`` styled for the page: every cell through :func:`cell` unless ``formats`` names
    a formatter for its column, its text escaped for HTML (a relation such as ``0.603 < 0.655`` prints as
    text, never as the start of a tag), no index column unless ``index`` (then it is shown as the first,
    labelled column), nothing cut however wide or long the table is, and HTML ids that depend only on
    the table's content.

    A Series is shown as a two-column table of its index and values.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
        index = True
    if index:
        frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        frame = frame.set_axis([" ".join(str(p) for p in col if str(p)) for col in frame.columns], axis=1)
    formats = dict(formats or {})
    unknown = set(formats) - set(frame.columns)
    if unknown:
        raise KeyError(f"formats name columns the table does not have: {sorted(unknown)}")
    # the HTML ids come from the table's content, not pandas' random default, so that a rerun of the chapter
    # writes the same output (nbval compares it) and two runs of the book differ only where the data do
    uuid = hashlib.sha256(frame.to_csv().encode("utf-8")).hexdigest()[:8]
    styler = frame.style.format(cell, escape="html").hide(axis="index").set_uuid(uuid)
    for column, formatter in formats.items():
        styler = styler.format(formatter, subset=[column], escape="html")
    return styler
