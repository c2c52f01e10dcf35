"""Tests for `Lambda`: calling, shapes, masks, and saving: named functions
by name, Python lambdas as bytecode that loads only when the caller opts
out of safe mode."""

from __future__ import annotations

import json

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.saving import serialization
from cornu.testing import check_layer
from tests._oracle import import_keras
from tests.layers._keras_layers import config_diff


@serialization.register_keras_serializable(package="tests")
def double(x):
    return ops.multiply(x, 2.0)


def unregistered(x):
    return x


def test_conformance_with_a_registered_function():
    check_layer(layers.Lambda, {"function": double}, input_shape=(2, 3),
                expected_output_shape=(2, 3),
                expected_num_trainable_weights=0,
                expected_num_non_trainable_weights=0,
                reference=lambda x, w: 2 * x, supports_masking=False)


def test_conformance_with_a_python_lambda():
    check_layer(layers.Lambda,
                {"function": lambda x, k: x ** 2 + k, "arguments": {"k": 1.0},
                 "output_shape": (3,)},
                input_shape=(2, 3), expected_output_shape=(2, 3),
                reference=lambda x, w: x ** 2 + 1.0, safe_mode=False)


def test_conformance_with_a_builtin_activation():
    check_layer(layers.Lambda, {"function": cornu.activations.relu},
                input_shape=(2, 3), reference=lambda x, w: np.maximum(x, 0))


def test_output_shape_inferred_given_or_computed():
    x = layers.Input((4, 3))
    assert layers.Lambda(lambda t: ops.sum(t, axis=1))(x).shape == (None, 3)
    assert layers.Lambda(double, output_shape=(4, 3))(x).shape == (
        None, 4, 3)
    flat = layers.Lambda(lambda t: ops.reshape(t, (-1, 12)),
                         output_shape=lambda s: (s[0], 12))
    assert flat(x).shape == (None, 12)
    assert flat.compute_output_shape((5, 4, 3)) == (5, 12)


def test_training_and_mask_are_passed_when_asked_for():
    seen = {}

    def fn(x, mask=None, training=None):
        seen.update(mask=mask, training=training)
        return x

    layer = layers.Lambda(fn)
    mask = np.array([[True, False]])
    layer(np.ones((1, 2), dtype="float32"), mask=mask, training=True)
    assert seen["training"] is True
    np.testing.assert_array_equal(seen["mask"], mask)


def test_mask_argument():
    x = np.ones((1, 2), dtype="float32")
    assert layers.Lambda(double).compute_mask(x) is None
    fixed = np.array([[True, False]])
    layer = layers.Lambda(double, mask=fixed)
    assert layer.supports_masking
    assert layer.compute_mask(x) is fixed
    fn_mask = layers.Lambda(double, mask=lambda inputs, mask: mask)
    assert fn_mask.compute_mask(x, "previous") == "previous"


def test_function_must_be_callable():
    with pytest.raises(TypeError, match="function"):
        layers.Lambda(3)
    with pytest.raises(TypeError, match="arguments"):
        layers.Lambda(double, arguments=[1])


# ---------------------------------------------------------------------------
# saving
# ---------------------------------------------------------------------------
def _lambda_config():
    return json.loads(json.dumps(
        layers.Lambda(lambda x, a=1.0: x + a).get_config()))


def test_lambda_bytecode_is_refused_by_default():
    config = _lambda_config()
    with pytest.raises(ValueError,
                       match=r"safe_mode=False.*enable_unsafe_deserialization"):
        layers.Lambda.from_config(config)
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(config, safe_mode=True)


