"""Tests for `MaxPooling1D`: a NumPy reference, Keras 3, symbolic
shapes and the config."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output
from tests.layers.pooling._reference import pool_layer_reference

CASES = {
    "default": {},
    "pool3_stride2_valid": {"pool_size": 3, "strides": 2},
    "pool3_stride2_same": {"pool_size": (3,), "strides": 2,
                           "padding": "same"},
    "pool2_stride1_same": {"pool_size": 2, "strides": 1,
                           "padding": "same"},
    "strides_above_pool": {"pool_size": 2, "strides": 3},
}
DATA_FORMATS = ["channels_last", "channels_first"]


def _input_shape(data_format):
    spatial = (9,)
    if data_format == "channels_last":
        return (2, *spatial, 3)
    return (2, 3, *spatial)


@pytest.mark.parametrize("data_format", DATA_FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case, data_format):
    kwargs = {**CASES[case], "data_format": data_format}
    shape = _input_shape(data_format)
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    layer = layers.MaxPooling1D(**kwargs)

    def reference(inputs, weights):
        return pool_layer_reference(
            inputs, layer.pool_size, layer.strides, layer.padding,
            data_format, mode="max")

    check_layer(
        layers.MaxPooling1D, kwargs, input_data=x,
        expected_output_shape=layer.compute_output_shape(shape),
        expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=reference,
    )


@pytest.mark.oracle
@pytest.mark.parametrize("data_format", DATA_FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case, data_format):
    kwargs = {**CASES[case], "data_format": data_format}
    shape = _input_shape(data_format)
    x = np.random.default_rng(1).standard_normal(shape).astype("float32")
    ours = ops.convert_to_numpy(layers.MaxPooling1D(**kwargs)(x))
    theirs = keras_output(keras_layer("MaxPooling1D", kwargs, shape), x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_defaults():
    layer = layers.MaxPooling1D()
    assert layer.pool_size == (2,)
    assert layer.strides == layer.pool_size
    assert layer.padding == "valid"
    assert layer.data_format == "channels_last"


@pytest.mark.parametrize("kwargs, input_shape, expected", [
    ({"pool_size": 2}, (None, None, 3), (None, None, 3)),
    ({"pool_size": 3, "strides": 2, "padding": "same"}, (None, 9, 3),
     (None, 5, 3)),
    ({"pool_size": 2, "data_format": "channels_first"}, (None, 3, 9),
     (None, 3, 4)),
])
def test_symbolic_shapes(kwargs, input_shape, expected):
    out = layers.MaxPooling1D(**kwargs)(layers.Input(batch_shape=input_shape))
    assert tuple(out.shape) == expected


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"pool_size": 2},
    {"pool_size": (3,), "strides": 2, "padding": "same",
      "data_format": "channels_first", "trainable": False},
    {"pool_size": [2], "strides": None, "dtype": "float64"},
])
def test_config_matches_keras(kwargs):
    ours = layers.MaxPooling1D(name="pool", **kwargs).get_config()
    theirs = keras_layer(
        "MaxPooling1D", {"name": "pool", **kwargs}).get_config()
    assert config_diff(ours, theirs) == {}
    again = layers.MaxPooling1D.from_config(ours).get_config()
    assert config_diff(again, ours) == {}


def test_keras2_alias():
    assert layers.MaxPool1D is layers.MaxPooling1D
