"""Tests for `LeakyReLU`: NumPy and Keras 3 values, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


@pytest.mark.parametrize("slope", [0.3, 0.0, 1.5])
def test_conformance(slope):
    check_layer(layers.LeakyReLU, {"negative_slope": slope},
                input_shape=(2, 5), expected_output_shape=(2, 5),
                expected_num_trainable_weights=0, supports_masking=True,
                reference=lambda x, w: np.where(x >= 0, x, slope * x))


@pytest.mark.oracle
def test_matches_keras():
    x = np.linspace(-3, 3, 12, dtype="float32").reshape(2, 6)
    ours = layers.LeakyReLU(negative_slope=0.2, name="l")
    theirs = keras_layer("LeakyReLU", {"negative_slope": 0.2, "name": "l"})
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-6)
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


def test_keras2_alpha_argument():
    layer = layers.LeakyReLU(alpha=0.1)
    assert layer.negative_slope == 0.1
    assert "alpha" not in layer.get_config()


@pytest.mark.parametrize("value", [-0.1, None, True])
def test_bad_negative_slope(value):
    with pytest.raises(ValueError, match="negative_slope"):
        layers.LeakyReLU(negative_slope=value)
