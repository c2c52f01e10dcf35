"""The NumPy-like primitives on `jax.numpy`.

Inputs are promoted with cornu's own table (`dtypes.result_type`, Python
scalars weak) before they reach jax, so every op returns the dtype the rule in
`primitives.py` gives. Everything here traces under `jax.jit`.
"""

from __future__ import annotations

import builtins
import functools
import math

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
from jax import lax

from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.common.primitives import accumulate_dtype
from cornu.backend.jax.core import convert_to_tensor as _t
from cornu.backend.jax.core import dtype_name as _name
from cornu.backend.jax.core import jax_dtype as _jdt

_WEAK = (bool, int, float)


def _is_weak(x) -> bool:
    return type(x) in _WEAK


def _dt(x):
    """The dtype name of an array, or the Python type of a weak scalar."""
    if type(x) in _WEAK:
        return type(x)
    return _name(x.dtype)


def _floatx():
    return _jdt(config.floatx())


@functools.cache
def _result(floatx, *kinds):
    return _jdt(dtypes.result_type(*kinds))


def _target(*kinds):
    """The jax dtype `result_type` gives for dtype names / weak types."""
    return _result(config.floatx(), *kinds)


def _prep(*xs, scalars=False):
    """Converts and promotes `xs` to their common dtype (scalars weak).

    With `scalars=True` (elementwise ops), weak scalars stay Python numbers
    when an array operand is there to give jax the result dtype.
    """
    first = xs[0]
    dtype = getattr(first, "dtype", None)
    if dtype is not None and builtins.all(
        getattr(x, "dtype", None) == dtype for x in xs[1:]
    ):
        return [_t(x) for x in xs]
    xs = [x if _is_weak(x) else _t(x) for x in xs]
    target = _target(*[_dt(x) for x in xs])
    keep = scalars and not builtins.all(_is_weak(x) for x in xs)
    out = []
    for x in xs:
        if _is_weak(x):
            out.append(x if keep else jnp.asarray(x, dtype=target))
        elif x.dtype != target:
            out.append(x.astype(target))
        else:
            out.append(x)
    return out


def _pair(x1, x2):
    """`_prep` for two operands, keeping a weak scalar as a Python number
    when the other operand already has the result dtype."""
    d1 = getattr(x1, "dtype", None)
    d2 = getattr(x2, "dtype", None)
    if d1 is not None and d1 == d2:
        return _t(x1), _t(x2)
    if d1 is not None and _is_weak(x2):
        x1 = _t(x1)
        target = _target(_name(x1.dtype), type(x2))
        if x1.dtype == target:
            return x1, x2
        return x1.astype(target), x2
    if d2 is not None and _is_weak(x1):
        x2 = _t(x2)
        target = _target(type(x1), _name(x2.dtype))
        if x2.dtype == target:
            return x1, x2
        return x1, x2.astype(target)
    return tuple(_prep(x1, x2))


@functools.cache
def _inexact(dtype) -> bool:
    return bool(jnp.issubdtype(dtype, jnp.inexact))


def _is_float(x) -> bool:
    return _inexact(x.dtype)


def _to_float(x):
    x = _t(x)
    return x if _inexact(x.dtype) else x.astype(_floatx())


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


# --------------------------------------------------------------------------
# elementwise
# --------------------------------------------------------------------------


def abs(x):
    x = _t(x)
    return x if x.dtype == jnp.bool_ else jnp.abs(x)


def negative(x):
    return jnp.negative(_t(x))


def sign(x):
    x = _t(x)
    return x if x.dtype == jnp.bool_ else jnp.sign(x)


def square(x):
    x = _t(x)
    return x if x.dtype == jnp.bool_ else jnp.square(x)


def floor(x):
    x = _t(x)
    return jnp.floor(x) if _is_float(x) else x


def ceil(x):
    x = _t(x)
    return jnp.ceil(x) if _is_float(x) else x


def trunc(x):
    x = _t(x)
    return jnp.trunc(x) if _is_float(x) else x


def round(x, decimals=0):
    x = _t(x)
    if _is_float(x):
        return jnp.round(x, decimals)
    if x.dtype == jnp.bool_ or decimals >= 0:
        return x
    # Integers to a negative number of decimals: round half to even.
    f = jnp.asarray(10 ** (-decimals), x.dtype)
    q = jnp.floor_divide(x, f)
    r2 = 2 * (x - q * f)
    up = (r2 > f) | ((r2 == f) & (q % 2 == 1))
    return (q + up.astype(x.dtype)) * f


