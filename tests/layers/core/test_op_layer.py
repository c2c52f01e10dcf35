"""Ops called on symbolic tensors between layers become `OpLayer` nodes."""

from __future__ import annotations

import json

import numpy as np

import cornu
from cornu import ops
from cornu.layers import Dense, Input
from cornu.layers.core.op_layer import OpLayer
from cornu.testing import check_layer


def test_conformance():
    check_layer(OpLayer, {"op_name": "relu"}, input_shape=(2, 3),
                expected_output_shape=(2, 3),
                expected_num_trainable_weights=0,
                reference=lambda x, w: np.maximum(x, 0))


def test_ops_and_operators_in_a_functional_graph():
    a = Input(shape=(3,))
    b = Input(shape=(3,))
    h = Dense(3, name="h")(a)
    out = ops.relu(h + b) * 2.0
    model = cornu.Model([a, b], out)
    # as in Keras, `layers` leaves the op nodes out; the graph keeps them
    assert [type(layer).__name__ for layer in model.layers] == [
        "InputLayer", "Dense", "InputLayer"]
    assert [type(layer).__name__ for layer in model._graph_layers] == [
        "InputLayer", "Dense", "InputLayer", "OpLayer", "OpLayer",
        "OpLayer"]
    assert model._graph_layers[-1].name.startswith("multiply")
    x = cornu.Input(shape=(2,))
    sliced = cornu.Model(x, x[:, 0] / 2.0)
    names = [layer.name for layer in sliced._graph_layers[1:]]
    assert names[0].startswith("get_item")
    assert names[1].startswith("true_divide")
    xa = np.random.rand(2, 3).astype("float32")
    xb = np.random.rand(2, 3).astype("float32") - 0.5
    kernel, bias = model.get_layer("h").get_weights()
    expected = np.maximum(xa @ kernel + bias + xb, 0) * 2.0
    np.testing.assert_allclose(ops.convert_to_numpy(model([xa, xb])),
                               expected, rtol=1e-5)
    clone = cornu.models.Functional.from_config(
        json.loads(json.dumps(model.get_config())))
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(ops.convert_to_numpy(clone([xa, xb])),
                               expected, rtol=1e-5)


def test_ops_inside_a_layer_call_record_no_node():
    a = Input(shape=(3,))
    out = Dense(2, activation="relu")(a)  # relu runs inside Dense.call
    model = cornu.Model(a, out)
    assert [type(layer).__name__ for layer in model.layers] == [
        "InputLayer", "Dense"]
