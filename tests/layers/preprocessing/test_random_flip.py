"""Tests for `RandomFlip`: conformance, flips per image in each mode,
identity at inference, seeds, data formats, errors."""

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
    check_layer(layers.RandomFlip, {"seed": 1}, input_shape=(2, 4, 4, 3),
                expected_output_shape=(2, 4, 4, 3),
                expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                expected_num_non_trainable_weights=0,
                call_kwargs={"training": True})


@pytest.mark.parametrize("mode, flip", [
    ("horizontal", lambda x: x[:, ::-1]),
    ("vertical", lambda x: x[::-1]),
    ("horizontal_and_vertical", lambda x: x[::-1, ::-1]),
])
def test_each_image_is_flipped_or_kept(mode, flip):
    x = np.repeat(IMAGES[:1], 16, axis=0)
    out = to_numpy(layers.RandomFlip(mode, seed=2)(x, training=True))
    flipped = [np.array_equal(o, flip(x[0])) for o in out]
    kept = [np.array_equal(o, x[0]) for o in out]
    assert all(f or k for f, k in zip(flipped, kept, strict=True))
    assert any(flipped) and any(kept)


def test_common_properties():
    check_inference_is_identity(layers.RandomFlip, {})
    check_seeded_repeatability(layers.RandomFlip, {})
    check_channels_first_matches_last(layers.RandomFlip, {})


def test_single_image_and_config():
    out = layers.RandomFlip(seed=0)(IMAGES[0], training=True)
    assert tuple(out.shape) == IMAGES[0].shape
    config = layers.RandomFlip("vertical", seed=4).get_config()
    assert config["mode"] == "vertical" and config["seed"] == 4


def test_errors():
    with pytest.raises(ValueError, match="mode"):
        layers.RandomFlip("diagonal")
    with pytest.raises(ValueError, match="seed"):
        layers.RandomFlip(seed=1.5)
    with pytest.raises(ValueError, match="data_format"):
        layers.RandomFlip(data_format="NCHW")
    with pytest.raises(ValueError, match="rank"):
        layers.RandomFlip()(np.ones((2, 3), "float32"), training=True)
