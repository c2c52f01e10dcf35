"""`cornu.ops.nn.affine` (`x @ kernel + bias`, the product of `Dense`): an
internal composite with an engine fast path (torch: `addmm`)."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
import cornu.ops as ops
from cornu.backend import SymbolicTensor
from cornu.ops.nn import affine


def _rng_case(x_shape, units, dtype="float32", bias=True, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=x_shape).astype(dtype)
    kernel = rng.normal(size=(x_shape[-1], units)).astype(dtype)
    b = rng.normal(size=(units,)).astype(dtype) if bias else None
    return x, kernel, b


def _reference(x, kernel, b):
    out = x.astype(np.float64) @ kernel.astype(np.float64)
    return out if b is None else out + b


def _engine(*arrays):
    return [None if a is None else ops.convert_to_tensor(a) for a in arrays]


@pytest.mark.parametrize("x_shape,units,dtype,bias", [
    ((4, 3), 5, "float32", True),
    ((1, 7), 2, "float32", True),
    ((4, 3), 5, "float32", False),
    ((2, 4, 3), 5, "float32", True),
    ((6, 3), 4, "float64", True),
])
def test_values_match_numpy_and_the_composite(x_shape, units, dtype, bias):
    x, kernel, b = _rng_case(x_shape, units, dtype, bias)
    fast = ops.convert_to_numpy(affine(*_engine(x, kernel, b)))
    slow = ops.convert_to_numpy(affine.composite(*_engine(x, kernel, b)))
    assert fast.shape == (*x_shape[:-1], units)
    # float64 stays float64 where the engine has it (jax runs without x64)
    assert fast.dtype == ops.convert_to_numpy(
        ops.matmul(*_engine(x, kernel))).dtype
    np.testing.assert_allclose(fast, _reference(x, kernel, b), rtol=1e-5,
                               atol=1e-5)
    np.testing.assert_allclose(fast, slow, rtol=1e-6, atol=1e-6)


def test_integer_inputs_promote_like_matmul():
    x = np.arange(6, dtype="int32").reshape(2, 3)
    kernel = np.ones((3, 2), "float32")
    b = np.array([0.5, -1.0], "float32")
    out = affine(*_engine(x, kernel, b))
    assert ops.dtype(out) == ops.dtype(ops.matmul(*_engine(x, kernel)))
    np.testing.assert_allclose(ops.convert_to_numpy(out),
                               x @ kernel + b, rtol=1e-6)


def test_variables_are_read():
    x, kernel, b = _rng_case((3, 4), 2)
    engine = cornu.backend.engine()
    out = affine(ops.convert_to_tensor(x),
                 engine.Variable(kernel, name="kernel"),
                 engine.Variable(b, name="bias"))
    np.testing.assert_allclose(ops.convert_to_numpy(out),
                               _reference(x, kernel, b), rtol=1e-5, atol=1e-5)


def test_symbolic_shape():
    x = SymbolicTensor((None, 3), "float32")
    kernel = SymbolicTensor((3, 5), "float32")
    out = affine(x, kernel, SymbolicTensor((5,), "float32"))
    assert tuple(out.shape) == (None, 5)
    assert out.dtype == "float32"


def test_column_major_kernel_gives_the_same_numbers():
    # Dense stores its kernel column-major on torch; the product must not
    # depend on the memory order.
    x, kernel, b = _rng_case((5, 6), 3)
    layer = cornu.layers.Dense(3)
    layer.build((None, 6))
    layer.set_weights([kernel, b])
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               _reference(x, kernel, b), rtol=1e-5,
                               atol=1e-5)
    np.testing.assert_array_equal(layer.get_weights()[0], kernel)
