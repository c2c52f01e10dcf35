"""`BasePooling`: the windowed max and average pooling shared by the
`MaxPooling*D` and `AveragePooling*D` layers."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers import _validation as check
from cornu.layers.convolutional.base_conv import conv_output_length
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BasePooling(Layer):
    """Max or average over sliding windows of each channel.

    Use the `MaxPooling*D` and `AveragePooling*D` layers; this class is
    their shared implementation.

    Args:
        pool_size: the window size, an int or a tuple of
            `pool_dimensions` ints.
        strides: the step of the window, an int or a tuple of
            `pool_dimensions` ints; `None` means `pool_size`.
        pool_dimensions: the number of spatial dimensions (1, 2 or 3).
        pool_mode: `"max"` or `"average"`.
        padding: `"valid"` (no padding) or `"same"` (pad so that each
            output size is `ceil(n / strides)`; padded cells are ignored,
            so averages count only real cells). Case-insensitive; stored
            lowercased (Keras keeps the spelling given).
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        name: the layer's name.
        **kwargs: base `Layer` arguments.
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None,
        pool_dimensions: int,
        pool_mode: str = "max",
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, **kwargs)
        owner = type(self).__name__
        if pool_mode not in ("max", "average"):
            raise ValueError(
                f"{owner}: `pool_mode` must be 'max' or 'average'. "
                f"Received: pool_mode={pool_mode!r}."
            )
        self.pool_size = check.standardize_tuple(
            pool_size, pool_dimensions, "pool_size", owner)
        self.strides = check.standardize_tuple(
            pool_size if strides is None else strides, pool_dimensions,
            "strides", owner)
        self.pool_dimensions = pool_dimensions
        self.pool_mode = pool_mode
        self.padding = check.standardize_padding(padding, owner)
        self.data_format = check.standardize_data_format(data_format, owner)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def build(self, input_shape: tuple) -> None:
        # No weights; this raises early when a window would not fit.
        self.compute_output_shape(input_shape)
        self.built = True

    def call(self, inputs: Any) -> Any:
        pool = ops.max_pool if self.pool_mode == "max" else ops.avg_pool
        return pool(
            inputs,
            pool_size=self.pool_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if len(input_shape) != self.pool_dimensions + 2:
            raise ValueError(
                f"{type(self).__name__}: expected an input of rank "
                f"{self.pool_dimensions + 2}. Received an input of shape "
                f"{input_shape}."
            )
        if self.data_format == "channels_last":
            spatial = input_shape[1:-1]
        else:
            spatial = input_shape[2:]
        out = tuple(
            conv_output_length(n, k, s, 1, self.padding)
            for n, k, s in zip(spatial, self.pool_size, self.strides,
                                 strict=True)
        )
        if any(n is not None and n <= 0 for n in out):
            raise ValueError(
                f"{type(self).__name__}: the output would have a zero or "
                f"negative size {out}. Received an input of shape "
                f"{input_shape}, pool_size={self.pool_size}, "
                f"strides={self.strides}, padding={self.padding!r}. Use a "
                "larger input, a smaller pool_size or padding='same'."
            )
        if self.data_format == "channels_last":
            return (input_shape[0], *out, input_shape[-1])
        return (input_shape[0], input_shape[1], *out)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        })
        return config
