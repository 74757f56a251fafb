"""Checks for the chapters' code exercises.

A code exercise has a stub (which raises NotImplementedError saying what to write), a solution in the
book's collapsed solution block, and a check cell that calls one of these functions. In the book the
solution runs and the check passes; in the student edition the stub runs and the check stops with the
stub's message until the student's code gives the known answer.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import nbformat

EXERCISE_START = re.compile(r"^(?:```|:::)\{exercise(?:-start)?\}", re.MULTILINE)


class ExerciseFailed(AssertionError):
    """Raised by a check when the exercise's answer is not the known one."""


def check_close(value: float, expected: float, tolerance: float, what: str) -> None:
    """Pass when ``value`` is within ``tolerance`` of ``expected`` (same unit); else raise ExerciseFailed
    naming ``what`` was checked, the value got and the one expected."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(float(value)):
        raise ExerciseFailed(f"{what}: expected a finite number, got {value!r}")
    if abs(float(value) - expected) > tolerance:
        raise ExerciseFailed(f"{what}: got {value:.6g}, expected {expected:.6g} (within ±{tolerance:g})")


def check_equal(value: Any, expected: Any, what: str) -> None:
    """Pass when ``value == expected``; else raise ExerciseFailed naming ``what`` and both values."""
    if value != expected:
        raise ExerciseFailed(f"{what}: got {value!r}, expected {expected!r}")


def count_exercises(notebook: Path) -> int:
    """Return the number of exercises (``{exercise}`` or ``{exercise-start}`` blocks) in ``notebook``."""
    nb = nbformat.read(str(notebook), as_version=4)
    return sum(len(EXERCISE_START.findall(c.source)) for c in nb.cells if c.cell_type == "markdown")
