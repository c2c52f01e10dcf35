"""A Layer on each trainable engine: a `torch.nn.Module` on torch, a pure
function through `stateless_call` under `jax.jit` on JAX."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops


def _model():
    inputs = cornu.Input(shape=(4,))
    x = layers.Dense(8, activation="relu", name="hidden")(inputs)
    x = layers.BatchNormalization(name="bn")(x)
    outputs = layers.Dense(2, name="out")(x)
    return cornu.Model(inputs, outputs)


def test_torch_layer_is_an_nn_module(engine):
    if engine != "torch":
        pytest.skip("torch only")
    import torch

    model = _model()
    assert isinstance(model, torch.nn.Module)
    params = list(model.parameters())
    # kernel+bias, gamma+beta+moving stats, kernel+bias
    assert len(params) == 8
    assert sum(p.numel() for p in params) == model.count_params()
    trainable = [p for p in params if p.requires_grad]
    assert len(trainable) == len(model.trainable_weights) == 6
    state = model.state_dict()
    assert "hidden.kernel" in state and "bn.moving_mean" in state
    np.testing.assert_array_equal(state["out.bias"].numpy(),
                                  model.get_layer("out").bias.numpy())
    model.to("cpu")
    x = torch.ones(3, 4)
    assert model(x).shape == (3, 2)
    model.get_layer("hidden").trainable = False
    assert not model.get_layer("hidden").kernel.value.requires_grad


def test_torch_gradients_flow_through_autograd(engine):
    if engine != "torch":
        pytest.skip("torch only")
    import torch

    model = _model()
    x = torch.randn(5, 4)
    loss = model(x, training=True).square().sum()
    loss.backward()
    grads = [p.grad for p in model.parameters() if p.requires_grad]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)


def test_torch_optimizer_trains_a_cornu_model(engine):
    if engine != "torch":
        pytest.skip("torch only")
    import torch

    torch.manual_seed(0)
    model = cornu.Sequential([cornu.Input(shape=(3,)), layers.Dense(1)])
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(64, 3)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]])
    for _ in range(200):
        opt.zero_grad()
        loss = (model(x) - y).square().mean()
        loss.backward()
        opt.step()
    assert float(loss.detach()) < 1e-3


def test_jax_stateless_call_under_jit_and_grad(engine):
    if engine != "jax":
        pytest.skip("jax only")
    import jax
    import jax.numpy as jnp

    model = _model()
    x = jnp.ones((3, 4))
    model(x)
    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]

    @jax.jit
    def loss_fn(train_values, state_values, x):
        out, new_state = model.stateless_call(train_values, state_values, x,
                                              training=True)
        return jnp.sum(out ** 2), new_state

    (loss, new_state), grads = jax.value_and_grad(loss_fn, has_aux=True)(
        trainable, non_trainable, x)
    assert np.isfinite(float(loss))
    assert len(grads) == len(trainable)
    assert all(np.isfinite(np.asarray(g)).all() for g in grads)
    # batch-norm statistics moved in the returned state, not on the model
    bn = model.get_layer("bn")
    index = [id(v) for v in model.non_trainable_variables].index(
        id(bn.moving_mean))
    assert not np.allclose(np.asarray(new_state[index]), 0.0)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), 0.0)


def test_same_weights_same_outputs_across_calls(engine):
    model = _model()
    x = np.random.rand(3, 4).astype("float32")
    model(x)
    clone = _model()
    clone(x)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(ops.convert_to_numpy(clone(x)),
                               ops.convert_to_numpy(model(x)), rtol=1e-6)
