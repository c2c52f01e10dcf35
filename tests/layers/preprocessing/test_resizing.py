"""Tests for `Resizing`: conformance, bilinear/nearest sampling,
crop/pad to aspect ratio and both data formats against Keras 3, integer
images, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

IMAGES = (np.arange(2 * 5 * 7 * 2, dtype="float32").reshape(2, 5, 7, 2)
          ** 1.3)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conformance(data_format):
    shape = (2, 4, 6, 3) if data_format == "channels_last" else (2, 3, 4, 6)
    out_shape = ((2, 2, 3, 3) if data_format == "channels_last"
                 else (2, 3, 2, 3))
    check_layer(layers.Resizing,
                {"height": 2, "width": 3, "data_format": data_format},
                input_shape=shape, expected_output_shape=out_shape,
                expected_output_dtype="float32",
                expected_num_trainable_weights=0)


def test_conformance_nearest_single_image():
    x = np.arange(32, dtype="float32").reshape(2, 4, 4, 1)
    check_layer(layers.Resizing,
                {"height": 2, "width": 2, "interpolation": "nearest"},
                input_data=x, expected_output_shape=(2, 2, 2, 1),
                reference=lambda x, w: x[:, 1::2, 1::2])
    single = layers.Resizing(2, 2, interpolation="nearest")(x[0])
    np.testing.assert_array_equal(ops.convert_to_numpy(single),
                                  x[0, 1::2, 1::2])


@pytest.mark.oracle
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
@pytest.mark.parametrize("size", [(3, 4), (8, 11)])
@pytest.mark.parametrize("aspect", [None, "crop", "pad"])
def test_matches_keras(interpolation, size, aspect):
    kwargs = {"height": size[0], "width": size[1],
              "interpolation": interpolation,
              "crop_to_aspect_ratio": aspect == "crop",
              "pad_to_aspect_ratio": aspect == "pad"}
    if aspect == "pad":
        kwargs["fill_value"] = -1.0
    ours = layers.Resizing(**kwargs)
    theirs = keras_layer("Resizing", kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(IMAGES)),
                               keras_output(theirs, IMAGES), rtol=1e-5,
                               atol=1e-4)
    assert not config_diff(
        {k: v for k, v in ours.get_config().items() if k != "name"},
        {k: v for k, v in theirs.get_config().items() if k != "name"})


@pytest.mark.oracle
def test_channels_first_and_int_images_match_keras():
    x = np.transpose(IMAGES, (0, 3, 1, 2))
    kwargs = {"height": 3, "width": 9, "data_format": "channels_first"}
    np.testing.assert_allclose(
        ops.convert_to_numpy(layers.Resizing(**kwargs)(x)),
        keras_output(keras_layer("Resizing", kwargs), x), rtol=1e-5)
    ints = np.array([[0, 1], [1, 4]], dtype="int32").reshape(1, 2, 2, 1)
    out = layers.Resizing(3, 3)(ints)
    assert ops.dtype(out) == "int32"
    np.testing.assert_array_equal(
        ops.convert_to_numpy(out),
        keras_output(keras_layer("Resizing", {"height": 3, "width": 3}),
                     ints))


def test_bilinear_reference():
    # Half-pixel centers: upsampling 2 -> 4 samples at 0, 0.25, 0.75, 1.
    x = np.array([0.0, 4.0], dtype="float32").reshape(1, 1, 2, 1)
    out = ops.convert_to_numpy(layers.Resizing(1, 4)(x))
    np.testing.assert_allclose(out.ravel(), [0.0, 1.0, 3.0, 4.0])


def test_symbolic_shape_in_a_model():
    inputs = layers.Input((None, None, 3))
    out = layers.Resizing(5, 6)(inputs)
    assert out.shape == (None, 5, 6, 3)


def test_errors():
    with pytest.raises(ValueError, match="height"):
        layers.Resizing(0, 3)
    with pytest.raises(ValueError, match="interpolation"):
        layers.Resizing(2, 3, interpolation="cubic")
    with pytest.raises(NotImplementedError, match="bicubic"):
        layers.Resizing(2, 3, interpolation="bicubic")
    with pytest.raises(ValueError, match="pad_to_aspect_ratio"):
        layers.Resizing(2, 3, crop_to_aspect_ratio=True,
                        pad_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="data_format"):
        layers.Resizing(2, 3, data_format="NHWC")
    with pytest.raises(ValueError, match="rank"):
        layers.Resizing(2, 3)(np.ones((2, 3), "float32"))
