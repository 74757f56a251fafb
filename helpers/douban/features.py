"""Encode '/'-joined categorical fields (director, actors, genres ...) as id lists and multi-hot rows.

A field's vocabulary keeps its ``top_n`` most frequent values in the rows it is fitted on (the
training films); index 0 is padding and index 1 gathers every other value ("other"). The same
ids feed both the embedding models (a padded id matrix) and the linear models (a sparse
multi-hot matrix), so every model sees the same features.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

COUNT_FEATURES = {"comment": "comments", "review": "reviews"}  # count column: its numeric feature group
COUNT_WORDS = {"comment": "short-comment", "review": "review"}  # how the prose names each count
PAD = "<pad>"
OTHER = "<other>"
SEPARATOR = "/"


def split_values(column: pd.Series, separator: str = SEPARATOR) -> list[list[str]]:
    """Split each cell of a '/'-joined text column into its stripped, non-empty values.

    A missing cell gives an empty list; a value repeated within a cell is kept once, first place first.
    """
    rows = []
    for cell in column.astype("string").fillna(""):
        values = [value.strip() for value in str(cell).split(separator)]
        rows.append(list(dict.fromkeys(value for value in values if value)))
    return rows


@dataclass(frozen=True)
class Vocabulary:
    """The values of one field: ``tokens[0]`` is padding, ``tokens[1]`` "other", then the top values.

    ``counts[i]`` is how many fitted rows hold token ``i`` (for "other": rows holding any rare value;
    for padding: 0).
    """

    field: str
    tokens: tuple[str, ...]
    counts: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.tokens)

    def index(self) -> dict[str, int]:
        """Return ``{value: id}`` for the kept values (ids 2..len-1)."""
        return {token: i for i, token in enumerate(self.tokens) if i > 1}


def fit_vocabulary(field: str, rows: list[list[str]], top_n: int) -> Vocabulary:
    """Keep the ``top_n`` values of ``field`` found in most ``rows`` (ties: first seen first).

    Raises ValueError if ``top_n`` is below 1.
    """
    if top_n < 1:
        raise ValueError(f"{field}: top_n must be at least 1, got {top_n}")
    counter = Counter(value for row in rows for value in row)
    kept = [value for value, _ in counter.most_common(top_n)]
    kept_set = set(kept)
    other = sum(any(value not in kept_set for value in row) for row in rows)
    return Vocabulary(field, (PAD, OTHER, *kept), (0, other, *(counter[value] for value in kept)))


def encode_values(rows: list[list[str]], vocabulary: Vocabulary, max_len: int) -> np.ndarray:
    """Return the ``(n_rows, max_len)`` int32 id matrix of ``rows``, padded with 0.

    Kept values keep their order; all rare values of a row become one "other" id (1) after them.
    Raises ValueError if a row needs more than ``max_len`` ids (see :func:`encoded_length`).
    """
    index = vocabulary.index()
    ids = np.zeros((len(rows), max_len), dtype=np.int32)
    for r, row in enumerate(rows):
        encoded = encode_row(row, index)
        if len(encoded) > max_len:
            raise ValueError(f"{vocabulary.field}: row {r} needs {len(encoded)} ids, more than max_len={max_len}")
        ids[r, : len(encoded)] = encoded
    return ids


def encode_row(row: list[str], index: dict[str, int]) -> list[int]:
    """Ids of one row's values: the kept ones in order, then 1 once if any value is rare."""
    kept = [index[value] for value in row if value in index]
    return kept + [1] if len(kept) < len(row) else kept


def encoded_length(rows: list[list[str]], vocabulary: Vocabulary) -> int:
    """Return the largest number of ids any row needs (at least 1), the ``max_len`` that fits all rows."""
    index = vocabulary.index()
    return max([1, *(len(encode_row(row, index)) for row in rows)])


def multi_hot(ids: np.ndarray, size: int) -> sparse.csr_matrix:
    """Turn an id matrix ``(n, max_len)`` into a 0/1 sparse matrix ``(n, size - 1)``.

    Column ``j`` stands for id ``j + 1`` ("other" first, then the kept values); padding has no column.
    """
    rows, cols = np.nonzero(ids)
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, ids[rows, cols] - 1)), shape=(ids.shape[0], size - 1))


