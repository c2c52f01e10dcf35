"""Tests for `AveragePooling3D`: a NumPy reference, Keras 3, symbolic
shapes and the config."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import backend, layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output
from tests.layers.pooling._reference import pool_layer_reference

CASES = {
    "pool2": {"pool_size": 2},
    "pool3_stride2_same": {"pool_size": 3, "strides": 2,
                           "padding": "same"},
    "rect_valid": {"pool_size": (2, 1, 3), "strides": (1, 2, 1)},
}
DATA_FORMATS = ["channels_last", "channels_first"]


def _input_shape(data_format):
    spatial = (5, 4, 5)
    if data_format == "channels_last":
        return (2, *spatial, 3)
    return (2, 3, *spatial)


@pytest.mark.parametrize("data_format", DATA_FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case, data_format):
    kwargs = {**CASES[case], "data_format": data_format}
    shape = _input_shape(data_format)
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    layer = layers.AveragePooling3D(**kwargs)

    def reference(inputs, weights):
        return pool_layer_reference(
            inputs, layer.pool_size, layer.strides, layer.padding,
            data_format, mode="average")

    check_layer(
        layers.AveragePooling3D, kwargs, input_data=x,
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
    layer = layers.AveragePooling3D(**kwargs)
    _skip_keras_torch_uneven_same_padding(layer, shape)
    ours = ops.convert_to_numpy(layer(x))
    theirs = keras_output(keras_layer("AveragePooling3D", kwargs, shape), x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def _skip_keras_torch_uneven_same_padding(layer, shape):
    """Keras 3.15's torch backend pads unevenly padded 'same' windows by
    replicating edge values, so its edge averages differ from TensorFlow's
    and JAX's, which cornu follows (the NumPy reference test checks them).
    keras-team/keras#18452, fixed upstream by keras-team/keras#23233."""
    if backend.backend() != "torch" or layer.padding != "same":
        return
    spatial = shape[1:-1] if layer.data_format == "channels_last" else (
        shape[2:])
    for n, k, s in zip(spatial, layer.pool_size, layer.strides,
                       strict=True):
        total = max((-(-n // s) - 1) * s + k - n, 0)
        if total % 2:
            pytest.skip("Keras's torch backend averages uneven 'same' "
                        "padding differently (keras#18452).")


def test_defaults():
    with pytest.raises(TypeError):
        # Keras requires pool_size.
        layers.AveragePooling3D()
    layer = layers.AveragePooling3D(2)
    assert layer.pool_size == (2, 2, 2)
    assert layer.strides == layer.pool_size


@pytest.mark.parametrize("kwargs, input_shape, expected", [
    ({"pool_size": 2}, (None, None, 4, None, 3),
     (None, None, 2, None, 3)),
    ({"pool_size": 3, "strides": 2, "padding": "same"},
     (None, 9, 4, 5, 3), (None, 5, 2, 3, 3)),
    ({"pool_size": (2, 1, 3), "data_format": "channels_first"},
     (None, 3, 4, 5, 6), (None, 3, 2, 5, 2)),
])
def test_symbolic_shapes(kwargs, input_shape, expected):
    layer = layers.AveragePooling3D(**kwargs)
    out = layer(layers.Input(batch_shape=input_shape))
    assert tuple(out.shape) == expected


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"pool_size": 2},
    {"pool_size": (3, 1, 2), "strides": 1, "padding": "same",
      "data_format": "channels_first", "trainable": False},
    {"pool_size": [2, 2, 2], "strides": None, "dtype": "float64"},
])
def test_config_matches_keras(kwargs):
    ours = layers.AveragePooling3D(name="pool", **kwargs).get_config()
    theirs = keras_layer(
        "AveragePooling3D", {"name": "pool", **kwargs}).get_config()
    assert config_diff(ours, theirs) == {}
    again = layers.AveragePooling3D.from_config(ours).get_config()
    assert config_diff(again, ours) == {}


def test_keras2_alias():
    assert layers.AvgPool3D is layers.AveragePooling3D
