"""Tests for `RandomTranslation`: conformance, fixed shifts against Keras
3 on every fill mode, whole-pixel shifts, identity at inference, seeds,
data formats, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output
from tests.layers.preprocessing._augmentation_cases import (
    IMAGES,
    check_channels_first_matches_last,
    check_inference_is_identity,
    check_seeded_repeatability,
    to_numpy,
)


def test_conformance():
    check_layer(layers.RandomTranslation,
                {"height_factor": 0.2, "width_factor": 0.3, "seed": 1},
                input_shape=(2, 4, 5, 2), expected_output_shape=(2, 4, 5, 2),
                expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                call_kwargs={"training": True})


@pytest.mark.oracle
@pytest.mark.parametrize("fill_mode", ["constant", "reflect", "wrap",
                                       "nearest"])
def test_fixed_shift_matches_keras(fill_mode):
    kwargs = {"height_factor": (0.3, 0.3), "width_factor": (-0.3, -0.3),
              "fill_mode": fill_mode}
    ours = layers.RandomTranslation(**kwargs)
    theirs = keras_layer("RandomTranslation", kwargs)
    np.testing.assert_allclose(to_numpy(ours(IMAGES, training=True)),
                               keras_output(theirs, IMAGES, training=True),
                               rtol=1e-5, atol=1e-4)
    assert not config_diff(
        {k: v for k, v in ours.get_config().items() if k != "name"},
        {k: v for k, v in theirs.get_config().items() if k != "name"})


def test_whole_pixel_shift():
    layer = layers.RandomTranslation((0.2, 0.2), (-0.5, -0.5),
                                     fill_mode="constant", fill_value=-1.0)
    out = to_numpy(layer(IMAGES, training=True))
    expected = np.full_like(IMAGES, -1.0)
    expected[:, 1:, :3] = IMAGES[:, :4, 3:]  # down 1, left 3
    np.testing.assert_allclose(out, expected, atol=1e-5)


def test_common_properties():
    kwargs = {"height_factor": 0.3, "width_factor": 0.3}
    check_inference_is_identity(layers.RandomTranslation, kwargs)
    check_seeded_repeatability(layers.RandomTranslation, kwargs)
    check_channels_first_matches_last(layers.RandomTranslation, kwargs)


def test_errors():
    with pytest.raises(ValueError, match="height_factor"):
        layers.RandomTranslation(1.5, 0.1)
    with pytest.raises(ValueError, match="width_factor"):
        layers.RandomTranslation(0.1, (0.2, -0.2))
