"""The NumPy-like primitives on torch: elementwise ops and reductions here,
the rest in `arrays.py` and `indexing.py` (re-exported).

Inputs are promoted with cornu's table (`dtypes.result_type`, Python scalars
weak), never with torch's, so every op returns the dtype its rule in
`primitives.py` gives. The common case (torch tensors of one dtype) goes
straight to the torch kernel.
"""

from __future__ import annotations

import builtins

import numpy as np
import torch

from cornu.backend.torch.arrays import (
    arange,
    broadcast_to,
    cast,
    concatenate,
    einsum,
    empty,
    expand_dims,
    eye,
    flip,
    full,
    full_like,
    linspace,
    matmul,
    ones,
    ones_like,
    repeat,
    reshape,
    roll,
    split,
    squeeze,
    stack,
    stop_gradient,
    tensordot,
    tile,
    transpose,
    tril,
    triu,
    zeros,
    zeros_like,
)
from cornu.backend.torch.core import (
    DTYPE_NAMES,
    WIDE_UINTS,
    axis_tuple,
    cast_pair,
    floatx_dtype,
    inexact,
    promote,
    tensor,
    to_float,
    to_torch_dtype,
    widened,
)
from cornu.backend.torch.core import convert_to_tensor as _t
from cornu.backend.torch.indexing import (
    getitem,
    pad,
    scatter,
    scatter_update,
    slice,
    slice_update,
    take,
    take_along_axis,
)

Tensor = torch.Tensor
_I64 = torch.int64

__all__ = [
    "abs", "negative", "sign", "floor", "ceil", "square", "trunc", "round",
    "sqrt", "exp", "expm1", "log", "log1p", "log2", "log10", "sin", "cos",
    "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh",
    "arccosh", "arctanh", "erf", "erfinv", "isnan", "isinf", "isfinite",
    "logical_not", "add", "subtract", "multiply", "floor_divide", "mod",
    "power", "maximum", "minimum", "divide", "arctan2", "equal",
    "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_xor", "where", "clip", "max",
    "min", "prod", "sum", "mean", "var", "std", "any", "all", "argmax",
    "argmin", "cumsum", "cumprod", "sort", "argsort", "top_k", "matmul",
    "einsum", "tensordot", "reshape", "transpose", "expand_dims", "squeeze",
    "broadcast_to", "concatenate", "stack", "split", "tile", "repeat",
    "pad", "flip", "roll", "take", "take_along_axis", "getitem", "slice",
    "slice_update", "scatter", "scatter_update", "tril", "triu", "cast",
    "zeros", "ones", "empty", "full", "zeros_like", "ones_like", "full_like",
    "arange", "eye", "linspace", "stop_gradient",
]


# --------------------------------------------------------------------------
# elementwise
# --------------------------------------------------------------------------


def _unary(fn, name, skip=()):
    """Same-dtype elementwise op; dtypes in `skip` return `x` itself."""

    def op(x):
        if not isinstance(x, Tensor):
            x = _t(x)
        if x.dtype in skip:
            return x
        try:
            return fn(x)
        except NotImplementedError as e:
            return widened(fn, e, x)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise `np.{name}`; the dtype is kept."
    return op


def _float_unary(fn, name):
    def op(x):
        if not isinstance(x, Tensor):
            x = _t(x)
        if not inexact(x.dtype):
            x = x.to(floatx_dtype())
        return fn(x)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise `np.{name}`; integer inputs give floatx."
    return op


_NOT_FLOAT = (torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32,
              torch.int64, *WIDE_UINTS)

abs = _unary(torch.abs, "abs", skip=(torch.bool,))
negative = _unary(torch.neg, "negative")
sign = _unary(torch.sign, "sign")
floor = _unary(torch.floor, "floor", skip=_NOT_FLOAT)
ceil = _unary(torch.ceil, "ceil", skip=_NOT_FLOAT)
trunc = _unary(torch.trunc, "trunc", skip=_NOT_FLOAT)
square = _unary(torch.square, "square", skip=(torch.bool,))

