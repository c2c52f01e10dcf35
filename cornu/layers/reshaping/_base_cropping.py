"""`BaseCropping`: the N-d cropping shared by `Cropping1D/2D/3D`."""

from __future__ import annotations

from typing import Any

from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BaseCropping(Layer):
    """Removes `(before, after)` entries from each spatial axis.

    `rank` is the number of spatial axes; `cropping` holds one
    `(before, after)` pair per axis. Use `Cropping1D`, `Cropping2D` or
    `Cropping3D`.
    """

    def __init__(self, rank: int, cropping: Any,
                 data_format: str | None = "channels_last",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.rank = rank
        self.data_format = check.standardize_data_format(data_format, owner)
        self.cropping = check.standardize_pairs(cropping, rank, "cropping",
                                                owner)
        self._pairs = self.cropping
        self.input_spec = InputSpec(ndim=rank + 2)
        self.supports_masking = False

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
        for axis, (before, after) in zip(self._spatial_axes(), self._pairs,
                                         strict=True):
            if shape[axis] is None:
                continue
            if before + after >= shape[axis]:
                raise ValueError(
                    f"{type(self).__name__}: the cropping of each spatial "
                    "axis must leave at least one entry. Received: "
                    f"cropping={self.cropping!r} for an input of shape "
                    f"{tuple(input_shape)}."
                )
            shape[axis] -= before + after
        return tuple(shape)

    def call(self, inputs: Any) -> Any:
        shape = tuple(inputs.shape)
        self.compute_output_shape(shape)
        index = [slice(None)] * len(shape)
        for axis, (before, after) in zip(self._spatial_axes(), self._pairs,
                                         strict=True):
            index[axis] = slice(before, shape[axis] - after)
        return inputs[tuple(index)]

    def get_config(self) -> dict:
        config = super().get_config()
        config["cropping"] = self.cropping
        if self.rank > 1:
            config["data_format"] = self.data_format
        return config
