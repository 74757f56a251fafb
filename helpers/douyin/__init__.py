"""Douyin live stream (study 002): traffic sources, minute series and windows, baselines, the study's
LSTMs fitted in worker processes, its claims, and forecast comparisons judged on a time series."""

from helpers.douyin import claims, lstm, names, timeseries, verdicts

__all__ = ["claims", "lstm", "names", "timeseries", "verdicts"]
