"""NumPy-named composite ops, written once over the primitives."""

from __future__ import annotations

import cornu.ops as o
from cornu.backend.common import dtypes
from cornu.backend.common.primitives import canonical_axis, shape_of
from cornu.ops._dispatch import composite

__all__ = [
    "absolute", "amax", "amin", "append", "average", "copy",
    "count_nonzero", "diag", "diagonal", "dot", "hstack", "identity",
    "isclose", "allclose", "logaddexp", "meshgrid", "moveaxis", "nan_to_num",
    "ndim", "outer", "ravel", "reciprocal", "size", "swapaxes", "trace",
    "true_divide", "vstack", "array", "square_sum", "tri", "rsqrt",
    "cbrt", "sinc", "median", "quantile", "logspace", "deg2rad", "rad2deg",
    "hypot", "vdot", "cross", "diff",
]

absolute = o.abs
true_divide = o.divide


def amax(x, axis=None, keepdims=False):
    return o.max(x, axis=axis, keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    return o.min(x, axis=axis, keepdims=keepdims)


def array(x, dtype=None):
    return o.convert_to_tensor(x, dtype)


def copy(x):
    return o.where(True, x, x)


def append(x1, x2, axis=None):
    if axis is None:
        return o.concatenate([ravel(x1), ravel(x2)])
    return o.concatenate([x1, x2], axis=axis)


@composite
def average(x, axis=None, weights=None):
    if weights is None:
        return o.mean(x, axis=axis)
    if axis is not None and len(shape_of(weights)) == 1:
        shape = [1] * len(shape_of(x))
        shape[canonical_axis(axis, len(shape))] = shape_of(weights)[0]
        weights = o.reshape(weights, shape)
    num = o.sum(o.multiply(x, weights), axis=axis)
    den = o.sum(o.multiply(o.ones_like(x), weights), axis=axis)
    return o.divide(num, den)


def count_nonzero(x, axis=None):
    return o.sum(o.not_equal(x, 0), axis=axis)


def ravel(x):
    return o.reshape(x, (-1,))


def ndim(x) -> int:
    return len(shape_of(x))


def size(x) -> int:
    n = 1
    for d in shape_of(x):
        n *= d
    return n


def reciprocal(x):
    return o.divide(1.0, x)


def rsqrt(x):
    return o.divide(1.0, o.sqrt(x))


def cbrt(x):
    return o.multiply(o.sign(x), o.power(o.abs(x), 1.0 / 3.0))


def sinc(x):
    x = o.multiply(x, 3.141592653589793)
    safe = o.where(o.equal(x, 0), 1.0, x)
    return o.where(o.equal(x, 0), 1.0, o.divide(o.sin(safe), safe))


def deg2rad(x):
    return o.multiply(x, 3.141592653589793 / 180.0)


def rad2deg(x):
    return o.multiply(x, 180.0 / 3.141592653589793)


def hypot(x1, x2):
    return o.sqrt(o.add(o.square(x1), o.square(x2)))


def moveaxis(x, source, destination):
    n = len(shape_of(x))
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    src = [canonical_axis(a, n) for a in src]
    dst = [canonical_axis(a, n) for a in dst]
    order = [a for a in range(n) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return o.transpose(x, order)


def swapaxes(x, axis1, axis2):
    n = len(shape_of(x))
    order = list(range(n))
    a, b = canonical_axis(axis1, n), canonical_axis(axis2, n)
    order[a], order[b] = order[b], order[a]
    return o.transpose(x, order)


def dot(x1, x2):
    if not shape_of(x1) or not shape_of(x2):
        return o.multiply(x1, x2)
    if len(shape_of(x2)) <= 2:
        return o.matmul(x1, x2)
    return o.tensordot(x1, x2, axes=([-1], [-2]))


def vdot(x1, x2):
    return o.sum(o.multiply(ravel(x1), ravel(x2)))


def outer(x1, x2):
    return o.multiply(o.expand_dims(ravel(x1), -1), o.expand_dims(ravel(x2), 0))


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 3-vectors along `axisa` of `x1` and `axisb` of `x2`,
    placed along `axisc` of the result; `axis` sets all three."""
    if axis is not None:
        axisa = axisb = axisc = axis
    a = o.unstack(x1, 3, axisa)
    b = o.unstack(x2, 3, axisb)
    out = o.stack([
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ], axis=-1)
    return moveaxis(out, -1, axisc)


def diff(a, n=1, axis=-1):
    for _ in range(n):
        size_ = shape_of(a)[axis]
        hi = o.take(a, o.arange(1, size_), axis=axis)
        lo = o.take(a, o.arange(0, size_ - 1), axis=axis)
        a = o.subtract(hi, lo)
    return a


def hstack(xs):
    axis = 0 if len(shape_of(xs[0])) == 1 else 1
    return o.concatenate(list(xs), axis=axis)


def vstack(xs):
    xs = [o.reshape(x, (1, -1)) if len(shape_of(x)) == 1 else x for x in xs]
    return o.concatenate(xs, axis=0)


def identity(n, dtype=None):
    return o.eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    return o.tril(o.ones((N, N if M is None else M), dtype=dtype), k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    x = moveaxis(x, (axis1, axis2), (-2, -1))
    shape = shape_of(x)
    rows, cols = shape[-2], shape[-1]
    n = max(0, min(rows, cols - offset) if offset >= 0 else
            min(rows + offset, cols))
    r = o.arange(n) + (0 if offset >= 0 else -offset)
    c = o.arange(n) + (offset if offset >= 0 else 0)
    return x[..., r, c]


def diag(x, k=0):
    if len(shape_of(x)) == 1:
        m = shape_of(x)[0]
        n = m + abs(k)
        rows = o.arange(m) + max(-k, 0)
        cols = o.arange(m) + max(k, 0)
        return o.scatter(o.stack([rows, cols], axis=1), x, (n, n))
    return diagonal(x, k)


def trace(x, offset=0, axis1=0, axis2=1):
    return o.sum(diagonal(x, offset, axis1, axis2), axis=-1)


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    # Infinities are close only to themselves (`inf - inf` is no distance).
    finite = o.logical_and(o.isfinite(x1), o.isfinite(x2))
    diff_ = o.abs(o.subtract(o.where(finite, x1, 0), o.where(finite, x2, 0)))
    close = o.less_equal(diff_, o.add(atol, o.multiply(rtol, o.abs(x2))))
    close = o.logical_or(o.logical_and(finite, close), o.equal(x1, x2))
    if equal_nan:
        close = o.logical_or(close, o.logical_and(o.isnan(x1), o.isnan(x2)))
    return close


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return o.all(isclose(x1, x2, rtol, atol, equal_nan))


@composite
def logaddexp(x1, x2):
    # Equal infinities would make `x1 - x2` NaN; their distance is 0, and
    # the maximum then gives the answer (NaNs still propagate).
    same_inf = o.logical_and(o.isinf(x1), o.equal(x1, x2))
    delta = o.subtract(o.where(same_inf, 0.0, x1), o.where(same_inf, 0.0, x2))
    m = o.maximum(x1, x2)
    return o.add(m, o.log1p(o.exp(o.negative(o.abs(delta)))))


def meshgrid(*x, indexing="xy"):
    n = len(x)
    shapes = [shape_of(v)[0] for v in x]
    out = []
    for i, v in enumerate(x):
        shape = [1] * n
        shape[i] = shapes[i]
        grid = o.broadcast_to(o.reshape(v, shape), shapes)
        out.append(grid)
    if indexing == "xy" and n >= 2:
        out = [swapaxes(g, 0, 1) for g in out]
    return out


_FLOAT_MAX = {
    "float16": 65504.0, "bfloat16": 3.3895313892515355e38,
    "float32": 3.4028234663852886e38, "float64": 1.7976931348623157e308,
}


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """Replaces NaN by `nan` and infinities by `posinf`/`neginf` (default:
    the dtype's largest finite values, as NumPy)."""
    dtype = dtypes.standardize_dtype(x.dtype)
    if not dtypes.is_float(dtype):
        return x
    big = _FLOAT_MAX[dtype]
    posinf = big if posinf is None else posinf
    neginf = -big if neginf is None else neginf
    x = o.where(o.isnan(x), nan, x)
    x = o.where(o.logical_and(o.isinf(x), o.greater(x, 0)), posinf, x)
    return o.where(o.logical_and(o.isinf(x), o.less(x, 0)), neginf, x)


def square_sum(x, axis=None, keepdims=False):
    return o.sum(o.square(x), axis=axis, keepdims=keepdims)


def median(x, axis=None, keepdims=False):
    return quantile(x, 0.5, axis=axis, keepdims=keepdims)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    if axis is None:
        data = ravel(x)
        ax = 0
    else:
        data, ax = x, canonical_axis(axis, len(shape_of(x)))
    data = o.sort(moveaxis(data, ax, -1), axis=-1)
    n = shape_of(data)[-1]
    pos = float(q) * (n - 1)
    lo, hi = int(pos), min(int(pos) + 1, n - 1)
    frac = pos - lo
    out = data[..., lo] * (1.0 - frac) + data[..., hi] * frac
    if keepdims:
        if axis is None:
            out = o.reshape(out, (1,) * len(shape_of(x)))
        else:
            out = o.expand_dims(out, ax)
    return out


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None):
    return o.power(float(base), o.linspace(start, stop, num, endpoint,
                                           dtype=dtype))
