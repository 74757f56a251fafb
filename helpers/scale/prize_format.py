"""The prize's ``combined_data_*.txt`` files read out of core, and turned into the engines' training layout.

A prize file is a sequence of movies, each a header line ``MovieID:`` followed by that movie's
``CustomerID,Rating,YYYY-MM-DD`` lines. :func:`read_combined_data` reads such files a piece at a time and
reports a bad line by file and line number; :func:`to_training_parquet` codes users and movies ``0..n-1``,
holds out a random share of the ratings, and writes the layout :mod:`helpers.scale.engines` reads::

    out_dir/train/part-00000.parquet ...  training ratings, each in a random bucket (file) of ~bucket_rows
    out_dir/test.parquet                  the held-out ratings
    out_dir/meta.json                     counts, the training ratings' mean and std, the split's seed
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from helpers.common.errors import DataError, ParameterError
from helpers.datasets.tables import require_file

FIELDS = ("user", "rating", "date")  # a rating line's fields; a header line fills the first
RATING_LINE = "'CustomerID,Rating,YYYY-MM-DD'"
HEADER_LINE = "movie header 'MovieID:'"
FIX = "Fix or remove that line."
ID_PATTERN = "^[0-9]{1,10}$"  # a movie or customer id: a whole number of at most 10 digits (int32)
MAX_ID = np.iinfo(np.int32).max  # ids are stored as int32
STAR_TEXTS = ("1", "2", "3", "4", "5")  # the ratings a line may hold
DATE_FORMAT = "%Y-%m-%d"
ENCODING = "latin-1"  # every byte decodes, so a stray non-ASCII byte fails the checks of its line, by number
PARSER_LINE = re.compile(r"Expected \d+ fields in line (\d+), saw \d+")  # pandas' C parser on too many fields
FILE_HINT = "Check the path: the prize's files are combined_data_1.txt .. combined_data_4.txt."
DEFAULT_CHUNK_ROWS = 1_000_000
DEFAULT_BUCKETS = 64  # training buckets when the number of ratings is not known beforehand
TRAIN_DIR, TEST_FILE, META_FILE = "train", "test.parquet", "meta.json"
BUCKET_NAME = "part-{:05d}.parquet"
TRAINING_SCHEMA = pa.schema(
    [("user", pa.int32()), ("item", pa.int32()), ("rating", pa.float32()), ("date", pa.date32())]
)


def _line_text(path: Path, number: int) -> str:
    """Line ``number`` (1-based) of ``path``, without its line end (read again to quote it in an error)."""
    with path.open(encoding=ENCODING, newline="") as lines:
        return next(itertools.islice(lines, number - 1, None)).rstrip("\r\n")


def _valid_ids(text: pa.Array) -> pa.Array:
    """Whether each text is a whole number of digits from 1 to MAX_ID (a movie or customer id), as booleans."""
    digits = pc.match_substring_regex(text, ID_PATTERN)
    value = pc.cast(pc.if_else(digits, text, "0"), pa.int64())
    return pc.and_(digits, pc.and_(pc.greater_equal(value, 1), pc.less_equal(value, MAX_ID)))


def _dates(text: pa.Array) -> pa.Array:
    """The dates in ``text`` (``YYYY-MM-DD``) as timestamp[s]; null where a text is not a real date. Each
    distinct text is parsed once, by pandas (Arrow's strptime would take 2005-02-30 for 2005-03-02)."""
    days = text.dictionary_encode()
    parsed = pd.to_datetime(days.dictionary.to_pandas(), format=DATE_FORMAT, errors="coerce")
    return pa.array(parsed.astype("datetime64[s]"), pa.timestamp("s")).take(days.indices)


def diagnose(line: str) -> str | None:
    """What is wrong with one line of a prize file on its own (it may still lack a movie header above it):
    the end of the error message, or None for a well-formed header or rating line."""
    fields = line.split(",")
    if len(fields) == 1 and line.endswith(":"):
        if _valid_ids(pa.array([line[:-1]]))[0].as_py():
            return None
        return f"is not a {HEADER_LINE} (a movie id must be a whole number from 1 to {MAX_ID}). {FIX}"
    if len(fields) != len(FIELDS):
        return f"is not {RATING_LINE} (it has {len(fields)} field(s), not {len(FIELDS)}). {FIX}"
    user, rating, date = fields
    if not _valid_ids(pa.array([user]))[0].as_py():
        return f"is not {RATING_LINE} (a customer id must be a whole number from 1 to {MAX_ID}). {FIX}"
    if rating not in STAR_TEXTS:
        return f"is not {RATING_LINE} (a rating must be a whole number of stars from 1 to 5). {FIX}"
    if not _dates(pa.array([date]))[0].is_valid:
        return f"is not {RATING_LINE} (a date must be a real date written YYYY-MM-DD). {FIX}"
    return None


def _raise_at(path: Path, number: int) -> None:
    """Raise the DataError for line ``number`` of ``path``, found bad by the vectorised checks."""
    line = _line_text(path, number)
    why = diagnose(line) or (
        f"comes before any {HEADER_LINE}. A file must begin with a movie header: add the header line of the movie "
        "these ratings belong to above it, or remove the line."
    )
    raise DataError(f"{path}: line {number}: {line!r} {why}")


def _text(column: pd.Series) -> pa.Array:
    """A column of text as one Arrow array (pandas holds a long one in several chunks)."""
    text = pa.array(column, pa.large_string())
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def _parse_piece(path: Path, raw: pd.DataFrame, movie: int | None) -> tuple[pd.DataFrame, int | None]:
    """Check and convert one piece of a prize file: ``raw`` holds its lines split into FIELDS (text; a header
    fills only the first, a blank line none), its index the 0-based line numbers; ``movie`` is the movie id
    in force at its start (None before the first header). Returns the piece's ratings (columns movie_id
    int32, user_id int32, rating int8, date datetime64[s]) and the movie id in force at its end; raises
    DataError naming the first bad line."""
    user, rating, date = (_text(raw[name]) for name in FIELDS)
    one_field = pc.and_(pc.equal(rating, ""), pc.equal(date, ""))
    header = pc.and_(one_field, pc.ends_with(user, ":"))
    rows = pc.invert(pc.or_(header, pc.and_(one_field, pc.equal(user, ""))))  # neither a header nor blank
    movie_text = pc.utf8_slice_codeunits(user, 0, -1)
    header_ok = pc.and_(header, _valid_ids(movie_text))
    movies = pc.fill_null_forward(pc.cast(pc.if_else(header_ok, movie_text, None), pa.int32()))
    movies = pc.fill_null(movies, pa.scalar(movie, pa.int32()))
    dates = _dates(pc.if_else(rows, date, "1970-01-01"))
    ok = pc.and_(pc.and_(_valid_ids(user), pc.is_in(rating, pa.array(STAR_TEXTS))), pc.is_valid(movies))
    bad = pc.or_(pc.and_(header, pc.invert(header_ok)), pc.and_(rows, pc.invert(pc.and_(ok, pc.is_valid(dates)))))
    if pc.any(bad).as_py():
        _raise_at(path, int(raw.index[pc.index(bad, True).as_py()]) + 1)
    ratings = pd.DataFrame(
        {
            "movie_id": pc.filter(movies, rows).to_numpy(),
            "user_id": pc.cast(pc.filter(user, rows), pa.int32()).to_numpy(),
            "rating": pc.cast(pc.filter(rating, rows), pa.int8()).to_numpy(),
            "date": pc.filter(dates, rows).to_numpy(),
        }
    )
    return ratings, movies[-1].as_py() if len(movies) else movie


def _read_file(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The ratings of one prize file, ``chunk_rows`` lines (headers and blank lines included) at a time."""
    require_file(path, FILE_HINT)
    pieces = pd.read_csv(
        path,
        header=None,
        names=list(FIELDS),
        dtype=str,
        na_filter=False,
        quoting=csv.QUOTE_NONE,
        skip_blank_lines=False,  # keeps the index equal to the line number - 1
        index_col=False,
        encoding=ENCODING,
        chunksize=chunk_rows,
        engine="c",
    )
    movie = None
    try:
        with warnings.catch_warnings():  # a first line of too many fields is cut short, then fails as a rating line
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            for raw in pieces:
                ratings, movie = _parse_piece(path, raw, movie)
                if len(ratings):
                    yield ratings
    except pd.errors.ParserError as err:
        found = PARSER_LINE.search(str(err))
        if found is None:
            raise DataError(f"{path}: cannot be read as the prize's format ({err}). {FILE_HINT}") from None
        _raise_at(path, int(found.group(1)))


def read_combined_data(paths: Sequence[Path], chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """Yield the ratings of the prize files ``paths``, in file order, in chunks of at most ``chunk_rows`` rows,
    with columns movie_id (int32), user_id (int32), rating (int8, 1..5 stars) and date (datetime64[s]).

    Each file is read ``chunk_rows`` lines at a time, never whole; a movie's ratings may continue from one
    chunk into the next. Each file must begin with a movie header. Blank lines are skipped. Raises DataError
    naming the file and line for a missing or empty file, a rating line before any movie header, a malformed
    header, a wrong number of fields, a customer id that is not a whole number, a rating not in 1..5 or a
    date that is not ``YYYY-MM-DD``.
    """
    for path in paths:
        yield from _read_file(Path(path), chunk_rows)


def first_rows(chunks: Iterable[pd.DataFrame], n_rows: int) -> Iterator[pd.DataFrame]:
    """Yield the first ``n_rows`` rows of ``chunks`` (the last chunk cut short), reading no chunk beyond them.
    Fewer if the chunks hold fewer: the caller sees the count in what it writes."""
    left = n_rows
    if left <= 0:
        return
    for chunk in chunks:
        yield chunk.iloc[:left]
        left -= len(chunk)
        if left <= 0:
            return


@dataclass
class IdCodes:
    """Codes ``0..n-1`` for positive integer ids, in order of first appearance, kept in a lookup array
    indexed by id (-1: not seen yet) that grows as larger ids arrive."""

    lookup: np.ndarray = field(default_factory=lambda: np.full(1, -1, dtype=np.int32))
    n: int = 0

    def code(self, ids: np.ndarray) -> np.ndarray:
        """The int32 codes of ``ids`` (non-negative integers), giving new ids the next codes in order of
        first appearance."""
        top = int(ids.max())
        if top >= self.lookup.size:
            grown = np.full(max(top + 1, 2 * self.lookup.size), -1, dtype=np.int32)
            grown[: self.lookup.size] = self.lookup
            self.lookup = grown
        codes = self.lookup[ids]
        new = codes < 0
        if new.any():
            fresh, first = np.unique(ids[new], return_index=True)
            fresh = fresh[np.argsort(first)]
            self.lookup[fresh] = np.arange(self.n, self.n + fresh.size, dtype=np.int32)
            self.n += fresh.size
            codes = self.lookup[ids]
        return codes


def _training_table(chunk: pd.DataFrame, users: IdCodes, items: IdCodes) -> pa.Table:
    """``chunk`` (movie_id, user_id, rating, date) as a TRAINING_SCHEMA table of coded users and items."""
    ids = chunk[["user_id", "movie_id"]].to_numpy()
    if len(ids) and ids.min() < 1:
        raise DataError(f"a chunk holds id {ids.min()}: user and movie ids must be positive whole numbers")
    return pa.table(
        {
            "user": users.code(ids[:, 0]),
            "item": items.code(ids[:, 1]),
            "rating": chunk["rating"].to_numpy(dtype=np.float32),
            "date": chunk["date"].to_numpy().astype("datetime64[D]"),
        },
        schema=TRAINING_SCHEMA,
    )


def _write_buckets(table: pa.Table, writers: list[pq.ParquetWriter], rng: np.random.Generator) -> None:
    """Send each row of ``table`` to a random one of ``writers``: one row group per writer that gets rows."""
    bucket = rng.integers(len(writers), size=table.num_rows)
    order = np.argsort(bucket, kind="stable")
    ends = np.searchsorted(bucket[order], np.arange(len(writers) + 1))
    grouped = table.take(order)
    for writer, start, stop in zip(writers, ends[:-1].tolist(), ends[1:].tolist(), strict=True):
        if stop > start:
            writer.write_table(grouped.slice(start, stop - start))


def _check_split(test_fraction: float, bucket_rows: int) -> None:
    """Raise ParameterError unless 0 <= test_fraction < 1 and bucket_rows >= 1."""
    if not 0 <= test_fraction < 1:
        raise ParameterError(f"test_fraction={test_fraction}: must be at least 0 and below 1")
    if bucket_rows < 1:
        raise ParameterError(f"bucket_rows={bucket_rows}: must be at least 1")


def _write_layout(
    chunks: Iterable[pd.DataFrame], folder: Path, test_fraction: float, seed: int, n_buckets: int
) -> dict[str, Any]:
    """Write the training layout of ``chunks`` into the empty ``folder``; return its meta (see
    :func:`to_training_parquet`)."""
    rng = np.random.default_rng(seed)
    users, items = IdCodes(), IdCodes()
    n_train = n_test = 0
    total = squares = 0.0
    (folder / TRAIN_DIR).mkdir()
    with ExitStack() as stack:
        buckets = [
            stack.enter_context(pq.ParquetWriter(folder / TRAIN_DIR / BUCKET_NAME.format(b), TRAINING_SCHEMA))
            for b in range(n_buckets)
        ]
        test = stack.enter_context(pq.ParquetWriter(folder / TEST_FILE, TRAINING_SCHEMA))
        for chunk in chunks:
            if chunk.empty:
                continue
            table = _training_table(chunk, users, items)
            held_out = rng.random(table.num_rows) < test_fraction
            train = table.filter(pa.array(~held_out))
            if held_out.any():
                test.write_table(table.filter(pa.array(held_out)))
            _write_buckets(train, buckets, rng)
            stars = train["rating"].to_numpy().astype(np.float64)
            n_train, n_test = n_train + stars.size, n_test + int(held_out.sum())
            total, squares = total + stars.sum(), squares + stars @ stars
    if n_train == 0:
        raise DataError("no training ratings: the chunks were empty, or every rating was held out")
    mean = total / n_train
    meta = {
        "n_users": users.n,
        "n_items": items.n,
        "n_train": n_train,
        "n_test": n_test,
        "train_mean": float(mean),
        "train_std": math.sqrt(max(squares / n_train - mean**2, 0.0)),
        "n_buckets": n_buckets,
        "seed": seed,
        "test_fraction": test_fraction,
    }
    (folder / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def to_training_parquet(
    chunks: Iterable[pd.DataFrame],
    out_dir: Path,
    test_fraction: float,
    seed: int,
    bucket_rows: int = 250_000,
    expected_rows: int | None = None,
    overwrite: bool = False,
) -> dict[str, Any]:
    """Write ``chunks`` (columns movie_id, user_id, rating, date) as the engines' training layout in ``out_dir``.

    Users and movies get int32 codes ``0..n-1`` in order of first appearance; each rating is held out for
    ``test.parquet`` with chance ``test_fraction``, else goes to a random one of ``ceil(expected_rows /
    bucket_rows)`` training buckets ``train/part-NNNNN.parquet`` (DEFAULT_BUCKETS when ``expected_rows`` is
    None), one row group per input chunk, rows in chunk order (a reader shuffles within a bucket). Columns
    everywhere: user int32, item int32, rating float32 (stars), date date32. ``meta.json`` holds n_users,
    n_items, n_train, n_test, train_mean and train_std (stars, population std of the training ratings),
    n_buckets, seed and test_fraction; it is returned as a dict. The same ``seed`` and chunks give the same
    files. Only one chunk and the id lookup arrays are in memory at once.

    Everything is written into a temporary folder beside ``out_dir`` and renamed into place when complete;
    an existing ``out_dir`` is a DataError unless ``overwrite``, and is then replaced only once the new one is
    complete. A failure leaves ``out_dir`` as it was.
    """
    out_dir = Path(out_dir)
    _check_split(test_fraction, bucket_rows)
    if out_dir.exists() and not overwrite:
        raise DataError(f"{out_dir}: already exists. Remove it, choose another folder, or pass overwrite=True.")
    n_buckets = DEFAULT_BUCKETS if expected_rows is None else max(1, math.ceil(expected_rows / bucket_rows))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.partial-"))
    try:
        meta = _write_layout(chunks, partial, test_fraction, seed, n_buckets)
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.old-"))
            os.replace(out_dir, old / out_dir.name)
            os.replace(partial, out_dir)
            shutil.rmtree(old)
        else:
            os.replace(partial, out_dir)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return meta
