"""The number check the activation layers share."""

from __future__ import annotations

import numbers
from typing import Any


def non_negative_number(value: Any, name: str, owner: str,
                        allow_none: bool = False) -> float | None:
    """`value` as a float that must be `>= 0` (or `None` when allowed)."""
    if value is None and allow_none:
        return None
    if (not isinstance(value, numbers.Real) or isinstance(value, bool)
            or value < 0):
        extra = " or None" if allow_none else ""
        raise ValueError(
            f"{owner}: `{name}` must be a non-negative number{extra}. "
            f"Received: {name}={value!r}."
        )
    return float(value)
