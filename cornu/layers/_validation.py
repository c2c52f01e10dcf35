"""Argument checks shared by the layers, so every message reads the same.

Each helper takes the owner (the class name) and the argument's name and
raises a `ValueError` (bad value) or `TypeError` (bad type) in the house
format: *"Conv2D: `strides` must be ... Received: strides=(0, 1)."*
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from cornu import config


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(value: Any, name: str, owner: str) -> int:
    """`value` as an `int`, which must be strictly positive."""
    if not _is_int(value) or value <= 0:
        raise ValueError(
            f"{owner}: `{name}` must be a positive integer. "
            f"Received: {name}={value!r}."
        )
    return int(value)


def standardize_tuple(value: Any, n: int, name: str, owner: str,
                      allow_zero: bool = False) -> tuple[int, ...]:
    """An int or a sequence of `n` ints, as a tuple of `n` ints.

    The ints must be positive (non-negative with `allow_zero`).
    """
    kind = "non-negative" if allow_zero else "positive"
    if _is_int(value):
        values = (int(value),) * n
    elif isinstance(value, (list, tuple)) and len(value) == n and all(
            _is_int(v) for v in value):
        values = tuple(int(v) for v in value)
    else:
        raise ValueError(
            f"{owner}: `{name}` must be an int or a tuple of {n} {kind} "
            f"ints. Received: {name}={value!r}."
        )
    low = 0 if allow_zero else 1
    if any(v < low for v in values):
        raise ValueError(
            f"{owner}: `{name}` must be an int or a tuple of {n} {kind} "
            f"ints. Received: {name}={value!r}."
        )
    return values


def standardize_padding(value: Any, owner: str,
                        allow_causal: bool = False) -> str:
    """`"valid"`, `"same"` (or `"causal"`), case-insensitive, lowercased."""
    allowed = ("valid", "same", "causal") if allow_causal else (
        "valid", "same")
    padding = value.lower() if isinstance(value, str) else value
    if padding not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ValueError(
            f"{owner}: `padding` must be one of {choices}. "
            f"Received: padding={value!r}."
        )
    return padding


def standardize_data_format(value: Any, owner: str) -> str:
    """`"channels_last"` or `"channels_first"`; `None` means
    `cornu.config.image_data_format()`."""
    if value is None:
        return config.image_data_format()
    data_format = value.lower() if isinstance(value, str) else value
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{owner}: `data_format` must be 'channels_last' or "
            f"'channels_first'. Received: data_format={value!r}."
        )
    return data_format


def check_bool(value: Any, name: str, owner: str) -> bool:
    """`value` as a bool; it must be a bool (Python or NumPy)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{owner}: `{name}` must be a bool. Received: {name}={value!r}."
        )
    return bool(value)


def standardize_pairs(value: Any, n: int, name: str,
                      owner: str) -> tuple[tuple[int, int], ...]:
    """An int, `n` ints (symmetric) or `n` pairs, as `n` `(before, after)`
    pairs of non-negative ints (for padding and cropping amounts)."""
    if _is_int(value):
        value = (value,) * n
    if not isinstance(value, (list, tuple)) or len(value) != n:
        raise ValueError(
            f"{owner}: `{name}` must be an int, a tuple of {n} ints or a "
            f"tuple of {n} `(before, after)` pairs of non-negative ints. "
            f"Received: {name}={value!r}."
        )
    pairs = []
    for entry in value:
        try:
            pairs.append(standardize_tuple(entry, 2, name, owner,
                                           allow_zero=True))
        except ValueError:
            raise ValueError(
                f"{owner}: `{name}` must be an int, a tuple of {n} ints or "
                f"a tuple of {n} `(before, after)` pairs of non-negative "
                f"ints. Received: {name}={value!r}."
            ) from None
    return tuple(pairs)
