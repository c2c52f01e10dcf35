"""The checks shared by the `Conv{1,2,3}DTranspose` test files: the
conformance harness, a NumPy reference and Keras 3 with the same
weights."""

from __future__ import annotations

import numpy as np

from cornu import layers, ops
from tests.layers._keras_layers import config_diff, keras_layer, keras_output
from tests.layers.convolutional._transpose_reference import (
    conv_transpose_reference,
)

CHANNELS = 3


def input_shape(rank, data_format, size=4):
    spatial = (size,) * rank
    if data_format == "channels_last":
        return (2, *spatial, CHANNELS)
    return (2, CHANNELS, *spatial)


def reference_for(kwargs, data_format):
    def reference(x, weights):
        bias = weights[1] if kwargs.get("use_bias", True) else None
        return conv_transpose_reference(
            x, weights[0], bias, strides=kwargs.get("strides", 1),
            padding=kwargs.get("padding", "valid").lower(),
            output_padding=kwargs.get("output_padding"),
            data_format=data_format,
            dilation_rate=kwargs.get("dilation_rate", 1))
    return reference


def _layer_with_random_weights(cls, kwargs, shape, seed):
    rng = np.random.default_rng(seed)
    layer = cls(**kwargs)
    layer.build(shape)
    weights = [rng.standard_normal(w.shape).astype("float32")
               for w in layer.get_weights()]
    layer.set_weights(weights)
    x = rng.standard_normal(shape).astype("float32")
    return layer, weights, x


def conformance_arguments(cls, rank, kwargs, data_format):
    """The `check_layer` arguments for one case (tests call
    `check_layer(CLS, **conformance_arguments(...))`)."""
    kwargs = {**kwargs, "data_format": data_format,
              "bias_initializer": "random_normal"}
    shape = input_shape(rank, data_format)
    return {
        "init_kwargs": kwargs, "input_shape": shape,
        "expected_output_shape": cls(**kwargs).compute_output_shape(shape),
        "expected_output_dtype": "float32",
        "expected_num_trainable_weights": 1 + kwargs.get("use_bias", True),
        "expected_num_non_trainable_weights": 0,
        "reference": reference_for(kwargs, data_format),
        "supports_masking": False, "rtol": 1e-4, "atol": 1e-4,
    }


def check_numpy_reference(cls, rank, kwargs, data_format):
    kwargs = {**kwargs, "data_format": data_format,
              "kernel_initializer": "zeros"}
    shape = input_shape(rank, data_format)
    layer, weights, x = _layer_with_random_weights(cls, kwargs, shape, 2)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(x)),
        reference_for(kwargs, data_format)(x, weights), rtol=1e-4,
        atol=1e-4)


def check_keras(cls, rank, kwargs, data_format):
    kwargs = {**kwargs, "data_format": data_format,
              "kernel_initializer": "zeros", "name": "t"}
    shape = input_shape(rank, data_format)
    layer, weights, x = _layer_with_random_weights(cls, kwargs, shape, 1)
    theirs = keras_layer(cls.__name__, kwargs, shape, weights)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               keras_output(theirs, x), rtol=1e-4, atol=1e-4)
    assert [tuple(v.shape) for v in layer.weights] == [
        tuple(v.shape) for v in theirs.weights]
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


def symbolic_shape(cls, kwargs, batch_shape):
    return tuple(cls(**kwargs)(layers.Input(batch_shape=batch_shape)).shape)
