"""Convolution and pooling on torch's native kernels.

Layouts follow Keras: kernels are `(*spatial, in_channels // groups,
filters)` (`conv_transpose`: `(*spatial, filters, in_channels)`) and
`channels_last` inputs are permuted to torch's channels-first layout (for a
contiguous input that is torch's `channels_last` memory format, so no copy).
'same' padding is TensorFlow's: the odd cell goes after.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.common.primitives import deconv_length
from cornu.backend.torch.core import (
    DTYPE_NAMES,
    TORCH_DTYPES,
)
from cornu.backend.torch.core import convert_to_tensor as _t

Tensor = torch.Tensor

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d,
           3: F.conv_transpose3d}
_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def _tensor(x):
    return x if isinstance(x, Tensor) else _t(x)


def _tuple(v, n, name, op):
    if isinstance(v, int):
        return (v,) * n
    v = tuple(int(a) for a in v)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise ValueError(
            f"{op}: `{name}` must be an int or {n} ints for a {n}-D input. "
            f"Received: {name}={v}."
        )
    return v


def _rank(x, op, name="inputs"):
    n = x.ndim - 2
    if n not in (1, 2, 3):
        raise ValueError(
            f"{op}: `{name}` must have rank 3, 4 or 5 (batch, spatial..., "
            f"channels). Received: {name}.shape={tuple(x.shape)}."
        )
    return n


def _padding(padding, op):
    p = str(padding).lower()
    if p not in ("valid", "same"):
        raise ValueError(
            f"{op}: `padding` must be 'valid' or 'same'. "
            f"Received: padding={padding!r}."
        )
    return p


def same_padding(size, k, stride, dilation=1):
    """TensorFlow's 'same' padding `(before, after)` for one axis."""
    eff = (k - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def _first(x, n, data_format):
    if data_format == "channels_last":
        return x.permute(0, n + 1, *range(1, n + 1))
    return x


def _last(x, n, data_format):
    if data_format == "channels_last":
        return x.permute(0, *range(2, n + 2), 1)
    return x


def _flat_pads(pads):
    """`F.pad`'s argument (last axis first) for per-axis (before, after)."""
    flat = []
    for b, a in reversed(pads):
        flat += [b, a]
    return flat


def _promoted(inputs, kernel):
    x, w = _tensor(inputs), _tensor(kernel)
    d = x.dtype
    if w.dtype is not d:
        d = TORCH_DTYPES[dtypes.result_type(DTYPE_NAMES[d],
                                            DTYPE_NAMES[w.dtype])]
        x, w = x.to(d), w.to(d)
    if not x.is_floating_point():  # no integer kernels on every device
        return x.to(torch.float64), w.to(torch.float64), d
    return x, w, d


def _back(out, d):
    return out if out.dtype is d else out.to(d)


def _shapes(x, w):
    return f"inputs.shape={tuple(x.shape)}, kernel.shape={tuple(w.shape)}"


def conv(inputs, kernel, strides=1, padding="valid", data_format=None,
         dilation_rate=1):
    """N-D (1 to 3) cross-correlation; groups = in_channels //
    kernel.shape[-2]."""
    x, w, d = _promoted(inputs, kernel)
    n = _rank(x, "conv")
    if w.ndim != n + 2:
        raise ValueError(
            f"conv: the kernel must have rank {n + 2} for a {n}-D input. "
            f"Received: {_shapes(x, w)}."
        )
    data_format = config.standardize_data_format(data_format)
    padding = _padding(padding, "conv")
    strides = _tuple(strides, n, "strides", "conv")
    dil = _tuple(dilation_rate, n, "dilation_rate", "conv")
    x0 = x
    x = _first(x, n, data_format)
    channels, cin, filters = x.shape[1], w.shape[-2], w.shape[-1]
    if cin == 0 or channels % cin or filters % (channels // cin):
        raise ValueError(
            f"conv: the input's {channels} channels must be a multiple of "
            f"the kernel's input channels ({cin}), and the kernel's "
            f"{filters} filters a multiple of the groups. Received: "
            f"{_shapes(x0, w)}."
        )
    groups = channels // cin
    w = w.permute(n + 1, n, *range(n))  # (filters, cin, *spatial)
    pad_arg = 0
    if padding == "same":
        pads = [same_padding(x.shape[2 + i], w.shape[2 + i], strides[i],
                             dil[i]) for i in range(n)]
        if all(b == a for b, a in pads):
            pad_arg = tuple(b for b, _ in pads)
        else:
            x = F.pad(x, _flat_pads(pads))
    out = _CONV[n](x, w, None, strides, pad_arg, dil, groups)
    return _last(_back(out, d), n, data_format)


def _transpose_plan(size, stride, k, padding, output_padding, dilation):
    """Torch `(padding, output_padding)` plus the `(start, length)` window
    of torch's output that gives `deconv_length` cells (see below)."""
    eff = (k - 1) * dilation + 1
    length = deconv_length(size, stride, k, padding, output_padding,
                           dilation)
    full = (size - 1) * stride + eff  # the uncropped transposed conv
    # TensorFlow's forward-conv padding, first cell before: crop so many.
    crop = max(full - length, 0) // 2
    extra = length - full + 2 * crop
    if 0 <= extra < max(stride, dilation):
        return crop, extra, 0, length
    if extra < 0:
        return crop, 0, 0, length
    # Longer than the full output: the trailing cells are zeros.
    return 0, 0, crop, length


def conv_transpose(inputs, kernel, strides=1, padding="valid",
                   output_padding=None, data_format=None, dilation_rate=1):
    """N-D transposed convolution (the gradient of `conv`), output size as
    `primitives.deconv_length`."""
    x, w, d = _promoted(inputs, kernel)
    n = _rank(x, "conv_transpose")
    data_format = config.standardize_data_format(data_format)
    padding = _padding(padding, "conv_transpose")
    strides = _tuple(strides, n, "strides", "conv_transpose")
    dil = _tuple(dilation_rate, n, "dilation_rate", "conv_transpose")
    if output_padding is None:
        outpad = (None,) * n
    else:
        outpad = _tuple(output_padding, n, "output_padding",
                        "conv_transpose")
    x0 = x
    x = _first(x, n, data_format)
    if w.ndim != n + 2 or w.shape[-1] != x.shape[1]:
        raise ValueError(
            "conv_transpose: the kernel must be (*spatial, filters, "
            f"in_channels) with in_channels={x.shape[1]}. Received: "
            f"{_shapes(x0, w)}."
        )
    w = w.permute(n + 1, n, *range(n))  # (in_channels, filters, *spatial)
    plans = [
        _transpose_plan(x.shape[2 + i], strides[i], w.shape[2 + i], padding,
                        outpad[i], dil[i])
        for i in range(n)
    ]
    out = _CONV_T[n](x, w, None, strides, tuple(p[0] for p in plans),
                     tuple(p[1] for p in plans), 1, dil)
    out = _window(out, [(p[2], p[3]) for p in plans])
    return _last(_back(out, d), n, data_format)


def _window(x, windows):
    """`x[..., start:start + length]` per spatial axis, zero-padded at the
    end where the window runs past the data."""
    key = [slice(None), slice(None)]
    pads = []
    changed = False
    for axis, (start, length) in enumerate(windows):
        size = x.shape[2 + axis]
        stop = min(start + length, size)
        key.append(slice(start, stop))
        pads.append((0, start + length - stop))
        changed = changed or start or stop != size
    if changed:
        x = x[tuple(key)]
    if any(a for _, a in pads):
        x = F.pad(x, _flat_pads(pads))
    return x


def _pool(inputs, pool_size, strides, padding, data_format, kind):
    op = f"{kind}_pool"
    x = _tensor(inputs)
    n = _rank(x, op)
    data_format = config.standardize_data_format(data_format)
    padding = _padding(padding, op)
    pool_size = _tuple(pool_size, n, "pool_size", op)
    strides = pool_size if strides is None else _tuple(strides, n,
                                                       "strides", op)
    d = x.dtype
    if not x.is_floating_point():
        x = x.to(torch.float64)
    x = _first(x, n, data_format)
    pads = [(0, 0)] * n
    if padding == "same":
        pads = [same_padding(x.shape[2 + i], pool_size[i], strides[i])
                for i in range(n)]
    symmetric = all(b == a and b <= k // 2
                    for (b, a), k in zip(pads, pool_size, strict=True))
    if kind == "max":
        if symmetric:
            out = _MAX_POOL[n](x, pool_size, strides,
                               tuple(b for b, _ in pads))
        else:
            x = F.pad(x, _flat_pads(pads), value=float("-inf"))
            out = _MAX_POOL[n](x, pool_size, strides)
    elif symmetric:
        out = _AVG_POOL[n](x, pool_size, strides, tuple(b for b, _ in pads),
                           count_include_pad=False)
    else:
        # Average over the real cells only: pooled sums over pooled counts.
        flat = _flat_pads(pads)
        total = _AVG_POOL[n](F.pad(x, flat), pool_size, strides)
        ones = torch.ones((1, 1, *x.shape[2:]), dtype=x.dtype,
                          device=x.device)
        count = _AVG_POOL[n](F.pad(ones, flat), pool_size, strides)
        out = total / count
    return _last(_back(out, d), n, data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid",
             data_format=None):
    """N-D max pooling ('same' pads with -inf)."""
    return _pool(inputs, pool_size, strides, padding, data_format, "max")


def avg_pool(inputs, pool_size, strides=None, padding="valid",
             data_format=None):
    """N-D average pooling; 'same' averages exclude the padded cells."""
    return _pool(inputs, pool_size, strides, padding, data_format, "avg")
