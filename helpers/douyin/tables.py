"""The live-stream chapter's tables, one function each: the first rows of the file with its columns in
words, what the cleaning changed, the means by hour of the day, the three parts of the minutes, the scores
of the forecasts, the window sweep, the study's trials on v2, v2's outputs before and after training, the
candidates chosen among on the validation minutes, every model on the test minutes, and the training
minutes against the test minutes. Scores are R² and RMSE (viewers per minute).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from helpers.common import formatting
from helpers.common.judgement import R2, RMSE
from helpers.common.names import reader_name
from helpers.datasets import douyin_columns
from helpers.douyin import timeseries
from helpers.douyin.figures import column_words
from helpers.douyin.fitting import PARTS, StudyFits
from helpers.douyin.verdicts import seed_scores, seed_spread

CONSTANT = 1e-6  # a fit whose scaled test forecasts span less than this forecasts one constant
LIVE_MINUTES = "live minutes"  # the column of the means by hour that counts the minutes averaged


def coded(column: str) -> str:
    """Return a column of the live-stream table as a table header: a column of the file by the data
    dictionary's words with its code beside (``WATCH_UCNT`` -> ``"viewers entering (WATCH_UCNT)"``), any
    other column in words (:func:`~helpers.douyin.figures.column_words`)."""
    words = column_words(column)
    return f"{words} ({column})" if column in douyin_columns().index else words


def _one_format(values: pd.Series):
    """Return the formatter of a column: counts for a numeric column whose values are all whole numbers,
    metrics (the book's decimals) for any other numeric column, the cell's text otherwise."""
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return formatting.cell
    numbers = values.dropna().to_numpy(dtype=float)
    return formatting.count if np.all(numbers == np.round(numbers)) else formatting.metric


def first_rows(frame: pd.DataFrame, rows: int) -> Styler:
    """Return the first ``rows`` rows of a live-stream table (the file as read, or with its sources
    expanded) for the page: each column headed by :func:`coded`, and one number format per column
    (counts with thousands separators where every value shown is whole, else the book's decimals)."""
    head = frame.head(rows)
    formats = {coded(column): _one_format(head[column]) for column in head}
    return formatting.table(head.rename(columns=coded), formats)


def hour_means(by_hour: pd.DataFrame) -> Styler:
    """Return the means by hour of the day for the page. ``by_hour`` is indexed by the hour and holds the
    mean of file columns (named by their codes) over the live minutes of each hour and their count
    (:data:`LIVE_MINUTES`). Each mean is headed by the dictionary's words, its code and its unit, and
    shown to the book's decimals; the minutes are a count."""
    units = douyin_columns()["unit"]
    headers = {column: f"mean {coded(column)}, {units[column]}" for column in by_hour if column != LIVE_MINUTES}
    formats = {header: formatting.metric for header in headers.values()} | {LIVE_MINUTES: formatting.count}
    return formatting.table(by_hour.rename(columns=headers), formats, index=True)


def cleaning_steps(
    expanded: pd.DataFrame,
    kept_days: pd.DataFrame,
    dead_days: Sequence,
    filled: pd.DataFrame,
    in_dead_run: pd.Series,
    dead_day_traffic: float,
    dead_run_minutes: int,
) -> pd.DataFrame:
    """Return what each cleaning step changed and the rows left after it: the rows read (``expanded``),
    the days below ``dead_day_traffic`` visits dropped (``kept_days``, ``dead_days``), the missing values
    set to 0 and the repeated or off-grid rows kept, the off-air minutes added (``filled``, with its
    ``filled`` column) and the minutes in dead runs of at least ``dead_run_minutes`` dropped
    (``in_dead_run``)."""
    missing = int(kept_days.drop(columns="date_time").isna().sum().sum())
    repeated, off_grid = timeseries.irregular_rows(kept_days)
    kept = len(filled) - int(in_dead_run.sum())
    rows = [
        ("rows read", len(expanded), len(expanded)),
        (
            f"days with traffic < {dead_day_traffic:g} dropped ({formatting.counted(len(dead_days), 'day')})",
            len(expanded) - len(kept_days),
            len(kept_days),
        ),
        ("missing values set to 0 (values)", missing, len(kept_days)),
        ("rows on a repeated or off-grid time, kept as the study kept them", repeated + off_grid, len(kept_days)),
        ("off-air minutes added with 0", int(filled["filled"].sum()), len(filled)),
        (f"minutes in dead runs of ≥ {dead_run_minutes} min dropped", int(in_dead_run.sum()), kept),
    ]
    return pd.DataFrame(rows, columns=["step", "changed", "minutes after the step"])


def split_parts(times: pd.Index, n_train: int, test_start: int) -> pd.DataFrame:
    """Return the training, validation and test minutes of a series whose minutes are ``times``: the
    first ``n_train``, those up to ``test_start``, the rest; their count, first and last time of day."""
    bounds = {"training": (0, n_train), "validation": (n_train, test_start), "test": (test_start, len(times))}
    return pd.DataFrame(
        {
            "minutes": [end - start for start, end in bounds.values()],
            "from": [f"{times[start]:%H:%M}" for start, _ in bounds.values()],
            "to": [f"{times[end - 1]:%H:%M}" for _, end in bounds.values()],
        },
        index=pd.Index(list(bounds), name="part"),
    )


def scores(y: np.ndarray, forecasts: Mapping[str, np.ndarray], part: str = "test") -> pd.DataFrame:
    """Return the R² and the RMSE (viewers per minute) on the minutes ``y`` of each forecast made once
    (``forecasts``: model key to its (n,) forecasts), one row per model under its reader's name."""
    return pd.DataFrame(
        {
            reader_name(name): {f"{part} R²": R2(y, p), f"{part} RMSE (viewers/min)": RMSE(y, p)}
            for name, p in forecasts.items()
        }
    ).T


def window_sweep(fits: StudyFits, windows: Sequence[int], y_valid: np.ndarray, n_train: int) -> pd.DataFrame:
    """Return v2's validation R² at each of ``windows`` (minutes): mean and standard deviation over the
    seeds, with the training windows each window leaves of the ``n_train`` training minutes."""
    rows = []
    for w in windows:
        r2s = seed_scores(R2, y_valid, fits.forecasts("lstm2", "valid", w))
        rows.append(
            {
                "window (min)": w,
                "training windows": n_train - w,
                "validation R² mean": r2s.mean(),
                "validation R² sd": seed_spread(r2s),
            }
        )
    return pd.DataFrame(rows)


def same_column(tolerance: float) -> str:
    """Return the trials table's column that counts the fits within ``tolerance`` of v2's."""
    return f"same as v2 (±{tolerance} viewers/min)"


def trials(fits: StudyFits, names: Sequence[str], y_test: np.ndarray, tolerance: float) -> pd.DataFrame:
    """Return, for each trial on v2 (``names``, model keys) and for v2 itself, the test R² (mean and
    standard deviation over seeds), the mean RMSE, the fits whose forecasts are one constant, and the
    fits that forecast every test minute within ``tolerance`` viewers of v2's fit of the same seed."""
    v2 = fits.forecasts("lstm2", "test")
    rows = {}
    for name in (*names, "lstm2"):
        p = fits.forecasts(name, "test")
        r2s = seed_scores(R2, y_test, p)
        gaps = np.abs(p - v2).max(axis=1)  # per seed
        rows[reader_name(name)] = {
            "R² mean": r2s.mean(),
            "R² sd": seed_spread(r2s),
            "RMSE mean": seed_scores(RMSE, y_test, p).mean(),
            "constant forecasts": sum(np.ptp(f.test_pred) < CONSTANT for f in fits.of(name)),
            same_column(tolerance): int((gaps < tolerance).sum()),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def heads(fits: StudyFits, names: Sequence[str]) -> pd.DataFrame:
    """Return, for each seed of v2, its smallest output (scaled) over its training windows before
    training and over every window after it, and the largest gap between each of ``names`` (v2 with
    another head) and v2 over the validation and test minutes (viewers per minute)."""
    v2_fits = fits.of("lstm2")
    columns = {
        "v2's smallest output before training (scaled)": [f.start_min for f in v2_fits],
        "v2's smallest output after training (scaled)": [f.end_min for f in v2_fits],
    }
    for name in names:
        gaps = [fits.forecasts(name, part) - fits.forecasts("lstm2", part) for part in PARTS]
        columns[f"largest gap, {reader_name(name)} to v2 (viewers/min)"] = np.abs(np.hstack(gaps)).max(axis=1)
    return pd.DataFrame(columns, index=pd.Index([f.seed for f in v2_fits], name="seed"))


def candidate_label(name: str, window: int) -> str:
    """Return a candidate as the reader reads it: model and window (minutes)."""
    return f"{reader_name(name)}, {window}-minute window"


def candidates(
    fits: StudyFits, chosen_among: Sequence[tuple[str, int]], y_valid: np.ndarray, baselines: Mapping[str, np.ndarray]
) -> pd.DataFrame:
    """Return each candidate's validation R² (mean and standard deviation over seeds; ``chosen_among``:
    model key and window), in order, then each baseline's (``baselines``: model key to its (n,)
    forecasts of the validation minutes; made once, so a spread of 0), indexed by the reader's name."""
    rows = []
    for name, w in chosen_among:
        r2s = seed_scores(R2, y_valid, fits.forecasts(name, "valid", w))
        rows.append((candidate_label(name, w), r2s.mean(), seed_spread(r2s)))
    rows += [(reader_name(name), R2(y_valid, p), 0.0) for name, p in baselines.items()]
    return pd.DataFrame(rows, columns=["model", "validation R² mean", "validation R² sd"]).set_index("model")


def every_model(y_test: np.ndarray, forecasts: Mapping[str, np.ndarray], chosen: str) -> pd.DataFrame:
    """Return the test R² and RMSE of every model (``forecasts``: reader's name to its (S, n) or (n,)
    forecasts): mean and standard deviation over its fits, their number, and a mark on the ``chosen``."""
    rows = {}
    for label, p in forecasts.items():
        r2s, rmses = (seed_scores(score, y_test, p) for score in (R2, RMSE))
        rows[label] = {
            "R² mean": r2s.mean(),
            "R² sd": seed_spread(r2s),
            "RMSE mean": rmses.mean(),
            "RMSE sd": seed_spread(rmses),
            "fits": len(r2s),
            "chosen on validation": "yes" if label == chosen else "",
        }
    return pd.DataFrame.from_dict(rows, orient="index")


REGIME_ROWS = (
    "mean (viewers/min)",
    "variance (viewers²/min²)",
    "share above the training 95th percentile",
    "lag-1 autocorrelation",
)


def regimes(y_train: np.ndarray, y_test: np.ndarray) -> pd.DataFrame:
    """Return the training and the test minutes side by side (:data:`REGIME_ROWS`): mean, variance, share
    above the training minutes' 95th percentile, and lag-1 autocorrelation (the Pearson correlation of
    each minute with the one before)."""
    p95 = np.percentile(y_train, 95)

    def describe(y: np.ndarray) -> list[float]:
        return [y.mean(), y.var(), np.mean(y > p95), np.corrcoef(y[1:], y[:-1])[0, 1]]

    return pd.DataFrame(
        {"training minutes": describe(y_train), "test minutes": describe(y_test)}, index=list(REGIME_ROWS)
    )
