"""Tests for `ReLU`: NumPy and Keras 3 values, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

CASES = [
    {},
    {"max_value": 1.0},
    {"negative_slope": 0.1, "threshold": 0.5},
    {"max_value": 2.0, "negative_slope": 0.2, "threshold": 0.3},
]


def _reference(kwargs):
    def reference(x, weights):
        slope = kwargs.get("negative_slope", 0.0)
        threshold = kwargs.get("threshold", 0.0)
        out = np.where(x >= threshold, x, slope * (x - threshold))
        if kwargs.get("max_value") is not None:
            out = np.where(x >= kwargs["max_value"], kwargs["max_value"], out)
        return out
    return reference


@pytest.mark.parametrize("kwargs", CASES)
def test_conformance(kwargs):
    check_layer(layers.ReLU, kwargs, input_shape=(2, 3, 4),
                expected_output_shape=(2, 3, 4),
                expected_output_dtype="float32",
                expected_num_trainable_weights=0, supports_masking=True,
                reference=_reference(kwargs))


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", CASES)
def test_matches_keras(kwargs):
    x = np.linspace(-3, 3, 24, dtype="float32").reshape(2, 12)
    ours = ops.convert_to_numpy(layers.ReLU(**kwargs)(x))
    theirs = keras_output(keras_layer("ReLU", kwargs), x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)
    assert config_diff(layers.ReLU(name="r", **kwargs).get_config(),
                       keras_layer("ReLU", {"name": "r", **kwargs})
                       .get_config()) == {}


@pytest.mark.parametrize("name, value", [
    ("max_value", -1.0), ("negative_slope", -0.5), ("threshold", -1.0),
    ("negative_slope", None), ("threshold", "0"),
])
def test_bad_arguments(name, value):
    with pytest.raises(ValueError, match=name):
        layers.ReLU(**{name: value})
