"""Read delimited text files into typed DataFrames, with errors that name the file, row and column.

Every value is first read as text, then converted column by column, so that a bad value is
reported where it stands (``data row 17, column rating: 'x' is not a number``) instead of
turning silently into NaN.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.common import formatting
from helpers.common.errors import DataError

KINDS = ("int", "float", "str", "date", "datetime")


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, its kind and whether empty values are allowed.

    ``kind`` is one of ``int`` (nullable ``Int64`` when ``optional``), ``float``, ``str``,
    ``date`` (``%Y-%m-%d``) or ``datetime`` (``%Y-%m-%d %H:%M:%S``).
    """

    name: str
    kind: str = "str"
    optional: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}, expected one of {KINDS}")


def require_file(path: Path, hint: str) -> None:
    """Raise DataError if ``path`` is missing or empty; ``hint`` says how to get the file."""
    if not path.is_file():
        raise DataError(f"{path}: file not found. {hint}")
    if path.stat().st_size == 0:
        raise DataError(f"{path}: file is empty (0 bytes). {hint}")


def decode(path: Path, encoding: str) -> str:
    """Return the text of ``path`` decoded with ``encoding``.

    Raises DataError naming the byte offset of the first undecodable byte, and saying so when
    the bytes are valid GBK (the usual encoding of Chinese files that are not UTF-8).
    """
    raw = path.read_bytes()
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        message = f"{path}: not valid {encoding} text (first bad byte at offset {err.start})."
        try:
            raw.decode("gbk")
            message += (
                f" The bytes decode as GBK: re-save the file as {encoding}, e.g. `iconv -f GBK -t {encoding.upper()}`."
            )
        except UnicodeDecodeError:
            message += f" Re-download the file or convert it to {encoding}."
        raise DataError(message) from None


def read_table(
    path: Path,
    columns: Sequence[Column],
    *,
    sep: str = ",",
    header: bool = True,
    encoding: str = "utf-8",
    hint: str = "",
    drop_repeated_headers: bool = False,
    extra: Sequence[Column] = (),
) -> pd.DataFrame:
    """Read ``path`` and return a DataFrame of ``columns`` (in that order), each converted to its kind,
    then those of the ``extra`` columns that the file has (a file with a header may lack them).

    With ``header=True`` the file's first line names the columns (columns not declared are left
    out); with ``header=False`` the file must hold exactly the declared columns in order. A line
    that repeats the header (a file made by concatenation) is an error naming its line, unless
    ``drop_repeated_headers`` makes dropping such lines a cleaning step of the caller's: they are
    then removed and counted in ``frame.attrs["repeated_headers"]``. Raises DataError for a missing
    or empty file, bad encoding, a missing column, a row with too few or too many fields, an empty
    required value or a value that does not parse as its kind. Rows are numbered from 1, not
    counting the header line; lines are numbered as in the file, header included.
    """
    require_file(path, hint)
    text = decode(path, encoding)
    names = None if header else [c.name for c in columns]
    # count each record's fields first: pandas names a row with too many fields by its line, in its own words
    first = next(csv.reader(io.StringIO(text), delimiter=sep), None)
    if first is not None:
        _check_field_counts(path, text, sep, first if header else names, header, hint)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=0 if header else None,
            names=names,
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except pd.errors.ParserError as err:
        raise DataError(f"{path}: cannot be parsed as a {sep!r}-separated table ({err}). {hint}") from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: holds no table. {hint}") from None
    if header:
        missing = [c.name for c in columns if c.name not in frame.columns]
        if missing:
            raise DataError(f"{path}: missing column(s) {missing}; the file has {list(frame.columns)}. {hint}")
    repeated = 0
    if header:
        is_header = (frame == pd.Series(frame.columns, index=frame.columns)).all(axis=1)
        repeated = int(is_header.sum())
        if repeated and not drop_repeated_headers:
            row = _first_row(is_header)
            raise DataError(
                f"{path}: line {row + 1} (data row {row}) repeats the header line; {repeated} such line(s) in all. "
                "Remove them (the file looks made by joining several files)."
            )
        frame = frame[~is_header]
    if frame.empty:
        raise DataError(f"{path}: has a header but no data rows. {hint}")
    present = [*columns, *(c for c in extra if header and c.name in frame.columns)]
    result = pd.DataFrame({c.name: _convert(path, frame[c.name], c) for c in present}).reset_index(drop=True)
    result.attrs["repeated_headers"] = repeated
    return result


