"""Tests for `RandomRotation`: conformance, fixed angles against Keras 3
on every fill mode, exact half and quarter turns, identity at inference,
seeds, data formats, errors."""

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
    check_layer(layers.RandomRotation, {"factor": 0.2, "seed": 1},
                input_shape=(2, 4, 5, 2), expected_output_shape=(2, 4, 5, 2),
                expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                call_kwargs={"training": True})


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"factor": (0.25, 0.25), "fill_mode": "constant", "fill_value": -1.0},
    {"factor": (1 / 12, 1 / 12), "fill_mode": "reflect"},
    {"factor": (1 / 12, 1 / 12), "fill_mode": "wrap"},
    {"factor": (-1 / 12, -1 / 12), "fill_mode": "nearest",
     "interpolation": "nearest"},
])
def test_fixed_angle_matches_keras(kwargs):
    ours = layers.RandomRotation(**kwargs)
    theirs = keras_layer("RandomRotation", kwargs)
    np.testing.assert_allclose(to_numpy(ours(IMAGES, training=True)),
                               keras_output(theirs, IMAGES, training=True),
                               rtol=1e-5, atol=1e-4)
    assert not config_diff(
        {k: v for k, v in ours.get_config().items() if k != "name"},
        {k: v for k, v in theirs.get_config().items() if k != "name"})


def test_half_and_quarter_turns():
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    half = to_numpy(layers.RandomRotation((0.5, 0.5))(x, training=True))
    np.testing.assert_allclose(half, x[:, ::-1, ::-1], atol=1e-4)
    quarter = to_numpy(layers.RandomRotation((0.25, 0.25))(x,
                                                           training=True))
    np.testing.assert_allclose(quarter[0, :, :, 0], np.rot90(x[0, :, :, 0]),
                               atol=1e-4)  # counter-clockwise


def test_common_properties():
    check_inference_is_identity(layers.RandomRotation, {"factor": 0.3})
    check_seeded_repeatability(layers.RandomRotation, {"factor": 0.3})
    check_channels_first_matches_last(layers.RandomRotation,
                                      {"factor": 0.3})


def test_errors():
    with pytest.raises(ValueError, match="factor"):
        layers.RandomRotation((0.3, 0.1))
    with pytest.raises(ValueError, match="fill_mode"):
        layers.RandomRotation(0.1, fill_mode="mirror_plus")
    with pytest.raises(ValueError, match="interpolation"):
        layers.RandomRotation(0.1, interpolation="cubic")
    with pytest.raises(ValueError, match="fill_value"):
        layers.RandomRotation(0.1, fill_value="zero")
