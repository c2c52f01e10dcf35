"""The checks shared by the depthwise and separable convolution tests: a
NumPy reference built on the grouped-convolution reference, the
conformance harness and Keras 3 with the same weights."""

from __future__ import annotations

import numpy as np

from cornu import ops
from tests.layers._keras_layers import config_diff, keras_layer, keras_output
from tests.layers.convolutional._reference import conv_layer_reference

CHANNELS = 3


def input_shape(rank, data_format, size=6):
    spatial = (size,) * rank
    if data_format == "channels_last":
        return (2, *spatial, CHANNELS)
    return (2, CHANNELS, *spatial)


def _window(kwargs):
    return {"strides": kwargs.get("strides", 1),
            "padding": kwargs.get("padding", "valid").lower(),
            "dilation_rate": kwargs.get("dilation_rate", 1)}


def _depthwise(x, kernel, data_format, window):
    # (k, C, M) -> (k, 1, C * M): one group per input channel.
    merged = kernel.reshape(*kernel.shape[:-2], 1, -1)
    return conv_layer_reference(x, merged, data_format=data_format, **window)


def reference_for(separable, kwargs, data_format):
    window = _window(kwargs)
    use_bias = kwargs.get("use_bias", True)

    def reference(x, weights):
        out = _depthwise(x, weights[0], data_format, window)
        if separable:
            out = conv_layer_reference(out, weights[1],
                                       data_format=data_format)
        if use_bias:
            bias = weights[-1]
            shape = ((1,) * (out.ndim - 1) + (-1,)
                     if data_format == "channels_last"
                     else (1, -1) + (1,) * (out.ndim - 2))
            out = out + bias.reshape(shape)
        if kwargs.get("activation") == "relu":
            out = np.maximum(out, 0)
        return out
    return reference


def n_weights(separable, kwargs):
    return 1 + separable + kwargs.get("use_bias", True)


def conformance_arguments(cls, rank, separable, kwargs, data_format):
    """The `check_layer` arguments for one case (tests call
    `check_layer(CLS, **conformance_arguments(...))`)."""
    kwargs = {**kwargs, "data_format": data_format,
              "bias_initializer": "random_normal"}
    shape = input_shape(rank, data_format)
    return {
        "init_kwargs": kwargs, "input_shape": shape,
        "expected_output_shape": cls(**kwargs).compute_output_shape(shape),
        "expected_output_dtype": "float32",
        "expected_num_trainable_weights": n_weights(separable, kwargs),
        "expected_num_non_trainable_weights": 0,
        "reference": reference_for(separable, kwargs, data_format),
        "supports_masking": False, "rtol": 1e-4, "atol": 1e-4,
    }


def _with_random_weights(cls, kwargs, shape, seed):
    rng = np.random.default_rng(seed)
    layer = cls(**kwargs)
    layer.build(shape)
    weights = [rng.standard_normal(w.shape).astype("float32")
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return layer, weights, rng.standard_normal(shape).astype("float32")


def check_numpy_reference(cls, rank, separable, kwargs, data_format):
    kwargs = {**kwargs, "data_format": data_format}
    shape = input_shape(rank, data_format)
    layer, weights, x = _with_random_weights(cls, kwargs, shape, 2)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(x)),
        reference_for(separable, kwargs, data_format)(x, weights),
        rtol=1e-4, atol=1e-4)


def check_keras(cls, rank, kwargs, data_format):
    kwargs = {**kwargs, "data_format": data_format, "name": "c",
              "depthwise_initializer": "zeros"}
    shape = input_shape(rank, data_format)
    layer, weights, x = _with_random_weights(cls, kwargs, shape, 1)
    theirs = keras_layer(cls.__name__, kwargs, shape, weights)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               keras_output(theirs, x), rtol=1e-4, atol=1e-4)
    assert [(v.name, tuple(v.shape)) for v in layer.weights] == [
        (v.name, tuple(v.shape)) for v in theirs.weights]
    assert config_diff(layer.get_config(), theirs.get_config()) == {}
