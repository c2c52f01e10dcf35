"""NumPy reference implementations written for the tests, independent of
every engine: convolution (a sum over kernel offsets of strided slices), its
adjoint, pooling (explicit windows) and erf/erfinv."""

from __future__ import annotations

import itertools
import math

import numpy as np


def _tuple(v, n):
    return (int(v),) * n if np.ndim(v) == 0 else tuple(int(a) for a in v)


def same_pads(size, k, stride, dilation):
    """TensorFlow 'same' padding (before, after): the extra cell goes after."""
    eff = (k - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def _channels_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _restore(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def conv_out_size(size, k, stride, dilation, padding):
    if padding == "same":
        return -(-size // stride)
    return (size - ((k - 1) * dilation + 1)) // stride + 1


def conv_ref(x, kernel, strides=1, padding="valid", data_format=None,
             dilation_rate=1):
    """N-d cross-correlation with groups = in_channels // kernel.shape[-2]."""
    x = _channels_last(np.asarray(x, np.float64), data_format)
    w = np.asarray(kernel, np.float64)
    n = x.ndim - 2
    strides, dil = _tuple(strides, n), _tuple(dilation_rate, n)
    ksize = w.shape[:n]
    spatial = x.shape[1:-1]
    if padding == "same":
        pads = [same_pads(s, k, st, d) for s, k, st, d
                in zip(spatial, ksize, strides, dil, strict=True)]
        x = np.pad(x, [(0, 0), *pads, (0, 0)])
    out_size = [conv_out_size(s, k, st, d, padding) for s, k, st, d
                in zip(spatial, ksize, strides, dil, strict=True)]
    cin, cg, cout = x.shape[-1], w.shape[-2], w.shape[-1]
    groups = cin // cg
    og = cout // groups
    out = np.zeros((x.shape[0], *out_size, groups, og))
    for off in itertools.product(*[range(k) for k in ksize]):
        index = (slice(None),) + tuple(
            slice(o * d, o * d + (m - 1) * st + 1, st)
            for o, d, m, st in zip(off, dil, out_size, strides, strict=True))
        patch = x[index].reshape(x.shape[0], *out_size, groups, cg)
        wk = w[off].reshape(cg, groups, og)
        out += np.einsum("...gc,cgo->...go", patch, wk)
    out = out.reshape(x.shape[0], *out_size, cout)
    return _restore(out, data_format)


def deconv_length(size, stride, k, padding, output_padding, dilation):
    """Keras's `deconv_output_length`."""
    k = (k - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return size * stride + max(k - stride, 0)
        return size * stride
    pad = k // 2 if padding == "same" else 0
    return (size - 1) * stride + k - 2 * pad + output_padding


def conv_transpose_ref(y, kernel, strides=1, padding="valid",
                       output_padding=None, data_format=None,
                       dilation_rate=1):
    """The adjoint of `conv_ref` on the input size Keras's
    `deconv_output_length` gives; kernel is `(*spatial, filters, in)`."""
    y = _channels_last(np.asarray(y, np.float64), data_format)
    w = np.asarray(kernel, np.float64)
    n = y.ndim - 2
    strides, dil = _tuple(strides, n), _tuple(dilation_rate, n)
    outpad = ((None,) * n if output_padding is None
              else _tuple(output_padding, n))
    ksize = w.shape[:n]
    m = y.shape[1:-1]
    size = [deconv_length(a, st, k, padding, op, d) for a, st, k, op, d
            in zip(m, strides, ksize, outpad, dil, strict=True)]
    before = []
    for a, st, k, d, s in zip(m, strides, ksize, dil, size, strict=True):
        eff = (k - 1) * d + 1
        total = max((a - 1) * st + eff - s, 0) if padding == "same" else 0
        before.append(total // 2)
    full = [max(b + s, (a - 1) * st + (k - 1) * d + 1)
            for b, s, a, st, k, d
            in zip(before, size, m, strides, ksize, dil, strict=True)]
    out = np.zeros((y.shape[0], *full, w.shape[-2]))
    for off in itertools.product(*[range(k) for k in ksize]):
        index = (slice(None),) + tuple(
            slice(o * d, o * d + (a - 1) * st + 1, st)
            for o, d, a, st in zip(off, dil, m, strides, strict=True))
        out[index] += np.einsum("...i,fi->...f", y, w[off])
    crop = (slice(None),) + tuple(
        slice(b, b + s) for b, s in zip(before, size, strict=True))
    return _restore(out[crop], data_format)


def pool_ref(x, pool_size, strides=None, padding="valid", data_format=None,
             kind="max"):
    """Pooling over explicit windows; 'same' windows skip the padding."""
    x = _channels_last(np.asarray(x, np.float64), data_format)
    n = x.ndim - 2
    pool_size = _tuple(pool_size, n)
    strides = pool_size if strides is None else _tuple(strides, n)
    spatial = x.shape[1:-1]
    if padding == "same":
        pads = [same_pads(s, k, st, 1)[0]
                for s, k, st in zip(spatial, pool_size, strides, strict=True)]
    else:
        pads = [0] * n
    out_size = [conv_out_size(s, k, st, 1, padding)
                for s, k, st in zip(spatial, pool_size, strides, strict=True)]
    out = np.zeros((x.shape[0], *out_size, x.shape[-1]))
    for pos in itertools.product(*[range(o) for o in out_size]):
        index = [slice(None)]
        for p, st, k, pad, s in zip(pos, strides, pool_size, pads, spatial,
                                    strict=True):
            lo = p * st - pad
            index.append(slice(max(lo, 0), min(lo + k, s)))
        window = x[tuple(index)]
        axes = tuple(range(1, n + 1))
        value = window.max(axis=axes) if kind == "max" else window.mean(
            axis=axes)
        out[(slice(None), *pos)] = value
    return _restore(out, data_format)


def erf_ref(x):
    return np.vectorize(math.erf, otypes=[np.float64])(
        np.asarray(x, np.float64))


def erfinv_ref(y):
    """erf's inverse by bisection in float64 (|y| < 1)."""
    y = np.asarray(y, np.float64)
    lo, hi = np.full(y.shape, -6.0), np.full(y.shape, 6.0)
    for _ in range(80):
        mid = (lo + hi) / 2
        below = erf_ref(mid) < y
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return (lo + hi) / 2
