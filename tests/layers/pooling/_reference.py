"""NumPy pooling written for these tests: explicit windows over a
NaN-padded input, so 'same' windows ignore the padded cells."""

from __future__ import annotations

import numpy as np


def _as_tuple(value, n):
    return (value,) * n if isinstance(value, int) else tuple(value)


def pool_layer_reference(x, pool_size, strides=None, padding="valid",
                         data_format="channels_last", mode="max"):
    """`MaxPooling*D` (`mode="max"`) or `AveragePooling*D`
    (`mode="average"`) in NumPy (float64)."""
    x = np.asarray(x, np.float64)
    rank = x.ndim - 2
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    pool_size = _as_tuple(pool_size, rank)
    strides = pool_size if strides is None else _as_tuple(strides, rank)
    spatial = x.shape[1:-1]
    if padding == "same":
        out_sizes = [-(-n // s) for n, s in zip(spatial, strides,
                                                 strict=True)]
        pads = []
        for n, k, s, o in zip(spatial, pool_size, strides, out_sizes,
                              strict=True):
            total = max((o - 1) * s + k - n, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=np.nan)
    else:
        out_sizes = [(n - k) // s + 1 for n, k, s in
                     zip(spatial, pool_size, strides, strict=True)]
    reduce = np.nanmax if mode == "max" else np.nanmean
    out = np.zeros((x.shape[0], *out_sizes, x.shape[-1]))
    for position in np.ndindex(*out_sizes):
        window = x[(slice(None),) + tuple(
            slice(p * s, p * s + k)
            for p, k, s in zip(position, pool_size, strides, strict=True))]
        flat = window.reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None), *position)] = reduce(flat, axis=1)
    if data_format == "channels_first":
        out = np.moveaxis(out, -1, 1)
    return out