sqrt = _float_unary(torch.sqrt, "sqrt")
exp = _float_unary(torch.exp, "exp")
expm1 = _float_unary(torch.expm1, "expm1")
log = _float_unary(torch.log, "log")
log1p = _float_unary(torch.log1p, "log1p")
log2 = _float_unary(torch.log2, "log2")
log10 = _float_unary(torch.log10, "log10")
sin = _float_unary(torch.sin, "sin")
cos = _float_unary(torch.cos, "cos")
tan = _float_unary(torch.tan, "tan")
arcsin = _float_unary(torch.asin, "arcsin")
arccos = _float_unary(torch.acos, "arccos")
arctan = _float_unary(torch.atan, "arctan")
sinh = _float_unary(torch.sinh, "sinh")
cosh = _float_unary(torch.cosh, "cosh")
tanh = _float_unary(torch.tanh, "tanh")
arcsinh = _float_unary(torch.asinh, "arcsinh")
arccosh = _float_unary(torch.acosh, "arccosh")
arctanh = _float_unary(torch.atanh, "arctanh")
erf = _float_unary(torch.erf, "erf")
erfinv = _float_unary(torch.erfinv, "erfinv")


def round(x, decimals=0):
    """`np.round` (half to even); the dtype is kept."""
    x = tensor(x)
    if inexact(x.dtype):
        return torch.round(x, decimals=decimals) if decimals else (
            torch.round(x)
        )
    if decimals >= 0 or x.dtype is torch.bool:
        return x
    f = 10 ** (-decimals)
    return (torch.round(x.to(torch.float64) / f) * f).to(x.dtype)


def isnan(x):
    return torch.isnan(tensor(x))


def isinf(x):
    return torch.isinf(tensor(x))


def isfinite(x):
    return torch.isfinite(tensor(x))


def logical_not(x):
    return torch.logical_not(_bool_ready(x))


def _weak_fits(d, s) -> bool:
    """Whether the Python scalar `s` leaves a tensor of dtype `d` as is."""
    t = type(s)
    if t is float:
        return d.is_floating_point or d.is_complex
    if t is int:
        return d is not torch.bool
    return t is bool and d is torch.bool


def _binary(fn, name, floats=False, scalar_fn=None, doc=""):
    """A broadcasting binary op on `result_type`-promoted inputs.

    `floats`: integer inputs are computed in floatx. `scalar_fn(tensor,
    scalar)` is used when `x2` is a Python scalar; None means `fn` accepts
    one, False that scalars are converted to tensors.
    """
    keep = scalar_fn is None

    def op(x1, x2):
        if isinstance(x1, Tensor) and isinstance(x2, Tensor):
            if x1.dtype is not x2.dtype:
                x1, x2 = cast_pair(x1, x2)
        elif (scalar_fn is not False and isinstance(x1, Tensor)
              and _weak_fits(x1.dtype, x2)):
            f = fn if keep else scalar_fn
            if floats:
                x1 = to_float(x1)
            try:
                return f(x1, x2)
            except NotImplementedError as e:
                return widened(f, e, x1, x2)
        elif isinstance(x2, Tensor) and _weak_fits(x2.dtype, x1):
            # A 0-d CPU tensor acts as a scalar next to a tensor on any
            # device (no host-to-device copy).
            x1 = torch.tensor(x1, dtype=x2.dtype)
        else:
            (x1, x2), d = promote((x1, x2), keep)
            if not isinstance(x1, Tensor):
                x1 = torch.tensor(x1, dtype=d, device=x2.device)
        if floats:
            x1, x2 = to_float(x1), to_float(x2)
        try:
            return fn(x1, x2)
        except NotImplementedError as e:
            return widened(fn, e, x1, x2)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc or f"Broadcasting `np.{name}` on promoted inputs."
    return op


def _int_safe(fn):
    """`fn(a, b)` that gives 0 where an integer `b` is 0 (as NumPy does)
    instead of raising."""

    def op(a, b):
        if isinstance(b, Tensor):
            if inexact(b.dtype):
                return fn(a, b)
            zero = b == 0
            return fn(a, b.masked_fill(zero, 1)).masked_fill(zero, 0)
        if b == 0 and not (isinstance(b, float) or inexact(a.dtype)):
            return torch.zeros_like(a)
        return fn(a, b)

    return op


add = _binary(torch.add, "add")
subtract = _binary(torch.subtract, "subtract")
multiply = _binary(torch.multiply, "multiply")
floor_divide = _binary(_int_safe(torch.floor_divide), "floor_divide")
mod = _binary(_int_safe(torch.remainder), "mod")
power = _binary(torch.pow, "power")
maximum = _binary(torch.maximum, "maximum", scalar_fn=torch.clamp_min)
minimum = _binary(torch.minimum, "minimum", scalar_fn=torch.clamp_max)
divide = _binary(torch.true_divide, "divide", floats=True)
arctan2 = _binary(torch.atan2, "arctan2", floats=True, scalar_fn=False)
equal = _binary(torch.eq, "equal")
not_equal = _binary(torch.ne, "not_equal")
less = _binary(torch.lt, "less")
less_equal = _binary(torch.le, "less_equal")
greater = _binary(torch.gt, "greater")
greater_equal = _binary(torch.ge, "greater_equal")


