"""Functional models: graphs of layer calls on `Input`s."""

from __future__ import annotations

import json

import numpy as np
import pytest

import cornu
from cornu import ops
from cornu.layers import Input
from cornu.saving.serialization import CustomObjectScope
from tests.models._layers import Linear, Sum, Twice


def _np(x):
    return ops.convert_to_numpy(x)


def test_seed_functional_model():
    a = Input(shape=(32,))
    b = Linear(32)(a)
    model = cornu.Model(inputs=a, outputs=b)
    assert type(model).__name__ == "Functional"
    assert model.inputs == [a] and model.outputs == [b]
    x = np.random.rand(4, 32).astype("float32")
    kernel, bias = model.layers[1].get_weights()
    np.testing.assert_allclose(_np(model(x)), x @ kernel + bias, rtol=1e-5)
    assert model.count_params() == 32 * 32 + 32


def test_multi_input_multi_output_and_shared_layer():
    a = Input(shape=(3,), name="a")
    b = Input(shape=(3,), name="b")
    shared = Linear(2, name="shared")
    s = Sum(name="sum")([shared(a), shared(b)])
    twice, thrice = Twice(name="twice")(s)
    model = cornu.Model([a, b], [twice, thrice])
    xa = np.random.rand(2, 3).astype("float32")
    xb = np.random.rand(2, 3).astype("float32")
    k, bias = shared.get_weights()
    expected = xa @ k + bias + xb @ k + bias
    out = model([xa, xb])
    assert isinstance(out, list) and len(out) == 2
    np.testing.assert_allclose(_np(out[0]), 2 * expected, rtol=1e-5)
    np.testing.assert_allclose(_np(out[1]), 3 * expected, rtol=1e-5)
    # shared layer: one set of weights, two nodes
    assert len(model.weights) == 2
    assert len(shared._inbound_nodes) == 2
    # inputs by name
    by_name = model({"a": xa, "b": xb})
    np.testing.assert_allclose(_np(by_name[0]), 2 * expected, rtol=1e-5)


def test_dict_inputs_and_outputs():
    x = Input(shape=(2,), name="x")
    y = Input(shape=(2,), name="y")
    model = cornu.Model({"x": x, "y": y},
                        {"sum": Sum()([x, y]), "x2": Twice()(x)[0]})
    out = model({"y": np.ones((1, 2), "float32"),
                 "x": np.full((1, 2), 2.0, "float32")})
    assert set(out) == {"sum", "x2"}
    np.testing.assert_allclose(_np(out["sum"]), [[3.0, 3.0]])
    np.testing.assert_allclose(_np(out["x2"]), [[4.0, 4.0]])
    with pytest.raises(ValueError, match="missing inputs"):
        model({"x": np.ones((1, 2), "float32")})


def test_model_as_a_layer_and_nested_weights():
    inner_in = Input(shape=(4,))
    inner = cornu.Model(inner_in, Linear(3)(inner_in), name="inner")
    outer_in = Input(shape=(4,))
    out = Linear(1)(inner(outer_in))
    outer = cornu.Model(outer_in, out)
    assert outer.layers[1] is inner
    assert len(outer.weights) == 4
    x = np.random.rand(2, 4).astype("float32")
    expected = _np(outer.layers[2](inner(x)))
    np.testing.assert_allclose(_np(outer(x)), expected, rtol=1e-6)


def test_dag_layer_order_matches_keras_depth_order():
    inp = Input(shape=(2,), name="in")
    left = Linear(2, name="left")(inp)
    right = Linear(2, name="right")(inp)
    deep = Linear(2, name="deep")(left)
    out = Sum(name="sum")([deep, right])
    model = cornu.Model(inp, out)
    # Keras 3 gives this order for the same graph: by decreasing depth,
    # then in order of discovery from the outputs.
    assert [layer.name for layer in model.layers] == [
        "in", "left", "deep", "right", "sum"]


def test_wrong_input_shape_names_model_and_shapes():
    a = Input(shape=(3,))
    model = cornu.Model(a, Linear(2)(a), name="m")
    with pytest.raises(ValueError,
                       match=r"'m'.*expected shape=\(None, 3\), found "
                             r"shape=\(2, 4\)"):
        model(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match="expects 1 input"):
        model([np.ones((2, 3)), np.ones((2, 3))])


