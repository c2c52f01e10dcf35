"""A NumPy convolution layer written for these tests: explicit windows,
one output position at a time (slow, so keep shapes small)."""

from __future__ import annotations

import numpy as np


def _as_tuple(value, n):
    return (value,) * n if isinstance(value, int) else tuple(value)


def tf_same_pads(size, kernel, stride, dilation):
    """TensorFlow's 'same' padding `(before, after)`: extra cell after."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def conv_layer_reference(x, kernel, bias=None, strides=1, padding="valid",
                         data_format="channels_last", dilation_rate=1,
                         activation=None):
    """`Conv{1,2,3}D` in NumPy (float64): groups come from
    `in_channels // kernel.shape[-2]`."""
    x = np.asarray(x, np.float64)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    ksize = kernel.shape[:rank]
    strides = _as_tuple(strides, rank)
    dilation = _as_tuple(dilation_rate, rank)
    spatial = x.shape[1:-1]
    if padding == "causal":
        pads = [((ksize[0] - 1) * dilation[0], 0)]
    elif padding == "same":
        pads = [tf_same_pads(n, k, s, d) for n, k, s, d in
                zip(spatial, ksize, strides, dilation, strict=True)]
    else:
        pads = [(0, 0)] * rank
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    out_sizes = [
        (n - (k - 1) * d - 1) // s + 1
        for n, k, s, d in zip(x.shape[1:-1], ksize, strides, dilation,
                              strict=True)
    ]
    in_per_group, filters = kernel.shape[-2:]
    groups = x.shape[-1] // in_per_group
    out_per_group = filters // groups
    out = np.zeros((x.shape[0], *out_sizes, filters))
    for position in np.ndindex(*out_sizes):
        window = x[(slice(None),) + tuple(
            slice(p * s, p * s + (k - 1) * d + 1, d)
            for p, k, s, d in zip(position, ksize, strides, dilation,
                                  strict=True)
        )]
        for g in range(groups):
            w = kernel[..., g * out_per_group:(g + 1) * out_per_group]
            part = window[..., g * in_per_group:(g + 1) * in_per_group]
            out[(slice(None), *position,
                 slice(g * out_per_group, (g + 1) * out_per_group))] = (
                np.tensordot(part, w, axes=rank + 1))
    if bias is not None:
        out = out + np.asarray(bias, np.float64)
    if activation == "relu":
        out = np.maximum(out, 0.0)
    if data_format == "channels_first":
        out = np.moveaxis(out, -1, 1)
    return out
