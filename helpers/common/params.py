"""Validate a notebook's parameters right after its ``parameters`` cell: the rules every chapter uses.

Each rule checks one value and raises :class:`~helpers.common.errors.ParameterError` naming the
parameter, the value it got and what it accepts, so a bad ``-p name=value`` stops the run at once. A
chapter's own rules (which rule for which parameter, the checks across parameters, the settings its page
cites) live once in its study package's ``parameters`` module, whose ``check(globals())`` is the
notebook's validation cell.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from helpers.common.errors import ParameterError

Rule = Callable[[str, Any], None]
INJECTED_HEADER = "# Parameters\n"  # the first line of the cell papermill injects after the parameters cell


@dataclass(frozen=True)
class Int:
    """An integer (not a bool) within ``[min, max]``."""

    min: int | None = None
    max: int | None = None

    def __call__(self, name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"parameter {name}={value!r}: must be an integer")
        _check_range(name, value, self.min, self.max)


@dataclass(frozen=True)
class Float:
    """A real number within ``[min, max]``; ``open_min`` excludes the lower bound."""

    min: float | None = None
    max: float | None = None
    open_min: bool = False

    def __call__(self, name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParameterError(f"parameter {name}={value!r}: must be a number")
        if self.open_min and self.min is not None and value <= self.min:
            raise ParameterError(f"parameter {name}={value!r}: must be greater than {self.min}")
        _check_range(name, value, self.min, self.max)


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values."""

    options: tuple[Any, ...]

    def __call__(self, name: str, value: Any) -> None:
        if value not in self.options:
            raise ParameterError(f"parameter {name}={value!r}: must be one of {list(self.options)}")


@dataclass(frozen=True)
class IntList:
    """A non-empty list of integers, each within ``[min, max]``."""

    min: int | None = None
    max: int | None = None

    def __call__(self, name: str, value: Any) -> None:
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            raise ParameterError(f"parameter {name}={value!r}: must be a non-empty list of integers")
        for item in value:
            Int(self.min, self.max)(name, item)


@dataclass(frozen=True)
class FloatList:
    """A non-empty list of real numbers, each within ``[min, max]``; ``open_min`` excludes the lower bound."""

    min: float | None = None
    max: float | None = None
    open_min: bool = False

    def __call__(self, name: str, value: Any) -> None:
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            raise ParameterError(f"parameter {name}={value!r}: must be a non-empty list of numbers")
        for item in value:
            Float(self.min, self.max, self.open_min)(name, item)


@dataclass(frozen=True)
class Text:
    """A string; ``optional`` also admits None."""

    optional: bool = False

    def __call__(self, name: str, value: Any) -> None:
        if value is None and self.optional:
            return
        if not isinstance(value, str):
            raise ParameterError(f"parameter {name}={value!r}: must be a string")


@dataclass(frozen=True)
class TextList:
    """A non-empty list of strings (such as file paths); ``optional`` also admits None."""

    optional: bool = False

    def __call__(self, name: str, value: Any) -> None:
        if value is None and self.optional:
            return
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            raise ParameterError(
                f"parameter {name}={value!r}: must be a non-empty list of strings, such as [a.csv, b.csv]"
            )
        for item in value:
            Text()(name, item)


def _check_range(name: str, value: float, low: float | None, high: float | None) -> None:
    """Raise ParameterError if ``value`` lies outside ``[low, high]`` (None: unbounded)."""
    if low is not None and value < low:
        raise ParameterError(f"parameter {name}={value!r}: must be at least {low}")
    if high is not None and value > high:
        raise ParameterError(f"parameter {name}={value!r}: must be at most {high}")


def injected_names(namespace: Mapping[str, Any]) -> set[str]:
    """Return the names assigned by papermill's injected-parameters cell, read from IPython's input
    history (``In``) in ``namespace``; empty when no parameters were injected."""
    for source in reversed(namespace.get("In") or []):
        if isinstance(source, str) and source.startswith(INJECTED_HEADER):
            return {
                target.id
                for node in ast.parse(source).body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
    return set()


def validate(namespace: Mapping[str, Any], rules: Mapping[str, Rule]) -> None:
    """Check every parameter named in ``rules`` against its rule.

    ``namespace`` is the notebook's ``globals()``. A rule naming a parameter the notebook does
    not define is an error too, so the rules and the parameters cell cannot drift apart; so is a
    name injected by papermill (``-p name value``) that no rule names, i.e. a misspelt parameter.
    """
    unknown = sorted(injected_names(namespace) - set(rules))
    if unknown:
        raise ParameterError(
            f"no parameter(s) {unknown} in this notebook (misspelt?); its parameters are {sorted(rules)}"
        )
    for name, rule in rules.items():
        if name not in namespace:
            raise ParameterError(f"parameter {name} is not defined in the notebook's parameters cell")
        rule(name, namespace[name])


def setting_text(value: Any) -> int | float | str:
    """Return a parameter's value as the prose cites it: numbers as they are, a list as words
    (``[10, 30, 100]`` -> ``"10, 30 and 100"``)."""
    if isinstance(value, (list, tuple)):
        words = [f"{item:g}" if isinstance(item, float) else str(item) for item in value]
        return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return value


def record_settings(namespace: Mapping[str, Any], names: Sequence[str], chapter: str) -> None:
    """Glue the values of the parameters ``names`` from ``namespace`` (a notebook's globals) as
    ``<chapter>.setting.<name>``, so the prose cites the value this run used instead of the
    parameter's name."""
    from helpers.common.records import record

    for name in names:
        record(f"{chapter}.setting.{name}", setting_text(namespace[name]))
