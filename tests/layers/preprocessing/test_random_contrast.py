"""Tests for `RandomContrast`: conformance, the contrast formula and its
bounds, clipping, identity at inference, seeds, data formats, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.preprocessing._augmentation_cases import (
    IMAGES,
    check_channels_first_matches_last,
    check_inference_is_identity,
    check_seeded_repeatability,
    to_numpy,
)


def test_conformance():
    check_layer(layers.RandomContrast, {"factor": 0.3, "seed": 1},
                input_shape=(2, 3, 3, 2), expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                call_kwargs={"training": True})


def test_scales_deviation_from_the_per_channel_mean():
    layer = layers.RandomContrast((0.5, 0.25), value_range=(-99, 99), seed=4)
    out = to_numpy(layer(IMAGES, training=True))
    mean = IMAGES.mean(axis=(1, 2), keepdims=True)
    scale = (out - mean) / (IMAGES - mean)
    for s in scale:  # one factor per image, shared by its channels
        np.testing.assert_allclose(s, s.flat[0], rtol=1e-4)
        assert 0.5 - 1e-5 <= s.flat[0] <= 1.25 + 1e-5


def test_clips_to_value_range():
    x = np.array([0.0, 1.0], dtype="float32").reshape(1, 1, 2, 1)
    out = to_numpy(layers.RandomContrast((0.0, 5.0), value_range=(0, 1),
                                         seed=0)(x, training=True))
    assert out.min() >= 0.0 and out.max() <= 1.0


def test_common_properties():
    check_inference_is_identity(layers.RandomContrast, {"factor": 0.5})
    check_seeded_repeatability(layers.RandomContrast, {"factor": 0.5})
    check_channels_first_matches_last(layers.RandomContrast,
                                      {"factor": 0.5})


def test_errors():
    with pytest.raises(ValueError, match="factor"):
        layers.RandomContrast(1.5)
    with pytest.raises(ValueError, match="factor"):
        layers.RandomContrast("high")
    with pytest.raises(ValueError, match="value_range"):
        layers.RandomContrast(0.1, value_range=(3,))
