"""Image geometry shared by the preprocessing layers, over `cornu.ops`:
resizing with half-pixel centers (bilinear without antialiasing, and
nearest), centered crops, symmetric padding and the crop/pad boxes that
keep an aspect ratio. Images are `(..., height, width, channels)` or
`(..., channels, height, width)`; only the spatial sizes must be static."""

from __future__ import annotations

import numpy as np

from cornu import ops
from cornu.backend import standardize_dtype

INTERPOLATIONS = ("bilinear", "nearest")


def spatial_axes(ndim: int, data_format: str) -> tuple[int, int]:
    """The (height, width) axes of a rank-`ndim` image tensor."""
    if data_format == "channels_last":
        return ndim - 3, ndim - 2
    return ndim - 2, ndim - 1


def _bilinear_taps(in_size: int, out_size: int):
    """Source indices `(low, high)` and the weight of `high` for each
    output position (half-pixel centers, clamped at the borders)."""
    scale = in_size / out_size
    src = (np.arange(out_size, dtype="float64") + 0.5) * scale - 0.5
    src = np.clip(src, 0.0, in_size - 1)
    low = np.floor(src).astype("int32")
    high = np.minimum(low + 1, in_size - 1).astype("int32")
    return low, high, (src - low).astype("float32")


def _nearest_taps(in_size: int, out_size: int) -> np.ndarray:
    scale = in_size / out_size
    src = np.floor((np.arange(out_size, dtype="float64") + 0.5) * scale)
    return np.minimum(src, in_size - 1).astype("int32")


def _resize_axis(x, axis: int, out_size: int, interpolation: str):
    in_size = x.shape[axis]
    if in_size == out_size:
        return x
    if interpolation == "nearest":
        return ops.take(x, ops.convert_to_tensor(
            _nearest_taps(in_size, out_size)), axis=axis)
    low, high, weight = _bilinear_taps(in_size, out_size)
    shape = [1] * len(x.shape)
    shape[axis] = out_size
    weight = ops.cast(ops.convert_to_tensor(weight.reshape(shape)), x.dtype)
    a = ops.take(x, ops.convert_to_tensor(low), axis=axis)
    b = ops.take(x, ops.convert_to_tensor(high), axis=axis)
    return ops.add(a, ops.multiply(ops.subtract(b, a), weight))


def resize(x, height: int, width: int, interpolation: str,
           data_format: str, float_dtype: str = "float32"):
    """`x` resized to `(height, width)`. Integer images are interpolated in
    `float_dtype` and rounded back to their dtype, as Keras does."""
    dtype = standardize_dtype(x.dtype)
    is_int = not dtype.startswith(("float", "bfloat"))
    if is_int and interpolation != "nearest":
        x = ops.cast(x, float_dtype)
    h_axis, w_axis = spatial_axes(len(x.shape), data_format)
    x = _resize_axis(x, h_axis, height, interpolation)
    x = _resize_axis(x, w_axis, width, interpolation)
    if is_int and interpolation != "nearest":
        x = ops.cast(ops.round(x), dtype)
    return x


def crop(x, top: int, left: int, height: int, width: int, data_format: str):
    """The `(height, width)` window of `x` starting at `(top, left)`."""
    h_axis, w_axis = spatial_axes(len(x.shape), data_format)
    index = [slice(None)] * len(x.shape)
    index[h_axis] = slice(top, top + height)
    index[w_axis] = slice(left, left + width)
    return x[tuple(index)]


def aspect_crop_box(height: int, width: int, target_height: int,
                    target_width: int) -> tuple[int, int, int, int]:
    """`(top, left, crop_height, crop_width)` of the largest centered
    window of the target's aspect ratio."""
    crop_height = int(width * target_height / target_width)
    crop_height = max(min(height, crop_height), 1)
    crop_width = int(height * target_width / target_height)
    crop_width = max(min(width, crop_width), 1)
    return ((height - crop_height) // 2, (width - crop_width) // 2,
            crop_height, crop_width)


def pad_to_aspect(x, target_height: int, target_width: int, fill_value,
                  data_format: str):
    """`x` padded symmetrically (`pad // 2` on each side) with
    `fill_value` along one spatial axis, to the target's aspect ratio."""
    h_axis, w_axis = spatial_axes(len(x.shape), data_format)
    height, width = x.shape[h_axis], x.shape[w_axis]
    pads = [(0, 0)] * len(x.shape)
    if width * target_height > height * target_width:
        extra = int(width * target_height / target_width) - height
        pads[h_axis] = (extra // 2, extra // 2)
    else:
        extra = int(height * target_width / target_height) - width
        pads[w_axis] = (extra // 2, extra // 2)
    if all(p == (0, 0) for p in pads):
        return x
    return ops.pad(x, pads, constant_values=fill_value)
