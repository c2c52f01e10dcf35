"""`UnitNormalization`: scale each sample to unit L2 norm."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.layer import Layer
from cornu.layers.normalization import _checks


class UnitNormalization(Layer):
    """Divides each sample by its L2 norm over `axis`, so the result has
    norm 1 there (an all-zero slice stays zero).

    Args:
        axis: the axis, or list of axes, over which the norm is taken.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.UnitNormalization()
    >>> layer(np.array([[3.0, 4.0]], dtype="float32"))
    array([[0.6, 0.8]], dtype=float32)
    """

    def __init__(self, axis: int | list[int] = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = _checks.axis_or_axes(axis, type(self).__name__)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        x = ops.cast(inputs, self.compute_dtype)
        ndim = len(ops.shape(x))
        axes = _checks.resolve_axes(self.axis, ndim, ops.shape(x),
                                    type(self).__name__)
        square_sum = ops.sum(ops.square(x), axis=axes, keepdims=True)
        return ops.multiply(x, ops.rsqrt(ops.maximum(square_sum, 1e-12)))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        _checks.resolve_axes(self.axis, len(input_shape), input_shape,
                             type(self).__name__)
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config
