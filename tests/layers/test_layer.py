"""The Layer base: weights, tracking, calls, masks, losses, configs."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

import cornu
from cornu import ops
from cornu.layers import InputSpec, Layer


class Linear(Layer):
    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="ones", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros",
                                    name="bias")

    def call(self, x):
        return ops.matmul(x, self.kernel) + self.bias

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class Stat(Layer):
    """A trainable weight and a non-trainable counter updated in training."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(), initializer="ones", name="w")
        self.count = self.add_weight(shape=(), initializer="zeros",
                                     trainable=False, name="count")

    def call(self, x, training=None):
        if training:
            self.count.assign(self.count + 1.0)
        return x * self.w


def test_build_on_first_call_and_weights():
    layer = Linear(4)
    assert not layer.built
    out = layer(np.ones((2, 3), "float32"))
    assert layer.built
    np.testing.assert_allclose(ops.convert_to_numpy(out), np.full((2, 4), 3.0))
    assert [w.path for w in layer.weights] == [
        f"{layer.name}/kernel", f"{layer.name}/bias"]
    assert layer.count_params() == 16


def test_float64_numpy_inputs_are_cast_to_floatx():
    out = Linear(2)(np.ones((1, 3)))
    assert ops.dtype(out) == "float32"


def test_keras2_add_weight_order_and_seed_mylayer():
    class MyLayer(Layer):
        def __init__(self, output_dim, **kwargs):
            self.output_dim = output_dim
            super().__init__(**kwargs)

        def build(self, input_shape):
            self.kernel = self.add_weight(
                name="kernel", shape=(input_shape[1], self.output_dim),
                initializer="uniform", trainable=True)
            super().build(input_shape)

        def call(self, x):
            return ops.dot(x, self.kernel)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.output_dim)

    layer = MyLayer(5)
    x = np.random.default_rng(0).random((2, 3)).astype("float32")
    out = ops.convert_to_numpy(layer(x))
    # A float32 sum of three products may round differently from NumPy's
    # by about an ulp of the largest product, which `rtol` alone misses when
    # the products cancel.
    np.testing.assert_allclose(out, x @ layer.kernel.numpy(), rtol=1e-6,
                               atol=1e-7)
    symbolic = MyLayer(7)(cornu.layers.Input(shape=(3,)))
    assert symbolic.shape == (None, 7)

    legacy = Layer()
    w = legacy.add_weight("w", (2, 2))
    assert w.name == "w" and w.shape == (2, 2)


def test_sublayers_tracked_from_attributes_lists_and_dicts():
    class Block(Layer):
        def __init__(self):
            super().__init__()
            self.first = Linear(2)
            self.stack = [Linear(2)]
            self.stack.append(Linear(2))
            self.named = {"a": Linear(2)}

        def call(self, x):
            x = self.first(x)
            for layer in self.stack:
                x = layer(x)
            return self.named["a"](x)

    block = Block()
    block(np.ones((1, 2), "float32"))
    assert len(block._layers) == 4
    assert len(block.weights) == 8
    assert len(block.trainable_weights) == 8


def test_trainable_flag_moves_weights():
    layer = Stat()
    layer(np.ones((2,), "float32"))
    assert [w.name for w in layer.trainable_weights] == ["w"]
    assert [w.name for w in layer.non_trainable_weights] == ["count"]
    layer.trainable = False
    assert layer.trainable_weights == []
    assert [w.name for w in layer.non_trainable_weights] == ["w", "count"]
    assert layer.weights[0].trainable is False


def test_training_flag_routes_to_nested_layers():
    inner = Stat()

    class Outer(Layer):
        def __init__(self):
            super().__init__()
            self.inner = inner

        def call(self, x, training=None):
            return self.inner(x)  # no explicit training: inherited

    outer = Outer()
    x = np.ones((1,), "float32")
    outer(x)
    outer(x, training=True)
    outer(x, training=False)
    assert float(inner.count.numpy()) == 1.0


def test_get_set_weights_checks_shapes():
    layer = Linear(2)
    layer(np.ones((1, 3), "float32"))
    weights = layer.get_weights()
    layer.set_weights([w + 1 for w in weights])
    np.testing.assert_allclose(layer.get_weights()[0], weights[0] + 1)
    with pytest.raises(ValueError, match="expects 2 weight arrays"):
        layer.set_weights(weights[:1])
    with pytest.raises(ValueError, match=r"has shape \(3, 2\)"):
        layer.set_weights([np.ones((2, 2)), weights[1]])


def test_count_params_before_build_is_an_error():
    with pytest.raises(ValueError, match="not built"):
        Linear(2).count_params()


