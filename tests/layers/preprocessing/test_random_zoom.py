"""Tests for `RandomZoom`: conformance, fixed zooms against Keras 3,
aspect-preserving draws, identity at inference, seeds, data formats,
errors."""

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
    check_layer(layers.RandomZoom, {"height_factor": 0.2, "seed": 1},
                input_shape=(2, 4, 5, 2), expected_output_shape=(2, 4, 5, 2),
                expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                call_kwargs={"training": True})


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"height_factor": (0.5, 0.5), "fill_mode": "constant"},
    {"height_factor": (-0.4, -0.4), "width_factor": (-0.2, -0.2)},
    {"height_factor": (0.3, 0.3), "width_factor": (0.1, 0.1),
     "fill_mode": "wrap", "interpolation": "nearest"},
])
def test_fixed_zoom_matches_keras(kwargs):
    ours = layers.RandomZoom(**kwargs)
    theirs = keras_layer("RandomZoom", kwargs)
    np.testing.assert_allclose(to_numpy(ours(IMAGES, training=True)),
                               keras_output(theirs, IMAGES, training=True),
                               rtol=1e-5, atol=1e-4)
    assert not config_diff(
        {k: v for k, v in ours.get_config().items() if k != "name"},
        {k: v for k, v in theirs.get_config().items() if k != "name"})


def test_without_width_factor_the_aspect_ratio_is_kept():
    x = np.zeros((8, 9, 9, 1), dtype="float32")
    x[:, 4, :] = 1.0  # a horizontal line through the center
    x[:, :, 4] = 1.0  # and a vertical one
    out = to_numpy(layers.RandomZoom((-0.5, 0.5), fill_mode="constant",
                                     seed=2)(x, training=True))
    # The center row and column stay symmetric under an isotropic zoom.
    np.testing.assert_allclose(out[:, 4, :, 0], out[:, :, 4, 0], atol=1e-5)


def test_common_properties():
    check_inference_is_identity(layers.RandomZoom, {"height_factor": 0.3})
    check_seeded_repeatability(layers.RandomZoom, {"height_factor": 0.3})
    check_channels_first_matches_last(layers.RandomZoom,
                                      {"height_factor": 0.3})


def test_errors():
    with pytest.raises(ValueError, match="height_factor"):
        layers.RandomZoom((-1.0, 0.2))
    with pytest.raises(ValueError, match="width_factor"):
        layers.RandomZoom(0.1, width_factor="wide")