def test_graph_disconnected_is_reported():
    a = Input(shape=(3,))
    b = Input(shape=(3,))
    out = Sum()([a, b])
    with pytest.raises(ValueError, match="Graph disconnected"):
        cornu.Model(a, out)


def test_non_symbolic_outputs_are_rejected():
    a = Input(shape=(3,))
    with pytest.raises(TypeError, match="symbolic tensors"):
        cornu.Model(a, np.ones(3))


def test_get_layer():
    a = Input(shape=(3,))
    model = cornu.Model(a, Linear(2, name="dense_x")(a))
    assert model.get_layer("dense_x").name == "dense_x"
    assert model.get_layer(index=1).name == "dense_x"
    with pytest.raises(ValueError, match="No such layer: nope"):
        model.get_layer("nope")


def test_config_matches_keras_layout_and_round_trips():
    a = Input(shape=(3,), name="a")
    h = Linear(4, name="h")(a)
    o1, o2 = Twice(name="t")(h)
    model = cornu.Model(a, [o1, Sum(name="s")([o1, o2])], name="net")
    config = model.get_config()
    assert config["name"] == "net"
    assert config["input_layers"] == ["a", 0, 0]
    assert config["output_layers"] == [["t", 0, 0], ["s", 0, 0]]
    h_entry = config["layers"][1]
    assert h_entry["name"] == "h" and h_entry["class_name"] == "Linear"
    arg = h_entry["inbound_nodes"][0]["args"][0]
    assert arg["class_name"] == "__keras_tensor__"
    assert arg["config"]["keras_history"] == ["a", 0, 0]
    assert h_entry["build_config"] == {"input_shape": (None, 3)}
    json.dumps(config)  # JSON-serializable

    objects = {"Linear": Linear, "Twice": Twice, "Sum": Sum}
    with CustomObjectScope(objects):
        clone = cornu.models.Functional.from_config(config)
    assert [layer.name for layer in clone.layers] == [
        layer.name for layer in model.layers]
    clone.set_weights(model.get_weights())
    x = np.random.rand(2, 3).astype("float32")
    for got, want in zip(clone(x), model(x)):
        np.testing.assert_allclose(_np(got), _np(want), rtol=1e-6)


def test_to_json_and_model_from_json():
    a = Input(shape=(3,))
    model = cornu.Model(a, Linear(2)(a))
    text = model.to_json()
    assert json.loads(text)["class_name"] == "Functional"
    clone = cornu.models.model_from_json(text, {"Linear": Linear})
    assert clone.count_params() == model.count_params()


def test_unknown_class_in_config_is_a_clear_error():
    a = Input(shape=(3,))
    text = cornu.Model(a, Linear(2)(a)).to_json()
    with pytest.raises(TypeError, match="Could not locate class 'Linear'"):
        cornu.models.model_from_json(text)


def test_the_callers_training_mode_overrides_the_nodes():
    # A node recorded with `training=True` (Keras saves augmentation layers
    # so) still runs in inference mode under `training=False`, and keeps
    # its own mode when the caller gives none.
    inputs = cornu.Input((50,))
    outputs = cornu.layers.Dropout(0.5)(inputs, training=True)
    model = cornu.Model(inputs, outputs)
    x = np.ones((4, 50), "float32")
    np.testing.assert_array_equal(
        cornu.ops.convert_to_numpy(model(x, training=False)), x)
    assert (cornu.ops.convert_to_numpy(model(x)) == 0).any()
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)


def test_model_from_config_of_a_graph_is_functional():
    inputs = cornu.Input((3,))
    model = cornu.Model(inputs, cornu.layers.Dense(2)(inputs))
    restored = cornu.Model.from_config(model.get_config())
    assert type(restored).__name__ == "Functional"
    assert [type(la).__name__ for la in restored.layers] == [
        "InputLayer", "Dense"]


def test_a_missing_or_extra_trailing_unit_axis_is_adjusted_like_keras():
    inputs = cornu.Input((1,))
    model = cornu.Model(inputs, cornu.layers.Dense(2)(inputs))
    vector = np.arange(4, dtype="float32")
    expected = ops.convert_to_numpy(model(vector[:, None]))
    np.testing.assert_allclose(ops.convert_to_numpy(model(vector)), expected)
    np.testing.assert_allclose(
        ops.convert_to_numpy(model(vector[:, None, None])), expected)
    with pytest.raises(ValueError, match="expected shape"):
        model(np.zeros((4, 3, 2), "float32"))
