"""Torch fast paths inside primitives, each checked against the plain torch
code it replaces: `take` of matrix rows through `F.embedding` (values and
gradients against advanced indexing) and `random_uniform` on `[0, 1)`
without the affine pass (bit-identical draws)."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend

if cornu.backend.backend() != "torch":
    pytest.skip("torch engine only", allow_module_level=True)

import torch  # noqa: E402

import cornu.ops as ops  # noqa: E402
from cornu.backend.torch import indexing  # noqa: E402
from cornu.backend.torch import random as torch_random  # noqa: E402


def _indexed(x, indices, axis):
    """The general path: advanced indexing along `axis`."""
    idx = indexing._index(indices, x.device)
    axis = axis % x.ndim
    return x[(slice(None),) * axis + (idx,)]


def _values_and_grad(fn, matrix, indices, axis):
    x = torch.tensor(matrix, requires_grad=True)
    out = fn(x, indices, axis)
    weights = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape)
    (grad,) = torch.autograd.grad((out * weights).sum(), [x])
    return out.detach().numpy(), grad.numpy()


_M = np.random.default_rng(0).standard_normal((9, 4)).astype(np.float32)

_INDICES = {
    "int32-2d": np.array([[0, 8, 3], [3, 3, 1]], np.int32),
    "int64-tensor": torch.tensor([5, 0, 5, 5]),
    "int32-tensor": torch.tensor([[2], [7]], dtype=torch.int32),
    "negative": np.array([-1, -9, 2, -1], np.int32),
    "list": [4, 4, 0],
    "scalar": np.int32(6),
}


@pytest.mark.parametrize("axis", [0, -2])
@pytest.mark.parametrize("key", list(_INDICES))
def test_take_rows_matches_indexing(key, axis):
    indices = _INDICES[key]
    out, grad = _values_and_grad(indexing.take, _M, indices, axis)
    ref_out, ref_grad = _values_and_grad(_indexed, _M, indices, axis)
    np.testing.assert_array_equal(out, ref_out)
    np.testing.assert_array_equal(
        out, np.take(_M, np.asarray(indices), axis=axis))
    # Repeated rows may sum in another order: float32 rounding only.
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-6, atol=1e-6)


def test_take_rows_uses_the_embedding_kernel():
    x = torch.tensor(_M, requires_grad=True)
    out = indexing.take(x, np.array([1, 2]), axis=0)
    assert out.grad_fn.name() == "EmbeddingBackward0"
    # other axes, integer matrices and other ranks keep advanced indexing
    assert indexing.take(x, [1], axis=1).grad_fn.name() != (
        "EmbeddingBackward0")
    ints = torch.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(
        indexing.take(ints, [2, -1], axis=0).numpy(),
        np.take(ints.numpy(), [2, -1], axis=0))


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16,
                                   torch.float64])
def test_take_rows_keeps_the_dtype(dtype):
    x = torch.tensor(_M).to(dtype)
    out = indexing.take(x, np.array([[3, -2]], np.int32), axis=0)
    assert out.dtype is dtype and tuple(out.shape) == (1, 2, 4)
    np.testing.assert_array_equal(out.float().numpy(),
                                  x.float().numpy()[[[3, 7]]])


@pytest.mark.parametrize("index", [9, -10])
def test_take_rows_out_of_range_raises(index):
    with pytest.raises(IndexError):
        indexing.take(torch.tensor(_M), np.array([index]), axis=0)


def test_embedding_layer_gradient_matches_indexing():
    from cornu import layers

    layer = layers.Embedding(9, 4)
    layer.build()
    layer.embeddings.assign(_M)
    ids = np.array([[1, 1, 8], [0, 1, 3]], np.int32)
    out = layer(ids)
    (grad,) = torch.autograd.grad(ops.sum(out * out),
                                  [layer.embeddings.value])
    x = torch.tensor(_M, requires_grad=True)
    ref = x[torch.from_numpy(ids).long()]
    (ref_grad,) = torch.autograd.grad((ref * ref).sum(), [x])
    np.testing.assert_array_equal(out.detach().numpy(), ref.detach().numpy())
    np.testing.assert_allclose(grad.numpy(), ref_grad.numpy(), rtol=1e-6)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32",
                                   "float64"])
def test_unit_uniform_equals_the_affine_draw(dtype):
    key = np.array([3, 11], np.int32)
    fast = torch_random.random_uniform((5, 7), 0.0, 1.0, dtype, key)
    # minval/maxval as 0-d tensors take the affine pass
    affine = torch_random.random_uniform(
        (5, 7), np.float32(0.0), np.float64(1.0), dtype, key)
    assert fast.dtype == affine.dtype == getattr(torch, dtype)
    assert torch.equal(fast, affine)
    assert torch.equal(torch_random.random_uniform((5, 7), 0, 1, dtype, key),
                       fast)


def test_uniform_other_bounds_still_scale():
    key = np.array([3, 11], np.int32)
    unit = torch_random.random_uniform((100,), 0.0, 1.0, "float32", key)
    scaled = torch_random.random_uniform((100,), -2.0, 1.0, "float32", key)
    torch.testing.assert_close(scaled, unit * 3.0 - 2.0)


# `Variable.assign_add` adds in place when the value needs no conversion
# (same dtype, same shape or a scalar; a Python int, or a Python float on a
# float variable); anything else takes the
# generic `assign(ops.add(...))` path. Both give the same numbers.
@pytest.mark.parametrize("dtype,value", [
    ("float32", np.array(0.1, "float32")),
    ("float32", np.array([0.5, -1.25, 3.0], "float32")),
    ("float32", 2),
    ("float32", 128.0),                       # a Python float on floats
    ("float64", 0.1),
    ("int64", 3),
    ("int32", np.array(4, "int32")),
    ("float32", np.array(0.1, "float64")),   # generic: dtypes differ
    ("int32", 1.5),                           # generic: a float on ints
    ("float32", [1.0, 2.0, 3.0]),             # generic: a list
])
def test_assign_add_in_place_matches_the_generic_path(dtype, value):
    from cornu.backend.common.variables import VariableBase

    start = np.array([1.0, 2.0, 3.0]).astype(dtype)
    fast = cornu.backend.Variable(start.copy(), dtype=dtype, name="fast")
    slow = cornu.backend.Variable(start.copy(), dtype=dtype, name="slow")
    as_engine = (ops.convert_to_tensor(value) if isinstance(value, np.ndarray)
                 else value)
    storage = fast.value
    fast.assign_add(as_engine)
    VariableBase.assign_add(slow, as_engine)
    np.testing.assert_array_equal(fast.numpy(), slow.numpy())
    assert fast.dtype == slow.dtype == dtype
    assert fast.value is storage  # same Parameter either way


def test_assign_add_inside_a_stateless_scope_is_recorded():
    v = cornu.backend.Variable(np.zeros(2, "float32"), name="v")
    with cornu.backend.StatelessScope() as scope:
        v.assign_add(ops.convert_to_tensor(np.ones(2, "float32")))
    np.testing.assert_array_equal(v.numpy(), np.zeros(2))
    np.testing.assert_array_equal(
        ops.convert_to_numpy(scope.get_current_value(v)), np.ones(2))
