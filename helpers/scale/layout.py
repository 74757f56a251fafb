"""The files of each size the appendix measures: the ratings (generated, or the prize's own files' first
ones) written in the prize's text format, then read back in chunks into the engines' Parquet layout; with
the folder they live in and what each step cost."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.common.errors import DataError
from helpers.common.paths import build_dir
from helpers.scale import prize_format, synthetic

MIB = 2**20  # bytes


def scratch_folder(work_dir: str | None) -> Path:
    """Return the folder for the generated files, created: ``work_dir`` where it is given, else a fresh
    temporary folder under the build folder (the appendix removes it at the end)."""
    build_dir().mkdir(exist_ok=True)  # a fresh clone has no build folder yet
    scratch = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="scale-", dir=build_dir()))
    scratch.mkdir(parents=True, exist_ok=True)
    return scratch


def size_folder(scratch: Path, n_ratings: int) -> Path:
    """Return the folder of one size's files (``n<ratings>``) under ``scratch``."""
    return scratch / f"n{n_ratings}"


def parquet_folder(scratch: Path, n_ratings: int) -> Path:
    """Return the folder of one size's Parquet training layout, which the engines read."""
    return size_folder(scratch, n_ratings) / "parquet"


def prepare(
    n_ratings: int,
    shape: synthetic.NetflixShape,
    scratch: Path,
    prize_dir: str | None,
    seed: int,
    chunk_rows: int,
    test_fraction: float,
    bucket_rows: int,
) -> dict[str, float]:
    """Generate ``n_ratings`` ratings of ``shape`` (or take the first ones of the prize's files in
    ``prize_dir``), write them in the prize's format, read them back in chunks of ``chunk_rows`` into the
    Parquet training layout (``test_fraction`` held out, buckets of ``bucket_rows``); return the counts,
    the sizes of the files (MiB; no text size for the prize's own files) and the seconds of each step."""
    folder = size_folder(scratch, n_ratings)
    text = folder / "combined_data_1.txt"
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if prize_dir is None:
        synthetic.write_combined_data(synthetic.generate(shape, n_ratings, seed, chunk_rows), text)
        files = [text]
    else:
        files = sorted(Path(prize_dir).glob("combined_data_*.txt"))
    written = time.perf_counter()
    chunks = prize_format.first_rows(prize_format.read_combined_data(files, chunk_rows), n_ratings)
    meta = prize_format.to_training_parquet(
        chunks,
        parquet_folder(scratch, n_ratings),
        test_fraction,
        seed,
        bucket_rows,
        expected_rows=n_ratings,
        overwrite=True,
    )
    read = time.perf_counter()
    parquet_bytes = sum(p.stat().st_size for p in parquet_folder(scratch, n_ratings).rglob("*.parquet"))
    return {
        "ratings": meta["n_train"] + meta["n_test"],
        "users": meta["n_users"],
        "movies": meta["n_items"],
        "text (MiB)": text.stat().st_size / MIB if prize_dir is None else np.nan,
        "Parquet (MiB)": parquet_bytes / MIB,
        "write text (s)": written - start,
        "read into Parquet (s)": read - written,
    }


def with_density(prepared: pd.DataFrame) -> pd.DataFrame:
    """Return the table of prepared sizes (ratings, users, movies per row) with its density (%) added."""
    return prepared.assign(**{"density (%)": 100 * prepared.ratings / (prepared.users * prepared.movies)})


def reading_error(files: list[Path], scratch: Path) -> str:
    """Return the message the prize-format reader stops with on ``files`` (their folder ``scratch`` left
    out, so that the message names the file alone), or an empty string where every line reads."""
    try:
        pd.concat(prize_format.read_combined_data(files))
    except DataError as error:
        return str(error).replace(f"{scratch}/", "")
    return ""