def _float_unary(fn):
    def op(x):
        return fn(_to_float(x))

    op.__name__ = fn.__name__
    return op


sqrt = _float_unary(jnp.sqrt)
exp = _float_unary(jnp.exp)
expm1 = _float_unary(jnp.expm1)
log = _float_unary(jnp.log)
log1p = _float_unary(jnp.log1p)
log2 = _float_unary(jnp.log2)
log10 = _float_unary(jnp.log10)
sin = _float_unary(jnp.sin)
cos = _float_unary(jnp.cos)
tan = _float_unary(jnp.tan)
arcsin = _float_unary(jnp.arcsin)
arccos = _float_unary(jnp.arccos)
arctan = _float_unary(jnp.arctan)
sinh = _float_unary(jnp.sinh)
cosh = _float_unary(jnp.cosh)
tanh = _float_unary(jnp.tanh)
arcsinh = _float_unary(jnp.arcsinh)
arccosh = _float_unary(jnp.arccosh)
arctanh = _float_unary(jnp.arctanh)
erf = _float_unary(jsp.erf)
erfinv = _float_unary(jsp.erfinv)


def isnan(x):
    return jnp.isnan(_t(x))


def isinf(x):
    return jnp.isinf(_t(x))


def isfinite(x):
    return jnp.isfinite(_t(x))


def logical_not(x):
    return jnp.logical_not(_t(x))


def _binary(fn):
    def op(x1, x2):
        return fn(*_pair(x1, x2))

    op.__name__ = fn.__name__
    return op


def _float_binary(fn):
    def op(x1, x2):
        a, b = _pair(x1, x2)
        # After `_pair` the array operands share the promoted dtype.
        if not _is_float(b if _is_weak(a) else a):
            fx = _floatx()
            a = a if _is_weak(a) else a.astype(fx)
            b = b if _is_weak(b) else b.astype(fx)
        return fn(a, b)

    op.__name__ = fn.__name__
    return op


add = _binary(jnp.add)
subtract = _binary(jnp.subtract)
multiply = _binary(jnp.multiply)
floor_divide = _binary(jnp.floor_divide)
mod = _binary(jnp.mod)
power = _binary(jnp.power)
maximum = _binary(jnp.maximum)
minimum = _binary(jnp.minimum)
divide = _float_binary(jnp.true_divide)
arctan2 = _float_binary(jnp.arctan2)
equal = _binary(jnp.equal)
not_equal = _binary(jnp.not_equal)
less = _binary(jnp.less)
less_equal = _binary(jnp.less_equal)
greater = _binary(jnp.greater)
greater_equal = _binary(jnp.greater_equal)
logical_and = _binary(jnp.logical_and)
logical_or = _binary(jnp.logical_or)
logical_xor = _binary(jnp.logical_xor)


def where(condition, x1=None, x2=None):
    condition = _t(condition)
    if x1 is None and x2 is None:
        # np.nonzero: a data-dependent shape, so eager only.
        return tuple(i.astype(jnp.int32) for i in jnp.nonzero(condition))
    if x1 is None or x2 is None:
        raise ValueError(
            "where: give both `x1` and `x2`, or neither (for the indices "
            "where `condition` is true)."
        )
    if condition.dtype != jnp.bool_:
        condition = condition.astype(bool)
    a, b = _prep(x1, x2, scalars=True)
    return jnp.where(condition, a, b)


def clip(x, x_min, x_max):
    x = _t(x)
    if x.dtype == jnp.bool_:
        x = x.astype(jnp.int32)
    dtype = x.dtype
    if jnp.issubdtype(dtype, jnp.integer):
        # A Python int bound beyond the dtype's range clips nothing there.
        info = jnp.iinfo(dtype)
        if type(x_min) is int:
            x_min = builtins.min(builtins.max(x_min, int(info.min)),
                                 int(info.max))
        if type(x_max) is int:
            x_max = builtins.min(builtins.max(x_max, int(info.min)),
                                 int(info.max))
    x, lo, hi = _prep(x, x_min, x_max, scalars=True)
    out = jnp.clip(x, lo, hi)
    return out if out.dtype == dtype else out.astype(dtype)


