"""`Reshape`: reshapes every axis but the batch axis."""

from __future__ import annotations

import math
import numbers
from typing import Any

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer


class Reshape(Layer):
    """Reshapes the input to `(batch, *target_shape)`.

    Args:
        target_shape: the new shape without the batch axis; one entry may
            be `-1`, inferred from the input's size.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any shape whose non-batch size matches `target_shape`.

    Output shape:
        `(batch, *target_shape)`.

    Example:
    >>> layer = cornu.layers.Reshape((-1, 2))
    >>> layer(np.ones((3, 4, 3), dtype="float32")).shape
    (3, 6, 2)
    """

    def __init__(self, target_shape: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target_shape = _standardize_target_shape(target_shape)
        self.built = True

    def call(self, inputs):
        shape = ops.shape(inputs)
        target = _resolve(shape[1:], self.target_shape, self.name)
        return ops.reshape(inputs, (shape[0], *target))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        target = _resolve(input_shape[1:], self.target_shape, self.name)
        return (input_shape[0], *(None if d == -1 else d for d in target))

    def compute_output_spec(self, inputs, **kwargs):
        # The input's dtype, not the layer's: this layer moves values only.
        return SymbolicTensor(self.compute_output_shape(inputs.shape),
                              inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config


def _standardize_target_shape(target_shape: Any) -> tuple:
    message = (
        "Reshape: `target_shape` must be a tuple of non-negative integers "
        "with at most one -1 (an inferred size). Received: "
        f"target_shape={target_shape!r}."
    )
    if isinstance(target_shape, numbers.Integral) and not isinstance(
            target_shape, bool):
        target_shape = (target_shape,)
    try:
        dims = tuple(target_shape)
    except TypeError:
        raise ValueError(message) from None
    if not all(isinstance(d, numbers.Integral) and not isinstance(d, bool)
               for d in dims):
        raise ValueError(message)
    dims = tuple(int(d) for d in dims)
    if any(d < -1 for d in dims) or dims.count(-1) > 1:
        raise ValueError(message)
    return dims


def _resolve(input_dims: tuple, target: tuple, name: str) -> tuple:
    """`target` with its -1 computed from `input_dims`; the -1 stays when
    an input size is unknown."""
    if any(d is None for d in input_dims):
        return target
    size = math.prod(input_dims)
    known = math.prod(d for d in target if d != -1)
    if -1 not in target:
        if size != known:
            raise ValueError(
                f"Reshape layer {name!r}: the total size must be "
                f"unchanged. Received: input_shape=(batch, "
                f"{', '.join(map(str, input_dims))}), target_shape={target}."
            )
        return target
    if known == 0 or size % known:
        raise ValueError(
            f"Reshape layer {name!r}: the input size {size} cannot be split "
            f"into target_shape={target}. Received: input_shape=(batch, "
            f"{', '.join(map(str, input_dims))})."
        )
    return tuple(size // known if d == -1 else d for d in target)
