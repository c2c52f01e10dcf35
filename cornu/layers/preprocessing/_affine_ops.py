"""Batched affine warps of images over `cornu.ops`, for the random
geometric augmentation layers (they run inside compiled steps, so the
per-image parameters are tensors).

Each image gets a transform `(a0, a1, a2, b0, b1, b2)` that maps an output
pixel `(x, y)` (column, row) to the input position
`(a0 x + a1 y + a2, b0 x + b1 y + b2)`. The input is sampled there
bilinearly or at the nearest pixel; neighbours outside the image follow
`fill_mode`, applied to integer pixel indices (as Keras does on jax and
torch): `"reflect"` (`dcba|abcd|dcba`), `"wrap"` (`abcd|abcd|abcd`),
`"nearest"` (`aaaa|abcd|dddd`) or `"constant"` (`fill_value`)."""

from __future__ import annotations

import math

import numpy as np

from cornu import ops

FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def check_fill_and_interpolation(owner: str, fill_mode, interpolation):
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"{owner}: `fill_mode` must be one of {FILL_MODES}. "
            f"Received: fill_mode={fill_mode!r}."
        )
    if interpolation not in ("bilinear", "nearest"):
        raise ValueError(
            f"{owner}: `interpolation` must be 'bilinear' or 'nearest'. "
            f"Received: interpolation={interpolation!r}."
        )


def _fold(index, n: int, fill_mode: str):
    """Integer indices mapped into `[0, n)` and, for `"constant"`, a mask
    of the ones that were inside."""
    if fill_mode == "reflect":
        index = ops.mod(index, 2 * n)
        return ops.where(index >= n, 2 * n - 1 - index, index), None
    if fill_mode == "wrap":
        return ops.mod(index, n), None
    inside = None
    if fill_mode == "constant":
        inside = ops.logical_and(index >= 0, index <= n - 1)
    return ops.clip(index, 0, n - 1), inside


def _gather(flat, rows, cols, width: int, fill_mode: str, fill_value,
            height: int):
    """`flat` `(batch, height*width, channels)` read at integer
    `(rows, cols)` `(batch, n)`, with the fill mode."""
    rows, row_in = _fold(rows, height, fill_mode)
    cols, col_in = _fold(cols, width, fill_mode)
    index = ops.expand_dims(rows * width + cols, -1)
    index = ops.broadcast_to(index, (*index.shape[:2], flat.shape[-1]))
    values = ops.take_along_axis(flat, index, axis=1)
    if fill_mode == "constant":
        inside = ops.expand_dims(ops.logical_and(row_in, col_in), -1)
        values = ops.where(inside, values,
                           ops.cast(fill_value, values.dtype))
    return values


def affine_transform(images, transforms, interpolation: str = "bilinear",
                     fill_mode: str = "reflect", fill_value: float = 0.0,
                     data_format: str = "channels_last"):
    """`images` `(batch, height, width, channels)` (or channels first)
    warped by `transforms` `(batch, 6)`."""
    if data_format == "channels_first":
        images = ops.transpose(images, (0, 2, 3, 1))
    batch, height, width, channels = images.shape
    ys, xs = np.meshgrid(np.arange(height, dtype="float32"),
                         np.arange(width, dtype="float32"), indexing="ij")
    xs = ops.convert_to_tensor(xs.reshape(1, -1))
    ys = ops.convert_to_tensor(ys.reshape(1, -1))
    t = [ops.expand_dims(transforms[:, i], -1) for i in range(6)]
    x_in = t[0] * xs + t[1] * ys + t[2]
    y_in = t[3] * xs + t[4] * ys + t[5]
    flat = ops.reshape(images, (-1, height * width, channels))

    def read(r, c):
        return _gather(flat, r, c, width, fill_mode, fill_value, height)

    if interpolation == "nearest":
        out = read(ops.cast(ops.round(y_in), "int32"),
                   ops.cast(ops.round(x_in), "int32"))
    else:
        y0, x0 = ops.floor(y_in), ops.floor(x_in)
        wy = ops.expand_dims(y_in - y0, -1)
        wx = ops.expand_dims(x_in - x0, -1)
        y0, x0 = ops.cast(y0, "int32"), ops.cast(x0, "int32")
        y1, x1 = y0 + 1, x0 + 1
        top = read(y0, x0) * (1 - wx) + read(y0, x1) * wx
        bottom = read(y1, x0) * (1 - wx) + read(y1, x1) * wx
        out = top * (1 - wy) + bottom * wy
    out = ops.reshape(out, (-1, height, width, channels))
    if data_format == "channels_first":
        out = ops.transpose(out, (0, 3, 1, 2))
    return out


def rotation_transforms(angles, height: int, width: int):
    """Rotations by `angles` (radians, `(batch,)`, counter-clockwise)
    about the image center."""
    cx, cy = (width - 1) / 2, (height - 1) / 2
    cos, sin = ops.cos(angles), ops.sin(angles)
    return ops.stack([
        cos, -sin, cx - cos * cx + sin * cy,
        sin, cos, cy - sin * cx - cos * cy,
    ], axis=1)


def translation_transforms(dx, dy):
    """Shifts by `(dx, dy)` pixels (`(batch,)` each; positive moves the
    content right and down)."""
    ones, zeros = ops.ones_like(dx), ops.zeros_like(dx)
    return ops.stack([ones, zeros, -dx, zeros, ones, -dy], axis=1)


def zoom_transforms(zx, zy, height: int, width: int):
    """Zooms about the center; a factor above 1 samples a larger area
    (zooms out)."""
    cx, cy = (width - 1) / 2, (height - 1) / 2
    zeros = ops.zeros_like(zx)
    return ops.stack([zx, zeros, cx * (1 - zx), zeros, zy, cy * (1 - zy)],
                     axis=1)


TWO_PI = 2 * math.pi
