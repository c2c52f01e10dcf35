"""Tests for `AlphaDropout`: identity at inference, the SELU saturation
value and the kept statistics in training, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer

ALPHA_P = -1.6732632423543772 * 1.0507009873554805


@pytest.mark.parametrize("kwargs", [{"rate": 0.3, "seed": 1},
                                    {"rate": 0.2, "noise_shape": (None, 1)}])
def test_conformance(kwargs):
    check_layer(layers.AlphaDropout, kwargs, input_shape=(3, 4),
                expected_output_shape=(3, 4),
                expected_num_trainable_weights=0,
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=lambda x, w: x)


def test_training_formula_and_statistics():
    rate = 0.25
    a = ((1 - rate) * (1 + rate * ALPHA_P ** 2)) ** -0.5
    b = -a * ALPHA_P * rate
    x = np.random.default_rng(0).standard_normal((300, 200)).astype(
        "float32")
    out = ops.convert_to_numpy(
        layers.AlphaDropout(rate, seed=3)(x, training=True))
    dropped = np.isclose(out, a * ALPHA_P + b)
    np.testing.assert_allclose(out[~dropped], a * x[~dropped] + b,
                               rtol=1e-5, atol=1e-6)
    assert abs(dropped.mean() - rate) < 0.01
    # Zero mean and unit variance are kept.
    assert abs(out.mean()) < 0.02
    assert abs(out.std() - 1.0) < 0.02


def test_noise_shape_shares_the_mask():
    layer = layers.AlphaDropout(0.5, noise_shape=(None, 1), seed=2)
    out = ops.convert_to_numpy(
        layer(np.zeros((8, 5), "float32"), training=True))
    np.testing.assert_array_equal(out, np.broadcast_to(out[:, :1], out.shape))


@pytest.mark.oracle
def test_config_matches_keras():
    kwargs = {"rate": 0.2, "seed": 3, "noise_shape": None, "name": "a"}
    assert config_diff(layers.AlphaDropout(**kwargs).get_config(),
                       keras_layer("AlphaDropout", kwargs).get_config()
                       ) == {}


def test_bad_arguments():
    with pytest.raises(ValueError, match="rate"):
        layers.AlphaDropout(2.0)
    with pytest.raises(ValueError, match="noise_shape"):
        layers.AlphaDropout(0.2, noise_shape="x")