def _check_field_counts(path: Path, text: str, sep: str, names: list[str], header: bool, hint: str) -> None:
    """Raise DataError for the first record whose field count differs from the number of ``names``
    (the columns); when every record has the same wrong count, say which columns are expected.

    pandas pads a short row silently, so the records are counted with the csv module first.
    """
    width = len(names)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    if header:
        next(reader)
    first_bad, count, widths = None, 0, set()
    for row in reader:
        if not row:
            continue
        count += 1
        widths.add(len(row))
        if first_bad is None and len(row) != width:
            first_bad = (count, len(row))
    if first_bad is None:
        return
    index, fields = first_bad
    if len(widths) == 1:
        raise DataError(
            f"{path}: every row has {fields} fields, but this file needs {width} columns, in order: "
            f"{', '.join(names)}. {hint}"
        )
    where = "the last row: the file looks truncated" if index == count and fields < width else "a malformed row"
    raise DataError(f"{path}: data row {index} has {fields} of {width} fields ({where}). Repair that row. {hint}")


def _first_row(mask: pd.Series) -> int:
    """Return the 1-based data-row number (as in the file, header not counted) of the first True."""
    return int(mask.index[mask.to_numpy().argmax()]) + 1


def _convert(path: Path, values: pd.Series, column: Column) -> pd.Series:
    """Convert one text column to its kind, raising DataError at the first bad or missing value."""
    text = values.str.strip()
    empty = text == ""
    if empty.any() and not column.optional:
        row = _first_row(empty)
        raise DataError(f"{path}: data row {row}, column {column.name}: empty value where one is required")
    if column.kind == "str":
        return values.astype("string").where(~empty, pd.NA)
    if column.kind in ("int", "float"):
        parsed = pd.to_numeric(text.where(~empty), errors="coerce")
        what = "a number"
    else:
        fmt = "%Y-%m-%d" if column.kind == "date" else "%Y-%m-%d %H:%M:%S"
        parsed = pd.to_datetime(text.where(~empty), format=fmt, errors="coerce")
        what = f"a {column.kind} ({fmt})"
    bad = parsed.isna() & ~empty
    if column.kind == "int" and not bad.any():
        bad = parsed.notna() & (parsed % 1 != 0)
        what = "an integer"
    if bad.any():
        row = _first_row(bad)
        raise DataError(
            f"{path}: data row {row}, column {column.name}: {values.loc[row - 1]!r} is not {what}. "
            "Fix or remove that row."
        )
    if column.kind == "int":
        return parsed.astype("Int64" if column.optional else "int64")
    if column.kind == "float":
        return parsed.astype("float64")
    return parsed


def _example(value: object) -> str:
    """Return a value as the schema table shows it: a float to at most the book's decimals
    (``150.437577`` -> ``"150.438"``, ``2.5`` -> ``"2.5"``), anything else as its full text."""
    if isinstance(value, float):
        return f"{value:.{formatting.DECIMALS}f}".rstrip("0").rstrip(".")
    return str(value)


def schema_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Return one row per column of ``frame``: its dtype, non-missing count and first non-missing value
    (a fractional number to the book's decimals, anything else as its full text)."""
    rows = []
    for name in frame.columns:
        present = frame[name].dropna()
        rows.append(
            {
                "column": name,
                "dtype": str(frame[name].dtype),
                "non-missing": int(present.size),
                "example": _example(present.iloc[0]) if present.size else "",
            }
        )
    return pd.DataFrame(rows)


def check_range(frame: pd.DataFrame, column: str, low: float, high: float, path: Path) -> None:
    """Raise DataError at the first row whose ``column`` lies outside ``[low, high]`` (NaN allowed)."""
    values = frame[column]
    bad = values.notna() & ((values < low) | (values > high))
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise DataError(
            f"{path}: data row {row + 1}, column {column}: {values.iloc[row]} is outside [{low}, {high}]. "
            "Fix or remove that row."
        )
