"""Tests for `RandomBrightness`: conformance, the offset against Keras 3
with a fixed factor, bounds and clipping, identity at inference, seeds,
errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers._keras_layers import keras_layer, keras_output
from tests.layers.preprocessing._augmentation_cases import (
    IMAGES,
    check_channels_first_matches_last,
    check_inference_is_identity,
    check_seeded_repeatability,
    to_numpy,
)


def test_conformance():
    check_layer(layers.RandomBrightness, {"factor": 0.2, "seed": 1},
                input_shape=(2, 3, 3, 1), expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                call_kwargs={"training": True})


@pytest.mark.oracle
def test_fixed_factor_matches_keras():
    kwargs = {"factor": (0.1, 0.1), "value_range": (0, 20)}
    np.testing.assert_allclose(
        to_numpy(layers.RandomBrightness(**kwargs)(IMAGES, training=True)),
        keras_output(keras_layer("RandomBrightness", kwargs), IMAGES,
                     training=True), rtol=1e-6)


def test_offsets_are_per_image_within_bounds_and_clipped():
    x = np.full((32, 2, 2, 1), 100.0, dtype="float32")
    out = to_numpy(layers.RandomBrightness(0.2, seed=3)(x, training=True))
    delta = out[:, 0, 0, 0] - 100.0
    assert np.all(np.abs(delta) <= 0.2 * 255 + 1e-4)
    assert np.all(out == out[:, :1, :1])  # one offset per image
    assert len(np.unique(delta)) > 1
    clipped = to_numpy(layers.RandomBrightness((1.0, 1.0))(x,
                                                           training=True))
    np.testing.assert_array_equal(clipped, 255.0)


def test_common_properties():
    check_inference_is_identity(layers.RandomBrightness, {"factor": 0.5})
    check_seeded_repeatability(layers.RandomBrightness, {"factor": 0.5})
    check_channels_first_matches_last(layers.RandomBrightness,
                                      {"factor": 0.5})


def test_errors():
    with pytest.raises(ValueError, match="factor"):
        layers.RandomBrightness(1.5)
    with pytest.raises(ValueError, match="factor"):
        layers.RandomBrightness((0.3, 0.1))
    with pytest.raises(ValueError, match="value_range"):
        layers.RandomBrightness(0.1, value_range=(1, 0))
