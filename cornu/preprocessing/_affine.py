"""Affine warps of images in NumPy, with the boundary rules of
`scipy.ndimage.affine_transform` (which tf.keras 2's image augmentation
uses), for interpolation orders 0 (nearest) and 1 (linear).

An output pixel at `(i, j)` takes the input value at `M @ (i, j) + offset`.
Coordinates outside the image follow `fill_mode`: `"constant"` gives
`cval`, `"nearest"` repeats the edge, `"reflect"` mirrors about the edge
(`dcba|abcd|dcba`), `"mirror"` mirrors about the edge pixel
(`dcb|abcd|cba`), and `"wrap"` wraps around with period `n - 1`, as SciPy's
`"wrap"` does.
"""

from __future__ import annotations

import numpy as np

FILL_MODES = ("constant", "nearest", "reflect", "wrap", "mirror")


def _fold(index: np.ndarray, n: int, mode: str) -> np.ndarray:
    """Integer sample positions mapped into `[0, n)`."""
    if mode == "reflect":
        period = 2 * n
        index = np.mod(index, period)
        return np.where(index >= n, period - 1 - index, index)
    if mode == "mirror" and n > 1:
        period = 2 * n - 2
        index = np.mod(index, period)
        return np.where(index >= n, period - index, index)
    return np.clip(index, 0, n - 1)


def _wrap(coord, n):
    size = n - 1
    if size == 0:
        return np.zeros_like(coord)
    below = coord + size * (np.floor(-coord / size) + 1)
    above = coord - size * np.floor(coord / size)
    return np.where(coord < 0, below, np.where(coord > n - 1, above, coord))


def _reflect(coord, n):
    size = 2 * n
    low = np.where(coord < -size, size * np.trunc(-coord / size) + coord,
                   coord)
    low = np.where(low < -n, low + size, -low - 1)
    high = coord - size * np.trunc(coord / size)
    high = np.where(high >= n, size - high - 1, high)
    return np.where(coord < 0, low, np.where(coord > n - 1, high, coord))


def _mirror(coord, n):
    if n == 1:
        return np.zeros_like(coord)
    size = 2 * n - 2
    low = np.where(coord < -size, size * np.trunc(-coord / size) + coord,
                   coord)
    low = np.where(low <= 1 - n, low + size, -low)
    high = coord - size * np.trunc(coord / size)
    high = np.where(high >= n, size - high, high)
    return np.where(coord < 0, low, np.where(coord > n - 1, high, coord))


def _prepare(coord: np.ndarray, n: int, mode: str):
    """`(coord, inside)`: the coordinate mapped back by the `fill_mode`
    rule (as SciPy maps it), and where it lay inside `[0, n - 1]`."""
    inside = (coord >= 0) & (coord <= n - 1)
    if mode in ("nearest", "constant"):
        coord = np.clip(coord, 0, n - 1)
    elif mode == "wrap":
        coord = _wrap(coord, n)
    elif mode == "reflect":
        coord = _reflect(coord, n)
    else:
        coord = _mirror(coord, n)
    return coord, inside


def _taps(coord: np.ndarray, n: int, mode: str, order: int):
    """`[(index, weight), ...]` for sampling along one axis."""
    if order == 0:
        return [(_fold(np.floor(coord + 0.5).astype(np.int64), n, mode),
                 1.0)]
    low = np.floor(coord)
    frac = coord - low
    low = low.astype(np.int64)
    return [(_fold(low, n, mode), 1.0 - frac),
            (_fold(low + 1, n, mode), frac)]


def warp(image: np.ndarray, matrix: np.ndarray, offset, order: int = 1,
         mode: str = "nearest", cval: float = 0.0) -> np.ndarray:
    """The 2-D `image` resampled at `matrix @ (i, j) + offset` for every
    output pixel `(i, j)` (same shape as the input)."""
    h, w = image.shape
    rows, cols = np.meshgrid(np.arange(h, dtype="float64"),
                             np.arange(w, dtype="float64"), indexing="ij")
    src_r = matrix[0, 0] * rows + matrix[0, 1] * cols + offset[0]
    src_c = matrix[1, 0] * rows + matrix[1, 1] * cols + offset[1]
    src_r, inside_r = _prepare(src_r, h, mode)
    src_c, inside_c = _prepare(src_c, w, mode)
    out = np.zeros((h, w), dtype="float64")
    values = image.astype("float64")
    for r_index, r_weight in _taps(src_r, h, mode, order):
        for c_index, c_weight in _taps(src_c, w, mode, order):
            out += r_weight * c_weight * values[r_index, c_index]
    if mode == "constant":
        out = np.where(inside_r & inside_c, out, cval)
    return out.astype(image.dtype) if np.issubdtype(
        image.dtype, np.floating) else out


