"""Tests for `UpSampling2D`: nearest and bilinear values, both data
formats, Keras 3, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.reshaping import _cases


def _bilinear_axis(x, axis, factor):
    """Half-pixel-center linear interpolation along `axis`."""
    n = x.shape[axis]
    src = np.clip((np.arange(n * factor) + 0.5) / factor - 0.5, 0, n - 1)
    low = np.floor(src).astype(int)
    high = np.minimum(low + 1, n - 1)
    shape = [1] * x.ndim
    shape[axis] = -1
    w = (src - low).reshape(shape)
    return np.take(x, low, axis) * (1 - w) + np.take(x, high, axis) * w


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
def test_conformance(interpolation, data_format):
    axes = (1, 2) if data_format == "channels_last" else (2, 3)

    def reference(x, weights):
        if interpolation == "nearest":
            return np.repeat(np.repeat(x, 2, axes[0]), 3, axes[1])
        return _bilinear_axis(_bilinear_axis(x, axes[0], 2), axes[1], 3)

    shape = (2, 3, 4, 2) if data_format == "channels_last" else (2, 2, 3, 4)
    expected = ((2, 6, 12, 2) if data_format == "channels_last"
                else (2, 2, 6, 12))
    check_layer(layers.UpSampling2D,
                {"size": (2, 3), "data_format": data_format,
                 "interpolation": interpolation},
                input_shape=shape, expected_output_shape=expected,
                expected_num_trainable_weights=0, supports_masking=False,
                reference=reference, rtol=1e-5, atol=1e-6)


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"size": (2, 3)},
    {"size": 2, "interpolation": "bilinear"},
    {"size": (3, 2), "interpolation": "bilinear",
     "data_format": "channels_first"},
])
def test_matches_keras(kwargs):
    _cases.check_keras("UpSampling2D", kwargs, (2, 3, 4, 2))


def test_symbolic_shape():
    assert _cases.symbolic_shape("UpSampling2D", {"size": (2, 3)},
                                 (None, None, 4, 2)) == (None, None, 12, 2)


def test_errors():
    with pytest.raises(ValueError, match="interpolation"):
        layers.UpSampling2D(interpolation="bicubic")
    with pytest.raises(ValueError, match="size"):
        layers.UpSampling2D((2, 0))
    with pytest.raises(ValueError, match="data_format"):
        layers.UpSampling2D(data_format="channels_middle")
