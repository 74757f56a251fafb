"""The words the live-stream chapter's prose glues, each chosen by its numbers (never typed in a cell):
how strong a seasonal pattern is, what v2's outputs say about the ReLU and ELU heads, what the longer
training answers, which way the off-air zeros move persistence's R², and where the study's RMSE lies
against the Poisson scatter, and which hours of the day rest on few live minutes.
"""

from __future__ import annotations

import pandas as pd

from helpers.common import formatting, judgement
from helpers.common.judgement import Judged

LITTLE, MOST = 0.3, 0.6  # seasonal strengths below LITTLE read as little, above MOST as most


def strength_words(strength: float) -> str:
    """Return how much of the detrended variation a seasonal ``strength`` (0..1) says the pattern
    explains: "little" below :data:`LITTLE`, "most" from :data:`MOST` on, else "a moderate share"."""
    return "little" if strength < LITTLE else "a moderate share" if strength < MOST else "most"


def heads_words(end_min: float) -> str:
    """Return what v2's smallest output after training (scaled, over every window) says of a ReLU or an
    ELU head, which pass a positive input unchanged."""
    if end_min > 0:
        return "above zero: on every window the fitted heads receive a positive input, where both are the identity"
    return "below zero: on some window the fitted heads are not the identity"


def updates_answer(longer_beats_persistence: Judged) -> str:
    """Return the answer to "does too little training explain v2's loss to persistence?" from the
    judged claim that v2 trained longer beats persistence."""
    if longer_beats_persistence.verdict == judgement.REPRODUCED:
        return (
            "With more updates v2 beats persistence here, so too little training "
            "explains at least part of its loss to persistence."
        )
    return (
        "Trained longer, v2 does not beat persistence beyond the noise of seeds and "
        "minutes: these updates do not show that too little training explains its loss "
        "to persistence."
    )


def gap_effect(with_gap: float, without_gap: float) -> str:
    """Return the verb for how the off-air zeros move persistence's R², from ``without_gap`` (the
    cleaned series) to ``with_gap`` (the filled day): "raise" when higher, else "lower"."""
    return "raise" if with_gap > without_gap else "lower"


def against_scatter(rmse: float, poisson_sd: float) -> str:
    """Return where an RMSE (viewers per minute) lies against a Poisson count's scatter (its standard
    deviation): "below" or "not below"."""
    return "below" if rmse < poisson_sd else "not below"


def thin_hours(minutes: pd.Series, threshold: int) -> str:
    """Return the hours of the day with fewer than ``threshold`` live minutes (``minutes``: live
    minutes by hour), each with its count, as a list in words ("12 h (1 live minute)"), or "none"."""
    thin = minutes[minutes < threshold]
    if thin.empty:
        return "none"
    return formatting.listing([f"{hour} h ({formatting.counted(n, 'live minute')})" for hour, n in thin.items()])
