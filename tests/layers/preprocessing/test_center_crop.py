"""Tests for `CenterCrop`: conformance, crops and the resize fallback of
small images against Keras 3, both data formats, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

IMAGES = np.arange(2 * 3 * 5 * 2, dtype="float32").reshape(2, 3, 5, 2)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conformance(data_format):
    shape = (2, 4, 6, 3) if data_format == "channels_last" else (2, 3, 4, 6)

    def reference(x, w):
        if data_format == "channels_last":
            return x[:, 1:3, 1:4]
        return x[:, :, 1:3, 1:4]

    check_layer(layers.CenterCrop,
                {"height": 2, "width": 3, "data_format": data_format},
                input_shape=shape, expected_output_dtype="float32",
                expected_num_trainable_weights=0, reference=reference)


@pytest.mark.oracle
@pytest.mark.parametrize("size", [(2, 3), (3, 5), (4, 4), (2, 6)])
def test_matches_keras(size):
    ours = layers.CenterCrop(*size)
    theirs = keras_layer("CenterCrop", {"height": size[0], "width": size[1]})
    np.testing.assert_allclose(ops.convert_to_numpy(ours(IMAGES)),
                               keras_output(theirs, IMAGES), rtol=1e-5,
                               atol=1e-5)
    assert not config_diff(
        {k: v for k, v in ours.get_config().items() if k != "name"},
        {k: v for k, v in theirs.get_config().items() if k != "name"})


def test_single_image_and_int_input():
    out = layers.CenterCrop(1, 1)(IMAGES[0].astype("int32"))
    assert tuple(out.shape) == (1, 1, 2)
    assert ops.dtype(out) == "float32"
    np.testing.assert_array_equal(ops.convert_to_numpy(out)[0, 0], [14, 15])


def test_errors():
    with pytest.raises(ValueError, match="width"):
        layers.CenterCrop(2, -1)
    with pytest.raises(ValueError, match="data_format"):
        layers.CenterCrop(2, 2, data_format="channels")
