"""Tests for `GaussianDropout`: identity at inference, noise statistics in
training, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer


def test_conformance():
    check_layer(layers.GaussianDropout, {"rate": 0.4, "seed": 1},
                input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                expected_num_trainable_weights=0,
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=lambda x, w: x)


def test_training_noise_has_mean_one_and_dropout_variance():
    rate = 0.2
    layer = layers.GaussianDropout(rate, seed=5)
    x = np.full((200, 100), 3.0, "float32")
    factor = ops.convert_to_numpy(layer(x, training=True)) / 3.0
    assert abs(factor.mean() - 1.0) < 0.01
    assert abs(factor.std() - np.sqrt(rate / (1 - rate))) < 0.01


@pytest.mark.oracle
def test_config_matches_keras():
    kwargs = {"rate": 0.2, "seed": 3, "name": "g"}
    assert config_diff(layers.GaussianDropout(**kwargs).get_config(),
                       keras_layer("GaussianDropout", kwargs).get_config()
                       ) == {}


@pytest.mark.parametrize("value", [-0.1, 1.5, "0.1"])
def test_bad_rate(value):
    with pytest.raises(ValueError, match="rate"):
        layers.GaussianDropout(value)
