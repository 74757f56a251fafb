"""Douyin loader: one live room, one row per minute, in the study's schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.datasets.folders import USER_FILE_HINT, dataset_folder, fetch_hint
from helpers.datasets.tables import Column, read_table

DOUYIN_METRICS = [
    "UV_VALUE", "COMMENT_CNT", "INCR_FANS_CNT", "LEAVE_UCNT", "FANS_CLUB_UCNT", "PAY_ORDER_GMV",
    "ONLINE_USER_CNT", "WATCH_UCNT", "PAY_CNT", "PAY_UCNT",
]  # fmt: skip


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
