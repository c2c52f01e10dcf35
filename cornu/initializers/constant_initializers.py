"""Initializers that need no random numbers: `Zeros`, `Ones`, `Constant` and
`Identity`."""

from __future__ import annotations

from typing import Any

import numpy as np

import cornu.ops as o
from cornu.backend.common import dtypes
from cornu.initializers.initializer import Initializer, _standardize_shape

__all__ = ["Zeros", "Ones", "Constant", "Identity"]


class Zeros(Initializer):
    """Fills the tensor with 0.

    Example:
        >>> from cornu import initializers
        >>> initializers.Zeros()((2, 2))
        array([[0., 0.],
               [0., 0.]], dtype=float32)
    """

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        shape = _standardize_shape(shape, "Zeros")
        return o.zeros(shape, dtype=dtypes.standardize_dtype(dtype))


class Ones(Initializer):
    """Fills the tensor with 1.

    Example:
        >>> from cornu import initializers
        >>> initializers.Ones()((3,))
        array([1., 1., 1.], dtype=float32)
    """

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        shape = _standardize_shape(shape, "Ones")
        return o.ones(shape, dtype=dtypes.standardize_dtype(dtype))


def _serialize_value(value: Any) -> Any:
    # Keras writes array values as `__tensor__` / `__numpy__` records.
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, np.generic):
        return value.item()
    kind = "__tensor__" if o.is_tensor(value) else "__numpy__"
    array = o.convert_to_numpy(value) if kind == "__tensor__" else (
        np.asarray(value))
    return {
        "class_name": kind,
        "config": {"value": array.tolist(), "dtype": array.dtype.name},
    }


def _deserialize_value(value: Any) -> Any:
    if isinstance(value, dict) and value.get("class_name") in (
            "__tensor__", "__numpy__"):
        inner = value["config"]
        return np.asarray(inner["value"], dtype=inner["dtype"])
    return value


class Constant(Initializer):
    """Fills the tensor with `value`.

    Args:
        value: a scalar, or an array that broadcasts to the requested shape.

    Example:
        >>> from cornu import initializers
        >>> initializers.Constant(3.0)((2,))
        array([3., 3.], dtype=float32)
    """

    def __init__(self, value: Any = 0.0) -> None:
        self.value = value

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        shape = _standardize_shape(shape, "Constant")
        dtype = dtypes.standardize_dtype(dtype)
        value = self.value
        if not isinstance(value, (bool, int, float)):
            value = o.convert_to_tensor(value)
            value = o.cast(value, dtype)
        else:
            value = o.convert_to_tensor(value, dtype=dtype)
        return o.multiply(value, o.ones(shape, dtype=dtype))

    def get_config(self) -> dict:
        return {"value": _serialize_value(self.value)}

    @classmethod
    def from_config(cls, config: dict) -> Constant:
        return cls(_deserialize_value(config.get("value", 0.0)))


class Identity(Initializer):
    """`gain` times the identity matrix (for 2-D shapes only; non-square
    shapes get ones on the main diagonal).

    Unlike Keras 3, whose `get_config` returns `{}`, the config keeps
    `gain`, so a round trip preserves it; Keras reads it back unchanged.

    Args:
        gain: the diagonal value.

    Example:
        >>> from cornu import initializers
        >>> initializers.Identity(gain=2.0)((2, 2))
        array([[2., 0.],
               [0., 2.]], dtype=float32)
    """

    def __init__(self, gain: float = 1.0) -> None:
        self.gain = gain

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        shape = _standardize_shape(shape, "Identity")
        if len(shape) != 2:
            raise ValueError(
                "Identity: the initializer only makes 2-D matrices; use a "
                f"2-D `shape`. Received: shape={shape} of rank {len(shape)}."
            )
        dtype = dtypes.standardize_dtype(dtype)
        return o.multiply(self.gain, o.eye(shape[0], shape[1], dtype=dtype))

    def get_config(self) -> dict:
        return {"gain": self.gain}
