"""Tests for `UnitNormalization`: NumPy and Keras 3 values, axes, config,
errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


@pytest.mark.parametrize("axis", [-1, 1, [1, 2]])
def test_conformance(axis):
    axes = tuple(axis) if isinstance(axis, list) else axis
    check_layer(layers.UnitNormalization, {"axis": axis},
                input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                expected_num_trainable_weights=0, supports_masking=True,
                reference=lambda x, w: x / np.sqrt(
                    np.square(x).sum(axis=axes, keepdims=True)))


def test_zero_slice_stays_zero():
    out = layers.UnitNormalization()(np.zeros((1, 3), "float32"))
    np.testing.assert_array_equal(ops.convert_to_numpy(out), 0.0)


@pytest.mark.oracle
@pytest.mark.parametrize("axis", [-1, [1, 2]])
def test_matches_keras(axis):
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype("float32")
    ours = layers.UnitNormalization(axis=axis, name="u")
    theirs = keras_layer("UnitNormalization", {"axis": axis, "name": "u"})
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-6,
                               atol=1e-7)
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


def test_bad_axis():
    with pytest.raises(TypeError, match="axis"):
        layers.UnitNormalization(axis=None)
    with pytest.raises(ValueError, match="axis"):
        layers.UnitNormalization(axis=2)(np.zeros((2, 3), "float32"))