def test_input_spec_error_names_layer_and_shapes():
    class Needs4(Layer):
        def __init__(self):
            super().__init__(name="needs4")
            self.input_spec = InputSpec(ndim=2, axes={-1: 4})

        def call(self, x):
            return x

    layer = Needs4()
    layer(np.ones((1, 4), "float32"))
    with pytest.raises(ValueError, match=r"'needs4'.*expected axis -1"):
        layer(np.ones((1, 5), "float32"))
    with pytest.raises(ValueError, match=r"expected ndim=2, found ndim=3"):
        layer(np.ones((1, 2, 4), "float32"))


def test_symbolic_call_computes_nothing_and_records_a_node():
    layer = Linear(6)
    x = cornu.layers.Input(shape=(5,))
    y = layer(x)
    assert y.shape == (None, 6) and y.dtype == "float32"
    assert y._history[0] is layer
    assert layer._inbound_nodes[0].input_tensors == [x]


def test_losses_from_regularizers_and_add_loss():
    class WithLoss(Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(2,), initializer="ones",
                                     regularizer=lambda v: ops.sum(v) * 0.5)

        def call(self, x):
            self.add_loss(ops.sum(x))
            return x * self.w

    layer = WithLoss()
    layer(np.ones((3, 2), "float32"))
    values = sorted(float(ops.convert_to_numpy(v)) for v in layer.losses)
    assert values == [1.0, 6.0]
    layer(np.ones((1, 2), "float32"))  # losses from the previous call reset
    values = sorted(float(ops.convert_to_numpy(v)) for v in layer.losses)
    assert values == [1.0, 2.0]


def test_stateless_call_is_pure():
    layer = Stat()
    x = np.ones((2,), "float32")
    layer(x)
    out, new_non_trainable = layer.stateless_call(
        [np.float32(3.0)], [np.float32(10.0)], x, training=True)
    np.testing.assert_allclose(ops.convert_to_numpy(out), [3.0, 3.0])
    assert float(ops.convert_to_numpy(new_non_trainable[0])) == 11.0
    assert float(layer.count.numpy()) == 0.0  # the layer itself unchanged
    assert float(layer.w.numpy()) == 1.0


def test_stateless_call_checks_counts():
    layer = Stat()
    layer(np.ones((2,), "float32"))
    with pytest.raises(ValueError, match="expected 1 trainable"):
        layer.stateless_call([], [], np.ones((2,), "float32"))


def test_config_round_trip_and_auto_config():
    layer = Linear(5, name="lin", trainable=False)
    clone = Linear.from_config(layer.get_config())
    assert clone.name == "lin" and clone.units == 5 and not clone.trainable

    class Auto(Layer):
        def __init__(self, size, scale=2.0, **kwargs):
            super().__init__(**kwargs)
            self.size, self.scale = size, scale

        def call(self, x):
            return x * self.scale

    config = Auto(3, scale=1.5, name="auto").get_config()
    assert config["size"] == 3 and config["scale"] == 1.5
    assert Auto.from_config(config).scale == 1.5


def test_unknown_kwarg_is_a_type_error():
    with pytest.raises(TypeError, match="unexpected keyword"):
        Linear(2, unitz=3)


def test_call_overhead_is_constant():
    """After the first call, `__call__` runs a fixed, small number of
    Python functions besides `call` itself (no signature binding, no tree
    walks, no attribute tracking)."""
    layer = Linear(2)
    x = ops.convert_to_tensor(np.ones((1, 3), "float32"))
    layer(x)
    machinery = (os.path.join("cornu", "layers"),
                 os.path.join("cornu", "models"))

    def count_calls():
        counts = []

        def prof(frame, event, arg):
            if event == "call" and any(
                    m in frame.f_code.co_filename for m in machinery):
                counts.append(frame.f_code.co_name)

        sys.setprofile(prof)
        try:
            layer(x)
        finally:
            sys.setprofile(None)
        return counts

    first, second = count_calls(), count_calls()
    assert first == second
    assert len(first) <= 3, first


def test_activity_regularization_is_per_sample_like_keras():
    # Keras divides the activity penalty by the batch size.
    layer = cornu.layers.Dense(2, kernel_initializer="ones",
                               activity_regularizer=cornu.regularizers.L2(1.0))
    out = layer(np.ones((4, 3), "float32"))
    total = float(np.sum(cornu.ops.convert_to_numpy(out) ** 2))
    (loss,) = layer.losses
    np.testing.assert_allclose(
        float(cornu.ops.convert_to_numpy(loss)), total / 4, rtol=1e-6)
