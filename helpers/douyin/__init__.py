"""Douyin live stream (study 002): traffic sources, minute series and windows, baselines, the study's
LSTMs fitted in worker processes, its claims, and forecast comparisons judged on a time series. The
chapter also imports, by name, the modules that start its fits at once and read them section by section
(``fitting``), read its file (``reading``), and make its tables, figures and sentences (``tables``,
``figures``, ``sentences``); they stay out of this import, which every worker process makes."""

from helpers.douyin import claims, lstm, names, timeseries, verdicts

__all__ = ["claims", "lstm", "names", "timeseries", "verdicts"]
