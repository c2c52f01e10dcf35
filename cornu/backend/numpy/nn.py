"""Convolution and pooling on NumPy (sliding windows + einsum)."""

from __future__ import annotations

import numpy as np

from cornu.backend.common import dtypes
from cornu.backend.numpy.core import convert_to_tensor as _t


def _tuple(v, n):
    return (int(v),) * n if isinstance(v, (int, np.integer)) else tuple(v)


def same_padding(size, k, stride, dilation):
    """TensorFlow's 'same' padding: (before, after)."""
    eff = (k - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def _to_channels_last(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, 1, -1)
    return x


def _from_channels_last(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, -1, 1)
    return x


def _windows(x, ksize, strides, dilation):
    """(batch, *out, channels, *ksize) views of a channels-last input."""
    n = len(ksize)
    eff = [(k - 1) * d + 1 for k, d in zip(ksize, dilation)]
    win = np.lib.stride_tricks.sliding_window_view(
        x, eff, axis=tuple(range(1, n + 1))
    )
    index = (slice(None),)
    index += tuple(slice(None, None, s) for s in strides)
    index += (slice(None),)
    index += tuple(slice(None, None, d) for d in dilation)
    return win[index]


def _pad_spatial(x, pads, value=0.0):
    width = [(0, 0)] + list(pads) + [(0, 0)]
    return np.pad(x, width, constant_values=value)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None,
         dilation_rate=1):
    x = _t(inputs)
    w = _t(kernel)
    out_dtype = dtypes.result_type(x.dtype.name, w.dtype.name)
    x = _to_channels_last(x.astype(out_dtype, copy=False), data_format)
    w = w.astype(out_dtype, copy=False)
    n = x.ndim - 2
    strides, dil = _tuple(strides, n), _tuple(dilation_rate, n)
    ksize = w.shape[:n]
    if padding == "same":
        pads = [same_padding(s, k, st, d) for s, k, st, d in
                zip(x.shape[1:-1], ksize, strides, dil)]
        x = _pad_spatial(x, pads)
    cin, cout = x.shape[-1], w.shape[-1]
    groups = cin // w.shape[-2]
    win = _windows(x, ksize, strides, dil)  # (b, *out, cin, *k)
    letters = "defg"[:n]
    if groups == 1:
        out = np.einsum(
            f"a{letters.upper()}c{letters},{letters}co->a{letters.upper()}o",
            win, w,
        )
    else:
        cg, og = cin // groups, cout // groups
        win = win.reshape(win.shape[: n + 1] + (groups, cg) + ksize)
        wg = w.reshape(ksize + (cg, groups, og))
        out = np.einsum(
            f"a{letters.upper()}gc{letters},{letters}cgo->a{letters.upper()}go",
            win, wg,
        )
        out = out.reshape(out.shape[: n + 1] + (cout,))
    return _from_channels_last(out.astype(out_dtype, copy=False), data_format)


def conv_transpose(inputs, kernel, strides=1, padding="valid",
                   output_padding=None, data_format=None, dilation_rate=1):
    x = _t(inputs)
    w = _t(kernel)
    x = _to_channels_last(x, data_format)
    n = x.ndim - 2
    strides, dil = _tuple(strides, n), _tuple(dilation_rate, n)
    outpad = (None,) * n if output_padding is None else _tuple(
        output_padding, n)
    ksize = w.shape[:n]
    # Dilate the input by the stride, then run a stride-1 conv with the
    # flipped, transposed kernel over a padding that yields the target size.
    b, *spatial, cin = x.shape
    dilated_shape = [(s - 1) * st + 1 for s, st in zip(spatial, strides)]
    xd = np.zeros((b, *dilated_shape, cin), x.dtype)
    xd[(slice(None),) + tuple(slice(None, None, st) for st in strides)] = x
    pads = []
    for st, k, op, d in zip(strides, ksize, outpad, dil):
        eff = (k - 1) * d + 1
        if padding == "valid":
            op = max(eff, st) - eff if op is None else op
            pads.append((eff - 1, eff - 1 + op))
        else:
            total = st + eff - 2 if op is None else eff + eff % 2 - 2 + op
            before = min(total // 2 + total % 2, eff - 1)
            pads.append((before, total - before))
    xd = _crop_or_pad(xd, pads)
    wf = np.flip(w, axis=tuple(range(n)))
    wf = np.swapaxes(wf, -1, -2)  # (*k, in_channels, filters)
    out = conv(xd, wf, 1, "valid", "channels_last", dil)
    return _from_channels_last(out, data_format)


def _crop_or_pad(x, pads):
    width = [(0, 0)]
    crop = [slice(None)]
    for before, after in pads:
        width.append((max(before, 0), max(after, 0)))
        start = -before if before < 0 else 0
        stop = after if after < 0 else None
        crop.append(slice(start, stop))
    width.append((0, 0))
    crop.append(slice(None))
    return np.pad(x, width)[tuple(crop)]


def _pool(inputs, pool_size, strides, padding, data_format, kind):
    x = _t(inputs)
    x = _to_channels_last(x, data_format)
    n = x.ndim - 2
    pool_size = _tuple(pool_size, n)
    strides = pool_size if strides is None else _tuple(strides, n)
    ones = (1,) * n
    if padding == "same":
        pads = [same_padding(s, k, st, 1) for s, k, st in
                zip(x.shape[1:-1], pool_size, strides)]
        fill = -np.inf if kind == "max" else 0.0
        xp = _pad_spatial(x.astype(np.result_type(x.dtype, np.float32))
                          if kind == "avg" and x.dtype.kind != "f" else x,
                          pads, fill)
    else:
        pads = None
        xp = x
    axes = tuple(range(-n, 0))
    win = _windows(xp, pool_size, strides, ones)
    if kind == "max":
        return _from_channels_last(win.max(axis=axes), data_format)
    total = win.sum(axis=axes)
    if pads is None:
        out = total / np.prod(pool_size)
    else:
        mask = _pad_spatial(np.ones((1, *x.shape[1:-1], 1), x.dtype), pads)
        count = _windows(mask, pool_size, strides, ones).sum(axis=axes)
        out = total / count
    return _from_channels_last(out.astype(x.dtype, copy=False), data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid",
             data_format=None):
    return _pool(inputs, pool_size, strides, padding, data_format, "max")


def avg_pool(inputs, pool_size, strides=None, padding="valid",
             data_format=None):
    return _pool(inputs, pool_size, strides, padding, data_format, "avg")
