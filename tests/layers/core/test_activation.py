"""Tests for `Activation`: conformance, NumPy reference, Keras 3 oracle."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import activations, layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

REFERENCES = {
    "relu": lambda x: np.maximum(x, 0),
    "tanh": np.tanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "softmax": lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True),
    "linear": lambda x: x,
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_conformance_and_numpy_reference(name):
    check_layer(
        layers.Activation, {"activation": name}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4), expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=lambda x, w: REFERENCES[name](x), supports_masking=True)


def test_accepts_a_callable():
    layer = layers.Activation(activations.relu)
    x = np.array([-3.0, -1.0, 0.0, 2.0], dtype="float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)),
                                  [0.0, 0.0, 0.0, 2.0])
    assert layer.get_config()["activation"] == "relu"


@pytest.mark.oracle
@pytest.mark.parametrize("name", ["relu", "gelu", "softmax", "selu"])
def test_matches_keras(name):
    kwargs = {"activation": name, "name": "act"}
    x = np.random.default_rng(0).standard_normal((2, 5)).astype("float32")
    layer = layers.Activation(**kwargs)
    theirs = keras_layer("Activation", kwargs, x.shape)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               keras_output(theirs, x), rtol=1e-5,
                               atol=1e-6)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


def test_unknown_activation():
    with pytest.raises(ValueError, match="nonexistent"):
        layers.Activation("nonexistent")
