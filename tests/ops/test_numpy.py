"""Conformance of the NumPy-named composites in `cornu.ops` (`ops/numpy.py`):
a NumPy reference, a symbolic-shape check and Keras 3 as oracle for each."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend
import cornu.ops as ops
import cornu.ops.numpy as numpy_ops
from cornu.backend import SymbolicTensor
from tests._opcase import (
    Inputs,
    assert_close,
    call_eager,
    case,
    check_oracle,
    check_symbolic,
    check_values,
    has_symbolic,
    ids,
    to_numpy,
    to_symbolic,
)

R = Inputs(11)
f32, i32 = R.f32, R.i32
X = f32(2, 3, 4)
M = f32(3, 4)


def arr(values, dtype="float32"):
    return np.asarray(values, dtype=dtype)


def _nonzero_i32(*shape):
    return (R.rng.integers(1, 4, shape) * R.rng.choice([-1, 1], shape)
            ).astype(np.int32)


_close_a = arr([1.0, 1.0 + 1e-6, np.nan, np.inf, 1.0, -np.inf])
_close_b = arr([1.0, 1.0, np.nan, np.inf, 2.0, np.inf])
_specials = arr([np.nan, np.inf, -np.inf, 1.5, -0.0])

CASES = [
    case("absolute", M, ref=np.abs, id="f32"),
    case("absolute", i32(3, 4), ref=np.abs, id="i32", out_dtype="int32"),
    case("amax", X, ref=np.amax, id="all"),
    case("amax", X, axis=(0, 2), keepdims=True, ref=np.amax,
         id="axis-keepdims"),
    case("amin", X, ref=np.amin, id="all"),
    case("amin", i32(3, 4), axis=1, ref=np.amin, id="i32"),
    case("append", f32(2, 2), f32(3), ref=np.append, id="flat"),
    case("append", f32(2, 2), f32(1, 2), axis=0, ref=np.append, id="axis0"),
    case("average", X, ref=np.average, id="plain"),
    case("average", M, axis=1, weights=f32(4, lo=0.1, hi=1.0),
         ref=np.average, id="axis-weights", tol=(1e-5, 1e-5)),
    case("average", M, weights=f32(3, 4, lo=0.1, hi=1.0), ref=np.average,
         id="full-weights", tol=(1e-5, 1e-5),
         oracle={"torch": "average with axis=None and full weights "
                          "returns per-row averages"}),
    case("average", i32(3, 4), axis=0, ref=np.average, id="i32",
         out_dtype="float32"),
    case("copy", M, ref=np.copy, id="f32"),
    case("count_nonzero", arr([[0, 1.5, 0], [2, 0, -1]]),
         ref=np.count_nonzero, id="all", out_dtype="int32"),
    case("count_nonzero", arr([[0, 1, 0], [2, 0, -1]], "int32"), axis=1,
         ref=np.count_nonzero, id="axis1"),
    case("diag", f32(3), ref=np.diag, id="1d"),
    case("diag", f32(3), k=1, ref=np.diag, id="1d-k1"),
    case("diag", f32(3), k=-2, ref=np.diag, id="1d-k-2"),
    case("diag", M, ref=np.diag, id="2d"),
    case("diag", M, k=1, ref=np.diag, id="2d-k1"),
    case("diag", M, k=-1, ref=np.diag, id="2d-k-1"),
    case("diagonal", M, ref=np.diagonal, id="2d"),
    case("diagonal", M, offset=2, ref=np.diagonal, id="offset"),
    case("diagonal", M, offset=-1, ref=np.diagonal, id="negative-offset"),
    case("diagonal", X, offset=1, axis1=1, axis2=2, ref=np.diagonal,
         id="3d-axes"),
    case("dot", M, f32(4, 2), ref=np.dot, id="2d", tol=(1e-5, 1e-5)),
    case("dot", f32(4), f32(4), ref=np.dot, id="1d", tol=(1e-5, 1e-5)),
    case("dot", f32(4), f32(4, 3), ref=np.dot, id="1d-2d", tol=(1e-5, 1e-5)),
    case("dot", X, f32(3, 4, 2), ref=np.dot, id="nd", tol=(1e-5, 1e-5),
         oracle={"torch": "dot of N-d tensors fails to broadcast"}),
    case("dot", arr(2.5), M, ref=np.dot, id="scalar"),
    case("hstack", [f32(2), f32(3)], ref=np.hstack, id="1d"),
    case("hstack", [f32(2, 2), f32(2, 3)], ref=np.hstack, id="2d"),
    case("identity", 3, ref=lambda n, dtype=None: np.identity(n),
         id="floatx", out_dtype="float32", symbolic=False),
    case("identity", 2, dtype="int32", ref=lambda n, dtype: np.identity(n),
         id="i32", out_dtype="int32", symbolic=False),
    case("isclose", _close_a, _close_b, ref=np.isclose, id="default",
         out_dtype="bool"),
    case("isclose", _close_a, _close_b, equal_nan=True, ref=np.isclose,
         id="equal-nan"),
    case("isclose", arr([1.0, 1.1]), arr([1.05, 1.0]), rtol=0.1,
         ref=np.isclose, id="rtol"),
    case("allclose", M, M + 1e-7, ref=np.allclose, id="true"),
    case("allclose", M, M + 1e-2, ref=np.allclose, id="false"),
    case("logaddexp", f32(3, 1), f32(4), ref=np.logaddexp, id="broadcast"),
    case("logaddexp", arr([100.0, -100.0, 0.0]), arr([100.5, -99.0, -50.0]),
         ref=np.logaddexp, id="large", tol=(1e-5, 1e-5)),
    case("logaddexp", arr([-np.inf, np.inf, -np.inf]),
         arr([-np.inf, np.inf, 1.0]), ref=np.logaddexp, id="infinities"),
    case("meshgrid", f32(3), f32(4), ref=np.meshgrid, id="xy"),
    case("meshgrid", f32(3), f32(4), indexing="ij", ref=np.meshgrid,
         id="ij"),
    case("meshgrid", f32(2), f32(3), f32(4), ref=np.meshgrid, id="xy-3"),
    case("moveaxis", X, 0, -1, ref=np.moveaxis, id="single"),
    case("moveaxis", X, (0, 1), (2, 0), ref=np.moveaxis, id="tuple"),
    case("nan_to_num", _specials, ref=np.nan_to_num, id="defaults"),
    case("nan_to_num", _specials, nan=1.0, posinf=9.0, neginf=-9.0,
         ref=np.nan_to_num, id="values"),
    case("nan_to_num", i32(4), ref=np.nan_to_num, id="i32"),
    case("ndim", X, ref=np.ndim, id="3d"),
    case("outer", f32(3), f32(4), ref=np.outer, id="1d"),
    case("outer", f32(2, 2), f32(3), ref=np.outer, id="ravels"),
    case("ravel", X, ref=np.ravel, id="3d"),
    case("reciprocal", f32(3, 4, lo=0.5, hi=2.0), ref=np.reciprocal,
         id="f32"),
    # Keras's own backends disagree on integer input (jax/numpy keep ints,
    # torch gives floats); cornu's rule gives floats.
    case("reciprocal", _nonzero_i32(4), ref=lambda x: 1.0 / x,
         id="i32-to-float32", out_dtype="float32", oracle=False),
    case("size", X, ref=np.size, id="3d"),
    case("swapaxes", X, 0, 2, ref=np.swapaxes, id="3d"),
    case("trace", M, ref=np.trace, id="2d", tol=(1e-5, 1e-5)),
    case("trace", M, offset=1, ref=np.trace, id="offset"),
    case("trace", X, offset=-1, axis1=1, axis2=2, ref=np.trace,
         id="3d-axes"),
    case("true_divide", i32(3, 4), _nonzero_i32(4), ref=np.true_divide,
         id="i32-to-float32", out_dtype="float32"),
    case("vstack", [f32(3), f32(3)], ref=np.vstack, id="1d"),
    case("vstack", [f32(2, 3), f32(1, 3)], ref=np.vstack, id="2d"),
    case("array", [[1.0, 2.0], [3.0, 4.0]], ref=np.array, id="floats",
         out_dtype="float32", symbolic=False),
    case("array", [1, 2, 3], ref=np.array, id="ints", out_dtype="int32",
         symbolic=False),
    case("array", M, dtype="int32", ref=lambda x, dtype: x.astype(dtype),
         id="cast", out_dtype="int32"),
    case("square_sum", X, axis=1, ref=lambda x, axis: np.sum(x * x, axis),
         id="axis1", oracle=False, tol=(1e-5, 1e-5)),
    case("square_sum", M, ref=lambda x: np.sum(x * x), id="all",
         oracle=False, tol=(1e-5, 1e-5)),
    case("tri", 3, ref=np.tri, id="square", out_dtype="float32",
         symbolic=False),
    case("tri", 3, 4, 1, ref=np.tri, id="rect-k", symbolic=False),
    case("tri", 3, k=-1, dtype="int32", ref=lambda n, k, dtype: np.tri(
        n, k=k), id="i32", out_dtype="int32", symbolic=False),
    case("rsqrt", f32(3, 4, lo=0.1, hi=4.0), ref=lambda x: 1 / np.sqrt(x),
         id="f32"),
    case("cbrt", arr([-27.0, -1.5, 0.0, 0.3, 8.0]), ref=np.cbrt, id="f32"),
    case("sinc", arr([-2.5, -1.0, 0.0, 0.3, 1.0, 3.2]), ref=np.sinc,
         id="f32", tol=(1e-5, 1e-6)),
    case("median", f32(3, 5), ref=np.median, id="all"),
    case("median", f32(3, 5), axis=1, ref=np.median, id="odd"),
    case("median", M, axis=1, keepdims=True, ref=np.median,
         id="even-keepdims"),
    case("median", M, axis=0, ref=np.median, id="axis0"),
    case("quantile", f32(3, 5), 0.25, axis=1, ref=np.quantile, id="axis1"),
    case("quantile", f32(3, 5), 0.9, ref=np.quantile, id="all"),
    case("quantile", M, 0.5, axis=0, keepdims=True, ref=np.quantile,
         id="keepdims"),
    case("logspace", 0.0, 2.0, 5, ref=np.logspace, id="base10",
         out_dtype="float32", symbolic=False, tol=(1e-5, 1e-5)),
    case("logspace", 0.0, 3.0, 4, endpoint=False, base=2,
         ref=np.logspace, id="base2", symbolic=False),
    case("deg2rad", f32(3, 4, lo=-360, hi=360), ref=np.deg2rad, id="f32"),
    case("rad2deg", f32(3, 4), ref=np.rad2deg, id="f32", tol=(1e-5, 1e-5)),
    case("hypot", f32(3, 1), f32(4), ref=np.hypot, id="broadcast"),
    case("vdot", f32(2, 3), f32(3, 2), ref=np.vdot, id="ravels",
         tol=(1e-5, 1e-5),
         oracle={"torch": "vdot does not ravel N-d inputs"}),
    case("cross", f32(4, 3), f32(4, 3), ref=np.cross, id="last-axis"),
    case("cross", f32(3, 4), f32(3, 4), axis=0, ref=np.cross, id="axis0"),
    case("cross", f32(3, 2), f32(2, 3), axisa=0, axisc=0, ref=np.cross,
         id="axisa-axisc",
         oracle={"torch": "axisa/axisb/axisc are not supported"}),
    case("diff", f32(3, 5), ref=np.diff, id="last"),
    case("diff", f32(4, 3), n=2, axis=0, ref=np.diff, id="n2-axis0"),
]

SYMBOLIC_CASES = [c for c in CASES if c.symbolic and has_symbolic(
    (to_symbolic(c.args), to_symbolic(c.kwargs)))]
ORACLE_CASES = [c for c in CASES if c.oracle]
FUSED_CASES = [c for c in CASES if c.op in cornu.backend.engine().fused]


def test_every_export_has_a_case():
    missing = sorted(set(numpy_ops.__all__) - {c.op for c in CASES})
    assert not missing, f"ops/numpy.py exports without a case: {missing}"


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_op(c):
    check_values(c, call_eager(c))


@pytest.mark.parametrize("c", SYMBOLIC_CASES, ids=ids(SYMBOLIC_CASES))
def test_op_symbolic(c):
    check_symbolic(c)


@pytest.mark.oracle
@pytest.mark.parametrize("c", ORACLE_CASES, ids=ids(ORACLE_CASES))
def test_op_matches_keras(c):
    check_oracle(c)


@pytest.mark.parametrize("c", FUSED_CASES, ids=ids(FUSED_CASES))
def test_fused_matches_composite(c):
    fast = call_eager(c)
    slow = call_eager(c, getattr(ops, c.op).composite)
    assert_close(to_numpy(fast), to_numpy(slow), 1e-5, 1e-6, repr(c))
    assert ops.dtype(fast) == ops.dtype(slow)


def test_symbolic_unknown_dims_flow_through():
    x = SymbolicTensor((None, 3, 4), "float32")
    out = ops.moveaxis(x, 0, -1)
    assert out.shape == (3, 4, None) and out.dtype == "float32"
    assert ops.ravel(x).shape == (None,)
    assert ops.outer(SymbolicTensor((3,), "int32"),
                     SymbolicTensor((2,), "float32")).dtype == "float32"


def test_moveaxis_error_names_the_argument():
    with pytest.raises(ValueError, match="axis"):
        ops.moveaxis(X, 3, 0)