# --------------------------------------------------------------------------
# reductions
# --------------------------------------------------------------------------


def max(x, axis=None, keepdims=False, initial=None):
    return jnp.max(_t(x), axis=_axis(axis), keepdims=keepdims, initial=initial)


def min(x, axis=None, keepdims=False, initial=None):
    return jnp.min(_t(x), axis=_axis(axis), keepdims=keepdims, initial=initial)


@functools.cache
def _accumulate(dtype):
    return _jdt(accumulate_dtype(_name(dtype)))


def _acc(x, dtype):
    """The dtype sums and products run in: `dtype`, else Keras's rule
    (bool/int8/int16 -> int32, uint8/uint16 -> uint32)."""
    return _accumulate(x.dtype) if dtype is None else _jdt(dtype)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _t(x)
    return jnp.prod(x, axis=_axis(axis), keepdims=keepdims,
                    dtype=_acc(x, dtype))


def sum(x, axis=None, keepdims=False):
    x = _t(x)
    return jnp.sum(x, axis=_axis(axis), keepdims=keepdims,
                   dtype=_acc(x, None))


def _float_reduce(fn):
    def op(x, axis=None, keepdims=False):
        x = _t(x)
        out = fn(x, axis=_axis(axis), keepdims=keepdims)
        d = x.dtype if _is_float(x) else _floatx()
        return out if out.dtype == d else out.astype(d)

    op.__name__ = fn.__name__
    return op


mean = _float_reduce(jnp.mean)
var = _float_reduce(jnp.var)
std = _float_reduce(jnp.std)


