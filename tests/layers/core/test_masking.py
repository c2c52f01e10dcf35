"""Tests for `Masking`: values, the computed mask, masks flowing to the
next layer, Keras oracle."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def _data():
    x = np.random.default_rng(0).standard_normal((2, 4, 3)).astype("float32")
    x[0, 1] = 0.0
    x[1, 3] = 0.0
    x[1, 0, 0] = 0.0  # one zero feature does not mask the timestep
    return x


def _reference(mask_value):
    def reference(x, weights):
        keep = np.any(x != mask_value, axis=-1, keepdims=True)
        return np.where(keep, x, 0.0)
    return reference


@pytest.mark.parametrize("mask_value", [0.0, 1.5])
def test_conformance_and_numpy_reference(mask_value):
    x = _data()
    x[0, 2] = mask_value
    check_layer(
        layers.Masking, {"mask_value": mask_value}, input_data=x,
        expected_output_shape=x.shape, expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=_reference(mask_value), supports_masking=True)


def test_compute_mask():
    x = _data()
    mask = ops.convert_to_numpy(layers.Masking().compute_mask(x))
    np.testing.assert_array_equal(mask, np.any(x != 0, axis=-1))
    assert mask.dtype == bool


def test_symbolic_mask_shape():
    x = layers.Input((4, 3))
    mask = layers.Masking().compute_mask(x)
    assert mask.shape == (None, 4) and mask.dtype == "bool"


def test_mask_reaches_a_masking_layer_in_a_model():
    seen = {}

    class Probe(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.supports_masking = True

        def call(self, x, mask=None):
            seen["mask"] = mask
            return ops.multiply(x, 1)

    inputs = layers.Input((4, 3))
    model = cornu.Model(inputs, Probe()(layers.Masking()(inputs)))
    x = _data()
    model(x)
    np.testing.assert_array_equal(ops.convert_to_numpy(seen["mask"]),
                                  np.any(x != 0, axis=-1))


@pytest.mark.oracle
def test_matches_keras():
    kwargs = {"mask_value": 0.0, "name": "m"}
    x = _data()
    layer = layers.Masking(**kwargs)
    theirs = keras_layer("Masking", kwargs, x.shape)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)),
                                  keras_output(theirs, x))
    keras_mask = theirs.compute_mask(x)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(layer.compute_mask(x)), np.asarray(keras_mask))
    assert config_diff(layer.get_config(), theirs.get_config()) == {}
