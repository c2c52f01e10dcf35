"""`BaseUpSampling`: the N-d upsampling shared by `UpSampling1D/2D/3D`."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BaseUpSampling(Layer):
    """Repeats each entry of the spatial axes `size` times (nearest
    neighbour). Use `UpSampling1D`, `UpSampling2D` or `UpSampling3D`."""

    def __init__(self, rank: int, size: Any,
                 data_format: str | None = "channels_last",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.rank = rank
        self.data_format = check.standardize_data_format(data_format, owner)
        self._sizes = check.standardize_tuple(size, rank, "size", owner)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _spatial_axes(self) -> range:
        if self.data_format == "channels_last":
            return range(1, self.rank + 1)
        return range(2, self.rank + 2)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        shape = list(input_shape)
        if len(shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__}: expected an input of rank "
                f"{self.rank + 2}. Received an input of shape "
                f"{tuple(input_shape)}."
            )
        for axis, size in zip(self._spatial_axes(), self._sizes,
                              strict=True):
            if shape[axis] is not None:
                shape[axis] *= size
        return tuple(shape)

    def call(self, inputs: Any) -> Any:
        for axis, size in zip(self._spatial_axes(), self._sizes,
                              strict=True):
            if size > 1:
                inputs = ops.repeat(inputs, size, axis=axis)
        return inputs