def _offset_center(matrix: np.ndarray, h: int, w: int) -> np.ndarray:
    """`matrix` about the image's center instead of its corner."""
    o_r, o_c = h / 2 - 0.5, w / 2 - 0.5
    to_center = np.array([[1, 0, o_r], [0, 1, o_c], [0, 0, 1]])
    back = np.array([[1, 0, -o_r], [0, 1, -o_c], [0, 0, 1]])
    return to_center @ matrix @ back


def apply_affine_transform(x, theta: float = 0, tx: float = 0,
                           ty: float = 0, shear: float = 0, zx: float = 1,
                           zy: float = 1, row_axis: int = 1,
                           col_axis: int = 2, channel_axis: int = 0,
                           fill_mode: str = "nearest", cval: float = 0.0,
                           order: int = 1) -> np.ndarray:
    """Rotates, shifts, shears and zooms one 3-D image as tf.keras 2 does.

    The transform is `rotation @ shift @ shear @ zoom` about the image's
    center, built in (row, column) order and, as in tf.keras 2, applied
    with its two axes swapped. No transform (all defaults) returns `x`
    unchanged.

    Args:
        x: a 3-D image.
        theta: the rotation, in degrees.
        tx: the shift along the first transform axis, in pixels.
        ty: the shift along the second transform axis, in pixels.
        shear: the shear angle, in degrees.
        zx: the zoom along the first axis.
        zy: the zoom along the second axis.
        row_axis: the axis of rows in `x`.
        col_axis: the axis of columns in `x`.
        channel_axis: the axis of channels (0 or 2).
        fill_mode: `"constant"`, `"nearest"`, `"reflect"`, `"wrap"` or
            `"mirror"`.
        cval: the fill value of `fill_mode="constant"`.
        order: the interpolation order, 0 (nearest) or 1 (linear).
    """
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(
            "apply_affine_transform: `x` must be one 3-D image. "
            f"Received: an array of shape {x.shape}."
        )
    if sorted((row_axis, col_axis, channel_axis)) != [0, 1, 2] \
            or channel_axis not in (0, 2):
        raise ValueError(
            "apply_affine_transform: `row_axis`, `col_axis` and "
            "`channel_axis` must be 0, 1 and 2 in some order, with the "
            "channels first or last. Received: row_axis="
            f"{row_axis}, col_axis={col_axis}, channel_axis={channel_axis}."
        )
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"apply_affine_transform: `fill_mode` must be one of "
            f"{FILL_MODES}. Received: fill_mode={fill_mode!r}."
        )
    if order not in (0, 1):
        raise ValueError(
            "apply_affine_transform: cornu supports interpolation orders 0 "
            f"(nearest) and 1 (linear). Received: order={order!r}."
        )
    parts = []
    if theta != 0:
        t = np.deg2rad(theta)
        parts.append(np.array([[np.cos(t), -np.sin(t), 0],
                               [np.sin(t), np.cos(t), 0], [0, 0, 1]]))
    if tx != 0 or ty != 0:
        parts.append(np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]))
    if shear != 0:
        s = np.deg2rad(shear)
        parts.append(np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0],
                               [0, 0, 1]]))
    if zx != 1 or zy != 1:
        parts.append(np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]]))
    if not parts:
        return x
    matrix = parts[0]
    for part in parts[1:]:
        matrix = matrix @ part
    matrix = _offset_center(matrix, x.shape[row_axis], x.shape[col_axis])
    channels = np.moveaxis(x, channel_axis, 0)
    if col_axis > row_axis:  # tf.keras 2 swaps the transform's two axes
        matrix = matrix[[1, 0, 2]][:, [1, 0, 2]]
    warped = [warp(c, matrix[:2, :2], matrix[:2, 2], order, fill_mode, cval)
              for c in channels]
    return np.moveaxis(np.stack(warped), 0, channel_axis)
