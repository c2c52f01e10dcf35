"""Tests for `GaussianNoise`: identity at inference, noise statistics in
training, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer


def test_conformance():
    check_layer(layers.GaussianNoise, {"stddev": 0.5, "seed": 1},
                input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                expected_num_trainable_weights=0,
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=lambda x, w: x)


def test_training_adds_noise_of_the_given_stddev():
    layer = layers.GaussianNoise(0.3, seed=4)
    x = np.full((200, 100), 2.0, "float32")
    noise = ops.convert_to_numpy(layer(x, training=True)) - x
    assert abs(noise.mean()) < 0.01
    assert abs(noise.std() - 0.3) < 0.01
    second = ops.convert_to_numpy(layer(x, training=True)) - x
    assert not np.array_equal(noise, second)


@pytest.mark.oracle
def test_config_matches_keras():
    kwargs = {"stddev": 0.2, "seed": 3, "name": "g"}
    assert config_diff(layers.GaussianNoise(**kwargs).get_config(),
                       keras_layer("GaussianNoise", kwargs).get_config()
                       ) == {}


@pytest.mark.parametrize("value", [-0.1, "0.1", None])
def test_bad_stddev(value):
    with pytest.raises(ValueError, match="stddev"):
        layers.GaussianNoise(value)


@pytest.mark.trainable
def test_model_with_noise_still_learns():
    import cornu

    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32")
    model = cornu.Sequential([layers.Input(shape=(3,)),
                              layers.GaussianNoise(0.05, seed=1),
                              layers.Dense(1)])
    model.compile(optimizer=cornu.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, epochs=30, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.05
    # Inference is noise-free: two predictions agree.
    np.testing.assert_array_equal(model.predict(x[:4], verbose=0),
                                  model.predict(x[:4], verbose=0))
