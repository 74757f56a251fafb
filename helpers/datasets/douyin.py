"""Douyin loader: one live room, one row per minute, in the study's schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from helpers.datasets.folders import USER_FILE_HINT, dataset_folder, fetch_hint
from helpers.datasets.tables import Column, read_table

DOUYIN_METRICS = [
    "UV_VALUE", "COMMENT_CNT", "INCR_FANS_CNT", "LEAVE_UCNT", "FANS_CLUB_UCNT", "PAY_ORDER_GMV",
    "ONLINE_USER_CNT", "WATCH_UCNT", "PAY_CNT", "PAY_UCNT",
]  # fmt: skip

COLUMNS_FILE = Path(__file__).with_name("douyin_columns.yml")  # the data dictionary: code -> words, unit


@dataclass
class Douyin:
    """One Douyin live room, one row per minute: ``minutes`` with ``date_time``, the two traffic-source
    columns as Python-dict text, and the per-minute metrics (``WATCH_UCNT``: viewers entering per
    minute; ``ONLINE_USER_CNT``: viewers online; ``PAY_ORDER_GMV``: sales in yuan ...)."""

    minutes: pd.DataFrame
    dropped: dict[str, int] = field(default_factory=dict)


def read_douyin(path: Path, hint: str = USER_FILE_HINT) -> pd.DataFrame:
    """Read a Douyin per-minute file in the study's schema (``predict.csv`` or the full ``data.csv``).

    The unnamed first column (a saved pandas index) is dropped; metrics become floats (empty → NaN).
    """
    columns = [Column("date_time", "datetime"), Column("natural_flow_trend_index"), Column("pay_flow_trend_index")]
    columns += [Column(name, "float", optional=True) for name in DOUYIN_METRICS]
    frame = read_table(path, columns, hint=hint)
    return frame.sort_values("date_time", kind="stable").reset_index(drop=True)


def load_douyin(root: Path | None = None, verify: bool = True) -> Douyin:
    """Load the Douyin live-stream day as :class:`Douyin`."""
    folder = dataset_folder("douyin", root, verify)
    return Douyin(minutes=read_douyin(folder / "predict.csv", fetch_hint("douyin")))


def douyin_columns() -> pd.DataFrame:
    """Return the Douyin data dictionary: one row per column of the per-minute file, in the file's order
    (``date_time``, the two traffic-source columns, then :data:`DOUYIN_METRICS`), indexed by the column's
    code, with ``words`` (what it holds) and ``unit`` (its unit), read from ``douyin_columns.yml``.

    Raises ValueError naming the codes the dictionary lacks, has in excess, or gives without words or unit.
    """
    entries = yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8")) or {}
    codes = ["date_time", "natural_flow_trend_index", "pay_flow_trend_index", *DOUYIN_METRICS]
    missing, extra = sorted(set(codes) - set(entries)), sorted(set(entries) - set(codes))
    incomplete = sorted(code for code, entry in entries.items() if not {"words", "unit"} <= set(entry or {}))
    if missing or extra or incomplete:
        raise ValueError(
            f"{COLUMNS_FILE}: the Douyin columns lack {missing}, name unknown {extra}, "
            f"or lack words or unit for {incomplete}"
        )
    return pd.DataFrame([{"code": c, **{k: entries[c][k] for k in ("words", "unit")}} for c in codes]).set_index("code")


def douyin_label(code: str) -> str:
    """Return the reader's label of the Douyin column ``code``, its words and unit: ``"viewers entering
    (viewers per minute)"`` for ``WATCH_UCNT``, for an axis or a table header. Raises KeyError for an unknown code."""
    entry = douyin_columns().loc[code]
    return f"{entry['words']} ({entry['unit']})"
