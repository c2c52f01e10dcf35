"""`Flatten`: flattens every axis but the batch axis."""

from __future__ import annotations

import math
from typing import Any

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class Flatten(Layer):
    """Flattens the input to `(batch, n)`; the batch axis is kept.

    With `data_format="channels_first"` the channels axis is moved last
    before flattening, so the result matches a `channels_last` model's.
    An input `(batch,)` becomes `(batch, 1)`.

    Args:
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, ...)`, rank 1 or more.

    Output shape:
        `(batch, product of the other sizes)`.

    Example:
    >>> cornu.layers.Flatten()(np.ones((2, 3, 4), dtype="float32")).shape
    (2, 12)
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = check.standardize_data_format(
            data_format, "Flatten")
        self.input_spec = InputSpec(min_ndim=1)
        self._channels_first = self.data_format == "channels_first"

    def call(self, inputs):
        shape = ops.shape(inputs)
        rank = len(shape)
        if self._channels_first and rank > 2:
            inputs = ops.transpose(inputs, (0, *range(2, rank), 1))
        return ops.reshape(inputs, (shape[0], math.prod(shape[1:])))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        return (input_shape[0], _flat_size(input_shape[1:]))

    def compute_output_spec(self, inputs, **kwargs):
        # The input's dtype, not the layer's: this layer moves values only.
        return SymbolicTensor(self.compute_output_shape(inputs.shape),
                              inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


def _flat_size(dims: tuple) -> int | None:
    """The product of `dims` (1 for none), `None` if one is unknown."""
    if any(d is None for d in dims):
        return None
    return math.prod(dims)