def _bool_ready(x):
    x = tensor(x)
    return (x != 0) if x.dtype in WIDE_UINTS else x


def _logical(fn, name):
    def op(x1, x2):
        return fn(_bool_ready(x1), _bool_ready(x2))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise `np.{name}` -> bool."
    return op


logical_and = _logical(torch.logical_and, "logical_and")
logical_or = _logical(torch.logical_or, "logical_or")
logical_xor = _logical(torch.logical_xor, "logical_xor")


def where(condition, x1=None, x2=None):
    """`np.where(condition, x1, x2)`; with only `condition`, the int32
    indices of its nonzero entries (one tensor per axis)."""
    condition = tensor(condition)
    if x1 is None and x2 is None:
        return tuple(i.to(torch.int32) for i in torch.nonzero(
            condition, as_tuple=True))
    if condition.dtype is not torch.bool:
        condition = condition.to(torch.bool)
    if isinstance(x1, Tensor) and isinstance(x2, Tensor):
        if x1.dtype is not x2.dtype:
            x1, x2 = cast_pair(x1, x2)
        return torch.where(condition, x1, x2)
    (x1, x2), d = promote((x1, x2))
    if not isinstance(x1, Tensor) and not isinstance(x2, Tensor):
        x1 = torch.tensor(x1, dtype=d, device=condition.device)
    return torch.where(condition, x1, x2)


def clip(x, x_min, x_max):
    """`np.clip`; the dtype is `x`'s (bool clips as int32)."""
    x = tensor(x)
    d = x.dtype
    if d is torch.bool:
        x = x.to(torch.int32)
        d = torch.int32
    if isinstance(x_min, Tensor) or isinstance(x_max, Tensor):
        x_min = None if x_min is None else tensor(x_min).to(d)
        x_max = None if x_max is None else tensor(x_max).to(d)
    elif isinstance(x_min, np.ndarray) or isinstance(x_max, np.ndarray):
        x_min = None if x_min is None else _t(x_min, DTYPE_NAMES[d])
        x_max = None if x_max is None else _t(x_max, DTYPE_NAMES[d])
    out = torch.clamp(x, x_min, x_max)
    return out if out.dtype is d else out.to(d)


# --------------------------------------------------------------------------
# reductions
# --------------------------------------------------------------------------


_ACCUMULATE = {torch.bool: torch.int32, torch.int8: torch.int32,
               torch.int16: torch.int32, torch.uint8: torch.uint32,
               torch.uint16: torch.uint32}


def _sum_dtype(d):
    """Keras's accumulation rule (`primitives.accumulate_dtype`)."""
    return _ACCUMULATE.get(d, d)


def sum(x, axis=None, keepdims=False):
    """`np.sum`; bool and small ints accumulate in 32 bits."""
    x = tensor(x)
    d = _sum_dtype(x.dtype)
    if d in WIDE_UINTS:
        return sum(x.to(_I64), axis, keepdims).to(d)
    axis = axis_tuple(axis)
    if axis == ():
        return x.to(d)
    if axis is None and not keepdims:
        return torch.sum(x, dtype=d)
    return torch.sum(x, dim=axis, keepdim=keepdims, dtype=d)


def _extreme(fn, x, axis, keepdims, initial, combine):
    x = tensor(x)
    if x.dtype in WIDE_UINTS:
        d = x.dtype
        return _extreme(fn, x.to(_I64), axis, keepdims, initial,
                        combine).to(d)
    axis = axis_tuple(axis)
    if axis == ():
        out = x
    elif axis is None:
        out = fn(x)
        if keepdims:
            out = out.reshape((1,) * x.ndim)
    else:
        out = fn(x, dim=axis, keepdim=keepdims)
    if initial is not None:
        out = combine(out, torch.tensor(initial, dtype=out.dtype,
                                        device=out.device))
    return out


def max(x, axis=None, keepdims=False, initial=None):
    """`np.max`, with NaN propagation."""
    return _extreme(torch.amax, x, axis, keepdims, initial, torch.maximum)


def min(x, axis=None, keepdims=False, initial=None):
    """`np.min`, with NaN propagation."""
    return _extreme(torch.amin, x, axis, keepdims, initial, torch.minimum)


