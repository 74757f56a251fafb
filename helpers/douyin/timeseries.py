"""Per-minute series of a live room: traffic-source parsing, gap filling, dead stretches, windows and baselines.

The Douyin study's data come one row per minute with two columns of Python-dict text (viewers per
traffic source). This module turns them into one numeric column per source, fills the minutes the
room was off air with zeros as the study did, finds "dead" stretches, cuts sliding windows for
sequence models (training, validation and test, in time order), and gives the naive forecasts every
model must beat (persistence, the training minutes' mean, a moving average, lag features). Positions
are integer row numbers of the per-minute series; the target of window ``p`` is the value at ``p`` and
its inputs are rows ``p - window .. p - 1``.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler

from helpers.common.errors import DataError

NATURAL_SOURCES = {
    "短视频引流": "short_video", "抖音商城推荐": "mall_recommendation", "直播推荐": "live_recommendation",
    "搜索": "search", "个人主页&店铺&橱窗": "profile_shop_window", "其他": "other", "头条西瓜": "toutiao_xigua",
    "活动页": "campaign_page", "全部自然流量": "total", "关注": "following",
}  # fmt: skip
PAID_SOURCES = {
    "千川PC版": "qianchuan_pc", "其他广告": "other_ads", "千川品牌广告": "qianchuan_brand_ads",
    "全部付费流量": "total", "品牌广告": "brand_ads", "小店随心推": "shop_boost",
}  # fmt: skip
SOURCE_COLUMNS = {
    "natural_flow_trend_index": ("natural", NATURAL_SOURCES),
    "pay_flow_trend_index": ("paid", PAID_SOURCES),
}
TRAFFIC_TOTALS = ("natural_total", "paid_total")


def parse_sources(texts: Sequence[str], column: str, prefix: str, names: Mapping[str, str]) -> pd.DataFrame:
    """Parse one traffic-source column of Python-dict text into one integer column per source.

    ``texts`` holds one ``"{'搜索': 3, ...}"`` string per minute; ``names`` maps each source key to an
    English column suffix, so key ``搜索`` becomes column ``<prefix>_search``. A source missing from a
    row counts 0 viewers (the study's ``fillna(0)``). Returns an (n_rows, len(names)) DataFrame.
    Raises DataError naming the data row (1-based) and ``column`` for text that is not a dict of
    non-negative numbers or that holds a source key not in ``names``.
    """
    rows = []
    for number, text in enumerate(texts, start=1):
        where = f"data row {number}, column {column}"
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError):
            raise DataError(f"{where}: not a Python dict literal: {str(text)[:80]!r}") from None
        if not isinstance(parsed, dict):
            raise DataError(f"{where}: expected a dict of source -> viewers, got {type(parsed).__name__}")
        unknown = sorted(set(parsed) - set(names))
        if unknown:
            raise DataError(f"{where}: unknown traffic source(s) {unknown}; known sources: {list(names)}")
        bad = {k: v for k, v in parsed.items() if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0}
        if bad:
            raise DataError(f"{where}: viewer counts must be non-negative numbers, got {bad}")
        rows.append({f"{prefix}_{names[k]}": v for k, v in parsed.items()})
    columns = [f"{prefix}_{suffix}" for suffix in names.values()]
    return pd.DataFrame(rows, columns=columns).fillna(0).astype(float)


def expand_sources(minutes: pd.DataFrame) -> pd.DataFrame:
    """Replace the two dict-text columns of a Douyin table by ``natural_*`` and ``paid_*`` columns.

    ``minutes`` is the loader's table (one row per minute). Returns a new table with the same rows,
    the dict columns dropped and 16 numeric source columns (viewers per minute) appended.
    """
    parts = [minutes.drop(columns=list(SOURCE_COLUMNS)).reset_index(drop=True)]
    for column, (prefix, names) in SOURCE_COLUMNS.items():
        if column not in minutes:
            raise DataError(f"column {column} is missing; the table has {list(minutes.columns)}")
        parts.append(parse_sources(minutes[column].tolist(), column, prefix, names))
    return pd.concat(parts, axis=1)


def source_label(column: str) -> str:
    """Return a traffic-source column as a reader reads it: ``natural_short_video`` -> ``natural: short video``."""
    prefix, _, source = column.partition("_")
    return f"{prefix}: {source.replace('_', ' ')}"


def traffic(frame: pd.DataFrame) -> pd.Series:
    """Return natural plus paid traffic per row (viewers per minute) of an expanded table."""
    return frame[list(TRAFFIC_TOTALS)].sum(axis=1)


def drop_dead_days(frame: pd.DataFrame, min_traffic: float) -> tuple[pd.DataFrame, list]:
    """The study's rule: drop every calendar day whose total natural + paid traffic is below ``min_traffic``.

    ``frame`` is an expanded table with ``date_time``. Returns the kept rows and the dropped dates.
    """
    day = frame["date_time"].dt.date
    per_day = traffic(frame).groupby(day).sum()
    dead = per_day.index[per_day < min_traffic].tolist()
    return frame[~day.isin(dead)].reset_index(drop=True), dead


def irregular_rows(frame: pd.DataFrame) -> tuple[int, int]:
    """Count the rows of ``frame`` that a per-minute grid does not hold once each: rows whose
    ``date_time`` repeats an earlier row's, and rows off the grid of whole minutes that starts at the
    first ``date_time`` (e.g. 10:00:30 on a grid of 10:00, 10:01, ...). Returns (duplicated, off-grid)."""
    times = frame["date_time"]
    off_grid = (times - times.min()) % pd.Timedelta(minutes=1) != pd.Timedelta(0)
    return int(times.duplicated().sum()), int(off_grid.sum())


def fill_minutes(frame: pd.DataFrame) -> pd.DataFrame:
    """Add every minute from the first to the last ``date_time`` that has no row, as the study's notebook did.

    The study's code (``Code.ipynb``, section 2.3) builds ``pd.date_range(start, end, freq="MIN")`` and
    merges it with the data by an outer join on ``date_time``, sorts by time and sets every missing value
    to 0. So a minute without a row is added with all metrics 0 (the room was off air), and every row of
    the file is kept: a minute that occurs twice stays as two rows, a time off the minute grid (say
    10:00:30) stays as a row of its own between its neighbours. The study's two months held such rows:
    its merged table has 89,984 rows for a grid of 86,637 minutes. Rows of the same time keep the file's
    order here (a stable sort; the study's sort did not fix it). Returns a table indexed by
    ``date_time`` (in time order, not unique where the file repeats a time) with every numeric column
    and a boolean column ``filled`` marking the added minutes.
    """
    times = frame["date_time"]
    grid = pd.DataFrame({"date_time": pd.date_range(times.min(), times.max(), freq="min")})
    merged = frame.merge(grid, on="date_time", how="outer", indicator=True).sort_values("date_time", kind="stable")
    added = (merged.pop("_merge") == "right_only").to_numpy()
    filled = merged.set_index("date_time").fillna(0)
    filled["filled"] = added
    return filled


def dead_runs(dead: pd.Series, min_minutes: int) -> pd.Series:
    """Mark the minutes that lie in a run of at least ``min_minutes`` consecutive ``True`` values.

    ``dead`` is a boolean Series, one value per minute in time order. ``min_minutes <= 0`` marks
    nothing. Returns a boolean Series on the same index.
    """
    if min_minutes <= 0:
        return pd.Series(False, index=dead.index)
    run_id = (dead != dead.shift()).cumsum()
    run_length = dead.groupby(run_id).transform("size")
    return dead & (run_length >= min_minutes)


def split_point(n: int, train_fraction: float) -> int:
    """Return the number of leading rows of an ``n``-row series used for training (chronological split)."""
    if not 0 < train_fraction < 1:
        raise ValueError(f"train_fraction must lie strictly between 0 and 1, got {train_fraction}")
    return int(n * train_fraction)


def sliding_windows(values: np.ndarray, window: int, positions: np.ndarray) -> np.ndarray:
    """Return the input windows for target rows ``positions``: shape (len(positions), window, n_features).

    ``values`` has shape (n, n_features) (or (n,), treated as one feature); window ``i`` holds rows
    ``positions[i] - window .. positions[i] - 1``. Every position must be at least ``window``.
    """
    values = values.reshape(len(values), -1)
    positions = np.asarray(positions)
    if window < 1 or (positions < window).any() or (positions > len(values)).any():
        raise ValueError(f"every target position needs {window} earlier rows inside the series of {len(values)}")
    windows = np.lib.stride_tricks.sliding_window_view(values, window, axis=0)
    return windows[positions - window].transpose(0, 2, 1).copy()


@dataclass
class WindowedData:
    """Scaled windows of one feature set, split chronologically into training, validation and test.

    ``x_train`` (n_train_windows, window, n_features) and ``y_train`` (n_train_windows,) come from the
    training rows (before ``n_train``); ``x_valid`` / ``y_valid`` have one window per validation row
    ``n_train .. test_start - 1`` and ``x_test`` / ``y_test`` one per test row ``test_start .. n - 1``
    (a window may reach back into earlier rows: inputs only, never a target). ``target_scaler`` maps
    the scaled target back to its unit with ``inverse``.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_valid: np.ndarray
    y_valid: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    target_scaler: MinMaxScaler
    feature_scaler: MinMaxScaler

    def inverse(self, scaled: np.ndarray) -> np.ndarray:
        """Return scaled target values in the target's own unit, with the shape of ``scaled``."""
        scaled = np.asarray(scaled, dtype=float)
        return self.target_scaler.inverse_transform(scaled.reshape(-1, 1)).reshape(scaled.shape)


def make_windows(features: np.ndarray, target: np.ndarray, window: int, n_train: int, test_start: int) -> WindowedData:
    """Scale ``features`` (n, n_features) and ``target`` (n,) to [0, 1] with MinMax scalers fitted on
    the first ``n_train`` rows only, and cut the windows described in :class:`WindowedData`: training
    targets before ``n_train``, validation targets from ``n_train`` to ``test_start``, test targets
    after. Raises ValueError unless window < n_train < test_start < n."""
    features = np.asarray(features, dtype=float).reshape(len(target), -1)
    target = np.asarray(target, dtype=float)
    if not window < n_train < test_start < len(target):
        raise ValueError(
            f"window ({window}) must be shorter than the {n_train} training rows, which must end before "
            f"the validation rows, which must end (at row {test_start}) before the last of the {len(target)} rows"
        )
    feature_scaler = MinMaxScaler().fit(features[:n_train])
    target_scaler = MinMaxScaler().fit(target[:n_train].reshape(-1, 1))
    scaled = feature_scaler.transform(features)
    scaled_target = target_scaler.transform(target.reshape(-1, 1)).ravel()
    parts = {
        "train": np.arange(window, n_train),
        "valid": np.arange(n_train, test_start),
        "test": np.arange(test_start, len(target)),
    }
    cut = {}
    for part, positions in parts.items():
        cut[f"x_{part}"] = sliding_windows(scaled, window, positions).astype("float32")
        cut[f"y_{part}"] = scaled_target[positions].astype("float32")
    return WindowedData(**cut, target_scaler=target_scaler, feature_scaler=feature_scaler)


def persistence(series: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Forecast each row in ``positions`` by the previous row's value (the naive "last value" forecast)."""
    return np.asarray(series, dtype=float)[np.asarray(positions) - 1]


def training_mean(series: np.ndarray, n_train: int, positions: np.ndarray) -> np.ndarray:
    """Forecast each row in ``positions`` by the mean of the first ``n_train`` rows (the training minutes):
    the forecast of a model that learned only the level."""
    return np.full(len(np.asarray(positions)), float(np.mean(np.asarray(series, dtype=float)[:n_train])))


def drift_word(first: float, last: float, level: float) -> str:
    """Return how a forecast that went from ``first`` to ``last`` moved against ``level`` (a mean):
    "toward" when it ended closer to the level than it started, "away from" when farther, else
    "no closer to"; the words a sentence about a recursive forecast prints."""
    start, end = abs(first - level), abs(last - level)
    return "toward" if end < start else "away from" if end > start else "no closer to"


def moving_average(series: np.ndarray, positions: np.ndarray, span: int) -> np.ndarray:
    """Forecast each row in ``positions`` by the mean of the ``span`` rows before it."""
    return sliding_windows(np.asarray(series, dtype=float), span, positions).mean(axis=(1, 2))


def lag_features(series: np.ndarray, positions: np.ndarray, n_lags: int) -> np.ndarray:
    """Return the lag matrix for ``positions``: column ``k`` holds the value ``k + 1`` rows earlier.

    Shape (len(positions), n_lags); the input of a tabular model such as gradient boosting.
    """
    return sliding_windows(np.asarray(series, dtype=float), n_lags, positions)[:, ::-1, 0]


def dead_stretches(in_dead_run: pd.Series) -> pd.DataFrame:
    """Return the dead stretches marked in ``in_dead_run`` (a boolean Series in time order, indexed by
    time): one row per run of marked minutes, with its first marked time (``start``) and the first time
    after the run (``end``; the series' last time when the run reaches the end)."""
    marked = np.r_[False, in_dead_run.to_numpy(dtype=bool), False]
    edges = np.diff(marked.astype(int))
    first, after = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # positions in the series
    index = in_dead_run.index
    ends = [index[min(k, len(index) - 1)] for k in after]
    return pd.DataFrame({"start": index[first], "end": pd.Index(ends, dtype=index.dtype)})


def seasonal_strength(seasonal: np.ndarray, residual: np.ndarray) -> float:
    """Return the strength of seasonality, max(0, 1 − Var(R) / Var(S + R)), of a decomposition's
    ``seasonal`` and ``residual`` parts (n,) over the minutes where the residual is defined (not NaN):
    0 when the repeating pattern explains none of the detrended variation, 1 when it explains all."""
    seasonal, residual = np.asarray(seasonal, dtype=float), np.asarray(residual, dtype=float)
    defined = ~np.isnan(residual)
    resid = residual[defined]
    return max(0.0, 1 - resid.var() / (seasonal[defined] + resid).var())


def source_visits(frame: pd.DataFrame, source_columns: Sequence[str], every: str = "30min") -> pd.DataFrame:
    """Return the visits per traffic source summed over bins of ``every`` (a pandas frequency) of
    ``frame`` (indexed by time): one column per source of ``source_columns`` that brought any visit, the
    ``*_total`` columns (sums of the others) left out."""
    sources = [c for c in source_columns if not c.endswith("_total")]
    binned = frame[sources].resample(every).sum()
    return binned[[c for c in sources if binned[c].sum() > 0]]
