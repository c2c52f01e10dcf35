"""Weight constraints: projections applied to a variable after each
optimizer update, as in Keras 3.

The norm constraints divide by `epsilon() + norm`, Keras's guard against a
zero norm (`cornu.config.epsilon()`, 1e-7 by default).
"""

from __future__ import annotations

from typing import Any

import cornu.ops as o
from cornu import config

__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"]


def _norms(w: Any, axis: Any) -> Any:
    if isinstance(axis, list):  # a tuple that went through JSON
        axis = tuple(axis)
    return o.sqrt(o.sum(o.square(w), axis=axis, keepdims=True))


def _rescale(w: Any, norms: Any, desired: Any) -> Any:
    ratio = o.divide(desired, o.add(config.epsilon(), norms))
    return o.multiply(o.cast(w, o.dtype(norms)), ratio)


class Constraint:
    """Base class: a constraint maps a weight tensor to its projection.

    Subclasses implement `__call__(w)` and, when they take arguments,
    `get_config()`.

    Example:
        >>> from cornu import constraints, ops
        >>> class Clip(constraints.Constraint):
        ...     def __call__(self, w):
        ...         return ops.clip(w, -1.0, 1.0)
        >>> Clip()(ops.convert_to_tensor([-3.0, 0.5]))
        array([-1. ,  0.5], dtype=float32)
    """

    def __call__(self, w: Any) -> Any:
        return w

    def get_config(self) -> dict:
        """Returns the arguments that rebuild this constraint."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Constraint:
        """Builds a constraint from `get_config()`'s output."""
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales each slice whose L2 norm along `axis` exceeds `max_value`
    to norm `max_value`: `w * clip(norm, 0, max_value) / (eps + norm)`.

    Args:
        max_value: the largest allowed norm.
        axis: the axis (or axes) the norm runs over; `0` for a `Dense`
            kernel `(input_dim, units)` constrains each unit's weights.

    Example:
        >>> from cornu import constraints, ops
        >>> w = ops.convert_to_tensor([[3.0], [4.0]])
        >>> constraints.MaxNorm(1.0)(w).round(4)
        array([[0.6],
               [0.8]], dtype=float32)
    """

    def __init__(self, max_value: float = 2, axis: Any = 0) -> None:
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        w = o.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        return _rescale(w, norms, o.clip(norms, 0.0, self.max_value))

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Sets negative weights to zero: `max(w, 0)`.

    Example:
        >>> from cornu import constraints, ops
        >>> constraints.NonNeg()(ops.convert_to_tensor([-1.0, 2.0]))
        array([0., 2.], dtype=float32)
    """

    def __call__(self, w: Any) -> Any:
        return o.maximum(o.convert_to_tensor(w), 0)


class UnitNorm(Constraint):
    """Rescales each slice along `axis` to unit L2 norm:
    `w / (eps + norm)`.

    Args:
        axis: the axis (or axes) the norm runs over.

    Example:
        >>> from cornu import constraints, ops
        >>> w = ops.convert_to_tensor([[3.0], [4.0]])
        >>> constraints.UnitNorm()(w).round(4)
        array([[0.6],
               [0.8]], dtype=float32)
    """

    def __init__(self, axis: Any = 0) -> None:
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        w = o.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        return o.divide(o.cast(w, o.dtype(norms)),
                        o.add(config.epsilon(), norms))

    def get_config(self) -> dict:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves each slice's L2 norm along `axis` into
    `[min_value, max_value]`, a fraction `rate` of the way per call:
    `desired = rate * clip(norm, min_value, max_value) + (1 - rate) * norm`
    and `w * desired / (eps + norm)`.

    Args:
        min_value: the smallest allowed norm.
        max_value: the largest allowed norm.
        rate: `1.0` projects at once; smaller values move gradually.
        axis: the axis (or axes) the norm runs over.

    Example:
        >>> from cornu import constraints, ops
        >>> w = ops.convert_to_tensor([[0.3], [0.4]])
        >>> constraints.MinMaxNorm(1.0, 2.0)(w).round(4)
        array([[0.6],
               [0.8]], dtype=float32)
    """

    def __init__(self, min_value: float = 0.0, max_value: float = 1.0,
                 rate: float = 1.0, axis: Any = 0) -> None:
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        w = o.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = o.add(
            o.multiply(self.rate,
                       o.clip(norms, self.min_value, self.max_value)),
            o.multiply(1 - self.rate, norms),
        )
        return _rescale(w, norms, desired)

    def get_config(self) -> dict:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }
