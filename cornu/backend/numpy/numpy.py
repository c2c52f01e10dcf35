"""The NumPy-like primitives on NumPy (the reference semantics)."""

from __future__ import annotations

import builtins
import math

import numpy as np

from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.common.primitives import PRIMITIVES, accumulate_dtype
from cornu.backend.numpy.core import convert_to_tensor as _t


def _weak(x):
    return isinstance(x, (bool, int, float)) and not isinstance(x, np.generic)


def _dt(x):
    if isinstance(x, bool):
        return bool
    if isinstance(x, int):
        return int
    if isinstance(x, float):
        return float
    return x.dtype.name


def _prep(*xs):
    """Converts and promotes inputs with cornu's table (scalars weak)."""
    xs = [x if _weak(x) else _t(x) for x in xs]
    out_dtype = dtypes.result_type(*[_dt(x) for x in xs])
    return [np.asarray(x, dtype=out_dtype) if _weak(x) else
            (x if x.dtype == out_dtype else x.astype(out_dtype))
            for x in xs], out_dtype


def _unary(fn):
    def op(x):
        return fn(_t(x))

    op.__name__ = fn.__name__
    return op


# IEEE results (log(0) = -inf, exp overflow to inf, inf - inf = nan) come
# without warnings, as on torch and jax.
def _quiet():
    return np.errstate(divide="ignore", over="ignore", invalid="ignore")


def _float_unary(fn):
    def op(x):
        x = _t(x)
        if x.dtype.kind not in "fc":
            x = x.astype(config.floatx())
        with _quiet():
            return fn(x).astype(x.dtype, copy=False)

    op.__name__ = fn.__name__
    return op


def _binary(fn, to_float=False):
    def op(x1, x2):
        (a, b), d = _prep(x1, x2)
        if to_float and not dtypes.is_float(d):
            a = a.astype(config.floatx())
            b = b.astype(config.floatx())
        with _quiet():
            out = np.asarray(fn(a, b))
        return out if out.dtype.kind == "b" else out.astype(a.dtype, copy=False)

    op.__name__ = fn.__name__
    return op


abs = _unary(np.abs)
negative = _unary(np.negative)
sign = _unary(np.sign)
square = _unary(np.square)


def floor(x):
    x = _t(x)
    return np.floor(x) if x.dtype.kind == "f" else x


def ceil(x):
    x = _t(x)
    return np.ceil(x) if x.dtype.kind == "f" else x


def trunc(x):
    x = _t(x)
    return np.trunc(x) if x.dtype.kind == "f" else x


def round(x, decimals=0):
    x = _t(x)
    return np.round(x, decimals).astype(x.dtype, copy=False)


sqrt = _float_unary(np.sqrt)
exp = _float_unary(np.exp)
expm1 = _float_unary(np.expm1)
log = _float_unary(np.log)
log1p = _float_unary(np.log1p)
log2 = _float_unary(np.log2)
log10 = _float_unary(np.log10)
sin = _float_unary(np.sin)
cos = _float_unary(np.cos)
tan = _float_unary(np.tan)
arcsin = _float_unary(np.arcsin)
arccos = _float_unary(np.arccos)
arctan = _float_unary(np.arctan)
sinh = _float_unary(np.sinh)
cosh = _float_unary(np.cosh)
tanh = _float_unary(np.tanh)
arcsinh = _float_unary(np.arcsinh)
arccosh = _float_unary(np.arccosh)
arctanh = _float_unary(np.arctanh)


def _erf_np(x):
    # Abramowitz-Stegun 7.1.26 is too coarse; use math.erf elementwise in
    # float64 for exactness (NumPy has no vectorized erf).
    return np.vectorize(math.erf, otypes=[np.float64])(x)


def _erfinv_np(x):
    # Newton iterations on erf, started from Giles' approximation.
    with np.errstate(divide="ignore", invalid="ignore"):
        return _erfinv_newton(np.asarray(x, np.float64))


def _erfinv_newton(x):
    w = -np.log((1.0 - x) * (1.0 + x))
    y = np.where(
        w < 5.0,
        _poly(w - 2.5, (2.81022636e-08, 3.43273939e-07, -3.5233877e-06,
                        -4.39150654e-06, 0.00021858087, -0.00125372503,
                        -0.00417768164, 0.246640727, 1.50140941)),
        _poly(np.sqrt(np.maximum(w, 5.0)) - 3.0,
              (-0.000200214257, 0.000100950558, 0.00134934322,
               -0.00367342844, 0.00573950773, -0.0076224613,
               0.00943887047, 1.00167406, 2.83297682)),
    ) * x
    for _ in range(2):
        err = _erf_np(y) - x
        y = y - err / (2.0 / np.sqrt(np.pi) * np.exp(-y * y))
    return np.where(np.abs(x) == 1, np.copysign(np.inf, x), y)


def _poly(w, coeffs):
    p = np.zeros_like(w)
    for c in coeffs:
        p = p * w + c
    return p


erf = _float_unary(_erf_np)
erfinv = _float_unary(_erfinv_np)


def isnan(x):
    return np.isnan(_t(x))


def isinf(x):
    return np.isinf(_t(x))


def isfinite(x):
    return np.isfinite(_t(x))


def logical_not(x):
    return np.logical_not(_t(x))


add = _binary(np.add)
subtract = _binary(np.subtract)
multiply = _binary(np.multiply)
floor_divide = _binary(np.floor_divide)
mod = _binary(np.mod)
power = _binary(np.power)
maximum = _binary(np.maximum)
minimum = _binary(np.minimum)
divide = _binary(np.true_divide, to_float=True)
arctan2 = _binary(np.arctan2, to_float=True)
equal = _binary(np.equal)
not_equal = _binary(np.not_equal)
less = _binary(np.less)
less_equal = _binary(np.less_equal)
greater = _binary(np.greater)
greater_equal = _binary(np.greater_equal)
logical_and = _binary(np.logical_and)
logical_or = _binary(np.logical_or)
logical_xor = _binary(np.logical_xor)


def where(condition, x1, x2):
    (a, b), _ = _prep(x1, x2)
    return np.where(_t(condition).astype(bool), a, b)


def clip(x, x_min, x_max):
    x = _t(x)
    if x.dtype == bool:
        x = x.astype("int32")
    return np.clip(x, x_min, x_max).astype(x.dtype, copy=False)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def max(x, axis=None, keepdims=False, initial=None):
    return np.max(_t(x), axis=_axis(axis), keepdims=keepdims)


def min(x, axis=None, keepdims=False, initial=None):
    return np.min(_t(x), axis=_axis(axis), keepdims=keepdims)


def _acc(x, dtype):
    return dtype if dtype is not None else accumulate_dtype(x.dtype.name)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _t(x)
    d = _acc(x, dtype)
    return np.asarray(np.prod(x, axis=_axis(axis), keepdims=keepdims,
                              dtype=d))


def sum(x, axis=None, keepdims=False):
    x = _t(x)
    d = _acc(x, None)
    return np.asarray(np.sum(x, axis=_axis(axis), keepdims=keepdims,
                             dtype=d))


def _float_reduce(fn):
    def op(x, axis=None, keepdims=False):
        x = _t(x)
        d = x.dtype if x.dtype.kind == "f" else np.dtype(config.floatx())
        return np.asarray(fn(x, axis=_axis(axis), keepdims=keepdims)).astype(d)

    op.__name__ = fn.__name__
    return op


mean = _float_reduce(np.mean)
var = _float_reduce(np.var)
std = _float_reduce(np.std)


def any(x, axis=None, keepdims=False):
    return np.any(_t(x), axis=_axis(axis), keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    return np.all(_t(x), axis=_axis(axis), keepdims=keepdims)


def argmax(x, axis=None, keepdims=False):
    return np.asarray(np.argmax(_t(x), axis=axis, keepdims=keepdims), "int32")


def argmin(x, axis=None, keepdims=False):
    return np.asarray(np.argmin(_t(x), axis=axis, keepdims=keepdims), "int32")


def cumsum(x, axis=None, dtype=None):
    x = _t(x)
    return np.cumsum(x, axis=axis, dtype=_acc(x, dtype))


def cumprod(x, axis=None, dtype=None):
    x = _t(x)
    return np.cumprod(x, axis=axis, dtype=_acc(x, dtype))


def sort(x, axis=-1):
    return np.sort(_t(x), axis=axis)



def argsort(x, axis=-1):
    return np.argsort(_t(x), axis=axis, kind="stable").astype("int32")


def top_k(x, k, sorted=True):
    x = _t(x)
    idx = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, idx, axis=-1), idx.astype("int32")


def matmul(x1, x2):
    (a, b), _ = _prep(x1, x2)
    return np.matmul(a, b)


def einsum(subscripts, *operands):
    ops, _ = _prep(*operands)
    return np.einsum(subscripts, *ops)


def tensordot(x1, x2, axes=2):
    (a, b), _ = _prep(x1, x2)
    return np.tensordot(a, b, axes=axes)


def reshape(x, newshape):
    return np.reshape(_t(x), newshape)


def transpose(x, axes=None):
    return np.transpose(_t(x), axes)


def expand_dims(x, axis):
    return np.expand_dims(_t(x), axis)


def squeeze(x, axis=None):
    return np.squeeze(_t(x), axis=_axis(axis))


def broadcast_to(x, shape):
    return np.broadcast_to(_t(x), tuple(shape))


def concatenate(xs, axis=0):
    xs, _ = _prep(*xs)
    return np.concatenate(xs, axis=axis)


def stack(xs, axis=0):
    xs, _ = _prep(*xs)
    return np.stack(xs, axis=axis)


def split(x, indices_or_sections, axis=0):
    return np.split(_t(x), indices_or_sections, axis=axis)


def tile(x, repeats):
    return np.tile(_t(x), repeats)


def repeat(x, repeats, axis=None):
    return np.repeat(_t(x), repeats, axis=axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _t(x)
    if mode == "constant":
        return np.pad(x, pad_width, mode="constant",
                      constant_values=constant_values or 0)
    return np.pad(x, pad_width, mode=mode)


def flip(x, axis=None):
    return np.flip(_t(x), axis=_axis(axis))


def roll(x, shift, axis=None):
    return np.roll(_t(x), shift, axis=axis)


def take(x, indices, axis=None):
    return np.take(_t(x), _t(indices), axis=axis)


def take_along_axis(x, indices, axis=None):
    return np.take_along_axis(_t(x), _t(indices), axis=axis)


def _key(key):
    if isinstance(key, tuple):
        return tuple(_key(k) for k in key)
    if key is None or key is Ellipsis:
        return key
    if isinstance(key, (int, builtins.slice)):
        return key
    return _t(key)


def getitem(x, key):
    return _t(x)[_key(key)]


def slice(x, start_indices, shape):
    x = _t(x)
    index = tuple(
        builtins.slice(int(s), int(s) + int(n))
        for s, n in zip(start_indices, shape)
    )
    return x[index]


def slice_update(x, start_indices, updates):
    x = np.array(_t(x), copy=True)
    updates = _t(updates)
    index = tuple(
        builtins.slice(int(s), int(s) + n)
        for s, n in zip(start_indices, updates.shape)
    )
    x[index] = updates
    return x


def scatter(indices, values, shape):
    values = _t(values)
    out = np.zeros(tuple(shape), values.dtype)
    indices = _t(indices)
    np.add.at(out, tuple(indices.T), values)
    return out


def scatter_update(x, indices, updates):
    x = np.array(_t(x), copy=True)
    indices = _t(indices)
    x[tuple(indices.T)] = _t(updates)
    return x


def tril(x, k=0):
    return np.tril(_t(x), k)


def triu(x, k=0):
    return np.triu(_t(x), k)


def cast(x, dtype):
    return _t(x).astype(dtypes.standardize_dtype(dtype), copy=False)


def _cdtype(dtype):
    return dtypes.standardize_dtype(dtype)


def zeros(shape, dtype=None):
    return np.zeros(shape, _cdtype(dtype))


def ones(shape, dtype=None):
    return np.ones(shape, _cdtype(dtype))


def empty(shape, dtype=None):
    return np.empty(shape, _cdtype(dtype))


def full(shape, fill_value, dtype=None):
    return np.full(shape, fill_value, _cdtype(dtype))


def zeros_like(x, dtype=None):
    x = _t(x)
    return np.zeros_like(x, dtype=x.dtype if dtype is None else dtype)


def ones_like(x, dtype=None):
    x = _t(x)
    return np.ones_like(x, dtype=x.dtype if dtype is None else dtype)


def full_like(x, fill_value, dtype=None):
    x = _t(x)
    return np.full_like(x, fill_value,
                        dtype=x.dtype if dtype is None else dtype)


def arange(start, stop=None, step=1, dtype=None):
    if dtype is None:
        values = (start, stop, step)
        floats = [v for v in values if isinstance(v, float)]
        dtype = config.floatx() if floats else "int32"
    return np.arange(start, stop, step, dtype=dtypes.standardize_dtype(dtype))


def eye(N, M=None, k=0, dtype=None):
    return np.eye(N, M, k, dtype=_cdtype(dtype))


def linspace(start, stop, num=50, endpoint=True, dtype=None):
    return np.linspace(start, stop, num, endpoint=endpoint).astype(
        _cdtype(dtype)
    )


def stop_gradient(x):
    return _t(x)


# Exactly the primitives this module implements (for the engine's `*`).
__all__ = [n for n in PRIMITIVES if n in globals()]
