"""Conformance of the math composites in `cornu.ops` (`ops/math.py`)."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend
import cornu.ops as ops
import cornu.ops.math as math_ops
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

R = Inputs(33)
f32, i32 = R.f32, R.i32
M = f32(3, 4)


def _logsumexp(x, axis=None, keepdims=False):
    x = np.asarray(x, np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def _segment(reduce):
    def ref(data, segment_ids, num_segments=None, sorted=False):
        n = int(segment_ids.max()) + 1 if num_segments is None else \
            num_segments
        return np.stack([reduce(data[segment_ids == s], axis=0)
                         for s in range(n)])
    return ref


def _norm(x, ord=None, axis=None, keepdims=False):
    if isinstance(axis, tuple):
        return np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    if axis is None and ord is None:
        return np.linalg.norm(x.ravel(), keepdims=False).reshape(
            (1,) * x.ndim if keepdims else ())
    return np.linalg.norm(x, ord=ord, axis=-1 if axis is None else axis,
                          keepdims=keepdims)


def _extract_sequences(x, sequence_length, sequence_stride):
    count = 1 + (x.shape[-1] - sequence_length) // sequence_stride
    return np.stack([x[..., i * sequence_stride:
                       i * sequence_stride + sequence_length]
                     for i in range(count)], axis=-2)


def _in_top_k(targets, predictions, k):
    kth = -np.sort(-predictions, axis=-1)[..., k - 1]
    return predictions[np.arange(len(targets)), targets] >= kth


_ids = np.array([0, 0, 1, 2, 2, 2], np.int32)
_unsorted = np.array([2, 0, 1, 0, 2, 1], np.int32)
_with_zeros = np.array([[0.0, 1.5, -2.0, 0.0], [3.0, 0.0, 0.0, 0.0]],
                       np.float32)
_all_neg_inf = np.array([[-np.inf, -np.inf], [0.0, 1.0]], np.float32)

CASES = [
    case("logsumexp", M, ref=_logsumexp, id="all"),
    case("logsumexp", M, axis=1, ref=_logsumexp, id="axis1"),
    case("logsumexp", f32(2, 3, 4), axis=(0, 2), keepdims=True,
         ref=_logsumexp, id="axis-tuple-keepdims"),
    case("logsumexp", np.array([[1000.0, 1000.0], [-1000.0, 0.0]],
                               np.float32), axis=-1, ref=_logsumexp,
         id="large", tol=(1e-5, 1e-5)),
    case("logsumexp", _all_neg_inf, axis=1, ref=_logsumexp,
         id="all-neg-inf"),
    case("logsumexp", np.array([[1, 2], [3, 4]], np.int32), axis=0,
         ref=_logsumexp, id="i32", out_dtype="float32"),
    case("segment_sum", f32(6, 2), _ids, 3, ref=_segment(np.sum),
         id="sorted"),
    case("segment_sum", f32(6), _unsorted, ref=_segment(np.sum),
         id="unsorted-inferred", symbolic=False,
         oracle={"jax": "num_segments=None is refused"}),
    case("segment_sum", i32(6, 2), _ids, num_segments=3,
         ref=_segment(np.sum), id="i32", out_dtype="int32"),
    case("segment_max", f32(6, 2), _ids, 3, ref=_segment(np.max),
         id="sorted"),
    case("segment_max", f32(6), _unsorted, ref=_segment(np.max),
         id="unsorted-inferred", symbolic=False,
         oracle={"jax": "num_segments=None is refused"}),
    case("norm", M, ref=_norm, id="default", tol=(1e-5, 1e-5)),
    case("norm", M, keepdims=True, ref=_norm, id="default-keepdims",
         tol=(1e-5, 1e-5)),
    case("norm", M, ord=1, axis=0, ref=_norm, id="l1", tol=(1e-5, 1e-5)),
    case("norm", M, ord=np.inf, axis=1, ref=_norm, id="inf"),
    case("norm", _with_zeros, ord=0, axis=-1, ref=_norm, id="l0"),
    case("norm", M, ord=3, axis=1, keepdims=True, ref=_norm, id="l3",
         tol=(1e-5, 1e-5)),
    case("norm", M, axis=1, ref=_norm, id="axis1", tol=(1e-5, 1e-5)),
    case("norm", f32(2, 3, 4), ord="fro", axis=(1, 2), ref=_norm,
         id="fro", tol=(1e-5, 1e-5)),
    case("extract_sequences", f32(2, 10), 4, 3, ref=_extract_sequences,
         id="2d"),
    case("extract_sequences", f32(9), 3, 3, ref=_extract_sequences,
         id="1d-exact"),
    case("in_top_k", np.array([1, 0, 4], np.int32), f32(3, 5), 2,
         ref=_in_top_k, id="k2", out_dtype="bool"),
    case("in_top_k", np.array([3, 2], np.int32), f32(2, 6), 1,
         ref=_in_top_k, id="k1"),
]

SYMBOLIC_CASES = [c for c in CASES if c.symbolic and has_symbolic(
    (to_symbolic(c.args), to_symbolic(c.kwargs)))]
ORACLE_CASES = [c for c in CASES if c.oracle]
FUSED_CASES = [c for c in CASES if c.op in cornu.backend.engine().fused]


def test_every_export_has_a_case():
    missing = sorted(set(math_ops.__all__) - {c.op for c in CASES})
    assert not missing, f"ops/math.py exports without a case: {missing}"


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


def test_norm_of_a_matrix_supports_only_frobenius():
    with pytest.raises(ValueError, match="ord"):
        ops.norm(ops.convert_to_tensor(M), ord=2, axis=(0, 1))


def test_logsumexp_symbolic_unknown_batch():
    out = ops.logsumexp(SymbolicTensor((None, 5), "float32"), axis=-1)
    assert out.shape == (None,) and out.dtype == "float32"
