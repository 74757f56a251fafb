"""Douyin live stream (study 002): traffic sources, minute series and windows, baselines, and the
study's LSTMs fitted in worker processes."""

from helpers.douyin import lstm, timeseries

__all__ = ["lstm", "timeseries"]
