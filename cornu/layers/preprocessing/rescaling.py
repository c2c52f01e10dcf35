"""`Rescaling`: multiplies inputs by a scale and adds an offset."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer


class Rescaling(Layer):
    """Computes `inputs * scale + offset` in the layer's compute dtype.

    For example `scale=1 / 255` maps pixels in `[0, 255]` to `[0, 1]`, and
    `scale=1 / 127.5, offset=-1` maps them to `[-1, 1]`.

    Args:
        scale: a number, or one number per channel (broadcast against the
            last axis).
        offset: a number, or one number per channel.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.Rescaling(1 / 127.5, offset=-1.0)
    >>> layer(np.array([0, 255], dtype="uint8"))
    array([-1.,  1.], dtype=float32)
    """

    def __init__(self, scale: Any, offset: Any = 0.0,
                 **kwargs: Any) -> None:
        self.scale = _standardize(scale, "scale")
        self.offset = _standardize(offset, "offset")
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        x = ops.cast(inputs, self.compute_dtype)
        scale = _constant(self.scale, self.compute_dtype)
        offset = _constant(self.offset, self.compute_dtype)
        return ops.add(ops.multiply(x, scale), offset)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def compute_output_spec(self, inputs, **kwargs):
        return SymbolicTensor(tuple(inputs.shape), self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"scale": self.scale, "offset": self.offset})
        return config


def _standardize(value: Any, name: str):
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return value
    if ops.is_tensor(value):
        value = ops.convert_to_numpy(value)
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim == 0 and isinstance(value, bool):
        raise ValueError(
            f"Rescaling: `{name}` must be a number or a list of numbers. "
            f"Received: {name}={value!r}."
        )
    return array.tolist()


def _constant(value, dtype):
    if isinstance(value, list):
        return ops.convert_to_tensor(np.asarray(value, dtype=dtype))
    return value
