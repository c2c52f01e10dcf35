"""Automatic layer names, as Keras makes them: the snake case of the class
name, made unique with a counter (`dense`, `dense_1`, ...)."""

from __future__ import annotations

import re

_name_counts: dict[str, int] = {}


def to_snake_case(name: str) -> str:
    """Keras's default-name rule: `Conv2D` -> `conv2d`, `MaxPooling2D` ->
    `max_pooling2d`, `InputLayer` -> `input_layer`."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(prefix: str) -> str:
    n = _name_counts.get(prefix, 0)
    _name_counts[prefix] = n + 1
    return prefix if n == 0 else f"{prefix}_{n}"


def reset_names() -> None:
    """Restarts automatic layer names (`dense`, `dense_1`, ...)."""
    _name_counts.clear()
