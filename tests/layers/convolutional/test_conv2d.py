"""Tests for `Conv2D`: a NumPy reference, Keras 3 with the same weights,
symbolic shapes and the config."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import (
    config_diff,
    keras_layer,
    keras_output,
)
from tests.layers.convolutional._reference import conv_layer_reference

CASES = {
    "valid": {"filters": 4, "kernel_size": 3},
    "rect_kernel_same_strided": {"filters": 4, "kernel_size": (3, 2),
                                 "strides": 2, "padding": "same"},
    "strides_2_1_valid": {"filters": 3, "kernel_size": 2,
                          "strides": (2, 1)},
    "dilated_same": {"filters": 4, "kernel_size": 3, "dilation_rate": 2,
                     "padding": "same"},
    "dilated_valid": {"filters": 2, "kernel_size": 2,
                      "dilation_rate": (2, 1)},
    "groups_same_no_bias": {"filters": 6, "kernel_size": 3, "groups": 3,
                            "padding": "same", "use_bias": False},
    "groups_strided_relu": {"filters": 4, "kernel_size": 2, "groups": 2,
                            "strides": 2, "activation": "relu",
                            "bias_initializer": "random_normal"},
}
DATA_FORMATS = ["channels_last", "channels_first"]
CHANNELS = 6


def _input_shape(data_format, spatial=(7, 6)):
    if data_format == "channels_last":
        return (2, *spatial, CHANNELS)
    return (2, CHANNELS, *spatial)


def _reference(kwargs, data_format):
    def reference(x, weights):
        bias = weights[1] if kwargs.get("use_bias", True) else None
        return conv_layer_reference(
            x, weights[0], bias, strides=kwargs.get("strides", 1),
            padding=kwargs.get("padding", "valid"), data_format=data_format,
            dilation_rate=kwargs.get("dilation_rate", 1),
            activation=kwargs.get("activation"))
    return reference


# The full harness (symbolic call, config round trip, stateless call,
# gradients) on a few cases; every case is checked against NumPy below.
CONFORMANCE_CASES = ["dilated_same", "groups_same_no_bias",
                     "rect_kernel_same_strided"]


@pytest.mark.parametrize("data_format", DATA_FORMATS)
@pytest.mark.parametrize("case", CONFORMANCE_CASES)
def test_conformance_and_numpy_reference(case, data_format):
    kwargs = {**CASES[case], "data_format": data_format}
    shape = _input_shape(data_format)
    reference = _reference(kwargs, data_format)
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    expected_shape = layers.Conv2D(**kwargs).compute_output_shape(shape)
    check_layer(
        layers.Conv2D, kwargs, input_data=x,
        expected_output_shape=expected_shape,
        expected_output_dtype="float32",
        expected_num_trainable_weights=2 if kwargs.get("use_bias", True)
        else 1,
        expected_num_non_trainable_weights=0,
        reference=reference,
        supports_masking=False,
    )


@pytest.mark.parametrize("data_format", DATA_FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_numpy_reference(case, data_format):
    kwargs = {**CASES[case], "data_format": data_format,
              "kernel_initializer": "zeros", "bias_initializer": "zeros"}
    shape = _input_shape(data_format)
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape).astype("float32")
    layer = layers.Conv2D(**kwargs)
    layer.build(shape)
    weights = [rng.standard_normal(w.shape).astype("float32")
               for w in layer.get_weights()]
    layer.set_weights(weights)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(x)),
        _reference(kwargs, data_format)(x, weights), rtol=1e-5, atol=1e-5)


@pytest.mark.oracle
@pytest.mark.parametrize("data_format", DATA_FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case, data_format):
    # Constant initializers, then the same random NumPy weights on both
    # sides: JAX compiles its random kernels once per shape, which is slow.
    kwargs = {**CASES[case], "data_format": data_format,
              "kernel_initializer": "zeros", "bias_initializer": "zeros"}
    shape = _input_shape(data_format)
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape).astype("float32")
    layer = layers.Conv2D(**kwargs)
    layer.build(shape)
    weights = [rng.standard_normal(w.shape).astype("float32")
               for w in layer.get_weights()]
    layer.set_weights(weights)
    ours = ops.convert_to_numpy(layer(x))
    theirs = keras_output(keras_layer("Conv2D", kwargs, shape, weights), x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


def test_weights_shapes_and_order_match_keras():
    layer = layers.Conv2D(8, (3, 2), groups=2, data_format="channels_first")
    layer.build((None, 4, 9, 9))
    assert [v.name for v in layer.weights] == ["kernel", "bias"]
    assert [tuple(v.shape) for v in layer.weights] == [(3, 2, 2, 8), (8,)]
    theirs = keras_layer("Conv2D", {"filters": 8, "kernel_size": (3, 2),
                                    "groups": 2,
                                    "data_format": "channels_first"},
                         (None, 4, 9, 9))
    assert [tuple(v.shape) for v in theirs.weights] == [
        tuple(v.shape) for v in layer.weights]


@pytest.mark.parametrize("kwargs, input_shape, expected", [
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
     (None, None, None, 3), (None, None, None, 4)),
    ({"filters": 4, "kernel_size": 3}, (None, 8, None, 3),
     (None, 6, None, 4)),
    ({"filters": 5, "kernel_size": 3, "dilation_rate": 2,
      "data_format": "channels_first"}, (None, 3, 9, 10), (None, 5, 5, 6)),
])
def test_symbolic_shapes(kwargs, input_shape, expected):
    out = layers.Conv2D(**kwargs)(layers.Input(batch_shape=input_shape))
    assert tuple(out.shape) == expected
    concrete = tuple(5 if d is None else d for d in input_shape)
    eager = layers.Conv2D(**kwargs)(np.zeros(concrete, "float32"))
    assert tuple(eager.shape) == tuple(
        layers.Conv2D(**kwargs).compute_output_shape(concrete))


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"filters": 3, "kernel_size": 2},
    {"filters": 4, "kernel_size": (3, 1), "strides": (2, 1),
     "padding": "SAME", "data_format": "channels_first", "groups": 2,
     "activation": "relu", "use_bias": False,
     "kernel_initializer": "he_normal", "bias_initializer": "ones",
     "kernel_regularizer": "l2", "bias_regularizer": "l1",
     "activity_regularizer": "l1", "kernel_constraint": "max_norm",
     "bias_constraint": "non_neg", "trainable": False, "dtype": "float64"},
    {"filters": 2, "kernel_size": [2, 2], "dilation_rate": 2},
])
def test_config_matches_keras(kwargs):
    ours = layers.Conv2D(name="conv", **kwargs).get_config()
    theirs = keras_layer("Conv2D", {"name": "conv", **kwargs}).get_config()
    assert config_diff(ours, theirs) == {}
    again = layers.Conv2D.from_config(ours).get_config()
    assert config_diff(again, ours) == {}


def test_causal_padding_is_rejected():
    with pytest.raises(ValueError, match="padding"):
        layers.Conv2D(2, 3, padding="causal")


def test_keras2_alias():
    assert layers.Convolution2D is layers.Conv2D
