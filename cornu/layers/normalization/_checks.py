"""Argument checks the normalization layers share."""

from __future__ import annotations

import numbers
from typing import Any


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def axis_or_axes(axis: Any, owner: str) -> int | list[int]:
    """An int, or a non-empty list of ints (a tuple becomes a list, as in
    Keras's configs)."""
    if _is_int(axis):
        return int(axis)
    if isinstance(axis, (list, tuple)) and axis and all(
            _is_int(a) for a in axis):
        return [int(a) for a in axis]
    raise TypeError(
        f"{owner}: `axis` must be an int or a non-empty list of ints. "
        f"Received: axis={axis!r}."
    )


def resolve_axes(axis: int | list[int], ndim: int, input_shape: tuple,
                 owner: str) -> list[int]:
    """`axis` as sorted non-negative axes of a rank-`ndim` input; raises
    when one is out of range or repeated."""
    axes = [axis] if isinstance(axis, int) else list(axis)
    if any(not -ndim <= a < ndim for a in axes):
        raise ValueError(
            f"{owner}: `axis` is out of range for an input of rank {ndim}. "
            f"Received: axis={axis!r}, input shape {tuple(input_shape)}."
        )
    resolved = sorted(a % ndim for a in axes)
    if len(set(resolved)) != len(resolved):
        raise ValueError(
            f"{owner}: `axis` holds the same axis twice. Received: "
            f"axis={axis!r}."
        )
    return resolved


def number(value: Any, name: str, owner: str) -> float:
    """A real number as a float."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(
            f"{owner}: `{name}` must be a number. Received: {name}={value!r}."
        )
    return float(value)
