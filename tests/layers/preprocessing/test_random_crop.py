"""Tests for `RandomCrop`: conformance, windows of the input in training,
the aspect-preserving resize at inference and for small images, seeds,
data formats, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.preprocessing._augmentation_cases import (
    check_channels_first_matches_last,
    check_seeded_repeatability,
    to_numpy,
)


def test_conformance():
    check_layer(layers.RandomCrop, {"height": 3, "width": 2, "seed": 1},
                input_shape=(2, 5, 4, 3), expected_output_shape=(2, 3, 2, 3),
                expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                call_kwargs={"training": True})


def test_training_crops_a_window_of_the_input():
    x = np.arange(8 * 8, dtype="float32").reshape(1, 8, 8, 1)
    seen = set()
    layer = layers.RandomCrop(3, 4, seed=0)
    for _ in range(6):
        out = to_numpy(layer(x, training=True))[0, :, :, 0]
        top, left = divmod(int(out[0, 0]), 8)
        np.testing.assert_array_equal(out, x[0, top:top + 3,
                                             left:left + 4, 0])
        seen.add((top, left))
    assert len(seen) > 1


def test_inference_and_small_images_resize_the_centered_window():
    x = np.arange(6 * 8, dtype="float32").reshape(1, 6, 8, 1)
    expected = to_numpy(layers.Resizing(3, 3, crop_to_aspect_ratio=True)(x))
    layer = layers.RandomCrop(3, 3, seed=0)
    np.testing.assert_allclose(to_numpy(layer(x, training=False)), expected)
    small = x[:, :2, :2]
    np.testing.assert_allclose(
        to_numpy(layer(small, training=True)),
        to_numpy(layers.Resizing(3, 3, crop_to_aspect_ratio=True)(small)))


def test_common_properties():
    check_seeded_repeatability(layers.RandomCrop, {"height": 2, "width": 3})
    check_channels_first_matches_last(layers.RandomCrop,
                                      {"height": 2, "width": 3})


def test_errors():
    with pytest.raises(ValueError, match="height"):
        layers.RandomCrop(0, 2)
    with pytest.raises(ValueError, match="width"):
        layers.RandomCrop(2, "2")