def prod(x, axis=None, keepdims=False, dtype=None):
    """`np.prod`; bool and small ints accumulate in 32 bits."""
    x = tensor(x)
    d = _sum_dtype(x.dtype) if dtype is None else to_torch_dtype(dtype)
    if d is torch.bool:
        return all(x, axis, keepdims)
    if d in WIDE_UINTS or x.dtype in WIDE_UINTS:
        return prod(x.to(_I64), axis, keepdims, "int64").to(d)
    axis = axis_tuple(axis)
    if axis is None:
        out = torch.prod(x, dtype=d)
        return out.reshape((1,) * x.ndim) if keepdims else out
    if axis == ():
        return x.to(d)
    for a in sorted((a % builtins.max(x.ndim, 1) for a in axis),
                    reverse=True):
        x = torch.prod(x, dim=a, keepdim=keepdims, dtype=d)
    return x


def mean(x, axis=None, keepdims=False):
    """`np.mean`; integer inputs give floatx."""
    x = to_float(tensor(x))
    axis = axis_tuple(axis)
    if axis == ():
        return x
    if axis is None and not keepdims:
        return torch.mean(x)
    return torch.mean(x, dim=axis, keepdim=keepdims)


def var(x, axis=None, keepdims=False):
    """Population variance (`np.var`); integer inputs give floatx."""
    x = to_float(tensor(x))
    axis = axis_tuple(axis)
    if axis == ():
        return torch.zeros_like(x)
    return torch.var(x, dim=axis, correction=0, keepdim=keepdims)


def std(x, axis=None, keepdims=False):
    """Population standard deviation (`np.std`)."""
    x = to_float(tensor(x))
    axis = axis_tuple(axis)
    if axis == ():
        return torch.zeros_like(x)
    return torch.std(x, dim=axis, correction=0, keepdim=keepdims)


def _boolean(fn, x, axis, keepdims):
    x = tensor(x)
    if x.dtype is not torch.bool:
        x = x != 0
    axis = axis_tuple(axis)
    if axis == ():
        return x
    if axis is None and not keepdims:
        return fn(x)
    return fn(x, dim=axis, keepdim=keepdims)


def any(x, axis=None, keepdims=False):
    """`np.any` -> bool."""
    return _boolean(torch.any, x, axis, keepdims)


def all(x, axis=None, keepdims=False):
    """`np.all` -> bool."""
    return _boolean(torch.all, x, axis, keepdims)


def _arg(fn, x, axis, keepdims):
    x = tensor(x)
    if x.dtype is torch.bool:
        x = x.to(torch.uint8)
    elif x.dtype in WIDE_UINTS:
        x = x.to(_I64)
    if axis is None:
        out = fn(x.reshape(-1), dim=0)
        if keepdims:
            out = out.reshape((1,) * x.ndim)
    else:
        out = fn(x, dim=int(axis), keepdim=keepdims)
    return out.to(torch.int32)


def argmax(x, axis=None, keepdims=False):
    """`np.argmax` -> int32 (the first maximum)."""
    return _arg(torch.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    """`np.argmin` -> int32 (the first minimum)."""
    return _arg(torch.argmin, x, axis, keepdims)


def _cumulative(fn, x, axis, dtype):
    x = tensor(x)
    if dtype is None:
        d = _sum_dtype(x.dtype)
    else:
        d = to_torch_dtype(dtype)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    if d in WIDE_UINTS:
        return fn(x.to(_I64), dim=int(axis)).to(d)
    return fn(x, dim=int(axis), dtype=d)


def cumsum(x, axis=None, dtype=None):
    """`np.cumsum` (flattened when `axis` is None; bool gives int32)."""
    return _cumulative(torch.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    """`np.cumprod` (flattened when `axis` is None; bool gives int32)."""
    return _cumulative(torch.cumprod, x, axis, dtype)


def sort(x, axis=-1):
    """`np.sort` (NaNs last; flattened when `axis` is None)."""
    x = tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    return torch.sort(x, dim=int(axis), stable=True).values


def argsort(x, axis=-1):
    """Stable `np.argsort` -> int32."""
    x = tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    return torch.argsort(x, dim=int(axis), stable=True).to(torch.int32)


def top_k(x, k, sorted=True):
    """`(values, indices)` of the `k` largest entries of the last axis,
    largest first; ties keep the lower index first."""
    x = tensor(x)
    k = int(k)
    if k > x.shape[-1]:
        raise ValueError(
            f"top_k: k={k} is larger than the last axis ({x.shape[-1]}). "
            f"Received: x.shape={tuple(x.shape)}."
        )
    key = x.to(torch.uint8) if x.dtype is torch.bool else x
    idx = torch.sort(key, dim=-1, descending=True, stable=True).indices
    idx = idx[..., :k]
    return torch.take_along_dim(x, idx, dim=-1), idx.to(torch.int32)
