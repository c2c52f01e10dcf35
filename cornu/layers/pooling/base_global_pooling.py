"""`BaseGlobalPooling`: the reduction over all spatial axes shared by the
`GlobalMaxPooling*D` and `GlobalAveragePooling*D` layers."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Max or mean of each channel over all spatial axes.

    Use the `GlobalMaxPooling*D` and `GlobalAveragePooling*D` layers; this
    class is their shared implementation.

    Args:
        pool_dimensions: the number of spatial dimensions (1, 2 or 3).
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        keepdims: whether to keep the spatial axes with size 1.
        **kwargs: base `Layer` arguments.
    """

    _pool_mode = "average"  # or "max"; set by each subclass

    def __init__(self, pool_dimensions: int, data_format: str | None = None,
                 keepdims: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.pool_dimensions = pool_dimensions
        self.data_format = check.standardize_data_format(data_format, owner)
        self.keepdims = check.check_bool(keepdims, "keepdims", owner)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    @property
    def _spatial_axes(self) -> tuple[int, ...]:
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.pool_dimensions))

    def call(self, inputs: Any) -> Any:
        reduce = ops.max if self._pool_mode == "max" else ops.mean
        return reduce(inputs, axis=self._spatial_axes, keepdims=self.keepdims)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        n = len(input_shape) - 2
        if self.data_format == "channels_last":
            if self.keepdims:
                return (input_shape[0], *(1,) * n, input_shape[-1])
            return (input_shape[0], input_shape[-1])
        if self.keepdims:
            return (input_shape[0], input_shape[1], *(1,) * n)
        return (input_shape[0], input_shape[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "data_format": self.data_format,
            "keepdims": self.keepdims,
        })
        return config
