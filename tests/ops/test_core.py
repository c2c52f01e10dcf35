"""Conformance of the core ops in `cornu.ops` (`ops/core.py`): conversion,
shape and dtype queries and the loops built on the control-flow primitives.
Also checks the engine's fused table as a whole."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend
import cornu.ops as ops
import cornu.ops.core as core_ops
import cornu.ops.math as math_ops
import cornu.ops.nn as nn_ops
import cornu.ops.numpy as numpy_ops
from cornu.backend import SymbolicTensor
from tests._opcase import (
    Inputs,
    call_eager,
    case,
    check_oracle,
    check_symbolic,
    check_values,
    has_symbolic,
    ids,
    to_symbolic,
)

R = Inputs(44)
f32, i32 = R.f32, R.i32
X = f32(2, 3, 4)
V = f32(3)


def _is_ndarray(out, *args, **kwargs):
    assert type(out) is np.ndarray, type(out)


def _add_index(i, v):
    return ops.add(v, ops.cast(i, "float32"))


_BRANCHES = [lambda x: ops.add(x, 1.0), lambda x: ops.multiply(x, 2.0),
             lambda x: ops.negative(x)]
_BRANCHES_NP = [lambda x: x + 1.0, lambda x: x * 2.0, lambda x: -x]


def _switch_ref(index, branches, x):
    return _BRANCHES_NP[int(np.clip(index, 0, 2))](x)


_UNSTACK_BUG = {"torch": "unstack fails on NumPy inputs"}

CASES = [
    case("convert_to_tensor", [[1.0, 2.0], [3.0, 4.0]], ref=np.array,
         id="float-list", out_dtype="float32", symbolic=False),
    case("convert_to_tensor", [1, 2, 3], ref=np.array, id="int-list",
         out_dtype="int32", symbolic=False),
    case("convert_to_tensor", 2.5, ref=np.array, id="python-float",
         out_dtype="float32", symbolic=False),
    case("convert_to_tensor", True, ref=np.array, id="python-bool",
         out_dtype="bool", symbolic=False),
    case("convert_to_tensor", X, dtype="float16", id="dtype",
         ref=lambda x, dtype: x.astype(dtype), out_dtype="float16",
         tol=(1e-3, 1e-3)),
    case("convert_to_tensor", i32(2, 3), ref=lambda x: x, id="keeps-dtype",
         out_dtype="int32"),
    case("convert_to_numpy", X, ref=lambda x: x, check=_is_ndarray,
         id="f32", symbolic=False),
    case("convert_to_numpy", i32(4), ref=lambda x: x, check=_is_ndarray,
         id="i32", symbolic=False),
    # a SymbolicTensor is not an engine tensor, so no symbolic check
    case("is_tensor", X, ref=lambda x: True, id="tensor", oracle=False,
         symbolic=False),
    case("is_tensor", [1.0, 2.0], ref=lambda x: False, id="list",
         symbolic=False, oracle=False),
    case("shape", X, ref=np.shape, id="3d"),
    case("shape", np.float32(1.5), ref=np.shape, id="scalar",
         symbolic=False, oracle=False),
    case("dtype", X, ref=lambda x: "float32", id="f32", oracle=False),
    case("dtype", i32(3), ref=lambda x: "int32", id="i32", oracle=False),
    case("fori_loop", 0, 5, _add_index, V, id="sum-index",
         ref=lambda lo, hi, body, v: v + 10.0, oracle=False),
    case("fori_loop", 2, 2, _add_index, V, id="empty-range",
         ref=lambda lo, hi, body, v: v, oracle=False),
    case("unstack", X, ref=lambda x: list(x), id="axis0",
         oracle=_UNSTACK_BUG),
    case("unstack", X, axis=1, ref=lambda x, axis: list(
        np.moveaxis(x, 1, 0)), id="axis1", oracle=_UNSTACK_BUG),
    case("unstack", X, num=4, axis=-1, ref=lambda x, num, axis: list(
        np.moveaxis(x, -1, 0)), id="num-axis-last", oracle=_UNSTACK_BUG),
    case("map", lambda v: ops.sum(ops.square(v)), f32(4, 3), id="reduce",
         ref=lambda f, xs: (xs.astype(np.float64) ** 2).sum(axis=1),
         oracle=False, tol=(1e-5, 1e-5)),
    case("map", lambda v: (v, ops.multiply(v, 2.0)), f32(4, 2), id="tuple",
         ref=lambda f, xs: (xs, xs * 2.0), oracle=False),
    case("switch", 1, _BRANCHES, V, ref=_switch_ref, id="index1",
         oracle=False),
    case("switch", 7, _BRANCHES, V, ref=_switch_ref, id="clamps-high",
         oracle=False),
    case("switch", -2, _BRANCHES, V, ref=_switch_ref, id="clamps-low",
         oracle=False),
    case("switch", np.array(2, np.int32), _BRANCHES, V, ref=_switch_ref,
         id="tensor-index", oracle=False, symbolic=False),
]

SYMBOLIC_CASES = [c for c in CASES if c.symbolic and has_symbolic(
    (to_symbolic(c.args), to_symbolic(c.kwargs)))]
ORACLE_CASES = [c for c in CASES if c.oracle]


def test_every_export_has_a_case():
    missing = sorted(set(core_ops.__all__) - {c.op for c in CASES})
    assert not missing, f"ops/core.py exports without a case: {missing}"


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


def test_convert_to_numpy_of_a_symbolic_tensor_explains():
    with pytest.raises(TypeError, match="symbolic tensor has no value"):
        ops.convert_to_numpy(SymbolicTensor((2, 3), "float32"))


def test_convert_to_tensor_of_a_symbolic_tensor_casts_symbolically():
    x = SymbolicTensor((None, 3), "int32")
    assert ops.convert_to_tensor(x) is x
    out = ops.convert_to_tensor(x, "float32")
    assert isinstance(out, SymbolicTensor)
    assert out.shape == (None, 3) and out.dtype == "float32"


def test_unstack_of_an_unknown_axis_asks_for_num():
    with pytest.raises(ValueError, match="num"):
        ops.unstack(SymbolicTensor((None, 3), "float32"))
    parts = ops.unstack(SymbolicTensor((None, 3), "float32"), num=2)
    assert len(parts) == 2 and parts[0].shape == (3,)


def test_variables_are_read_by_core_ops():
    v = cornu.backend.engine().Variable(X, dtype="float32", name="v")
    assert ops.shape(v) == (2, 3, 4)
    assert ops.dtype(v) == "float32"
    np.testing.assert_array_equal(ops.convert_to_numpy(v), X)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(ops.convert_to_tensor(v)), X)


_COMPOSITE_MODULES = (numpy_ops, nn_ops, math_ops, core_ops)
# Composites that are not Keras ops (not in `cornu.ops`), each tested in
# tests/ops/test_affine.py and tests/random/test_random.py.
INTERNAL_COMPOSITES = {"affine": nn_ops.affine, "dropout": nn_ops.dropout}


def test_fused_names_are_composites_with_an_oracle():
    # Every engine fast path replaces a public composite whose plain
    # version stays reachable as `.composite` (what the per-family
    # `test_fused_matches_composite` tests compare against).
    exported = {n for m in _COMPOSITE_MODULES for n in m.__all__}
    for name, fast in cornu.backend.engine().fused.items():
        if name in INTERNAL_COMPOSITES:
            op = INTERNAL_COMPOSITES[name]
            assert not hasattr(ops, name), f"{name} is not a Keras op"
            assert op.composite is not op
            continue
        assert name in exported, f"fused {name!r} is not a public composite"
        op = getattr(ops, name)
        assert callable(fast)
        assert callable(getattr(op, "composite", None)), name
        assert op.composite is not op, f"{name}: fast path not installed"


def test_every_fused_name_has_a_case():
    from tests.ops.test_math import CASES as MATH_CASES
    from tests.ops.test_nn import CASES as NN_CASES
    from tests.ops.test_numpy import CASES as NUMPY_CASES

    covered = {c.op for c in (*NUMPY_CASES, *NN_CASES, *MATH_CASES, *CASES)}
    covered |= set(INTERNAL_COMPOSITES)
    missing = sorted(set(cornu.backend.engine().fused) - covered)
    assert not missing, f"fast paths without a case to compare: {missing}"


def test_composite_decorator_keeps_the_plain_version():
    x = ops.convert_to_tensor(f32(3, 4))
    for name in ("relu", "softmax", "logsumexp", "logaddexp", "average"):
        op = getattr(ops, name)
        assert op.composite.__name__ == name
        args = (x, x) if name == "logaddexp" else (x,)
        np.testing.assert_allclose(
            ops.convert_to_numpy(op(*args)),
            ops.convert_to_numpy(op.composite(*args)), rtol=1e-5, atol=1e-6)