def parse_minutes(column: pd.Series) -> np.ndarray:
    """Read runtimes such as '130分钟' or '90分钟(剧场版)' as float minutes (the first number); NaN if none."""
    numbers = column.astype("string").str.extract(r"(\d+)", expand=False)
    return pd.to_numeric(numbers, errors="coerce").to_numpy(dtype=float)


@dataclass
class Design:
    """Every film's features for one training split.

    ``arrays``: one padded id matrix per field ``(n, max_len)`` and ``numeric`` ``(n, m)`` float32
    (standardised with the training mean and standard deviation);
    ``sparse``: the same as one ``(n, Σ(size − 1) + m)`` CSR matrix (multi-hot blocks, then numeric);
    ``vocabularies``: the fitted vocabulary of each field.
    """

    arrays: dict[str, np.ndarray]
    sparse: sparse.csr_matrix
    vocabularies: dict[str, Vocabulary]


def design(
    fields: dict[str, list[list[str]]],
    numeric: np.ndarray,
    train: np.ndarray,
    top_n: dict[str, int],
    numeric_key: str = "numeric",
) -> Design:
    """Fit vocabularies and numeric scaling on the ``train`` rows only, then encode all rows.

    ``fields``: per field, each film's values; ``numeric``: ``(n, m)``, every value known (the paper's
    cleaning drops a film that lacks one); ``train``: row indices; ``top_n``: values kept per field.
    Raises ValueError if a numeric value is missing (NaN) or a numeric column is constant in the
    training rows.
    """
    numeric = np.asarray(numeric, dtype=float).reshape(len(numeric), -1)
    if np.isnan(numeric).any():
        rows, columns = np.nonzero(np.isnan(numeric))
        raise ValueError(
            f"numeric columns {sorted(set(columns.tolist()))} are missing in {len(set(rows.tolist()))} rows (first: "
            f"row {rows[0]}): drop those films first, as the paper's cleaning does"
        )
    vocabularies = {name: fit_vocabulary(name, [rows[i] for i in train], top_n[name]) for name, rows in fields.items()}
    arrays = {
        name: encode_values(rows, vocabularies[name], encoded_length(rows, vocabularies[name]))
        for name, rows in fields.items()
    }
    scale = numeric[train].std(axis=0)
    if np.any(~(scale > 0)):
        raise ValueError(f"numeric columns {np.flatnonzero(~(scale > 0)).tolist()} are constant in the training rows")
    arrays[numeric_key] = ((numeric - numeric[train].mean(axis=0)) / scale).astype(np.float32)
    blocks = [multi_hot(arrays[name], len(vocabularies[name])) for name in fields]
    matrix = sparse.hstack([*blocks, sparse.csr_matrix(arrays[numeric_key])]).tocsr()
    return Design(arrays, matrix, vocabularies)


def used_counts(films: pd.DataFrame) -> list[str]:
    """Return the count columns of ``COUNT_FEATURES`` that every film of ``films`` has (the
    short-comment and review counts, columns of the paper's film database): those become numeric features,
    the others are left out."""
    return [c for c in COUNT_FEATURES if c in films and bool(films[c].notna().all())]


def counts_note(present: Mapping[str, int], n_films: int) -> str:
    """One or two sentences saying which count columns become features and why the others do not.

    ``present`` maps each column of ``COUNT_FEATURES`` to how many of the ``n_films`` films have a value
    (0 when the files lack the column). A column every film has is used; one that some films lack is
    left out, with its count; one no file gives is left out."""
    used = [COUNT_WORDS[c] for c, n in present.items() if n == n_films]
    partial = {COUNT_WORDS[c]: n for c, n in present.items() if 0 < n < n_films}
    absent = [COUNT_WORDS[c] for c, n in present.items() if n == 0]
    sentences = []
    if used:
        sentences.append(
            f"The {' and '.join(used)} counts (log of 1 + count), columns of the paper's film database too (its "
            "Fig. 2), are numeric features here as well: every film has them"
        )
    if partial:
        if len(set(partial.values())) == 1:
            given = f"{' and '.join(partial)} counts for {next(iter(partial.values())):,}"
        else:
            given = " and ".join(f"{name} counts for {n:,}" for name, n in partial.items())
        sentences.append(f"The files give {given} of the {n_films:,} films only, so those counts are left out")
    if absent:
        sentences.append(
            f"The files give no {' or '.join(absent)} counts, columns of the paper's film database (its Fig. 2), so "
            "they are left out"
        )
    return ". ".join(sentences) + "."
