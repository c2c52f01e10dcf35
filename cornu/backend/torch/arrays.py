"""Linear algebra, shape and creation primitives on torch."""

from __future__ import annotations

import builtins

import numpy as np
import torch

from cornu.backend.torch.core import (
    DEVICE,
    DTYPE_NAMES,
    WIDE_UINTS,
    axis_tuple,
    floatx_dtype,
    inexact,
    promote,
    tensor,
    to_torch_dtype,
)
from cornu.backend.torch.core import convert_to_tensor as _t

Tensor = torch.Tensor
_I64 = torch.int64

__all__ = [
    "matmul", "einsum", "tensordot", "reshape", "transpose", "expand_dims",
    "squeeze", "broadcast_to", "concatenate", "stack", "split", "tile",
    "repeat", "flip", "roll", "tril", "triu", "cast", "zeros", "ones",
    "empty", "full", "zeros_like", "ones_like", "full_like", "arange", "eye",
    "linspace", "stop_gradient",
]


# --------------------------------------------------------------------------
# linear algebra
# --------------------------------------------------------------------------


def _compute_dtype(d):
    """The dtype a matmul-like op runs in, for dtypes torch lacks."""
    if d is torch.bool:
        return torch.int32
    if d in WIDE_UINTS:
        return _I64
    if not inexact(d) and DEVICE.type == "cuda":
        return torch.float64
    return d


def _linalg(fn, xs):
    xs, d = promote(xs, keep_scalars=False)
    c = _compute_dtype(d)
    if c is not d:
        out = fn(*[x.to(c) for x in xs])
        return (out != 0) if d is torch.bool else out.to(d)
    return fn(*xs)


def matmul(x1, x2):
    """`np.matmul` on promoted inputs."""
    if (isinstance(x1, Tensor) and isinstance(x2, Tensor)
            and x1.dtype is x2.dtype and x1.is_floating_point()):
        return torch.matmul(x1, x2)
    return _linalg(torch.matmul, (x1, x2))


def einsum(subscripts, *operands, **kwargs):
    """`np.einsum(subscripts, *operands)` on promoted inputs."""
    return _linalg(lambda *ops: torch.einsum(subscripts, *ops), operands)


def tensordot(x1, x2, axes=2):
    """`np.tensordot` on promoted inputs."""
    if not isinstance(axes, int):
        a, b = axes
        axes = ([a] if isinstance(a, int) else [int(v) for v in a],
                [b] if isinstance(b, int) else [int(v) for v in b])
    return _linalg(lambda a, b: torch.tensordot(a, b, dims=axes), (x1, x2))


# --------------------------------------------------------------------------
# shapes
# --------------------------------------------------------------------------


def _shape(shape):
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def reshape(x, newshape):
    return torch.reshape(tensor(x), _shape(newshape))


def transpose(x, axes=None):
    x = tensor(x)
    if axes is None:
        return x.permute(*reversed(range(x.ndim)))
    return x.permute(*_shape(axes))


def _canonical(axis, ndim, op):
    if not -ndim <= axis < builtins.max(ndim, 1):
        raise ValueError(
            f"{op}: axis {axis} is out of range for rank {ndim}. "
            f"Received: axis={axis}."
        )
    return axis % builtins.max(ndim, 1)


def expand_dims(x, axis):
    """`np.expand_dims`; `axis` may be a tuple."""
    x = tensor(x)
    if isinstance(axis, int):
        return torch.unsqueeze(x, axis)
    axes = _shape(axis)
    ndim = x.ndim + len(axes)
    axes = sorted(_canonical(a, ndim, "expand_dims") for a in axes)
    shape = list(x.shape)
    for a in axes:
        shape.insert(a, 1)
    return x.reshape(shape)


def squeeze(x, axis=None):
    """`np.squeeze`; squeezing an axis whose size is not 1 is an error."""
    x = tensor(x)
    if axis is None:
        return torch.squeeze(x)
    axes = tuple(_canonical(a, x.ndim, "squeeze") for a in axis_tuple(axis))
    for a in axes:
        if x.shape[a] != 1:
            raise ValueError(
                f"squeeze: cannot squeeze axis {a} of size {x.shape[a]}; "
                f"only axes of size 1 can be squeezed. Received: "
                f"x.shape={tuple(x.shape)}, axis={axis}."
            )
    return torch.squeeze(x, dim=axes) if axes else x


def broadcast_to(x, shape):
    return torch.broadcast_to(tensor(x), _shape(shape))


def _same_dtype(xs):
    first = xs[0] if xs else None
    if not isinstance(first, Tensor):
        return False
    d = first.dtype
    for x in xs:
        if not isinstance(x, Tensor) or x.dtype is not d:
            return False
    return True


def concatenate(xs, axis=0):
    """`np.concatenate` on promoted inputs."""
    if not _same_dtype(xs):
        xs, _ = promote(xs, keep_scalars=False)
    return torch.cat(list(xs), dim=int(axis))


def stack(xs, axis=0):
    """`np.stack` on promoted inputs."""
    if not _same_dtype(xs):
        xs, _ = promote(xs, keep_scalars=False)
    return torch.stack(list(xs), dim=int(axis))


