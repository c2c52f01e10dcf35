"""Torch-specific engine behaviour: Parameters, in-place assign, devices."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend

if cornu.backend.backend() != "torch":
    pytest.skip("torch engine only", allow_module_level=True)

import torch  # noqa: E402

from cornu.backend import StatelessScope  # noqa: E402

E = cornu.backend.engine()


def _var(value, **kwargs):
    return E.Variable(np.asarray(value), **kwargs)


def test_variable_is_a_parameter():
    v = _var(np.ones((2, 3), np.float32))
    assert isinstance(v.value, torch.nn.Parameter)
    assert v.value.dtype == torch.float32
    assert tuple(v.shape) == (2, 3)
    assert v.dtype == "float32"


def test_requires_grad_follows_trainable():
    assert _var([1.0, 2.0]).value.requires_grad
    frozen = _var([1.0, 2.0], trainable=False)
    assert not frozen.value.requires_grad
    frozen.trainable = True
    assert frozen.value.requires_grad
    frozen.trainable = False
    assert not frozen.value.requires_grad


def test_integer_variables_never_require_grad():
    v = _var(np.array([1, 2], np.int32), trainable=True)
    assert not v.value.requires_grad
    assert v.dtype == "int32"


def test_initializer_callable_and_dtype():
    v = E.Variable(lambda shape, dtype: np.full(shape, 0.5), shape=(2, 2),
                   dtype="float16")
    assert v.value.dtype == torch.float16
    np.testing.assert_allclose(v.numpy(), np.full((2, 2), 0.5))


def test_assign_writes_in_place():
    v = _var(np.zeros((2, 2), np.float32))
    storage = v.value
    ptr = storage.data_ptr()
    v.assign(np.ones((2, 2)))
    assert v.value is storage
    assert v.value.data_ptr() == ptr
    assert v.value.requires_grad
    np.testing.assert_array_equal(v.numpy(), np.ones((2, 2)))
    v.assign_add(np.ones((2, 2), np.float32))
    v.assign_sub(np.full((2, 2), 0.5, np.float32))
    np.testing.assert_array_equal(v.numpy(), np.full((2, 2), 1.5))
    assert v.value is storage


def test_assign_casts_to_the_variable_dtype():
    v = _var(np.zeros(3, np.float32))
    v.assign(np.array([1, 2, 3], np.int64))
    assert v.value.dtype == torch.float32
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0, 3.0])


def test_assign_shape_mismatch_raises():
    v = _var(np.zeros(3, np.float32))
    with pytest.raises(ValueError, match="shape"):
        v.assign(np.zeros(4, np.float32))


def test_assign_in_stateless_scope_leaves_variable_alone():
    v = _var(np.zeros(2, np.float32))
    with StatelessScope() as scope:
        v.assign(np.ones(2, np.float32))
        np.testing.assert_array_equal(
            E.convert_to_numpy(v.value), np.ones(2)
        )
    np.testing.assert_array_equal(v.numpy(), np.zeros(2))
    assert scope.get_update(v) is not None


def test_variable_does_not_alias_its_initial_value():
    init = np.zeros(3, np.float32)
    v = E.Variable(init)
    v.assign(np.ones(3, np.float32))
    np.testing.assert_array_equal(init, np.zeros(3))
    t = torch.zeros(3)
    w = E.Variable(t)
    w.assign(np.ones(3, np.float32))
    assert t.sum().item() == 0.0


def test_numpy_is_a_copy():
    v = _var(np.zeros(2, np.float32))
    out = v.numpy()
    v.assign(np.ones(2, np.float32))
    np.testing.assert_array_equal(out, np.zeros(2))


def test_gradients_flow_through_engine_ops():
    v = _var(np.array([1.0, 2.0, 3.0], np.float32))
    loss = E.sum(E.multiply(E.square(v.value), 2.0))
    loss.backward()
    np.testing.assert_allclose(v.value.grad.numpy(), [4.0, 8.0, 12.0])


def test_stop_gradient_detaches():
    v = _var(np.array([1.0, 2.0], np.float32))
    assert not E.stop_gradient(v.value).requires_grad


def test_torch_functions_accept_variables():
    v = _var(np.array([0.0, 1.0], np.float32))
    out = torch.exp(v)
    np.testing.assert_allclose(out.detach().numpy(), np.exp([0.0, 1.0]))


def test_convert_to_tensor_uses_the_engine_device():
    t = E.convert_to_tensor(np.ones(3, np.float32))
    assert t.device.type == E.get_device().type
    assert E.zeros((2,)).device.type == E.get_device().type


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is present")
def test_cuda_free_machine_uses_the_cpu():
    assert E.get_device().type == "cpu"
    v = _var(np.ones(2, np.float32))
    assert v.value.device.type == "cpu"
    x = E.conv(np.ones((1, 4, 4, 2), np.float32),
               np.ones((3, 3, 2, 1), np.float32), padding="same")
    assert x.device.type == "cpu"


def test_convert_to_numpy_detaches_and_widens_bfloat16():
    t = torch.ones(2, requires_grad=True) * 3
    np.testing.assert_array_equal(E.convert_to_numpy(t), [3.0, 3.0])
    b = E.convert_to_tensor(np.ones(2, np.float32), "bfloat16")
    assert E.convert_to_numpy(b).dtype == np.float32


def test_same_key_same_numbers():
    key = np.array([3, 4], np.uint32)
    a = E.random_normal((4,), seed=key)
    b = E.random_normal((4,), seed=E.convert_to_tensor(key))
    c = E.random_normal((4,), seed=np.array([4, 3], np.uint32))
    assert torch.equal(a, b)
    assert not torch.equal(a, c)
