"""Argument checks the regularization layers share."""

from __future__ import annotations

import numbers
from typing import Any


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def rate(value: Any, owner: str, name: str = "rate") -> float:
    """A float in `[0, 1]`."""
    if not _is_number(value) or not 0 <= value <= 1:
        raise ValueError(
            f"{owner}: `{name}` must be a float between 0 and 1. "
            f"Received: {name}={value!r}."
        )
    return float(value)


def non_negative(value: Any, owner: str, name: str) -> float:
    """A float `>= 0`."""
    if not _is_number(value) or value < 0:
        raise ValueError(
            f"{owner}: `{name}` must be a non-negative float. "
            f"Received: {name}={value!r}."
        )
    return float(value)


def seed(value: Any, owner: str) -> int | None:
    """An int or `None`."""
    if value is not None and (not isinstance(value, numbers.Integral)
                              or isinstance(value, bool)):
        raise ValueError(
            f"{owner}: `seed` must be an integer or None. "
            f"Received: seed={value!r}."
        )
    return value