def split(x, indices_or_sections, axis=0):
    """`np.split` -> list of tensors."""
    x = tensor(x)
    axis = int(axis)
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        size = x.shape[axis]
        if n <= 0 or size % n:
            raise ValueError(
                f"split: an axis of size {size} does not divide into {n} "
                f"equal parts. Received: indices_or_sections={n}."
            )
        return list(torch.tensor_split(x, n, dim=axis))
    indices = [int(i) for i in indices_or_sections]
    return list(torch.tensor_split(x, indices, dim=axis))


def tile(x, repeats):
    return torch.tile(tensor(x), _shape(repeats))


def repeat(x, repeats, axis=None):
    """`np.repeat`; `repeats` an int or one count per entry."""
    x = tensor(x)
    if not isinstance(repeats, int):
        repeats = _t(repeats, "int64").reshape(-1).to(x.device)
        if repeats.numel() == 1:
            repeats = int(repeats[0])
    return torch.repeat_interleave(
        x, repeats, dim=None if axis is None else int(axis)
    )


def flip(x, axis=None):
    x = tensor(x)
    dims = tuple(range(x.ndim)) if axis is None else axis_tuple(axis)
    return torch.flip(x, dims)


def roll(x, shift, axis=None):
    x = tensor(x)
    if axis is None:
        return torch.roll(x, int(shift))
    shift = shift if isinstance(shift, int) else tuple(int(s) for s in shift)
    axis = int(axis) if isinstance(axis, int) else axis_tuple(axis)
    return torch.roll(x, shift, axis)


def tril(x, k=0):
    return torch.tril(tensor(x), int(k))


def triu(x, k=0):
    return torch.triu(tensor(x), int(k))


def cast(x, dtype):
    return _t(x, dtype)


# --------------------------------------------------------------------------
# creation
# --------------------------------------------------------------------------


def zeros(shape, dtype=None):
    return torch.zeros(_shape(shape), dtype=to_torch_dtype(dtype),
                       device=DEVICE)


def ones(shape, dtype=None):
    return torch.ones(_shape(shape), dtype=to_torch_dtype(dtype),
                      device=DEVICE)


def empty(shape, dtype=None):
    return torch.empty(_shape(shape), dtype=to_torch_dtype(dtype),
                       device=DEVICE)


def full(shape, fill_value, dtype=None):
    """`np.full`; `dtype=None` gives floatx (the rule's dtype)."""
    d = to_torch_dtype(dtype)
    shape = _shape(shape)
    if isinstance(fill_value, (bool, int, float)):
        return torch.full(shape, fill_value, dtype=d, device=DEVICE)
    fill = _t(fill_value, DTYPE_NAMES[d])
    return torch.broadcast_to(fill, shape).clone()


def _like_dtype(x, dtype):
    return x.dtype if dtype is None else to_torch_dtype(dtype)


def zeros_like(x, dtype=None):
    x = tensor(x)
    return torch.zeros_like(x, dtype=_like_dtype(x, dtype))


def ones_like(x, dtype=None):
    x = tensor(x)
    return torch.ones_like(x, dtype=_like_dtype(x, dtype))


def full_like(x, fill_value, dtype=None):
    x = tensor(x)
    d = _like_dtype(x, dtype)
    if isinstance(fill_value, (bool, int, float)):
        return torch.full_like(x, fill_value, dtype=d)
    fill = _t(fill_value, DTYPE_NAMES[d])
    return torch.broadcast_to(fill, x.shape).clone()


def _scalar(v):
    if isinstance(v, (Tensor, np.ndarray, np.generic)):
        return v.item()
    return v


def arange(start, stop=None, step=1, dtype=None):
    """`np.arange`; all-integer arguments give int32, else floatx."""
    start, stop = _scalar(start), _scalar(stop)
    step = 1 if step is None else _scalar(step)
    if dtype is None:
        floats = [v for v in (start, stop, step) if isinstance(v, float)]
        d = floatx_dtype() if floats else torch.int32
    else:
        d = to_torch_dtype(dtype)
    if stop is None:
        start, stop = 0, start
    if inexact(d):
        out = torch.arange(start, stop, step, dtype=torch.float64,
                           device=DEVICE)
        return out.to(d)
    return torch.arange(start, stop, step, dtype=d, device=DEVICE)


def eye(N, M=None, k=0, dtype=None):
    """`np.eye(N, M, k)`."""
    d = to_torch_dtype(dtype)
    N = int(N)
    M = N if M is None else int(M)
    k = int(k)
    if k == 0:
        return torch.eye(N, M, dtype=d, device=DEVICE)
    rows = torch.arange(N, device=DEVICE)[:, None]
    cols = torch.arange(M, device=DEVICE)[None, :]
    return (cols - rows == k).to(d)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None,
             axis=0):
    """`np.linspace` (computed in float64 as NumPy does, then cast)."""
    d = to_torch_dtype(dtype)
    num = int(num)
    start = _t(start, "float64")
    stop = _t(stop, "float64")
    div = (num - 1) if endpoint else num
    delta = stop - start
    t = torch.arange(num, dtype=torch.float64, device=DEVICE)
    t = t.reshape((-1,) + (1,) * delta.ndim)
    if div > 0:
        step = delta / div
        out = t * step + start
    else:
        step = torch.full_like(delta, float("nan"))
        out = t * delta + start
    if endpoint and num > 1:
        out[-1] = stop
    if axis != 0:
        out = torch.movedim(out, 0, int(axis))
    out = out.to(d)
    return (out, step.to(d)) if retstep else out


def stop_gradient(x):
    """`x` cut from the autograd graph."""
    return tensor(x).detach()
