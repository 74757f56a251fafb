"""The live-stream chapter's example files of one's own (``python -m helpers examples``), in its documented
input format, and the counts of its registered data, which its prose glues rather than types.

:func:`write_example` writes the files the chapter manifest lists for the chapter and returns the
parameters that point the chapter at them and the counts the chapter must report for them;
:func:`registered_counts` counts the registered data the chapter reads by default.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers import datasets
from helpers.datasets.examples import Example, write_text

DOUYIN_NATURAL = ["直播推荐", "关注", "搜索", "短视频引流"]  # the natural sources the example room draws on
DOUYIN_PAID = ["千川PC版", "小店随心推"]  # and its paid ones


def source_text(counts: dict[str, int], total: str) -> str:
    """One minute's traffic-source column as the study's files hold it: Python-dict text of viewers per
    source, with ``total`` (the file's all-sources key) their sum."""
    return repr({**counts, total: sum(counts.values())})


def write_example(folder: Path) -> Example:
    """The live-stream chapter's input: a per-minute file in the study's schema for one invented room.
    It broadcasts 09:00-12:59 and 14:00-17:59 on 2024-03-05 (the hour between has no rows, so the chapter
    fills and then removes it) and ten minutes with no traffic on the next day (a dead day). Viewers
    entering per minute are Poisson around an hourly wave with autocorrelated noise, split over a few
    natural and paid sources."""
    rng = np.random.default_rng(8)
    day = pd.date_range("2024-03-05 09:00", "2024-03-05 17:59", freq="min")
    live = day[day.hour != 13]
    wave = 14 + 6 * np.sin(2 * np.pi * np.arange(len(live)) / 60)
    drift = np.zeros(len(live))
    for k in range(1, len(live)):
        drift[k] = 0.8 * drift[k - 1] + rng.normal(0, 1.5)
    watch = rng.poisson(np.clip(wave + drift, 1, None))
    natural = rng.multinomial(watch, [0.5, 0.3, 0.1, 0.1])
    paid = rng.poisson(1.0, (len(live), len(DOUYIN_PAID)))
    dead = pd.date_range("2024-03-06 10:00", periods=10, freq="min")
    times = live.append(dead)
    zeros = np.zeros(len(dead), dtype=int)
    minutes = pd.DataFrame(
        {
            "natural_flow_trend_index": [
                source_text(dict(zip(DOUYIN_NATURAL, map(int, row), strict=True)), "全部自然流量")
                for row in np.vstack([natural, np.zeros((len(dead), len(DOUYIN_NATURAL)), dtype=int)])
            ],
            "pay_flow_trend_index": [
                source_text(dict(zip(DOUYIN_PAID, map(int, row), strict=True)), "全部付费流量")
                for row in np.vstack([paid, np.zeros((len(dead), len(DOUYIN_PAID)), dtype=int)])
            ],
            "UV_VALUE": np.concatenate([rng.gamma(2, 1.5, len(live)).round(2), zeros]),
            "COMMENT_CNT": np.concatenate([rng.poisson(3, len(live)), zeros]),
            "date_time": times.strftime("%Y-%m-%d %H:%M:%S"),
            "INCR_FANS_CNT": np.concatenate([rng.poisson(0.5, len(live)), zeros]).astype(float),
            "LEAVE_UCNT": np.concatenate([rng.poisson(np.clip(watch - 1, 0, None)), zeros]).astype(float),
            "FANS_CLUB_UCNT": np.concatenate([rng.poisson(0.2, len(live)), zeros]).astype(float),
            "PAY_ORDER_GMV": np.concatenate([(rng.poisson(0.3, len(live)) * 59.0), zeros]),
            "ONLINE_USER_CNT": np.concatenate([np.round(4 * wave + 2 * drift).clip(0).astype(int), zeros]),
            "WATCH_UCNT": np.concatenate([watch, zeros]).astype(float),
            "PAY_CNT": np.concatenate([rng.poisson(0.3, len(live)), zeros]).astype(float),
            "PAY_UCNT": np.concatenate([rng.poisson(0.3, len(live)), zeros]).astype(float),
        }
    )
    path = write_text(folder / "my_live_room.csv", minutes.to_csv())
    return Example({"data_path": str(path)}, {"rows": len(minutes), "minutes": len(live), "dead_days": 1})


def registered_counts() -> list[int]:
    """The live-stream chapter's registered data, counted here: the rows of the registered day."""
    return [len(datasets.load("douyin").minutes)]
