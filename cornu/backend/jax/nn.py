"""Convolution and pooling on `jax.lax`.

Padding is computed here, TensorFlow's way, and given to lax as explicit
`(before, after)` pairs, so the numbers match Keras/TensorFlow exactly.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
from jax import lax

from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.jax.core import convert_to_tensor as _t
from cornu.backend.jax.core import dtype_name as _name
from cornu.backend.jax.core import jax_dtype as _jdt

_PADDINGS = ("valid", "same")


def _tuple(v, n, name):
    if isinstance(v, (int, np.integer)):
        return (int(v),) * n
    v = tuple(int(i) for i in v)
    if len(v) != n:
        raise ValueError(
            f"`{name}` must be an int or a tuple of {n} ints for a "
            f"{n}-D input. Received: {name}={v}."
        )
    return v


def _check_padding(padding):
    padding = str(padding).lower()
    if padding not in _PADDINGS:
        raise ValueError(
            "`padding` must be 'valid' or 'same'. "
            f"Received: padding={padding!r}."
        )
    return padding


def _check_rank(x, op):
    if x.ndim < 3 or x.ndim > 5:
        raise ValueError(
            f"{op}: the input must have rank 3, 4 or 5 (batch, spatial..., "
            f"channels). Received an input of shape {x.shape}."
        )
    return x.ndim - 2


def same_padding(size, k, stride, dilation=1):
    """TensorFlow's 'same' padding: (before, after), the extra one after."""
    eff = (k - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def _spatial(x, data_format):
    return x.shape[1:-1] if data_format == "channels_last" else x.shape[2:]


def _channels(x, data_format):
    return x.shape[-1] if data_format == "channels_last" else x.shape[1]


def _dimension_numbers(n, data_format, kernel_io):
    """lax dimension numbers: input/output layout, kernel (*k, a, b)."""
    if data_format == "channels_last":
        lhs = (0, n + 1, *range(1, n + 1))
    else:
        lhs = (0, 1, *range(2, n + 2))
    in_dim, out_dim = kernel_io
    rhs = (out_dim, in_dim, *range(n))
    return lax.ConvDimensionNumbers(lhs, rhs, lhs)


def _promote(inputs, kernel):
    x = _t(inputs)
    w = _t(kernel)
    if x.dtype != w.dtype:
        d = _jdt(dtypes.result_type(_name(x.dtype), _name(w.dtype)))
        x, w = x.astype(d), w.astype(d)
    return x, w


def conv(inputs, kernel, strides=1, padding="valid", data_format=None,
         dilation_rate=1):
    """N-d cross-correlation; kernel `(*spatial, in_channels/groups,
    filters)`."""
    x, w = _promote(inputs, kernel)
    n = _check_rank(x, "conv")
    data_format = config.standardize_data_format(data_format)
    padding = _check_padding(padding)
    if w.ndim != n + 2:
        raise ValueError(
            f"conv: a {n}-D input needs a kernel of rank {n + 2}. "
            f"Received a kernel of shape {w.shape}."
        )
    strides = _tuple(strides, n, "strides")
    dil = _tuple(dilation_rate, n, "dilation_rate")
    cin, cg, cout = _channels(x, data_format), w.shape[-2], w.shape[-1]
    if cg == 0 or cin % cg:
        raise ValueError(
            f"conv: the input has {cin} channels, which is not a multiple "
            f"of the kernel's input channels {cg}."
        )
    groups = cin // cg
    if cout % groups:
        raise ValueError(
            f"conv: the number of filters ({cout}) must be divisible by the "
            f"number of groups ({groups})."
        )
    if padding == "same":
        pads = [
            same_padding(s, k, st, d)
            for s, k, st, d in zip(_spatial(x, data_format), w.shape[:n],
                                   strides, dil, strict=True)
        ]
    else:
        pads = [(0, 0)] * n
    return lax.conv_general_dilated(
        x, w,
        window_strides=strides,
        padding=pads,
        rhs_dilation=dil,
        dimension_numbers=_dimension_numbers(n, data_format, (n, n + 1)),
        feature_group_count=groups,
    )


def _transpose_pads(k, stride, dilation, padding, output_padding):
    """(before, after) padding of the stride-dilated input, as Keras."""
    eff = (k - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(eff, stride) - eff
        return eff - 1, eff - 1 + output_padding
    if output_padding is None:
        total = stride + eff - 2
    else:
        total = eff + eff % 2 - 2 + output_padding
    before = min(total // 2 + total % 2, eff - 1)
    return before, total - before


def conv_transpose(inputs, kernel, strides=1, padding="valid",
                   output_padding=None, data_format=None, dilation_rate=1):
    """The gradient of `conv`; kernel `(*spatial, filters, in_channels)`."""
    x, w = _promote(inputs, kernel)
    n = _check_rank(x, "conv_transpose")
    data_format = config.standardize_data_format(data_format)
    padding = _check_padding(padding)
    if w.ndim != n + 2:
        raise ValueError(
            f"conv_transpose: a {n}-D input needs a kernel of rank {n + 2}. "
            f"Received a kernel of shape {w.shape}."
        )
    cin = _channels(x, data_format)
    if w.shape[-1] != cin:
        raise ValueError(
            f"conv_transpose: the input has {cin} channels but the kernel "
            f"expects {w.shape[-1]} (its last dimension)."
        )
    strides = _tuple(strides, n, "strides")
    dil = _tuple(dilation_rate, n, "dilation_rate")
    if output_padding is None:
        outpad = (None,) * n
    else:
        outpad = _tuple(output_padding, n, "output_padding")
    pads = [
        _transpose_pads(k, st, d, padding, op)
        for k, st, d, op in zip(w.shape[:n], strides, dil, outpad, strict=True)
    ]
    w = jnp.flip(w, axis=tuple(range(n)))
    return lax.conv_general_dilated(
        x, w,
        window_strides=(1,) * n,
        padding=pads,
        lhs_dilation=strides,
        rhs_dilation=dil,
        dimension_numbers=_dimension_numbers(n, data_format, (n + 1, n)),
    )


def _pool_args(x, pool_size, strides, padding, data_format, op):
    n = _check_rank(x, op)
    data_format = config.standardize_data_format(data_format)
    padding = _check_padding(padding)
    pool_size = _tuple(pool_size, n, "pool_size")
    strides = pool_size if strides is None else _tuple(strides, n, "strides")
    if padding == "same":
        pads = [
            same_padding(s, k, st)
            for s, k, st in zip(_spatial(x, data_format), pool_size, strides,
                                strict=True)
        ]
    else:
        pads = [(0, 0)] * n
    if data_format == "channels_last":
        return (1, *pool_size, 1), (1, *strides, 1), [(0, 0), *pads, (0, 0)]
    return (1, 1, *pool_size), (1, 1, *strides), [(0, 0), (0, 0), *pads]


def _lowest(dtype):
    if jnp.issubdtype(dtype, jnp.inexact):
        return np.array(-np.inf, dtype)
    if dtype == jnp.bool_:
        return np.array(False)
    return np.array(jnp.iinfo(dtype).min, dtype)


def max_pool(inputs, pool_size, strides=None, padding="valid",
             data_format=None):
    """N-d max pooling."""
    x = _t(inputs)
    window, strides, pads = _pool_args(
        x, pool_size, strides, padding, data_format, "max_pool"
    )
    return lax.reduce_window(x, _lowest(x.dtype), lax.max, window, strides,
                             pads)


def _window_counts(size, k, stride, pad):
    """How many real (unpadded) cells each 1-D window covers."""
    before, after = pad
    out = (size + before + after - k) // stride + 1
    start = np.arange(out) * stride - before
    return np.minimum(start + k, size) - np.maximum(start, 0)


def avg_pool(inputs, pool_size, strides=None, padding="valid",
             data_format=None):
    """N-d average pooling; 'same' averages exclude the padded cells."""
    x = _t(inputs)
    dtype = x.dtype
    if not jnp.issubdtype(dtype, jnp.inexact):
        x = x.astype(jnp.float32)
    window, strides, pads = _pool_args(
        x, pool_size, strides, padding, data_format, "avg_pool"
    )
    total = lax.reduce_window(x, np.array(0, x.dtype), lax.add, window,
                              strides, pads)
    if all(p == (0, 0) for p in pads):
        out = total / np.array(np.prod(window), x.dtype)
    else:
        count = np.ones((), np.float32)
        for axis, (size, k, st, p) in enumerate(
            zip(x.shape, window, strides, pads, strict=True)
        ):
            c = _window_counts(size, k, st, p).astype(np.float32)
            shape = [1] * x.ndim
            shape[axis] = c.size
            count = count * c.reshape(shape)
        out = total / count.astype(x.dtype)
    return out if out.dtype == dtype else out.astype(dtype)