def test_lambda_bytecode_loads_when_opted_in():
    layer = layers.Lambda.from_config(_lambda_config(), safe_mode=False)
    out = layer(np.zeros((1, 2), dtype="float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(out), [[1.0, 1.0]])


def test_lambda_output_shape_and_mask_bytecode_are_refused_too():
    config = json.loads(json.dumps(layers.Lambda(
        double, output_shape=lambda s: s).get_config()))
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(config)
    layer = layers.Lambda.from_config(config, safe_mode=False)
    assert layer.compute_output_shape((2, 3)) == (2, 3)


def test_enable_unsafe_deserialization_opts_in_globally(monkeypatch):
    monkeypatch.setattr(cornu.config, "_safe_mode", None)
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(_lambda_config())
    cornu.config.enable_unsafe_deserialization()
    layer = layers.Lambda.from_config(_lambda_config())
    assert callable(layer.function)
    # an explicit safe_mode=True still refuses
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(_lambda_config(), safe_mode=True)


def test_safe_mode_reaches_nested_layers_through_the_loader():
    inputs = layers.Input((2,))
    model = cornu.Model(inputs, layers.Lambda(lambda x: x * 3.0)(inputs))
    text = model.to_json()
    with pytest.raises(ValueError, match="safe_mode=False"):
        cornu.models.model_from_json(text)
    from cornu.saving.serialization import deserialize_keras_object

    clone = deserialize_keras_object(json.loads(text), safe_mode=False)
    out = clone(np.ones((1, 2), dtype="float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(out), [[3.0, 3.0]])


def test_keras2_lambda_layout_is_refused_then_loaded():
    code = layers.Lambda(lambda x: x * 3.0).get_config()[
        "function"]["config"]["code"]
    config = {"name": "old", "function": [code, None, None],
              "function_type": "lambda", "module": "__main__",
              "output_shape": None, "output_shape_type": "raw",
              "arguments": {}}
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(config)
    layer = layers.Lambda.from_config(config, safe_mode=False)
    out = layer(np.ones((1, 2), dtype="float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(out), [[3.0, 3.0]])


def test_named_functions_are_saved_by_name():
    config = layers.Lambda(double).get_config()
    assert config["function"] == {
        "module": "builtins", "class_name": "function",
        "config": "tests>double", "registered_name": "function"}
    layer = layers.Lambda.from_config(json.loads(json.dumps(config)))
    assert layer.function is double


def test_builtin_activation_found_by_name():
    config = layers.Lambda(cornu.activations.relu).get_config()
    assert config["function"]["config"] == "relu"
    assert layers.Lambda.from_config(config).function is (
        cornu.activations.relu)


def test_unregistered_function_needs_custom_objects():
    config = layers.Lambda(unregistered).get_config()
    with pytest.raises(TypeError, match="register_keras_serializable"):
        layers.Lambda.from_config(config)
    layer = layers.Lambda.from_config(
        config, custom_objects={"unregistered": unregistered})
    assert layer.function is unregistered
    with serialization.CustomObjectScope({"unregistered": unregistered}):
        assert layers.Lambda.from_config(config).function is unregistered


@pytest.mark.oracle
def test_config_matches_keras():
    keras = import_keras()
    fn = lambda x: x + 1.0  # noqa: E731
    ours = layers.Lambda(fn, output_shape=(3,), name="lam").get_config()
    theirs = keras.layers.Lambda(fn, output_shape=(3,),
                                 name="lam").get_config()
    assert config_diff(ours, theirs) == {}
    relu_ours = layers.Lambda(cornu.activations.relu, name="r").get_config()
    relu_theirs = keras.layers.Lambda(keras.activations.relu,
                                      name="r").get_config()
    assert config_diff(relu_ours, relu_theirs) == {}


@pytest.mark.oracle
def test_loads_a_keras_lambda_config():
    keras = import_keras()
    config = keras.layers.Lambda(lambda x, a=1: x * a,
                                 arguments={"a": 4.0}).get_config()
    config = json.loads(json.dumps(config))
    layer = layers.Lambda.from_config(config, safe_mode=False)
    out = layer(np.ones((1, 2), dtype="float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(out), [[4.0, 4.0]])


def test_identity_lambda_in_a_functional_model():
    inputs = layers.Input((3,))
    outputs = layers.Lambda(lambda x: x)(inputs)
    assert outputs is not inputs
    model = cornu.Model(inputs, outputs)
    x = np.ones((1, 3), dtype="float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(model(x)), x)


def test_keras2_named_function_and_mask_layout():
    code = layers.Lambda(lambda inputs, mask: mask).get_config()[
        "function"]["config"]["code"]
    config = {"name": "old2", "function": "tests>double",
              "function_type": "function", "module": "tests",
              "output_shape": [3], "output_shape_type": "raw",
              "mask": [code, None, None], "mask_type": "lambda",
              "arguments": {}}
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(config)
    layer = layers.Lambda.from_config(config, safe_mode=False)
    assert layer.function is double
    assert layer.compute_output_shape((2, 3)) == (2, 3)
    assert layer.compute_mask("x", "m") == "m"