def any(x, axis=None, keepdims=False):
    return jnp.any(_t(x), axis=_axis(axis), keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    return jnp.all(_t(x), axis=_axis(axis), keepdims=keepdims)


def argmax(x, axis=None, keepdims=False):
    out = jnp.argmax(_t(x), axis=axis, keepdims=keepdims)
    return out.astype(jnp.int32)


def argmin(x, axis=None, keepdims=False):
    out = jnp.argmin(_t(x), axis=axis, keepdims=keepdims)
    return out.astype(jnp.int32)


def cumsum(x, axis=None, dtype=None):
    x = _t(x)
    return jnp.cumsum(x, axis=axis, dtype=_acc(x, dtype))


def cumprod(x, axis=None, dtype=None):
    x = _t(x)
    return jnp.cumprod(x, axis=axis, dtype=_acc(x, dtype))


def sort(x, axis=-1):
    """`np.sort`; `axis=None` sorts the flattened tensor."""
    return jnp.sort(_t(x), axis=axis)


def argsort(x, axis=-1):
    """Stable `np.argsort` -> int32; `axis=None` flattens."""
    return jnp.argsort(_t(x), axis=axis, stable=True).astype(jnp.int32)


def top_k(x, k, sorted=True):
    values, indices = lax.top_k(_t(x), int(k))
    return values, indices.astype(jnp.int32)


# --------------------------------------------------------------------------
# linear algebra
# --------------------------------------------------------------------------


def matmul(x1, x2):
    a, b = _prep(x1, x2)
    return jnp.matmul(a, b)


def einsum(subscripts, *operands):
    return jnp.einsum(subscripts, *_prep(*operands))


def tensordot(x1, x2, axes=2):
    a, b = _prep(x1, x2)
    return jnp.tensordot(a, b, axes=axes)


# --------------------------------------------------------------------------
# shapes
# --------------------------------------------------------------------------


def reshape(x, newshape):
    if not isinstance(newshape, int):
        newshape = tuple(newshape)
    return jnp.reshape(_t(x), newshape)


def transpose(x, axes=None):
    return jnp.transpose(_t(x), None if axes is None else tuple(axes))


def expand_dims(x, axis):
    return jnp.expand_dims(_t(x), _axis(axis))


def squeeze(x, axis=None):
    return jnp.squeeze(_t(x), axis=_axis(axis))


def broadcast_to(x, shape):
    return jnp.broadcast_to(_t(x), tuple(shape))


def concatenate(xs, axis=0):
    return jnp.concatenate(_prep(*xs), axis=axis)


def stack(xs, axis=0):
    return jnp.stack(_prep(*xs), axis=axis)


def split(x, indices_or_sections, axis=0):
    if not isinstance(indices_or_sections, int):
        indices_or_sections = [int(i) for i in indices_or_sections]
    return jnp.split(_t(x), indices_or_sections, axis=axis)


def tile(x, repeats):
    return jnp.tile(_t(x), repeats)


def repeat(x, repeats, axis=None):
    if isinstance(repeats, (list, tuple)):
        repeats = np.asarray(repeats, dtype=np.int32)
    return jnp.repeat(_t(x), repeats, axis=axis)


_PAD_MODES = ("constant", "reflect", "symmetric", "edge")


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _t(x)
    if mode not in _PAD_MODES:
        raise ValueError(
            f"pad: `mode` must be one of {_PAD_MODES}. Received: mode={mode!r}."
        )
    width = tuple((int(a), int(b)) for a, b in pad_width)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return jnp.pad(x, width, mode="constant", constant_values=value)
    if constant_values is not None:
        raise ValueError(
            "pad: `constant_values` can only be set with mode='constant'. "
            f"Received: mode={mode!r}."
        )
    return jnp.pad(x, width, mode=mode)


def flip(x, axis=None):
    return jnp.flip(_t(x), axis=_axis(axis))


def roll(x, shift, axis=None):
    return jnp.roll(_t(x), shift, axis=_axis(axis))


def tril(x, k=0):
    return jnp.tril(_t(x), k)


def triu(x, k=0):
    return jnp.triu(_t(x), k)


# --------------------------------------------------------------------------
# dtypes and creation
# --------------------------------------------------------------------------


def cast(x, dtype):
    return _t(x, dtype)


def _cdt(dtype):
    return _jdt(dtype)


def _shape(shape):
    return (int(shape),) if isinstance(shape, int) else tuple(shape)


# Constants of up to this many elements made outside a trace are filled on
# the host and transferred: `jnp.zeros` & co. compile an XLA program per
# shape (~0.1 s each on a CPU, the bulk of cornu's first op on jax).
_HOST_FILL_LIMIT = 1 << 16


try:
    from jax._src.core import trace_state_clean as _outside_trace
except ImportError:  # jax moved it: always take jnp's path
    def _outside_trace() -> bool:
        return False


def _filled(shape, value, dtype, jnp_fn, *args):
    shape = _shape(shape)
    dtype = _cdt(dtype)
    if (type(value) in (int, float, bool)
            and math.prod(shape) <= _HOST_FILL_LIMIT and _outside_trace()):
        return jax.device_put(np.full(shape, value, dtype))
    return jnp_fn(shape, *args, dtype)


def zeros(shape, dtype=None):
    return _filled(shape, 0, dtype, jnp.zeros)


def ones(shape, dtype=None):
    return _filled(shape, 1, dtype, jnp.ones)


def empty(shape, dtype=None):
    return _filled(shape, 0, dtype, jnp.empty)


def full(shape, fill_value, dtype=None):
    return _filled(shape, fill_value, dtype, jnp.full, fill_value)


def _like_dtype(x, dtype):
    return x.dtype if dtype is None else _cdt(dtype)


def zeros_like(x, dtype=None):
    x = _t(x)
    return jnp.zeros_like(x, dtype=_like_dtype(x, dtype))


def ones_like(x, dtype=None):
    x = _t(x)
    return jnp.ones_like(x, dtype=_like_dtype(x, dtype))


def full_like(x, fill_value, dtype=None):
    x = _t(x)
    return jnp.full_like(x, fill_value, dtype=_like_dtype(x, dtype))


def arange(start, stop=None, step=1, dtype=None):
    if dtype is None:
        kinds = [_dt(v) for v in (start, stop, step) if v is not None]
        dtype = dtypes.result_type(*kinds)
        if dtype == "bool":
            dtype = "int32"
    return jnp.arange(start, stop, step, dtype=_cdt(dtype))


def eye(N, M=None, k=0, dtype=None):
    return jnp.eye(N, M, k, dtype=_cdt(dtype))


def linspace(start, stop, num=50, endpoint=True, dtype=None):
    out = jnp.linspace(start, stop, num, endpoint=endpoint)
    return out.astype(_cdt(dtype))


def stop_gradient(x):
    return lax.stop_gradient(_t(x))
